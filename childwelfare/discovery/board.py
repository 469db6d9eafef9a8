"""Campaign progress board, campaign figures and the district's follow-up lists, all as
aggregate queries (no loop over children)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from childwelfare.accounts.choices import Role
from childwelfare.accounts.models import User
from childwelfare.areas.models import Area

from .choices import Colour, ProblemKind, ProblemStatus, RecordStatus
from .models import Campaign, CareMeasure, Problem, RiskAssessment

STEPS = [
    RecordStatus.PENDING,
    RecordStatus.RETURNED,
    RecordStatus.SCREENED,
    RecordStatus.VERIFIED,
    RecordStatus.CONFIRMED,
]


@dataclass
class BoardRow:
    """Counts of one area (community, street or district) of a campaign."""

    code: str
    name: str
    counts: dict[str, int] = field(default_factory=dict)
    sample_pending: int = 0
    people: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.get(step, 0) for step in STEPS)

    @property
    def open(self) -> int:
        return self.total - self.counts.get(RecordStatus.CONFIRMED, 0)

    @property
    def percent_done(self) -> int:
        return int(self.counts.get(RecordStatus.CONFIRMED, 0) * 100 / self.total) if self.total else 0


def progress_board(campaign: Campaign, records: QuerySet, *, group_length: int) -> list[BoardRow]:
    """Records per step grouped by area code prefix of `group_length` (6 district, 9 street,
    12 community), with the responsible people of each area (directors for communities,
    supervisors for streets, officers for districts)."""
    rows: dict[str, BoardRow] = {}
    counts = (
        records.filter(campaign=campaign)
        .values("area_id", "status")
        .annotate(n=Count("id"), sample_pending=Count("id", filter=Q(in_sample=True, revisit__isnull=True)))
    )
    for item in counts:
        code = item["area_id"][:group_length]
        row = rows.setdefault(code, BoardRow(code=code, name=""))
        row.counts[item["status"]] = row.counts.get(item["status"], 0) + item["n"]
        if item["status"] == RecordStatus.VERIFIED:
            row.sample_pending += item["sample_pending"]
    names = dict(Area.objects.filter(code__in=rows).values_list("code", "name"))
    role = {12: Role.CHILD_DIRECTOR, 9: Role.CHILD_SUPERVISOR, 6: Role.DISTRICT_OFFICER}.get(group_length)
    for user in User.objects.filter(area_id__in=rows, role=role, is_active=True).order_by("username"):
        rows[user.area_id].people.append(user.display_name)
    for code, row in rows.items():
        row.name = names.get(code, code)
    return sorted(rows.values(), key=lambda row: (-row.open, row.code))


def late_records(campaign: Campaign, records: QuerySet, today: date) -> QuerySet:
    """Records not yet confirmed once the campaign's end date has passed."""
    if today <= campaign.end_date:
        return records.none()
    return records.filter(campaign=campaign).exclude(status=RecordStatus.CONFIRMED)


@dataclass
class CampaignFigures:
    """What a campaign found, counted from the records (DOMAIN.md §2 has 2023's figures)."""

    in_scope: int
    screened: int
    confirmed: int
    added_during_screening: int
    in_difficulty_not_eligible: int
    with_hukou_problems: int
    with_schooling_problems: int
    problems_raised: int
    problems_solved: int
    problems_closed: int
    colours: dict[str, int]


def record_colour() -> Coalesce:
    """The colour a screening record counts with (issue 8): the district's decision on a
    re-visit that disagreed, else the re-visit's colour, else the screening's."""
    return Coalesce(
        NullIf(F("resolved_colour"), Value("")),
        NullIf(F("revisit_colour"), Value("")),
        F("assessment__colour"),
    )


