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
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from childwelfare.accounts.permissions import can_read_children, can_view_full_id
from childwelfare.lib.exporting import (
    DATE,
    ID_NUMBER,
    INT,
    MONEY,
    Column,
    ExportList,
    Selection,
    choice_label,
    describe_filters,
    local_date,
    register_export,
)
from childwelfare.lib.idnumber import mask
from childwelfare.lib.spreadsheets import sheet_value
from childwelfare.registry.choices import Category
from childwelfare.registry.models import NO_ID_NUMBER

from .choices import ApplicationKind, ApplicationStatus, EnrolmentStatus, LineKind
from .models import BankAccount, InsuranceScheme, Payroll, PayrollLine

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
            sheet.append([sheet_value(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _bold(sheet, text):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    return cell


# --- the benefits lists as exports (lib.exporting) ---------------------------------------


def _anyone(user) -> bool:
    """The page decides by its record (a payroll, a scheme): outside scope is 404 there."""
    return True


def _applications(user, query) -> Selection:
    from .views.applications import listed_applications

    today = timezone.localdate()
    form, apps = listed_applications(user, query, today)
    return Selection.of_user(apps, user, filters=describe_filters(form), as_of=today)


register_export(
    ExportList(
        key="applications",
        title=gettext_lazy("认定申请"),
        filename=gettext_lazy("认定申请"),
        columns=[
            Column(gettext_lazy("儿童"), lambda a: a.child.name, width=10),
            Column(gettext_lazy("身份证号"), lambda a: a.child.id_number, kind=ID_NUMBER),
            Column(gettext_lazy("申请类型"), lambda a: choice_label(ApplicationKind)(a.kind), width=16),
            Column(gettext_lazy("所属社区"), lambda a: a.child.area.name, width=16),
            Column(gettext_lazy("申请人"), lambda a: a.applicant_name, width=10),
            Column(gettext_lazy("申请日期"), lambda a: a.submitted_on, kind=DATE),
            Column(gettext_lazy("状态"), lambda a: choice_label(ApplicationStatus)(a.status), width=10),
            Column(gettext_lazy("本环节期限"), lambda a: a.step_due, kind=DATE),
            Column(gettext_lazy("查验日期"), lambda a: a.verified_on, kind=DATE),
            Column(gettext_lazy("确认日期"), lambda a: a.confirmed_on, kind=DATE),
            Column(gettext_lazy("不予认定日期"), lambda a: a.refused_on, kind=DATE),
        ],
        select=_applications,
        allowed=can_read_children,
    )
)


def _lines(user, query, pk) -> Selection:
    from childwelfare.access.guards import get_visible_or_404

    from .views.payroll import listed_lines

    payroll = get_visible_or_404(Payroll.objects.select_related("area"), user, pk=pk)
    form, lines = listed_lines(user, payroll, query)
    month = f"{payroll.month:%Y-%m}"
    filters = "、".join(part for part in (month, describe_filters(form)) if part)
    return Selection(
        lines, area=payroll.area.name, area_code=payroll.area_id, filters=filters, as_of=payroll.month
    )


register_export(
    ExportList(
        key="payroll_lines",
        title=gettext_lazy("发放明细"),
        filename=gettext_lazy("发放明细"),
        columns=[
            Column(gettext_lazy("儿童"), lambda line: line.child.name, width=10),
            Column(gettext_lazy("身份证号"), lambda line: line.child.id_number, kind=ID_NUMBER),
            Column(gettext_lazy("儿童类别"), lambda line: choice_label(Category)(line.category), width=18),
            Column(gettext_lazy("类型"), lambda line: choice_label(LineKind)(line.kind), width=10),
            Column(gettext_lazy("所属月份"), lambda line: f"{line.for_month:%Y-%m}", width=10),
            Column(gettext_lazy("起始日"), lambda line: line.period_start, kind=DATE),
            Column(gettext_lazy("截止日"), lambda line: line.period_end, kind=DATE),
            Column(gettext_lazy("天数"), lambda line: line.days_eligible, kind=INT),
            Column(gettext_lazy("当月天数"), lambda line: line.days_in_month, kind=INT),
            Column(gettext_lazy("暂缓发放"), lambda line: gettext("是") if line.held else "", width=10),
            Column(gettext_lazy("金额（元）"), lambda line: line.amount, kind=MONEY),
        ],
        select=_lines,
        allowed=_anyone,
    )
)


def _enrolments(user, query, pk) -> Selection:
    from django.http import Http404
    from django.shortcuts import get_object_or_404

    from .views.insurance import listed_enrolments, year_of

    if not can_read_children(user):
        raise Http404  # as the scheme's page: a scheme is the page of a missing record
    scheme = get_object_or_404(InsuranceScheme, pk=pk)
    year = year_of(query)
    shown, enrolments = listed_enrolments(user, scheme, year, query.get("show", ""), query)
    words = {"removed": gettext("已移出"), "missing": gettext("未填保单号")}
    filters = "、".join(part for part in (f"{scheme.name} {year}", words.get(shown, "")) if part)
    return Selection.of_user(enrolments, user, filters=filters)


register_export(
    ExportList(
        key="insurance_roster",
        title=gettext_lazy("参保名单"),
        filename=gettext_lazy("参保名单"),
        columns=[
            Column(gettext_lazy("姓名"), lambda e: e.child.name, width=10),
            Column(gettext_lazy("身份证号"), lambda e: e.child.id_number, kind=ID_NUMBER),
            Column(gettext_lazy("出生日期"), lambda e: e.child.birth_date, kind=DATE),
            Column(gettext_lazy("参保时类别"), lambda e: choice_label(Category)(e.category), width=18),
            Column(gettext_lazy("所属社区"), lambda e: e.area.name, width=16),
            Column(gettext_lazy("名单截止日"), lambda e: e.as_of, kind=DATE),
            Column(gettext_lazy("保单号"), lambda e: e.policy_number, width=20),
            Column(gettext_lazy("状态"), lambda e: choice_label(EnrolmentStatus)(e.status), width=8),
            Column(gettext_lazy("变更时间"), lambda e: local_date(e.changed_at), kind=DATE),
            Column(gettext_lazy("变更原因"), lambda e: e.change_reason, width=24),
        ],
        select=_enrolments,
        allowed=_anyone,
    )
)
