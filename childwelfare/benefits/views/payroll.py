"""Monthly payroll (月度发放): the month page (a district officer runs the district's payroll;
the city sees every district's totals), the payroll page with its lines, approval, the
bank workbook export (logged) and one line's inputs (DOMAIN.md §4, §10)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.formats import number_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from childwelfare.access.guards import deny_unless, get_visible_or_404, page_for
from childwelfare.accounts.permissions import can_view_full_id
from childwelfare.areas.choices import Level
from childwelfare.areas.models import Area
from childwelfare.audit.models import AccessAction
from childwelfare.audit.services import log_access
from childwelfare.lib.errors import add_to_form
from childwelfare.lib.forms import posted_version
from childwelfare.lib.paging import SortMap, paginate
from childwelfare.submissions.once import submits_once

from .. import permissions
from ..choices import LineKind, PayrollStatus
from ..exports import payroll_workbook
from ..forms import LineFilterForm, MonthForm, PayrollRunForm
from ..models import Payroll, PayrollLine
from ..payroll import PayrollError, approve_payroll, payment_timing, run_payroll, total_yuan
from .common import XLSX, payroll_reader_required


def _districts(user):
    """Districts in the user's area (the city: all of its districts; an officer: their own)."""
    areas = Area.objects.filter(level=Level.DISTRICT)
    if user.area_id:
        areas = areas.filter(code__startswith=user.area_id[:6])
    return areas.order_by("code")


def _run_districts(user):
    """Districts whose payroll the user may run (a district officer: their own)."""
    return _districts(user).filter(
        code__in=[a.code for a in _districts(user) if permissions.can_run_payroll(user, a.code)]
    )


@payroll_reader_required
def payroll_month(request):
    """One month: each district in scope with its payroll's status and totals (links to the
    payroll), the city's sum over the districts' Payroll rows, and the run form for a
    district officer."""
    user = request.user
    # The page also holds the run form's month field: a distinct id prefix keeps each label
    # on its own field (a shared id made "发放月份" fill the viewing picker).
    month_form = MonthForm(request.GET or None, auto_id="view_%s")
    month = month_form.first
    districts = list(_districts(user))
    payrolls = {
        p.area_id: p
        for p in Payroll.objects.visible_to(user)
        .filter(month=month)
        .select_related("computed_by", "approved_by")
    }
    rows = [{"area": area, "payroll": payrolls.get(area.code)} for area in districts]
    computed = list(payrolls.values())
    totals = {
        "districts": len(computed),
        "approved": sum(1 for p in computed if p.status == PayrollStatus.APPROVED),
        "children": sum(p.child_count for p in computed),
        "lines": sum(p.line_count for p in computed),
        "amount": sum((p.total_amount for p in computed), Decimal("0")),
        "held": sum((p.held_amount for p in computed), Decimal("0")),
    }
    run_districts = _run_districts(user)
    run_form = None
    if run_districts.exists():
        run_form = PayrollRunForm(districts=run_districts, initial={"month": month})
    recent = Payroll.objects.visible_to(user).select_related("area").order_by("-month", "area_id")[:12]
    context = {
        "timing": payment_timing(),
        "month_form": month_form,
        "month": month,
        "rows": rows,
        "totals": totals,
        "many": len(districts) > 1,
        "run_form": run_form,
        "recent": recent,
    }
    return render(request, "benefits/payroll_month.html", context)


def _may_run(user) -> bool:
    return permissions.can_run_payroll(user, user.area_id or "")


@require_POST
@page_for(_may_run)
@submits_once
def payroll_run(request):
    """Compute (or recompute) a draft payroll; an approved one is locked (PayrollError shown).
    From htmx the browser is sent to the payroll page; the spinner shows meanwhile."""
    user = request.user
    form = PayrollRunForm(request.POST, districts=_run_districts(user))
    if form.is_valid():
        try:
            payroll = run_payroll(form.cleaned_data["area"], form.cleaned_data["month"], actor=user)
        except PayrollError as exc:
            add_to_form(form, exc)
        else:
            # One piece per count, each plural-aware in English; the Chinese reads as one line.
            children, lines = payroll.child_count, payroll.line_count
            message = (
                ngettext("已计算：%(children)s 人", "已计算：%(children)s 人", children)
                % {"children": children}
                + ngettext("，%(lines)s 条明细", "，%(lines)s 条明细", lines) % {"lines": lines}
                + _("，合计 %(amount)s 元")
                % {"amount": number_format(payroll.total_amount, 2, force_grouping=True)}
            )
            if payroll.held_child_count:
                message += ngettext(
                    "；其中 %(held)s 人没有有效的发放账户，暂缓发放 %(amount)s 元",
                    "；其中 %(held)s 人没有有效的发放账户，暂缓发放 %(amount)s 元",
                    payroll.held_child_count,
                ) % {
                    "held": payroll.held_child_count,
                    "amount": number_format(payroll.held_amount, 2, force_grouping=True),
                }
            messages.success(request, message)
            url = reverse("benefits:payroll_detail", args=[payroll.pk])
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    if request.htmx:
        fixed = request.POST.get("fixed") == "1"  # the payroll page's "recompute" button
        context = {"run_form": form, "fixed": fixed, "button_label": _("重新计算") if fixed else ""}
        return render(request, "benefits/_payroll_run_form.html", context)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    month = request.POST.get("month", "")
    return redirect(reverse("benefits:payroll_month") + (f"?month={month}" if month else ""))


