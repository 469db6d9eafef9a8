"""Figures of active discovery (DOMAIN.md §1 part 1, §2, §6): children covered and screened
one by one in the year's campaigns, the screening of de facto unsupported children and what
it found, the problems solved through the screening, and the progress of running campaigns
(the dashboard).

Every figure is its records: screening records screened in the period (`screened_at`, the
director's step 1) in the period's area (the record's community code, by prefix), the
problems raised on them, the children behind them (counted once each)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from childwelfare.discovery.choices import CampaignStatus, ProblemKind, ProblemStatus, RecordStatus
from childwelfare.discovery.models import Campaign, Problem, ScreeningRecord
from childwelfare.registry.choices import Category, SpellStatus
from childwelfare.registry.models import CategorySpell, Child

from .. import units
from ..figures import Column, Figure, Period, TallySpec, register, scoped
from .children import CHILD_COLUMNS, _child_url

DFU = Category.DE_FACTO_UNSUPPORTED


def _children(records):
    """The children behind `records` (any queryset with a child_id), each once."""
    return Child.objects.filter(pk__in=records.values("child_id")).order_by("area_id", "name_pinyin", "pk")


def screened_records(period: Period):
    """Screening records screened (step 1 done) within the period, in the period's area."""
    return ScreeningRecord.objects.filter(
        area__code__areaprefix=period.area_code, **period.moments("screened_at")
    )


def _dfu_campaign_ids(period: Period) -> list[int]:
    """Campaigns running at some time in the period whose target categories name the de
    facto unsupported child (a JSON list: read in Python, the table is small)."""
    campaigns = Campaign.objects.filter(start_date__lte=period.date_to, end_date__gte=period.date_from)
    return [pk for pk, targets in campaigns.values_list("pk", "target_categories") if DFU in (targets or [])]


def dfu_records(period: Period):
    """The screening of de facto unsupported children: records screened in the period, in a
    campaign targeting the category, of a child who held it (confirmed) on the campaign's
    start date, or found during the screening, or found not eligible but in difficulty."""
    held = CategorySpell.objects.filter(
        child_id=OuterRef("child_id"),
        category=DFU,
        status=SpellStatus.CONFIRMED,
        start_date__lte=OuterRef("campaign__start_date"),
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("campaign__start_date")))
    return (
        screened_records(period)
        .filter(campaign_id__in=_dfu_campaign_ids(period))
        .filter(Q(Exists(held)) | Q(added_during_screening=True) | Q(in_difficulty_not_eligible=True))
    )


def _problem_children(period: Period, kind: str):
    problems = Problem.objects.filter(record__in=dfu_records(period), kind=kind)
    return _children(problems)


def _kind_label(arg: str):
    try:
        return ProblemKind(arg).label
    except ValueError as exc:
        raise LookupError(arg) from exc


def solved_problems(period: Period, arg: str | None = None):
    """Problems found through a screening (raised on a screening record), solved within the
    period (办结: solved, or solved and closed), of children of the period's area; `arg` a
    ProblemKind, None for every kind."""
    problems = Problem.objects.filter(
        record__isnull=False,
        status__in=[ProblemStatus.SOLVED, ProblemStatus.CLOSED],
        **period.moments("solved_at"),
        child__area__code__areaprefix=period.area_code,
    )
    if arg:
        _kind_label(arg)
        problems = problems.filter(kind=arg)
    return problems.order_by("solved_at", "pk")


def _solved_by_kind(period, scope):
    rows = scope(solved_problems(period)).order_by().values("kind").annotate(n=Count("pk"))
    return {row["kind"]: row["n"] for row in rows}


def _campaign(arg: str | None) -> Campaign:
    try:
        return Campaign.objects.get(pk=int(arg or ""))
    except (ValueError, Campaign.DoesNotExist) as exc:
        raise LookupError(arg) from exc


