"""Benefits on paper (issue 9 "Paper"): its sections of the printed child file
(applications, payments by year, insurance; registered in apps.py through
registry.documents.register_file_section) and the payroll's summary sheet for signature.
Sums are integer fen in SQL (as benefits.exports), shown in yuan."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, F, IntegerField, Q, Sum
from django.db.models.functions import Cast, ExtractYear, Round

from childwelfare.areas.models import Area

from .models import EligibilityApplication, InsuranceEnrolment, Payroll, PayrollLine


def _fen(expr, **kwargs) -> Sum:
    return Sum(Cast(Round(expr * 100), IntegerField()), **kwargs)


def _yuan(fen) -> Decimal:
    return (Decimal(int(fen or 0)) / 100).quantize(Decimal("0.01"))


def benefits_section(child, user, on: date) -> dict:
    """Applications (newest first), payments per year of the payroll month — {year, months,
    amount, held} in yuan, lines of every payroll whether approved or not marked by status —
    and insurance enrolments."""
    applications = (
        EligibilityApplication.objects.visible_to(user)
        .filter(child=child)
        .select_related("verified_by", "confirmed_by", "refused_by")
    )
    lines = PayrollLine.objects.visible_to(user).filter(child=child)
    years = (
        lines.annotate(year=ExtractYear("payroll__month"))
        .values("year")
        .annotate(
            months=Count("payroll__month", distinct=True),
            fen=_fen(F("amount")),
            held_fen=_fen(F("amount"), filter=Q(held=True)),
        )
        .order_by("-year")
    )
    payments = [
        {
            "year": row["year"],
            "months": row["months"],
            "amount": _yuan(row["fen"]),
            "held": _yuan(row["held_fen"]),
        }
        for row in years
    ]
    enrolments = (
        InsuranceEnrolment.objects.visible_to(user)
        .filter(child=child)
        .select_related("scheme")
        .order_by("-year")
    )
    return {
        "applications": list(applications),
        "payments": payments,
        "payments_total": sum((row["amount"] for row in payments), Decimal("0.00")),
        "enrolments": list(enrolments),
    }


def payroll_sheet(payroll: Payroll) -> dict:
    """The summary sheet of a district's payroll: one row per community (its full name, the
    number of children, amount and held amount in yuan), a total row, and the held lines
    (child, masked ID, month, amount) that the bank is not sent.

    Shapes: {"rows": [{"area", "children", "amount", "held", "payable"}], "total": {same
    keys}, "held_lines": [PayrollLine]}. The totals are sums over all lines of the payroll,
    as Payroll.total_amount / held_amount.
    """
    lines = PayrollLine.objects.filter(payroll=payroll)
    grouped = (
        lines.values("child__area_id")
        .annotate(
            children=Count("child", distinct=True),
            fen=_fen(F("amount")),
            held_fen=_fen(F("amount"), filter=Q(held=True)),
        )
        .order_by("child__area_id")
    )
    names = dict(
        Area.objects.filter(code__in=[row["child__area_id"] for row in grouped]).values_list(
            "code", "full_name"
        )
    )
    rows = []
    for row in grouped:
        amount, held = _yuan(row["fen"]), _yuan(row["held_fen"])
        rows.append(
            {
                "area": names.get(row["child__area_id"], row["child__area_id"]),
                "children": row["children"],
                "amount": amount,
                "held": held,
                "payable": amount - held,
            }
        )
    totals = lines.aggregate(
        children=Count("child", distinct=True),
        fen=_fen(F("amount")),
        held_fen=_fen(F("amount"), filter=Q(held=True)),
    )
    amount, held = _yuan(totals["fen"]), _yuan(totals["held_fen"])
    total = {"children": totals["children"], "amount": amount, "held": held, "payable": amount - held}
    held_lines = list(
        lines.filter(held=True)
        .select_related("child", "child__area")
        .order_by("child__area_id", "child__name", "pk")
    )
    return {"rows": rows, "total": total, "held_lines": held_lines}
