"""The annual work report (年度工作报告, issue 12): every figure of DOMAIN.md §2 the records can
give, for a year and an area, in the sections of a bureau's report, each with the address of
the list behind it.

    report = annual_report(Period.year("3201", 2023), user=request.user)
    for section in report.sections:          # 一、儿童排查与发现 … 五、优秀案例和项目征集
        for row in section.rows:             # Row(key, arg, label, value, unit, drill_url)
            ...
    report.flat()                            # {"screening.dfu_screened": 1037,
                                             #  "standards.amount.institutional_orphan": Decimal("2760.00"), …}

The report is a declaration (SECTIONS: which figure, which arg, in which order) over the
figures registry (reports.figures); it computes nothing itself: each number is
`figures.value_of` of its figure within the user's scope. A line whose figure is not
registered (another part of the statistics not yet installed) is left out, and a section
left without lines is left out too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from childwelfare.areas.models import Area

from . import charts, figures, units
from .figures import Number, Period


@dataclass(frozen=True)
class Line:
    """One line of a section: figure `key` (and `arg`), shown with `label` (default: the
    figure's label, with the arg's label after it)."""

    key: str
    arg: str | None = None
    label: Any = None


@dataclass(frozen=True)
class SectionSpec:
    """A section: its stable `key` (the sheet's and the JSON's grouping), `title` and lines;
    `chart`: the title of a bar chart of its lines `charted` (by index), None for none."""

    key: str
    title: Any
    lines: tuple[Line, ...]
    chart: Any = None
    charted: tuple[int, ...] = ()


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "screening",
        _("一、儿童排查与发现"),
        (
            Line("screening.children_screened"),
            Line("screening.dfu_screened"),
            Line("screening.dfu_not_eligible_in_difficulty"),
            Line("screening.dfu_hukou_problems"),
            Line("screening.dfu_schooling_problems"),
            Line("screening.problems_solved"),
        ),
    ),
    SectionSpec(
        "standards",
        _("二、基本生活保障"),
        (
            Line("standards.consecutive_years"),
            Line("standards.rise_percent"),
            Line("standards.amount", "institutional_orphan"),
            Line("standards.amount", "scattered_orphan"),
            Line("standards.amount", "de_facto_unsupported"),
            Line("standards.amount", "seriously_ill_or_disabled"),
            Line("insurance.accident_insured"),
            Line("insurance.medical_insured"),
        ),
        chart=_("各类儿童基本生活保障标准（元/人/月）"),
        charted=(2, 3, 4, 5),
    ),
    SectionSpec(
        "stations",
        _("三、未成年人保护工作站"),
        (
            Line("stations.workstations"),
            Line("stations.by_level", "provincial", _("其中：省级示范")),
            Line("stations.by_build_type", "new", _("其中：新建")),
            Line("stations.by_build_type", "upgraded", _("其中：提档升级")),
            Line("stations.projects"),
            Line("stations.activities"),
            Line("stations.person_times"),
            Line("stations.activities_in_period"),
            Line("stations.person_times_in_period"),
        ),
        chart=_("未保工作站建设方式"),
        charted=(2, 3),
    ),
    SectionSpec(
        "publicity",
        _("四、宣传"),
        (Line("outreach.june_month_years"), Line("outreach.june_month_events")),
    ),
    SectionSpec(
        "calls",
        _("五、优秀案例和项目征集"),
        (
            Line("outreach.calls_running"),
            Line("outreach.call_submissions"),
            Line("outreach.call_selected_cases"),
            Line("outreach.call_selected_projects"),
            Line("outreach.casebook_cases"),
        ),
        chart=_("优秀案例和项目征集"),
        charted=(1, 2, 3),
    ),
)


@dataclass(frozen=True)
class Row:
    """One number of the report: figure `key` and `arg`, its `label`, `value` (int, or
    Decimal yuan / per cent), `unit` and the address of the list behind it."""

    key: str
    arg: str | None
    label: str
    value: Number
    unit: str
    drill_url: str

    @property
    def flat_key(self) -> str:
        """The stable key of the number: "stations.projects", "standards.amount.scattered_orphan"."""
        return f"{self.key}.{self.arg}" if self.arg else self.key

    @property
    def display(self) -> str:
        """The number as printed: thousands separated, yuan and per cent without trailing
        zeros beyond two places ("2,760", "4.76")."""
        return display_number(self.value)


@dataclass
class Section:
    key: str
    title: str
    rows: list[Row]
    chart_title: str = ""
    charted: list[Row] = field(default_factory=list)

    def chart(self, *, standalone: bool = False) -> str:
        """The section's bar chart (SVG markup), or "" when it has none. Its bars carry no
        links: the table beside it links every number (and pygal writes a link's address
        as text into the SVG, which a page's text would then show)."""
        if not self.charted:
            return ""
        points = [charts.ChartPoint(row.label, row.value) for row in self.charted]
        return charts.bar(self.chart_title, points, standalone=standalone, horizontal=True)


@dataclass
class AnnualReport:
    """The report of `period` (a calendar year of an area) for `user` (None: the whole area)."""

    period: Period
    area_name: str
    sections: list[Section]

    @property
    def year(self) -> int:
        return self.period.date_to.year

    @property
    def title(self) -> str:
        return str(
            _("%(year)s年度%(area)s未成年人保护工作报告") % {"year": self.year, "area": self.area_name}
        )

    def rows(self) -> list[Row]:
        return [row for section in self.sections for row in section.rows]

    def flat(self) -> dict[str, Number]:
        """{row.flat_key: value} over every section, in the report's order."""
        return {row.flat_key: row.value for row in self.rows()}


def display_number(value: Number) -> str:
    """1234 → "1,234"; Decimal("2760.00") → "2,760"; Decimal("4.76") → "4.76"."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return f"{int(value):,}"
        return f"{value.quantize(Decimal('0.01')):,}"
    return f"{value:,}"


def _label(fig: figures.Figure, line: Line) -> str:
    if line.label:
        return str(line.label)
    if line.arg and fig.arg_label:
        return f"{fig.label} · {fig.arg_label(line.arg)}"
    return str(fig.label)


def annual_report(period: Period, *, user=None, progress=None) -> AnnualReport:
    """The report of `period` (usually Period.year(code, year)) within `user`'s scope (None:
    everything of the area: the management command). `progress(done, total)` is called
    after each section. Lines of figures not registered are skipped (module docstring), and
    so are those of figures `user` may not read (Figure.readers).
    Raises Area.DoesNotExist for an unknown area code."""
    area = Area.objects.get(code=period.area_code)
    # A figure the user may not see at all (the call's, for those who do not read
    # submissions) is left out rather than shown as a 0 from an empty scope.
    specs = [
        (
            spec,
            [
                line
                for line in spec.lines
                if line.key in figures.REGISTRY and figures.figure(line.key).readable_by(user)
            ],
        )
        for spec in SECTIONS
    ]
    specs = [(spec, lines) for spec, lines in specs if lines]
    sections = []
    for done, (spec, lines) in enumerate(specs, start=1):
        rows = []
        for line in lines:
            fig = figures.figure(line.key)
            value = figures.value_of(line.key, period, line.arg, user=user)
            rows.append(
                Row(
                    key=line.key,
                    arg=line.arg,
                    label=_label(fig, line),
                    value=value,
                    unit=units.unit_for(fig.unit, value),
                    drill_url=figures.drill_url(line.key, period, line.arg),
                )
            )
        charted = [rows[lines.index(spec.lines[i])] for i in spec.charted if spec.lines[i] in lines]
        sections.append(Section(spec.key, str(spec.title), rows, str(spec.chart or ""), charted))
        if progress:
            progress(done, len(specs))
    return AnnualReport(period=period, area_name=area.name, sections=sections)