def confirmed_records(period: Period, arg: str | None):
    """Records of campaign `arg` (its id) in the period's area confirmed (step 3) by the
    period's end."""
    campaign = _campaign(arg)
    return ScreeningRecord.objects.filter(
        campaign=campaign,
        area__code__areaprefix=period.area_code,
        status=RecordStatus.CONFIRMED,
        confirmed_at__date__lte=period.date_to,
    ).order_by("area_id", "pk")


@dataclass(frozen=True)
class CampaignProgress:
    """A running campaign on the dashboard: its records in the area and the user's scope
    (`total`), those confirmed by the day (`confirmed`, = value_of("screening.campaign_progress",
    period, str(campaign.pk), user=user)) and the share in whole per cent."""

    campaign: Campaign
    total: int
    confirmed: int

    @property
    def percent(self) -> int:
        return self.confirmed * 100 // self.total if self.total else 0


def running_campaigns(period: Period, user=None) -> list[CampaignProgress]:
    """Campaigns running on the period's end day (started, not closed by then, the day within
    their dates) with records in the period's area, each with its progress within `user`'s
    scope (None: the whole area), oldest first. Two queries."""
    return _running(period, lambda queryset: scoped(queryset, user))


def _progress_values(period: Period, scope) -> dict[str, int]:
    """{campaign id: records confirmed by the end day} of the running campaigns (the
    dashboard's grouped numbers of screening.campaign_progress)."""
    return {str(progress.campaign.pk): progress.confirmed for progress in _running(period, scope)}


def _running_campaigns(day) -> QuerySet:
    return (
        Campaign.objects.filter(
            status__in=[CampaignStatus.RUNNING, CampaignStatus.CLOSED],
            start_date__lte=day,
            end_date__gte=day,
            started_at__date__lte=day,
        )
        .filter(Q(closed_at__isnull=True) | Q(closed_at__date__gt=day))
        .order_by("start_date", "pk")
    )


def _confirmed_by(day) -> Q:
    return Q(status=RecordStatus.CONFIRMED, confirmed_at__date__lte=day)


def _running_records(period: Period) -> QuerySet:
    """The records of the campaigns running on the period's end day in its area (the
    dashboard's pre-aggregate of screening.campaign_progress: one count per campaign)."""
    campaigns = _running_campaigns(period.date_to).values("pk")
    return ScreeningRecord.objects.filter(campaign_id__in=campaigns, area__code__areaprefix=period.area_code)


def _running(period: Period, scope) -> list[CampaignProgress]:
    day = period.date_to
    campaigns = {c.pk: c for c in _running_campaigns(day)}
    records = scope(
        ScreeningRecord.objects.filter(
            campaign_id__in=list(campaigns), area__code__areaprefix=period.area_code
        )
    )
    rows = (
        records.order_by()
        .values("campaign_id")
        .annotate(
            total=Count("pk"),
            confirmed=Count("pk", filter=_confirmed_by(day)),
        )
    )
    found = {row["campaign_id"]: row for row in rows}
    return [
        CampaignProgress(campaign, found[pk]["total"], found[pk]["confirmed"])
        for pk, campaign in campaigns.items()
        if pk in found
    ]


def _record_url(record) -> str:
    return reverse("discovery:record_detail", args=[record.pk])


def _problem_url(problem) -> str:
    return reverse("discovery:problem_detail", args=[problem.pk])


RECORD_COLUMNS = (
    Column(_("姓名"), lambda record: record.child.name),
    Column(_("所属区划"), lambda record: record.area.name),
    Column(_("专项排查"), lambda record: record.campaign.name),
    Column(_("确认时间"), lambda record: record.confirmed_at.date() if record.confirmed_at else "—"),
)
PROBLEM_COLUMNS = (
    Column(_("姓名"), lambda problem: problem.child.name),
    Column(_("问题类型"), lambda problem: problem.get_kind_display()),
    Column(_("责任部门"), lambda problem: problem.get_department_display()),
    Column(_("办结时间"), lambda problem: problem.solved_at.date() if problem.solved_at else "—"),
)

