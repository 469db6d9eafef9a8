"""Figures of publicity, the excellent case and project call and the casebook (DOMAIN.md §1
parts 3 and 5, §2): the annual report's sections 四 and 五. The records are outreach's own
(`outreach.figures.june_months`, `opened_calls`, `sent_submissions`), so these numbers and
outreach's pages agree.

Period semantics (an area and [date_from, date_to]; "the period's years" are
date_from.year … date_to.year):
- outreach.june_month_years: the June minor-protection months of the unbroken run of years
  ending with the period's last year, of a campaign covering the area (the city's campaign
  covers its districts); the number is how many years;
- outreach.june_month_events: the events of the June months of the period's years organised
  inside the area (a district's own events; the city's include its member units');
- outreach.calls_running: the opened calls of the unbroken run of years ending with the
  period's last year, covering the area; the number is how many years;
- outreach.call_submissions / call_selected_cases / call_selected_projects: the submissions
  sent to the calls of the period's years from inside the area; those selected, by kind;
- outreach.casebook_cases: the worked cases written up in the casebook in the period's years
  (case entries that are not a call's winners). The casebook is the city bureau's and has
  no area of its own: it counts for the city (and above), not for a district below it.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from childwelfare.areas.choices import CODE_LENGTH, Level, ancestor_codes
from childwelfare.outreach.choices import SubmissionKind
from childwelfare.outreach.figures import consecutive_years, june_months, opened_calls, sent_submissions
from childwelfare.outreach.models import CasebookEntry, PublicityEvent, Submission
from childwelfare.outreach.permissions import can_read_submissions

from .. import units
from ..figures import Column, Figure, register


def _covering(period) -> Q:
    """Records whose area is the period's area, inside it, or one of its ancestors."""
    return Q(area__code__areaprefix=period.area_code) | Q(area_id__in=ancestor_codes(period.area_code))


def _years(period) -> dict:
    return {"year__gte": period.date_from.year, "year__lte": period.date_to.year}


def _unbroken_run(queryset, period):
    """`queryset` (rows with a `year`) limited to the unbroken run of years ending with the
    period's last year (none when that year has none)."""
    last = period.date_to.year
    run = consecutive_years(queryset.values_list("year", flat=True), last)
    return queryset.filter(year__gt=last - run)


def _distinct_years(queryset, period, arg) -> int:
    return queryset.order_by().values("year").distinct().count()


def _june_months(period, arg=None):
    campaigns = june_months(period.date_to.year).filter(_covering(period))
    return _unbroken_run(campaigns, period).order_by("year", "pk")


def _june_events(period, arg=None):
    return PublicityEvent.objects.filter(
        campaign__is_june_month=True,
        campaign__year__gte=period.date_from.year,
        campaign__year__lte=period.date_to.year,
        area__code__areaprefix=period.area_code,
    ).order_by("held_on", "pk")


def _calls(period, arg=None):
    return _unbroken_run(opened_calls(period.date_to.year).filter(_covering(period)), period).order_by("year")


def _submissions(period, arg=None):
    return sent_submissions(
        Submission.objects.filter(
            call__year__gte=period.date_from.year,
            call__year__lte=period.date_to.year,
            area__code__areaprefix=period.area_code,
        )
    ).order_by("call__year", "kind", "rank", "pk")


def _selected(kind):
    return lambda period, arg=None: _submissions(period).filter(kind=kind, selected=True)


def _casebook_cases(period, arg=None):
    entries = CasebookEntry.objects.filter(
        kind=SubmissionKind.CASE, submission__isnull=True, **_years(period)
    ).order_by("year", "collection_id", "number", "pk")
    if len(period.area_code) > CODE_LENGTH[Level.CITY]:
        return entries.none()
    return entries


SUBMISSION_COLUMNS = (
    Column(_("标题"), lambda submission: submission.title),
    Column(_("申报单位"), lambda submission: submission.submitter),
    Column(_("类型"), lambda submission: submission.get_kind_display()),
    Column(_("名次"), lambda submission: submission.rank),
)

register(
    Figure(
        key="outreach.june_month_years",
        label=_("六月未成年人保护宣传月连续开展年数"),
        records=_june_months,
        total=_distinct_years,
        columns=(Column(_("年度"), lambda c: c.year), Column(_("主题"), lambda c: c.theme)),
        detail_url=lambda campaign: reverse("outreach:campaign_detail", args=[campaign.pk]),
        unit=units.YEARS,
        note=_("截至本年度连续举办六月未成年人保护宣传月的年数。"),
    )
)
register(
    Figure(
        key="outreach.june_month_events",
        label=_("宣传月活动场次"),
        records=_june_events,
        columns=(
            Column(_("名称"), lambda e: e.title or e.get_kind_display()),
            Column(_("主办"), lambda e: e.organiser),
            Column(_("日期"), lambda e: e.held_on),
            Column(_("受众人次"), lambda e: e.audience),
        ),
        detail_url=lambda event: reverse("outreach:campaign_detail", args=[event.campaign_id]),
        unit=units.EVENTS,
        note=_("本年度六月宣传月中本区划主办的活动。"),
        select_related=("area",),
    )
)
register(
    Figure(
        key="outreach.calls_running",
        readers=can_read_submissions,
        label=_("优秀案例及项目征集连续开展年数"),
        records=_calls,
        total=_distinct_years,
        columns=(Column(_("年度"), lambda c: c.year), Column(_("名称"), lambda c: c.title)),
        detail_url=lambda call: reverse("outreach:call_detail", args=[call.pk]),
        unit=units.YEARS,
        note=_("截至本年度连续开展优秀案例及项目征集的年数。"),
    )
)
_SUBMISSION = {
    "columns": SUBMISSION_COLUMNS,
    "detail_url": lambda submission: reverse("outreach:submission_detail", args=[submission.pk]),
    "unit": units.ITEMS,
    "select_related": ("area",),
}
register(
    Figure(
        key="outreach.call_submissions",
        readers=can_read_submissions,
        label=_("征集收到的申报"),
        records=_submissions,
        note=_("本年度征集中本区划提交的申报材料（不含草稿）。"),
        **_SUBMISSION,
    )
)
register(
    Figure(
        key="outreach.call_selected_cases",
        readers=can_read_submissions,
        label=_("评选出的优秀案例"),
        records=_selected(SubmissionKind.CASE),
        note=_("本年度征集中入选的优秀案例。"),
        **_SUBMISSION,
    )
)
register(
    Figure(
        key="outreach.call_selected_projects",
        readers=can_read_submissions,
        label=_("评选出的优秀项目"),
        records=_selected(SubmissionKind.PROJECT),
        note=_("本年度征集中入选的优秀项目。"),
        **_SUBMISSION,
    )
)
register(
    Figure(
        key="outreach.casebook_cases",
        label=_("案例库中整理的困境儿童个案"),
        records=_casebook_cases,
        columns=(
            Column(_("标题"), lambda entry: entry.title),
            Column(_("案例集"), lambda entry: entry.collection.name),
            Column(_("年度"), lambda entry: entry.year),
        ),
        detail_url=lambda entry: reverse("outreach:casebook_entry", args=[entry.pk]),
        unit=units.CASES,
        note=_("本年度整理入案例库的个案（不含征集评选入选的案例）；案例库属市局，只计入市级及以上。"),
        select_related=("collection",),
    )
)
