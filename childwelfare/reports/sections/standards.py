"""Figures of the assistance standards (DOMAIN.md §1 part 2, §2): the monthly allowance in
force per category, the rise of the year with the dibao standard, and the number of
consecutive years the standards rose with it.

The standards of an area are the city's unless its district has its own (benefits.standards:
standards_in_force): a figure for a district, street or community reads the district's rows
where they exist, else the city's."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from childwelfare.benefits.choices import ALLOWANCE_CATEGORIES, UpratingStatus
from childwelfare.benefits.models import AllowanceStandard, Uprating
from childwelfare.registry.choices import Category

from .. import units
from ..figures import Column, Figure, Period, register

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def _codes(period: Period) -> list[str]:
    """The areas whose standards apply in the period's area, most specific first: its
    district (if the area is one or lies in one), then the city."""
    code = period.area_code
    return [code[:6], code[:4]] if len(code) >= 6 else [code[:4]]


def _category_label(arg: str | None):
    if arg not in ALLOWANCE_CATEGORIES:
        raise LookupError(arg)
    return Category(arg).label


def standards_in_force(period: Period, arg: str | None):
    """The standard row of category `arg` in force on the period's end day for its area
    (the district's own, else the city's): zero or one row."""
    _category_label(arg)
    rows = AllowanceStandard.objects.filter(category=arg).in_force(period.date_to)
    for code in _codes(period):
        own = rows.filter(area_id=code)
        if own.exists():
            return own.order_by("-effective_from", "pk")
    return rows.none()


def _amount(queryset, period, arg) -> Decimal:
    return queryset.aggregate(amount=Max("monthly_amount"))["amount"] or Decimal("0.00")


def upratings_in(period: Period):
    """Approved upratings effective within the period for its area: the district's own if it
    had any in the period, else the city's."""
    approved = Uprating.objects.filter(
        status=UpratingStatus.APPROVED,
        effective_from__gte=period.date_from,
        effective_from__lte=period.date_to,
    )
    for code in _codes(period):
        own = approved.filter(area_id=code)
        if own.exists():
            return own.order_by("effective_from", "pk")
    return approved.none()


def rise_percent(queryset, period=None, arg=None) -> Decimal:
    """The rise of the standards over the period in per cent, two places half up: the
    upratings' percentages compounded (one uprating: its own percentage). An uprating's
    percentage is the dibao standard's rise (new ÷ old − 1) when it was given as a new dibao
    amount (benefits.standards.preview_uprating, to 0.001 %)."""
    factor = Decimal(1)
    for percent in queryset.values_list("percent", flat=True):
        factor *= 1 + Decimal(percent) / HUNDRED
    return ((factor - 1) * HUNDRED).quantize(CENT, ROUND_HALF_UP)


def rising_run(period: Period):
    """The approved upratings raising the standards (percentage above 0) of the area in each
    year of the unbroken run of years ending with the period's last year; none when that year
    had none."""
    rising = Uprating.objects.filter(
        status=UpratingStatus.APPROVED, percent__gt=0, effective_from__lte=period.date_to
    ).filter(area_id__in=_codes(period))
    years = {day.year for day in rising.values_list("effective_from", flat=True)}
    first = period.date_to.year
    if first not in years:
        return rising.none()
    while first - 1 in years:
        first -= 1
    return rising.filter(effective_from__year__gte=first).order_by("effective_from", "pk")


def _years(queryset, period=None, arg=None) -> int:
    return len({day.year for day in queryset.values_list("effective_from", flat=True)})


def _uprating_url(uprating) -> str:
    return reverse("benefits:uprating_detail", args=[uprating.pk])


UPRATING_COLUMNS = (
    Column(_("执行起始日"), lambda u: u.effective_from),
    Column(_("区划"), lambda u: u.area.name),
    Column(_("上调比例（%）"), lambda u: u.percent),
    Column(_("新低保标准（元）"), lambda u: u.new_dibao_amount if u.new_dibao_amount is not None else "—"),
    Column(_("文件依据"), lambda u: u.legal_basis),
)

register(
    Figure(
        key="standards.amount",
        label=_("基本生活保障标准"),
        records=standards_in_force,
        total=_amount,
        columns=(
            Column(_("儿童类别"), lambda s: s.get_category_display()),
            Column(_("区划"), lambda s: s.area.name),
            Column(_("月标准（元/人）"), lambda s: s.monthly_amount),
            Column(_("执行起始日"), lambda s: s.effective_from),
            Column(_("文件依据"), lambda s: s.legal_basis),
        ),
        arg_label=_category_label,
        unit=_("元/人/月"),
        note=_(
            "截止日期当日执行的该类别月标准：所在区有本区标准时为区标准，否则为市标准（市标准适用于各区）。"
        ),
        select_related=("area",),
    )
)
register(
    Figure(
        key="standards.rise_percent",
        label=_("保障标准较上年提高"),
        records=lambda period, arg: upratings_in(period),
        total=rise_percent,
        columns=UPRATING_COLUMNS,
        detail_url=_uprating_url,
        unit="%",
        note=_(
            "期间内生效、已批准的标准调整的上调比例（多次调整时连乘），保留两位小数。"
            "随低保标准调整时，比例为新低保标准÷原低保标准−1（如 1,100÷1,050−1＝4.762%，计为4.76%）；"
            "各类标准按此比例上调后取整到元，故单项标准的升幅可略有不同（2,635→2,760 为 4.74%）。"
        ),
        select_related=("area",),
    )
)
register(
    Figure(
        key="standards.consecutive_years",
        label=_("保障标准随低保标准连续提高年数"),
        records=lambda period, arg: rising_run(period),
        total=_years,
        columns=UPRATING_COLUMNS,
        detail_url=_uprating_url,
        unit=units.YEARS,
        note=_(
            "截至本年度，每年都有已批准的上调（比例大于0）的标准调整的连续年数（本区划适用的市或区的调整）；"
            "本年度没有上调时为0。"
        ),
        select_related=("area",),
    )
)
