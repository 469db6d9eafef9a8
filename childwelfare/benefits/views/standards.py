"""Allowance standards (保障标准) and their uprating with the dibao standard: the list of
current and past standards, the uprate form, the preview of every old → new amount, and
approval or cancellation (DOMAIN.md §2, §10)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from childwelfare.access.guards import deny_unless, get_visible_or_404
from childwelfare.areas.choices import Level
from childwelfare.areas.models import Area
from childwelfare.lib.errors import add_to_form
from childwelfare.submissions.once import submits_once

from .. import permissions
from ..choices import ALLOWANCE_CATEGORIES, UpratingStatus
from ..forms import UprateForm
from ..models import AllowanceStandard, DibaoStandard, Uprating
from ..standards import (
    StandardError,
    approve_uprating,
    cancel_uprating,
    dibao_in_force,
    preview_uprating,
    standards_in_force,
)
from .common import reader_required

CATEGORY_ORDER = {category.value: index for index, category in enumerate(ALLOWANCE_CATEGORIES)}


def uprate_areas(user):
    """Where the user may raise standards: the city administrator the city, a district
    officer their own district (permissions.can_set_standards)."""
    if user.is_superuser and not user.area_id:
        return Area.objects.filter(level=Level.CITY)
    areas = Area.objects.filter(code=user.area_id, level__in=[Level.CITY, Level.DISTRICT])
    return areas if user.area_id and permissions.can_set_standards(user, user.area_id) else areas.none()


def _ratio(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def _status(standard, today) -> str:
    if standard.effective_from > today:
        return "future"
    if standard.effective_to and standard.effective_to < today:
        return "past"
    return "current"


@reader_required
def standard_list(request):
    user = request.user
    today = timezone.localdate()
    standards = (
        AllowanceStandard.objects.visible_to(user)
        .select_related("area", "uprating")
        .order_by("area_id", "-effective_from")
    )
    groups: dict[str, dict] = {}
    for standard in standards:
        standard.state = _status(standard, today)
        standard.ratio_text = _ratio(standard.ratio)
        group = groups.setdefault(standard.area_id, {"area": standard.area, "rows": []})
        group["rows"].append(standard)
    for group in groups.values():
        group["rows"].sort(key=lambda s: (CATEGORY_ORDER.get(s.category, 99), -s.effective_from.toordinal()))
        group["current"] = [s for s in group["rows"] if s.state == "current"]
    dibao = list(DibaoStandard.objects.visible_to(user).select_related("area"))
    for row in dibao:
        row.state = _status(row, today)
    context = {
        "groups": list(groups.values()),
        "dibao": dibao,
        "upratings": Uprating.objects.visible_to(user).select_related("area", "created_by")[:20],
        "may_uprate": uprate_areas(user).exists(),
        "today": today,
    }
    return render(request, "benefits/standard_list.html", context)


@reader_required
@submits_once
def uprate(request):
    """The uprate form: a POST makes a draft with preview_uprating and shows the preview."""
    user = request.user
    areas = uprate_areas(user)
    deny_unless(areas.exists())
    today = timezone.localdate()
    # Nanjing's standards rise each July with the dibao standard: the next 1 July by default.
    july = today.replace(month=7, day=1)
    initial = {
        "area": areas.first(),
        "effective_from": july if today < july else july.replace(year=july.year + 1),
    }
    form = UprateForm(request.POST or None, areas=areas, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            uprating = preview_uprating(
                actor=user,
                area=data["area"],
                effective_from=data["effective_from"],
                legal_basis=data["legal_basis"],
                percent=data["percent"],
                new_dibao_amount=data["new_dibao_amount"],
                rounding=data["rounding"],
                lowers_standards=data["lowers_standards"],
                cut_reason=data["cut_reason"],
            )
        except StandardError as exc:
            add_to_form(form, exc)
        else:
            messages.info(request, _("已生成调整预览，请逐项核对后批准"))
            return redirect("benefits:uprating_detail", pk=uprating.pk)
    area = areas.first()
    context = {
        "form": form,
        "area": area,
        "current": standards_in_force(area, today),
        "dibao": dibao_in_force(area.code, today),
        "today": today,
    }
    return render(request, "benefits/uprate_form.html", context)


def _uprating(request, pk) -> Uprating:
    return get_visible_or_404(
        Uprating.objects.select_related("area", "created_by", "approved_by"), request.user, pk=pk
    )


@login_required
def uprating_detail(request, pk):
    """Every old → new amount of the uprating, by area and category, with the difference."""
    uprating = _uprating(request, pk)
    lines = list(uprating.lines.select_related("area", "old_standard"))
    lines.sort(key=lambda line: (line.area_id, CATEGORY_ORDER.get(line.category, 99)))
    groups: dict[str, dict] = {}
    for line in lines:
        line.difference = line.new_amount - line.old_amount
        line.percent = (
            (line.difference / line.old_amount * 100).quantize(Decimal("0.01")) if line.old_amount else None
        )
        line.ratio_text = _ratio(line.old_standard.ratio)
        groups.setdefault(line.area_id, {"area": line.area, "lines": []})["lines"].append(line)
    old_dibao = dibao_in_force(uprating.area_id, uprating.effective_from - timedelta(days=1))
    context = {
        "uprating": uprating,
        "groups": list(groups.values()),
        "line_count": len(lines),
        "old_dibao": old_dibao,
        "created": uprating.standards.select_related("area").order_by("area_id", "category")
        if uprating.status == UpratingStatus.APPROVED
        else [],
        "may_decide": uprating.status == UpratingStatus.DRAFT
        and permissions.can_set_standards(request.user, uprating.area_id),
        "may_approve": permissions.is_second_person(request.user, uprating.created_by_id),
    }
    return render(request, "benefits/uprating_detail.html", context)


@require_POST
@login_required
def uprating_approve(request, pk):
    uprating = _uprating(request, pk)
    deny_unless(permissions.can_set_standards(request.user, uprating.area_id))
    try:
        created = approve_uprating(uprating, actor=request.user)
    except StandardError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            ngettext(
                "已批准：写入 %(n)s 条新标准，自 %(day)s 起执行，原标准于前一日截止",
                "已批准：写入 %(n)s 条新标准，自 %(day)s 起执行，原标准于前一日截止",
                len(created),
            )
            % {"n": len(created), "day": uprating.effective_from.isoformat()},
        )
    return redirect("benefits:uprating_detail", pk=uprating.pk)


@require_POST
@login_required
def uprating_cancel(request, pk):
    uprating = _uprating(request, pk)
    deny_unless(permissions.can_set_standards(request.user, uprating.area_id))
    try:
        cancel_uprating(uprating, actor=request.user)
    except StandardError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("该标准调整已作废，现行标准未作任何改动"))
    return redirect("benefits:uprating_detail", pk=uprating.pk)