def _payroll(request, pk) -> Payroll:
    return get_visible_or_404(
        Payroll.objects.select_related("area", "computed_by", "approved_by"), request.user, pk=pk
    )


# A payroll's lines, child by child in pinyin order (lib.paging).
LINE_SORTS = SortMap(
    {
        "child": ("child__name_sort", "child_id", "for_month", "period_start", "kind", "pk"),
        "category": ("category", "child__name_sort", "child_id", "pk"),
        "kind": ("kind", "child__name_sort", "child_id", "pk"),
        "month": ("for_month", "child__name_sort", "child_id", "pk"),
        "amount": ("amount", "child__name_sort", "child_id", "pk"),
    },
    default="child",
)


def listed_lines(user, payroll, query):
    """(filter form, lines) of a payroll's page for `query` (the page's and its export's rows)."""
    form = LineFilterForm(query or None, user=user)
    lines = form.apply(PayrollLine.objects.visible_to(user).filter(payroll=payroll))
    lines = lines.select_related("child", "corrects", "corrects__payroll")
    return form, LINE_SORTS.read_query(query).apply(lines)


@login_required
def payroll_detail(request, pk):
    """Status, totals (children, lines, yuan, by kind, held for want of an account and what
    goes to the bank), the lines 50 a page with their inputs; arrears and reversals
    highlighted and linked to the line they correct; held lines marked."""
    user = request.user
    payroll = _payroll(request, pk)
    all_lines = PayrollLine.objects.visible_to(user).filter(payroll=payroll)
    form, lines = listed_lines(user, payroll, request.GET)
    filtered = form.is_valid() and any(form.cleaned_data.values())
    page = paginate(request, lines, sorting=LINE_SORTS.read(request))
    by_kind = [
        {"kind": kind, "label": label, "amount": total_yuan(all_lines.filter(kind=kind))}
        for kind, label in LineKind.choices
    ]
    locked = payroll.status == PayrollStatus.APPROVED
    may_run = not locked and permissions.can_run_payroll(user, payroll.area_id)
    context = {
        "payroll": payroll,
        "form": form,
        "page": page,
        "filtered": filtered,
        "filtered_count": page.paginator.count,
        "filtered_total": total_yuan(lines) if filtered else None,
        "by_kind": by_kind,
        "locked": locked,
        "payable": payroll.total_amount - payroll.held_amount,
        "may_run": may_run,
        "may_approve": may_run
        and payroll.computed_at is not None
        and permissions.is_second_person(user, payroll.computed_by_id),
        "needs_second_person": may_run
        and payroll.computed_at is not None
        and not permissions.is_second_person(user, payroll.computed_by_id),
        "run_form": PayrollRunForm(
            districts=_run_districts(user).filter(code=payroll.area_id),
            initial={"month": payroll.month, "area": payroll.area_id},
        )
        if may_run
        else None,
        "full_id": can_view_full_id(user),
        "timing": payment_timing(),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    template = "benefits/_payroll_lines.html" if partial else "benefits/payroll_detail.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_POST
@login_required
def payroll_approve(request, pk):
    payroll = _payroll(request, pk)
    deny_unless(permissions.can_approve_payroll(request.user, payroll.area_id))
    try:
        approve_payroll(payroll, actor=request.user, expected_version=posted_version(request))
    except PayrollError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("发放名册已批准并锁定，可以导出银行名册"))
    return redirect("benefits:payroll_detail", pk=payroll.pk)


@never_cache
@login_required
def payroll_export(request, pk):
    """The bank workbook (exports.payroll_workbook) of an approved payroll; ID and account
    numbers masked unless the user may see them in full. Every export is logged."""
    payroll = _payroll(request, pk)
    if payroll.status != PayrollStatus.APPROVED:
        messages.error(request, _("发放名册批准后才能导出银行名册"))
        return redirect("benefits:payroll_detail", pk=payroll.pk)
    user = request.user
    data = payroll_workbook(payroll, user)
    full = can_view_full_id(user)
    with translation.override("zh-hans"):
        detail = "；".join(
            [
                _("银行发放名册 %(area)s %(month)s")
                % {"area": payroll.area.name, "month": f"{payroll.month:%Y-%m}"},
                _("含完整身份证号和账号") if full else _("身份证号和账号已脱敏"),
            ]
        )
    log_access(
        user=user,
        action=AccessAction.EXPORT,
        obj=payroll,
        detail=detail,
        row_count=PayrollLine.objects.filter(payroll=payroll, held=False)
        .values("child_id")
        .distinct()
        .count(),
        request=request,
    )
    response = HttpResponse(data, content_type=XLSX)
    filename = _("发放名册") + f"_{payroll.area.name}_{payroll.month:%Y%m}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def payroll_line(request, pk):
    """One line with every input it was computed from, what it corrects and what corrects it."""
    user = request.user
    line = get_visible_or_404(
        PayrollLine.objects.filter(payroll__in=Payroll.objects.visible_to(user)).select_related(
            "payroll", "payroll__area", "child", "standard", "corrects", "corrects__payroll"
        ),
        user,
        pk=pk,
    )
    corrections = PayrollLine.objects.visible_to(user).filter(corrects=line).select_related("payroll")
    return render(
        request,
        "benefits/payroll_line.html",
        {"line": line, "corrections": corrections, "payroll": line.payroll},
    )
