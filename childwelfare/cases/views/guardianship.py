"""Pages of guardianship by civil affairs (民政监护; cases.services.guardianship): the list,
a child's guardianships, registration, the detail with assessments, deadlines and the
institutional-orphan category's state, the assessment, end and long-term forms.

Readers of the child file read them (outside scope 404); only the child's district officer
writes (403 for the other readers)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from childwelfare.access.guards import deny_unless, get_visible_or_404, page_for
from childwelfare.deadlines.services import deadlines_of
from childwelfare.lib.errors import ConflictError, DomainError
from childwelfare.lib.paging import paginate
from childwelfare.registry.models import Child
from childwelfare.submissions.once import submits_once

from ..choices import GuardianshipKind, GuardianshipStatus, LongTermGround, TemporaryGround
from ..forms.guardianship import AssessmentForm, EndForm, GuardianshipForm, LongTermForm
from ..models import Guardianship
from ..permissions import can_manage_guardianship, can_read_guardianship
from ..services.guardianship import (
    convert_to_long_term,
    end_guardianship,
    latest_assessment,
    record_assessment,
    register_guardianship,
)


def _visible(request, pk) -> Guardianship:
    return get_visible_or_404(
        Guardianship.objects.select_related(
            "child", "child__area", "category_spell", "follows", "created_by"
        ),
        request.user,
        pk=pk,
    )


@page_for(can_read_guardianship)
def guardianship_list(request):
    """Every guardianship in the user's scope, active first; filters kind and status."""
    rows = Guardianship.objects.visible_to(request.user).select_related(
        "child", "child__area", "category_spell"
    )
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    if kind in GuardianshipKind.values:
        rows = rows.filter(kind=kind)
    if status in GuardianshipStatus.values:
        rows = rows.filter(status=status)
    page = paginate(request, rows.order_by("status", "-started_on", "-id"))
    return render(
        request,
        "cases/guardianship/list.html",
        {
            "page": page,
            "kind": kind,
            "status": status,
            "kinds": GuardianshipKind.choices,
            "statuses": GuardianshipStatus.choices,
        },
    )


@login_required
def guardianship_child(request, pk):
    """One child's guardianships (the child page's link)."""
    child = get_visible_or_404(Child.objects.select_related("area"), request.user, pk=pk)
    rows = Guardianship.objects.filter(child=child).select_related("category_spell")
    return render(
        request,
        "cases/guardianship/child.html",
        {
            "child": child,
            "rows": rows,
            "can_manage": can_manage_guardianship(request.user, child.area_id),
            "active": any(g.status == GuardianshipStatus.ACTIVE for g in rows),
        },
    )


@login_required
@submits_once
def guardianship_create(request, pk):
    child = get_visible_or_404(Child.objects.select_related("area"), request.user, pk=pk)
    deny_unless(can_manage_guardianship(request.user, child.area_id))
    form = GuardianshipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            guardianship = register_guardianship(
                child,
                actor=request.user,
                kind=data["kind"],
                ground=form.ground(),
                placement=data["placement"],
                placement_detail=data["placement_detail"],
                started_on=data["started_on"],
                decision_no=data["decision_no"],
            )
        except DomainError as exc:
            if exc.field == "ground":
                exc.field = (
                    "temporary_ground" if data["kind"] == GuardianshipKind.TEMPORARY else "long_term_ground"
                )
            form.add_service_error(exc)
        else:
            messages.success(request, _("已登记%(kind)s") % {"kind": guardianship.get_kind_display()})
            return redirect("cases:guardianship_detail", pk=guardianship.pk)
    return render(request, "cases/guardianship/form.html", {"child": child, "form": form})


@login_required
def guardianship_detail(request, pk):
    guardianship = _visible(request, pk)
    latest = latest_assessment(guardianship)
    return render(
        request,
        "cases/guardianship/detail.html",
        {
            "g": guardianship,
            "child": guardianship.child,
            "assessments": guardianship.assessments.select_related("assessed_by"),
            "deadlines": _with_due_day(deadlines_of(guardianship)),
            "spell": guardianship.category_spell,
            "latest": latest,
            "can_manage": can_manage_guardianship(request.user, guardianship.child.area_id)
            and guardianship.status == GuardianshipStatus.ACTIVE,
            "is_temporary": guardianship.kind == GuardianshipKind.TEMPORARY,
            "may_return": bool(latest and latest.guardian_able),
            "ground_label": dict(TemporaryGround.choices + LongTermGround.choices).get(
                guardianship.ground, ""
            ),
        },
    )


def _with_due_day(deadlines) -> list:
    """Deadlines with `due_day`: the last day to act (a deadline falls due at the first
    moment after that day, deadlines.calendar.end_of_day)."""
    rows = list(deadlines)
    for deadline in rows:
        deadline.due_day = (timezone.localtime(deadline.due_at) - timedelta(microseconds=1)).date()
    return rows


def _form_page(request, pk, form_class, template, act, done):
    """The assessment, end and long-term pages: the child's district officer, an active
    guardianship; the service's refusal beside its field, a conflict with what changed."""
    guardianship = _visible(request, pk)
    deny_unless(can_manage_guardianship(request.user, guardianship.child.area_id))
    form = form_class(request.POST or None, record=guardianship)
    if request.method == "POST" and form.is_valid():
        try:
            result = act(guardianship, form.cleaned_data, form.seen_version)
        except ConflictError as exc:
            guardianship.refresh_from_db()
            form.show_conflict(exc, guardianship)
        except DomainError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, done)
            return redirect("cases:guardianship_detail", pk=getattr(result, "pk", guardianship.pk))
    return render(request, template, {"g": guardianship, "child": guardianship.child, "form": form})


@login_required
@submits_once
def guardianship_assess(request, pk):
    def act(g, data, version):
        record_assessment(
            g,
            actor=request.user,
            assessed_on=data["assessed_on"],
            guardian_able=data["guardian_able"],
            notes=data["notes"],
            expected_version=version,
        )
        return g

    return _form_page(
        request, pk, AssessmentForm, "cases/guardianship/assess.html", act, _("已记录监护能力评估")
    )


@login_required
def guardianship_end(request, pk):
    def act(g, data, version):
        return end_guardianship(
            g,
            actor=request.user,
            reason=data["reason"],
            ended_on=data["ended_on"],
            note=data["note"],
            expected_version=version,
        )

    return _form_page(request, pk, EndForm, "cases/guardianship/end.html", act, _("监护已结束"))


@login_required
@submits_once
def guardianship_convert(request, pk):
    def act(g, data, version):
        return convert_to_long_term(
            g,
            actor=request.user,
            ground=data["ground"],
            started_on=data["started_on"],
            decision_no=data["decision_no"],
            placement=data["placement"],
            placement_detail=data["placement_detail"],
            expected_version=version,
        )

    return _form_page(request, pk, LongTermForm, "cases/guardianship/convert.html", act, _("已转为长期监护"))
