"""Set-based figures of publicity and the call, for the pages here and the annual report
(issue 12). Each is one or two aggregate queries; none reads rows into Python loops over
events or submissions.

    june_month_years_running(2023)          -> 7
    publicity_totals(year=2023)             -> {"campaigns", "events", "organisers", "audience", "materials", "by_kind"}
    publicity_by_year_and_area(2017, 2023)  -> [{"year", "area_id", "area_name", "events", "audience", "materials"}]
    call_figures(2023)                      -> {"year", "status", "submissions": {kind: n}, "selected": {kind: n}}
    calls_running(2023)                     -> 3
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from .choices import CallStatus, EventKind, SubmissionKind, SubmissionStatus
from .models import Call, PublicityCampaign, PublicityEvent, Submission


def consecutive_years(years, up_to: int) -> int:
    """How many consecutive years of `years` (an iterable of ints) end with `up_to`: 0 when
    `up_to` is not among them."""
    years = set(years)
    count = 0
    while up_to - count in years:
        count += 1
    return count


def june_months(up_to: int, campaigns: QuerySet | None = None) -> QuerySet:
    """The June minor-protection months (campaigns marked is_june_month) of `up_to` and
    before, from `campaigns` (default every campaign)."""
    campaigns = PublicityCampaign.objects.all() if campaigns is None else campaigns
    return campaigns.filter(is_june_month=True, year__lte=up_to)


def opened_calls(up_to: int, calls: QuerySet | None = None) -> QuerySet:
    """The excellent case and project calls of `up_to` and before that were opened (not a
    draft), from `calls` (default every call)."""
    calls = Call.objects.all() if calls is None else calls
    return calls.filter(year__lte=up_to).exclude(status=CallStatus.DRAFT)


def sent_submissions(submissions: QuerySet | None = None) -> QuerySet:
    """The submissions actually sent to their call (not drafts): what a call received."""
    submissions = Submission.objects.all() if submissions is None else submissions
    return submissions.filter(status=SubmissionStatus.SUBMITTED)


def june_month_years_running(year: int) -> int:
    """Consecutive years, ending with `year`, in each of which a June minor-protection month
    (a campaign marked is_june_month) ran: 0 when none ran in `year`. DOMAIN.md §2: 7 in
    2023 (2017–2023)."""
    return consecutive_years(june_months(year).values_list("year", flat=True), year)


def calls_running(year: int) -> int:
    """Consecutive years, ending with `year`, with an excellent case and project call that
    was opened (not a draft). DOMAIN.md §2: 3 in 2023."""
    return consecutive_years(opened_calls(year).values_list("year", flat=True), year)


def _events(*, year=None, campaign=None, area_code: str | None = None, events=None):
    events = PublicityEvent.objects.all() if events is None else events
    if year is not None:
        events = events.filter(campaign__year=year)
    if campaign is not None:
        events = events.filter(campaign=campaign)
    if area_code:
        events = events.filter(area__code__areaprefix=area_code)
    return events


def publicity_totals(
    *, year: int | None = None, campaign=None, area_code: str | None = None, events=None
) -> dict:
    """Figures of the events of `year` and/or `campaign`, organised inside `area_code` (a
    prefix; None: everywhere), from `events` (default every event; a page passes its scoped
    queryset): {"events": n, "organisers": distinct organisers (area, department, unit
    name), "audience": person-times, "materials": copies, "by_kind": [(kind, label, n)] in
    the order of EventKind, "campaigns": n}."""
    events = _events(year=year, campaign=campaign, area_code=area_code, events=events)
    totals = events.aggregate(
        events=Count("id"),
        audience=Coalesce(Sum("audience"), 0),
        materials=Coalesce(Sum("materials"), 0),
        campaigns=Count("campaign", distinct=True),
    )
    totals["organisers"] = events.values("area_id", "department", "unit_name").distinct().count()
    counts = dict(events.values_list("kind").annotate(n=Count("id")).order_by())
    totals["by_kind"] = [(kind.value, kind.label, counts.get(kind.value, 0)) for kind in EventKind]
    return totals


def publicity_by_year_and_area(first_year: int, last_year: int, *, events=None) -> list[dict]:
    """Per year and organiser area, `first_year`..`last_year`: [{"year", "area_id",
    "area_name", "events", "audience", "materials"}], by year then area code."""
    events = PublicityEvent.objects.all() if events is None else events
    rows = (
        events.filter(campaign__year__gte=first_year, campaign__year__lte=last_year)
        .values("campaign__year", "area_id", "area__name")
        .annotate(events=Count("id"), audience=Sum("audience"), materials=Sum("materials"))
        .order_by("campaign__year", "area_id")
    )
    return [
        {
            "year": row["campaign__year"],
            "area_id": row["area_id"],
            "area_name": row["area__name"],
            "events": row["events"],
            "audience": row["audience"] or 0,
            "materials": row["materials"] or 0,
        }
        for row in rows
    ]


def call_figures(year: int) -> dict | None:
    """The call of `year`: {"year", "status", "submissions": {kind: n sent}, "selected":
    {kind: n selected}} (kinds "case", "project"), or None when there was no call. DOMAIN.md
    §2: 2023 → 152 submissions, 50 cases and 28 projects selected."""
    call = Call.objects.filter(year=year).first()
    if call is None:
        return None
    rows = (
        sent_submissions(Submission.objects.filter(call=call))
        .values("kind")
        .annotate(n=Count("id"), chosen=Count("id", filter=Q(selected=True)))
        .order_by()
    )
    sent = {kind.value: 0 for kind in SubmissionKind}
    chosen = {kind.value: 0 for kind in SubmissionKind}
    for row in rows:
        sent[row["kind"]] = row["n"]
        chosen[row["kind"]] = row["chosen"]
    return {"year": year, "status": call.status, "submissions": sent, "selected": chosen}
