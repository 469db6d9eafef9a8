"""The live dashboard's numbers (issue 12, section Dashboard): `dashboard_data(user, period)`.

Every number is a registered figure's value (reports.figures) for the period, within the
user's scope, with the address of the list behind it (`figures.drill_url`), which shows the
same count (or total) with the same filters, dates and scope. A panel of many numbers takes
them from the figure's grouped `values` (one query), so the page costs a bounded number of
queries whatever the number of children (tests/test_dashboard_walk.py counts them).

The layout names figures by key, some of them registered by other parts of the statistics
(screening, insurance, stations); a key not registered is left out (the lead merges them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from childwelfare.areas.models import Area
from childwelfare.cases.choices import CaseStatus, KeyCaseClass
from childwelfare.discovery.choices import Colour
from childwelfare.registry.choices import Category

from . import aggregates, figures
from .figures import Number, Period
from .sections.applications import S as ApplicationStatus
from .sections.children_areas import child_level_length
from .sections.discovery import NOT_ASSESSED
from .sections.payroll import months_of

# The four risk colours as the discovery pages show them (and grey for never assessed).
COLOURS = {
    Colour.RED.value: "#dc3545",
    Colour.YELLOW.value: "#ffc107",
    Colour.BLUE.value: "#0d6efd",
    Colour.GREEN.value: "#198754",
    NOT_ASSESSED: "#adb5bd",
}

Args = Callable[[Period], Sequence[tuple[str, Any]]]


@dataclass(frozen=True)
class Row:
    """Numbers of one figure in a panel: `args(period)` gives (arg, label) pairs, one number
    each (from the figure's grouped values); without `args`, the figure's single number, or,
    for a figure whose args are open-ended (a campaign, a scheme), every arg its grouped
    values find (`open_args`)."""

    key: str
    args: Args | None = None
    open_args: bool = False
    label: Any = None


@dataclass(frozen=True)
class PanelSpec:
    key: str
    title: Any
    rows: tuple[Row, ...]
    chart: str = ""  # "bar", "donut", "line" or "" (numbers only)


def _choices(choices) -> Args:
    return lambda period: [(value, label) for value, label in choices.choices]


def _colours(period) -> list[tuple[str, Any]]:
    return [*Colour.choices, (NOT_ASSESSED, _("未评估"))]


def _sub_areas(period) -> list[tuple[str, Any]]:
    """The areas one level below the period's, by code (one query)."""
    length = child_level_length(period.area_code)
    if length is None:
        return []
    return list(Area.objects.filter(parent_id=period.area_code).order_by("code").values_list("code", "name"))


def _months(period) -> list[tuple[str, Any]]:
    return [(month, month) for month in months_of(period)]


def _steps(period) -> list[tuple[str, Any]]:
    return list(ApplicationStatus.choices)


LAYOUT: tuple[PanelSpec, ...] = (
    PanelSpec(
        "children_by_category",
        _("各类儿童"),
        (Row("children.by_category", _choices(Category)),),
        chart="bar",
    ),
    PanelSpec(
        "children_by_district", _("各区划儿童"), (Row("children.by_district", _sub_areas),), chart="bar"
    ),
    PanelSpec("colours", _("风险颜色分布"), (Row("discovery.colours", _colours),), chart="donut"),
    PanelSpec(
        "discovery_work",
        _("走访与问题"),
        (Row("discovery.overdue_visits"), Row("discovery.overdue_problems")),
    ),
    PanelSpec("screening", _("排查进度"), (Row("screening.campaign_progress", open_args=True),)),
    PanelSpec(
        "applications",
        _("认定申请"),
        (Row("applications.by_step", _steps), Row("applications.overdue")),
    ),
    PanelSpec("payroll", _("月度发放总额"), (Row("payroll.monthly_total", _months),), chart="line"),
    PanelSpec("insurance", _("参保儿童"), (Row("insurance.insured_by_scheme", open_args=True),)),
    PanelSpec(
        "stations",
        _("阵地与活动"),
        (
            Row("stations.workstations"),
            Row("stations.projects"),
            Row("stations.activities"),
            Row("stations.person_times"),
        ),
    ),
    PanelSpec("cases_by_status", _("个案办理状态"), (Row("cases.by_status", _choices(CaseStatus)),)),
    PanelSpec("cases_by_class", _("重点个案分类"), (Row("cases.by_key_class", _choices(KeyCaseClass)),)),
    PanelSpec(
        "conferences",
        _("个案会商"),
        (Row("conferences.held"), Row("conferences.open_actions")),
    ),
    PanelSpec(
        "mandatory_reports",
        _("强制报告"),
        (
            Row("mandatory_reports.received"),
            Row("mandatory_reports.ack_median_hours"),
            Row("mandatory_reports.acknowledged_late"),
        ),
    ),
)


@dataclass
class Item:
    """One number: its label, value (int, or Decimal for yuan and hours), unit, the list
    behind it and the figure and arg it is (for tests and the charts)."""

    label: Any
    value: Number
    url: str
    figure: str
    arg: str | None = None
    unit: Any = ""
    colour: str = ""


@dataclass
class Panel:
    key: str
    title: Any
    chart: str
    items: list[Item] = field(default_factory=list)


def _values(row: Row, period: Period, user, tallies, args=()) -> dict[str, Number]:
    """The figure's numbers by arg: from the tallies when it has them for this user, else
    counted from the records (figures.values_of); `args` missing from the answer are 0."""
    found = tallies.values(row.key) if tallies is not None else None
    if found is None:
        return figures.values_of(row.key, period, args, user=user)
    zero = aggregates.ZERO if figures.figure(row.key).tally.yuan else 0
    wanted = list(args) or list(found)
    return {arg: found.get(arg, zero) for arg in wanted}


def _items(row: Row, period: Period, user, tallies=None) -> list[Item]:
    fig = figures.figure(row.key)
    if row.args is None and not row.open_args:
        found = tallies.values(row.key) if tallies is not None else None
        if found is not None:
            value = found.get("", 0)
        else:
            value = figures.value_of(row.key, period, user=user)
        label = row.label or fig.label
        return [Item(label, value, figures.drill_url(row.key, period), row.key, None, fig.unit)]
    if row.open_args:
        values = _values(row, period, user, tallies)
        pairs = [(arg, fig.arg_label(arg) if fig.arg_label else arg) for arg in values]
    else:
        pairs = list(row.args(period))
        values = _values(row, period, user, tallies, [arg for arg, _label in pairs])
    return [
        Item(
            label,
            values[arg],
            figures.drill_url(row.key, period, arg),
            row.key,
            arg,
            fig.unit,
            COLOURS.get(arg, "") if row.key == "discovery.colours" else "",
        )
        for arg, label in pairs
    ]


def dashboard_data(user, period: Period) -> dict:
    """The dashboard of `period` (its area must be inside `user`'s; the view checks it with
    PeriodForm) within `user`'s scope:

        {"period": Period, "panels": [Panel(key, title, chart, items=[Item(label, value,
        url, figure, arg, unit, colour), …]), …]}

    Panels whose figures are not registered, or which `user` may not read (a figure's
    `readers`, e.g. the payroll's), or which have nothing to show (no area below a
    community) are left out. Values: int counts, Decimal yuan / hours.

    As of today, the figures with a tally are read from the pre-aggregated counts, brought up
    to date first (reports/aggregates.py); any other day they are counted from the records."""
    tallies = aggregates.tallies_for(period, user)
    panels = []
    for spec in LAYOUT:
        rows = [
            row
            for row in spec.rows
            if row.key in figures.REGISTRY and figures.figure(row.key).readable_by(user)
        ]
        items = [item for row in rows for item in _items(row, period, user, tallies)]
        if items:
            panels.append(Panel(spec.key, spec.title, spec.chart, items))
    return {"period": period, "panels": panels}
