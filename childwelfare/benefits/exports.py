"""Payroll exports: the bank file (one row per child: name, ID number, account, amount) and
a summary per district and category. Held lines (a child without an active payment account,
benefits.payroll) are in neither: the bank is sent only what it can pay. ID numbers and
account numbers are masked unless the user may see them in full; every export is logged by
the caller (audit.log_access)."""

from __future__ import annotations

import io
from decimal import Decimal

from django.db.models import Count, F, IntegerField, Sum
from django.db.models.functions import Cast, Round
from openpyxl import Workbook
from openpyxl.styles import Font

from childwelfare.accounts.permissions import can_view_full_id
from childwelfare.lib.idnumber import mask
from childwelfare.lib.spreadsheets import escape_formula
from childwelfare.registry.choices import Category
from childwelfare.registry.models import NO_ID_NUMBER

from .choices import LineKind
from .models import BankAccount, Payroll, PayrollLine

BANK_COLUMNS = [
    "序号",
    "姓名",
    "公民身份号码",
    "户名",
    "开户行",
    "账号",
    "金额（元）",
    "其中补发（元）",
    "其中冲减（元）",
    "其中暂缓补发（元）",
]
SUMMARY_COLUMNS = [
    "区（县）",
    "儿童类别",
    "人数",
    "正常发放（元）",
    "补发（元）",
    "冲减（元）",
    "暂缓补发（元）",
    "合计（元）",
]
_KINDS = ("regular", "arrears", "reversal", "released")


def _fen(expr) -> Sum:
    return Sum(Cast(Round(expr * 100), IntegerField()))


def bank_rows(payroll: Payroll, user) -> list[list]:
    """One row per child paid by the payroll (lines not held) with the net amount (yuan,
    Decimal), in four queries."""
    full = can_view_full_id(user)
    paid = PayrollLine.objects.filter(payroll=payroll, held=False)
    per_child = (
        paid.values("child_id", "child__name")
        .annotate(total=_fen(F("amount")))
        .order_by("child__area_id", "child__name", "child_id")
    )
    kinds = {}
    for row in paid.exclude(kind=LineKind.REGULAR).values("child_id", "kind").annotate(fen=_fen(F("amount"))):
        kinds[(row["child_id"], row["kind"])] = row["fen"]
    accounts = {a.child_id: a for a in BankAccount.objects.filter(child_id__in=paid.values("child_id"))}
    numbers = dict(paid.values_list("child_id", "child__id_number").distinct())
    rows = []
    for index, row in enumerate(per_child, start=1):
        child_id = row["child_id"]
        account = accounts.get(child_id)
        number = numbers.get(child_id) or ""
        rows.append(
            [
                index,
                row["child__name"],
                (number if full else mask(number)) if number else str(NO_ID_NUMBER),
                account.holder_name if account else "",
                account.bank_name if account else "",
                (account.account_number if full else account.masked_number) if account else "（未登记账户）",
                Decimal(row["total"]) / 100,
                Decimal(kinds.get((child_id, LineKind.ARREARS), 0)) / 100,
                Decimal(kinds.get((child_id, LineKind.REVERSAL), 0)) / 100,
                Decimal(kinds.get((child_id, LineKind.RELEASED), 0)) / 100,
            ]
        )
    return rows


def summary_rows(lines) -> list[list]:
    """Per district and category: children, regular, arrears, reversal, released (amounts
    held earlier, paid now) and total (yuan)."""
    from django.db.models.functions import Substr

    from childwelfare.areas.models import Area

    grouped = (
        lines.annotate(district=Substr("payroll__area_id", 1, 6))
        .values("district", "category", "kind")
        .annotate(fen=_fen(F("amount")), children=Count("child", distinct=True))
        .order_by("district", "category")
    )
    names = dict(Area.objects.filter(level=3).values_list("code", "name"))
    table: dict[tuple[str, str], dict] = {}
    for row in grouped:
        entry = table.setdefault(
            (row["district"], row["category"]), {"children": 0, **dict.fromkeys(_KINDS, 0)}
        )
        entry[row["kind"]] += row["fen"] or 0
        entry["children"] = max(entry["children"], row["children"])
    rows = []
    grand = {"children": 0, **dict.fromkeys(_KINDS, 0)}
    for (district, category), entry in sorted(table.items()):
        for key in grand:
            grand[key] += entry[key]
        total = sum(entry[k] for k in _KINDS)
        rows.append(
            [
                names.get(district, district),
                str(Category(category).label),
                entry["children"],
                Decimal(entry["regular"]) / 100,
                Decimal(entry["arrears"]) / 100,
                Decimal(entry["reversal"]) / 100,
                Decimal(entry["released"]) / 100,
                Decimal(total) / 100,
            ]
        )
    if rows:
        total = sum(grand[k] for k in _KINDS)
        rows.append(
            [
                "合计",
                "",
                grand["children"],
                *(Decimal(grand[k]) / 100 for k in _KINDS),
                Decimal(total) / 100,
            ]
        )
    return rows


def payroll_workbook(payroll: Payroll, user) -> bytes:
    """An .xlsx with two sheets: 发放名册 (for the bank) and 汇总 (per district and category),
    both without the held lines."""
    workbook = Workbook(write_only=True)
    for title, headers, rows in (
        ("发放名册", BANK_COLUMNS, bank_rows(payroll, user)),
        ("汇总", SUMMARY_COLUMNS, summary_rows(PayrollLine.objects.filter(payroll=payroll, held=False))),
    ):
        sheet = workbook.create_sheet(title)
        sheet.append([_bold(sheet, text) for text in headers])
        for row in rows:
            sheet.append([escape_formula(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _bold(sheet, text):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    return cell
