"""The child's discovery page (a tab beside the child file): colour history, visits,
screening records, problems and care measures, with the forms to add a care measure, end
one with its outcome, and raise a problem."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from childwelfare.access.guards import get_visible_or_404
from childwelfare.lib.errors import add_to_form
from childwelfare.registry.models import CategorySpell
from childwelfare.submissions.once import submits_once

from .. import permissions, schedule, services
from ..forms import CareMeasureForm, EndMeasureForm, ProblemForm
from ..models import CareMeasure, RiskAssessment, ScreeningRecord, Visit
from ..services import ConflictError, DiscoveryError
from .visits import visible_child


def _post_care(request, child):
    form = CareMeasureForm(request.POST, prefix="care")
    if form.is_valid():
        try:
            services.add_care_measure(child=child, actor=request.user, **form.cleaned_data)
        except DiscoveryError as error:
            add_to_form(form, error)
        else:
            return form, _("帮扶措施已添加")
    return form, None


def _post_end(request, child):
    form = EndMeasureForm(request.POST)
    measure_id = request.POST.get("measure", "")
    measure = (
        get_visible_or_404(CareMeasure.objects.filter(child=child), request.user, pk=measure_id)
        if measure_id.isdigit()
        else None
    )
    if measure is None:
        form.add_error(None, _("请选择要结束的帮扶措施"))
    elif form.is_valid():
        try:
            services.end_care_measure(
                measure,
                actor=request.user,
                end_date=form.cleaned_data["end_date"],
                outcome=form.cleaned_data["outcome"].strip(),
                expected_version=form.seen_version,
            )
        except ConflictError as error:
            form.show_conflict(error, record=measure)
        except DiscoveryError as error:
            add_to_form(form, error)
        else:
            return form, _("帮扶措施已结束")
    form.measure_id = measure.pk if measure else None
    return form, None


def _post_problem(request, child):
    form = ProblemForm(request.POST, prefix="problem")
    if form.is_valid():
        try:
            services.raise_problem(child=child, actor=request.user, **form.cleaned_data)
        except DiscoveryError as error:
            add_to_form(form, error)
        else:
            return form, _("问题已登记，已交责任部门办理")
    return form, None


HANDLERS = {"care": _post_care, "end": _post_end, "problem": _post_problem}


@login_required
@submits_once
def child_page(request, pk):
    child = visible_child(request, pk)
    user = request.user
    today = timezone.localdate()
    may_care = permissions.can_manage_care(user, child.area_id)
    may_visit = permissions.can_record_visit(user, child.area_id)
    forms = {
        "care": CareMeasureForm(prefix="care"),
        "end": EndMeasureForm(),
        "problem": ProblemForm(prefix="problem"),
    }
    open_form = ""
    if request.method == "POST":
        name = request.POST.get("form", "")
        handler = HANDLERS.get(name)
        if handler is None:
            return HttpResponseBadRequest(_("未知的表单"))
        if (name == "problem" and not may_visit) or (name != "problem" and not may_care):
            raise PermissionDenied
        form, message = handler(request, child)
        if message:
            messages.success(request, message)
            return redirect("discovery:child", pk=child.pk)
        forms[name] = form
        open_form = name
    scheduled = schedule.with_schedule(type(child).objects.filter(pk=child.pk)).first()
    assessments = (
        RiskAssessment.objects.filter(child=child)
        .select_related("assessor", "item_set")
        .prefetch_related("items")
    )
    measures = list(CareMeasure.objects.filter(child=child).select_related("created_by"))
    for measure in measures:
        measure.is_active = measure.status != "ended" and (
            measure.end_date is None or measure.end_date >= today
        )
    context = {
        "child": child,
        "today": today,
        "age": child.age_on(today),
        "spells": CategorySpell.objects.filter(child=child).current_on(today),
        "schedule": scheduled,
        "days_late": (today - scheduled.next_due).days if scheduled else 0,
        "assessments": assessments,
        "visits": Visit.objects.filter(child=child).select_related("visitor")[:50],
        "records": ScreeningRecord.objects.filter(child=child).select_related("campaign", "assessment"),
        "problems": child.problems.all(),
        "measures": measures,
        "forms": forms,
        "open_form": open_form,
        "open_measure": getattr(forms["end"], "measure_id", None),
        "may_care": may_care,
        "may_visit": may_visit,
    }
    return render(request, "discovery/child.html", context)