def campaign_figures(campaign: Campaign, records: QuerySet) -> CampaignFigures:
    records = records.filter(campaign=campaign)
    agg = records.aggregate(
        in_scope=Count("id"),
        screened=Count("id", filter=Q(screened_at__isnull=False)),
        confirmed=Count("id", filter=Q(status=RecordStatus.CONFIRMED)),
        added=Count("id", filter=Q(added_during_screening=True)),
        not_eligible=Count("id", filter=Q(in_difficulty_not_eligible=True, screened_at__isnull=False)),
    )
    problems = Problem.objects.filter(record__in=records)
    problem_agg = problems.aggregate(
        raised=Count("id"),
        solved=Count("id", filter=Q(status__in=[ProblemStatus.SOLVED, ProblemStatus.CLOSED])),
        closed=Count("id", filter=Q(status=ProblemStatus.CLOSED)),
        hukou=Count("child", filter=Q(kind=ProblemKind.HUKOU), distinct=True),
        schooling=Count("child", filter=Q(kind=ProblemKind.SCHOOLING), distinct=True),
    )
    colours = dict(
        records.filter(assessment__isnull=False)
        .annotate(counted_colour=record_colour())
        .values_list("counted_colour")
        .annotate(n=Count("id"))
        .order_by()
    )
    return CampaignFigures(
        in_scope=agg["in_scope"],
        screened=agg["screened"],
        confirmed=agg["confirmed"],
        added_during_screening=agg["added"],
        in_difficulty_not_eligible=agg["not_eligible"],
        with_hukou_problems=problem_agg["hukou"],
        with_schooling_problems=problem_agg["schooling"],
        problems_raised=problem_agg["raised"],
        problems_solved=problem_agg["solved"],
        problems_closed=problem_agg["closed"],
        colours={colour: colours.get(colour, 0) for colour in Colour.values},
    )


# The case module (later) registers a function returning an Exists() over its open cases of
# OuterRef("pk"), so a red child with an open case leaves the "needs a case" list.
OPEN_CASE_PROVIDERS: list[Callable[[], Exists]] = []


def register_open_case_provider(provider: Callable[[], Exists]) -> None:
    OPEN_CASE_PROVIDERS.append(provider)


def _needs_a_case() -> Q:
    q = Q(latest_colour=Colour.RED)
    for provider in OPEN_CASE_PROVIDERS:
        q &= ~Q(provider())
    return q


def _without_active_measure(today: date) -> Q:
    measures = CareMeasure.objects.active_on(today).filter(child=OuterRef("pk"))
    return Q(latest_colour__in=[Colour.RED, Colour.YELLOW]) & ~Q(Exists(measures))


def needs_a_case(children: QuerySet) -> QuerySet:
    """Red children without an open case (DOMAIN.md §5: red → case opened). The colour is
    the stored latest one, Child.latest_colour (see schedule.store_schedule), annotated
    `colour`, so the list starts from an index on it."""
    return children.filter(_needs_a_case()).annotate(colour=F("latest_colour"))


def without_active_measure(children: QuerySet, today: date) -> QuerySet:
    """Red or yellow children without an active care measure on `today`; annotated `colour`."""
    return children.filter(_without_active_measure(today)).annotate(colour=F("latest_colour"))


def attention_counts(children: QuerySet, today: date) -> dict[str, int]:
    """{"case": n, "measure": n}: the sizes of needs_a_case and without_active_measure over
    `children`, in one query over the red and yellow children."""
    return children.filter(latest_colour__in=[Colour.RED, Colour.YELLOW]).aggregate(
        case=Count("pk", filter=_needs_a_case()), measure=Count("pk", filter=_without_active_measure(today))
    )


def overdue_problems(problems: QuerySet, today: date) -> QuerySet:
    return problems.filter(status=ProblemStatus.OPEN, deadline__lt=today)


# How far back the supervisor's and officer's list of downgrades reaches.
DOWNGRADE_REVIEW_DAYS = 30


def downgrades(assessments: QuerySet, since) -> QuerySet:
    """Assessments recorded since `since` (an aware datetime) that lowered a child's colour
    from red or yellow (issue 8: the supervisor and the district officer see each one),
    newest first, with the child, the assessor and the items stated as ended."""
    lowered = Q(previous_colour=Colour.RED, colour__in=[Colour.YELLOW, Colour.BLUE, Colour.GREEN]) | Q(
        previous_colour=Colour.YELLOW, colour__in=[Colour.BLUE, Colour.GREEN]
    )
    return (
        assessments.filter(lowered, created_at__gte=since)
        .select_related("child", "child__area", "assessor")
        .prefetch_related("ended_items")
        .order_by("-created_at", "-id")
    )


def recent_downgrades(user, now) -> QuerySet:
    """The downgrades of the last DOWNGRADE_REVIEW_DAYS days inside the user's area."""
    return downgrades(RiskAssessment.objects.visible_to(user), now - timedelta(days=DOWNGRADE_REVIEW_DAYS))