SCREENED_NOTE = _(
    "期间内完成第一步排查（儿童主任入户排查）的排查记录所涉儿童，按排查记录所属社区区划统计，"
    "同一儿童在多次排查中只计一次（三步排查，DOMAIN.md §6）。"
)
DFU_NOTE = _(
    "排查对象类别含事实无人抚养儿童的专项排查中，期间内完成排查的记录：排查开始日持有该类别的儿童、"
    "排查中新发现的儿童、以及经排查不符合政策但确有困难的儿童，每人计一次（民发〔2019〕62号）。"
)

register(
    Figure(
        key="screening.children_screened",
        label=_("逐一摸排的困境儿童和农村留守儿童"),
        records=lambda period, arg: _children(screened_records(period)),
        columns=CHILD_COLUMNS,
        detail_url=_child_url,
        unit=units.CHILDREN,
        note=SCREENED_NOTE,
        select_related=("area",),
    )
)
register(
    Figure(
        key="screening.dfu_screened",
        label=_("排查事实无人抚养儿童"),
        records=lambda period, arg: _children(dfu_records(period)),
        columns=CHILD_COLUMNS,
        detail_url=_child_url,
        unit=units.CHILDREN,
        note=DFU_NOTE,
        select_related=("area",),
    )
)
register(
    Figure(
        key="screening.dfu_not_eligible_in_difficulty",
        label=_("不符合政策但确有困难的儿童"),
        records=lambda period, arg: _children(dfu_records(period).filter(in_difficulty_not_eligible=True)),
        columns=CHILD_COLUMNS,
        detail_url=_child_url,
        unit=units.CHILDREN,
        note=_("事实无人抚养儿童排查中，排查记录标记为“不符合政策但确有困难”的儿童。"),
        select_related=("area",),
    )
)
register(
    Figure(
        key="screening.dfu_hukou_problems",
        label=_("事实无人抚养儿童排查发现户籍问题"),
        records=lambda period, arg: _problem_children(period, ProblemKind.HUKOU),
        columns=CHILD_COLUMNS,
        detail_url=_child_url,
        unit=units.CHILDREN,
        note=_("事实无人抚养儿童排查的记录上提出户籍类问题的儿童，每人计一次。"),
        select_related=("area",),
    )
)
register(
    Figure(
        key="screening.dfu_schooling_problems",
        label=_("事实无人抚养儿童排查发现就学问题"),
        records=lambda period, arg: _problem_children(period, ProblemKind.SCHOOLING),
        columns=CHILD_COLUMNS,
        detail_url=_child_url,
        unit=units.CHILDREN,
        note=_("事实无人抚养儿童排查的记录上提出就学类问题的儿童，每人计一次。"),
        select_related=("area",),
    )
)
register(
    Figure(
        key="screening.problems_solved",
        label=_("通过排查解决的问题"),
        records=solved_problems,
        values=_solved_by_kind,
        columns=PROBLEM_COLUMNS,
        detail_url=_problem_url,
        arg_label=_kind_label,
        unit=units.PROBLEMS,
        note=_(
            "在排查记录上提出、期间内办结（已办结待核验或已销号）的问题，按儿童所属区划统计；"
            "可按问题类型（保障政策落实、就学、户籍等）分列，不分类型时为全部。"
        ),
        select_related=("child",),
    )
)
register(
    Figure(
        key="screening.campaign_progress",
        label=_("专项排查已确认记录"),
        records=confirmed_records,
        values=_progress_values,
        columns=RECORD_COLUMNS,
        detail_url=_record_url,
        arg_label=lambda arg: _campaign(arg).name,
        tally=TallySpec(
            records=_running_records,
            area="area_id",
            arg="campaign_id",
            value=lambda period: Count("pk", filter=_confirmed_by(period.date_to)),
        ),
        unit=units.RECORDS,
        note=_(
            "该专项排查在本区划的排查记录中，截止日期前已由区民政确认（第三步）的记录；"
            "进度为已确认记录占全部记录的比例（见仪表盘）。"
        ),
        select_related=("child", "area", "campaign"),
    )
)
