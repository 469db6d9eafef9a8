"""Figures of the monthly payroll (DOMAIN.md §4, benefits.payroll) for the dashboard: the
total paid by the approved payrolls of each month, in yuan, one number per month
("YYYY-MM"), drawn as the line of the twelve months of the period."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from childwelfare.benefits import permissions as benefit_permissions
from childwelfare.benefits.choices import PayrollStatus
from childwelfare.benefits.models import PayrollLine

from ..figures import Column, Figure, TallySpec, register

ZERO = Decimal("0.00")


def _yuan(total) -> Decimal:
    """A sum of amounts as yuan with two places (SQLite's SUM drops them)."""
    return Decimal(total or 0).quantize(ZERO)


def month_of(arg: str | None) -> date:
    """ "2025-06" → date(2025, 6, 1). Raises LookupError for anything else."""
    try:
        year, month = (arg or "").split("-")
        if len(year) != 4 or len(month) != 2:
            raise ValueError(arg)
        return date(int(year), int(month), 1)
    except ValueError as exc:
        raise LookupError(arg) from exc


def months_of(period) -> list[str]:
    """The months of `period` as args ("YYYY-MM"), oldest first (the dashboard's twelve)."""
    months, day = [], date(period.date_from.year, period.date_from.month, 1)
    while day <= period.date_to:
        months.append(f"{day.year:04}-{day.month:02}")
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return months


def _approved_lines(period):
    return PayrollLine.objects.filter(
        payroll__status=PayrollStatus.APPROVED, child__area__code__areaprefix=period.area_code
    )


def _lines_of_month(period, arg):
    return (
        _approved_lines(period)
        .filter(payroll__month=month_of(arg))
        .order_by("child__area_id", "child_id", "pk")
    )


def _total(queryset, period, arg) -> Decimal:
    return _yuan(queryset.aggregate(total=Sum("amount"))["total"])


def _lines_of_period(period):
    start = date(period.date_from.year, period.date_from.month, 1)
    return _approved_lines(period).filter(payroll__month__gte=start, payroll__month__lte=period.date_to)


def _month_key(month: date) -> str:
    return f"{month:%Y-%m}"


def _totals_by_month(period, scoped):
    rows = scoped(_lines_of_period(period)).order_by().values("payroll__month").annotate(total=Sum("amount"))
    totals = dict.fromkeys(months_of(period), ZERO)  # a month without a payroll paid 0.00
    totals.update({f"{row['payroll__month']:%Y-%m}": _yuan(row["total"]) for row in rows})
    return totals


register(
    Figure(
        key="payroll.monthly_total",
        label=_("月度发放总额"),
        records=_lines_of_month,
        total=_total,
        values=_totals_by_month,
        columns=(
            Column(_("儿童"), lambda line: line.child.name),
            Column(_("儿童类别"), lambda line: line.get_category_display()),
            Column(_("类型"), lambda line: line.get_kind_display()),
            Column(_("所属月份"), lambda line: f"{line.for_month:%Y-%m}"),
            Column(_("金额（元）"), lambda line: line.amount),
        ),
        detail_url=lambda line: reverse("benefits:payroll_line", args=[line.pk]),
        arg_label=lambda arg: f"{month_of(arg):%Y-%m}",
        unit=_("元"),
        note=_("该月已批准的发放花名册全部明细（正常发放、补发、冲减、暂缓补发）金额合计，含暂缓发放部分。"),
        select_related=("child",),
        readers=benefit_permissions.can_read_payrolls,
        tally=TallySpec(
            records=_lines_of_period,
            area="child__area_id",
            arg="payroll__month",
            arg_key=_month_key,
            value=lambda period: Sum("amount"),
            yuan=True,
        ),
    )
)
