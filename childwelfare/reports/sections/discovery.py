"""Figures of active discovery (DOMAIN.md §5) for the dashboard: the four-colour distribution
as of the day, overdue home visits and open overdue problems (the same lists as discovery's
work lists: `schedule.on_schedule` + `schedule.overdue`, `board.overdue_problems`)."""

from __future__ import annotations

from django.db.models import CharField, Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.discovery import board, schedule
from childwelfare.discovery.choices import Colour
from childwelfare.discovery.models import Problem, RiskAssessment
from childwelfare.registry.models import Child

from .. import units
from ..figures import Column, Figure, TallySpec, register
from .children import CHILD_COLUMNS, _child_url

NOT_ASSESSED = "none"


def colour_label(arg: str):
    if arg == NOT_ASSESSED:
        return _("未评估")
    try:
        return Colour(arg).label
    except ValueError as exc:
        raise LookupError(arg) from exc


def _scheduled(period):
    """The children visited on schedule in the period's area on the day (discovery's visit
    plan population: open file, under 18, holding a confirmed category)."""
    return schedule.on_schedule(Child.objects.filter(area__code__areaprefix=period.area_code), period.date_to)


def _with_colour_on(children, day):
    """Annotate `colour_on`: the colour of the latest assessment on or before `day` ("" when
    none). On or after today that is the stored Child.latest_colour (written by
    schedule.store_schedule from the same latest assessment; no assessment is dated ahead,
    lib.dates.check_event_date), read without a lookup per child."""
    if day >= timezone.localdate():
        return children.annotate(colour_on=F("latest_colour"))
    latest = RiskAssessment.objects.filter(child=OuterRef("pk"), assessed_on__lte=day).order_by(
        "-assessed_on", "-id"
    )
    return children.annotate(
        colour_on=Coalesce(Subquery(latest.values("colour")[:1]), Value(""), output_field=CharField())
    )


def _children_of_colour(period, arg):
    colour_label(arg)  # LookupError for an unknown colour
    colour = "" if arg == NOT_ASSESSED else arg
    children = _with_colour_on(_scheduled(period), period.date_to)
    return children.filter(colour_on=colour).order_by("area_id", "name_pinyin", "pk")


def _colour_key(colour) -> str:
    return colour or NOT_ASSESSED


def _coloured(period):
    return _with_colour_on(_scheduled(period), period.date_to)


def _children_by_colour(period, scoped):
    rows = (
        _with_colour_on(scoped(_scheduled(period)), period.date_to)
        .order_by()
        .values("colour_on")
        .annotate(n=Count("pk"))
    )
    return {(row["colour_on"] or NOT_ASSESSED): row["n"] for row in rows}


register(
    Figure(
        key="discovery.colours",
        label=_("风险颜色分布"),
        records=_children_of_colour,
        values=_children_by_colour,
        columns=CHILD_COLUMNS,
        detail_url=_child_url,
        arg_label=colour_label,
        tally=TallySpec(records=_coloured, area="area_id", arg="colour_on", arg_key=_colour_key),
        unit=units.CHILDREN,
        note=_(
            "截止日期当日应走访的儿童（档案未关闭、未满18周岁、持有已确认类别），"
            "按截止日期当日或之前最近一次风险评估的颜色分列；从未评估的列为未评估。"
        ),
        select_related=("area",),
    )
)


def _overdue_visits(period, arg):
    return schedule.overdue(_scheduled(period), period.date_to)


register(
    Figure(
        key="discovery.overdue_visits",
        label=_("逾期未走访儿童"),
        records=_overdue_visits,
        columns=(
            *CHILD_COLUMNS,
            Column(_("应走访日期"), lambda child: child.next_due),
        ),
        detail_url=lambda child: reverse("discovery:child", args=[child.pk]),
        tally=TallySpec(records=lambda period: _overdue_visits(period, None), area="area_id"),
        unit=units.CHILDREN,
        note=_(
            "与走访计划的逾期名单相同：按每名儿童已记录的走访和评估排定的下次走访日期早于截止日期。"
            "排定日期是当前的（截止日期之后的走访也已计入）。"
        ),
        select_related=("area",),
    )
)


def _overdue_problems(period, arg):
    problems = Problem.objects.filter(child__area__code__areaprefix=period.area_code)
    return board.overdue_problems(problems, period.date_to).order_by("deadline", "pk")


register(
    Figure(
        key="discovery.overdue_problems",
        label=_("逾期未办结问题"),
        records=_overdue_problems,
        columns=(
            Column(_("儿童"), lambda problem: problem.child.name),
            Column(_("问题类型"), lambda problem: problem.get_kind_display()),
            Column(_("责任部门"), lambda problem: problem.get_department_display()),
            Column(_("办理期限"), lambda problem: problem.deadline),
        ),
        detail_url=lambda problem: reverse("discovery:problem_detail", args=[problem.pk]),
        tally=TallySpec(records=lambda period: _overdue_problems(period, None), area="child__area_id"),
        unit=units.PROBLEMS,
        note=_("与问题清单的“逾期”相同：当前待办理、办理期限早于截止日期的问题。"),
        select_related=("child",),
    )
)
