"""A case's actions (issue 10, caseflow): 本部门的个案任务, the department liaison's list of the
actions assigned to their department (without the child's file: name and community, masked
ID, the action, due, status), an action's page, and its progress, completion and reopening.
The CaseAction scope admits a liaison only to their department's actions; any other action,
and the case page itself, is a 404 for them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from childwelfare.access.guards import deny_unless, get_visible_or_404, page_for
from childwelfare.deadlines.models import Deadline
from childwelfare.lib.errors import add_to_form
from childwelfare.lib.paging import SortMap, paginate
from childwelfare.submissions.once import submits_once

from .. import permissions
from ..choices import ActionStatus, CaseStatus
from ..forms.caseflow import EvidenceForm, ReasonForm, TextForm
from ..models import CaseAction
from ..services import caseflow_plan as plan
from ..services.common import CaseConflict, CaseError

ACTION_SORTS = SortMap(
    {
        "due": ("due_on", "pk"),
        "status": ("status", "due_on", "pk"),
        "child": ("case__child__name_sort", "pk"),
    },
    default="due",
)


def action_deadlines(actions) -> dict[int, Deadline]:
    """{action pk: its running case_action deadline} in one query."""
    return {
        d.subject_id: d
        for d in Deadline.objects.running().filter(
            rule="case_action",
            subject_type=ContentType.objects.get_for_model(CaseAction),
            subject_id__in=[a.pk for a in actions],
        )
    }


def _mark_days_left(actions, today) -> None:
    deadlines = action_deadlines(actions)
    for action in actions:
        deadline = deadlines.get(action.pk)
        action.days_left = (timezone.localtime(deadline.due_at).date() - today).days if deadline else None
        action.days_late = -action.days_left if action.days_left is not None else None


@page_for(permissions.can_read_department_actions)
def department_actions(request):
    """本部门的个案任务: open and running first, nearest due first."""
    actions = (
        CaseAction.objects.visible_to(request.user)
        .exclude(status=ActionStatus.CANCELLED)
        .select_related("case__child__area")
    )
    status = request.GET.get("status", "")
    if status in ActionStatus.values:
        actions = actions.filter(status=status)
    page = paginate(request, ACTION_SORTS.read(request).apply(actions), sorting=ACTION_SORTS.read(request))
    _mark_days_left(page.object_list, timezone.localdate())
    return render(
        request,
        "cases/caseflow/department_actions.html",
        {"page": page, "status": status, "statuses": ActionStatus.choices},
    )


def visible_action(request, pk) -> CaseAction:
    return get_visible_or_404(
        CaseAction.objects.select_related(
            "case", "case__child", "case__child__area", "owner_user", "completed_by"
        ),
        request.user,
        pk=pk,
    )


ACTION_FORMS = {
    "progress_form": (TextForm, "progress_%s"),
    "complete_form": (EvidenceForm, "complete_%s"),
    "reopen_form": (ReasonForm, "reopen_%s"),
}


def _action_page(request, action: CaseAction, bound: dict | None = None):
    user = request.user
    case_open = action.case.status != CaseStatus.CLOSED
    may_update = case_open and permissions.can_update_action(user, action)
    _mark_days_left([action], timezone.localdate())
    context = {
        "action": action,
        "case": action.case,
        "child": action.case.child,
        "updates": list(action.updates.select_related("author")),
        "may_read_case": permissions.can_read_cases(user),
        "may_progress": may_update and action.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS),
        "may_reopen": case_open
        and action.status == ActionStatus.DONE
        and permissions.can_work_case(user, action.case),
    }
    for name, (form_class, auto_id) in ACTION_FORMS.items():
        initial = {"version": action.version} if form_class is not TextForm else {}
        context[name] = form_class(initial=initial, auto_id=auto_id)
    context.update(bound or {})
    return render(request, "cases/caseflow/action_detail.html", context)


@login_required
def action_detail(request, pk):
    return _action_page(request, visible_action(request, pk))


def _action_step(request, pk, name, allowed, run, success):
    action = visible_action(request, pk)
    deny_unless(allowed(request.user, action))
    form_class, auto_id = ACTION_FORMS[name]
    form = form_class(request.POST, auto_id=auto_id)
    if not form.is_valid():
        return _action_page(request, action, {name: form})
    try:
        run(action, form.cleaned_data)
    except CaseConflict:
        messages.error(request, _("其他人已先处理了这项任务，您的提交没有保存，请查看最新情况后重试。"))
    except CaseError as error:
        add_to_form(form, error)
        return _action_page(request, action, {name: form})
    else:
        messages.success(request, success)
    return redirect("cases:action_detail", pk=pk)


@require_POST
@login_required
@submits_once
def action_progress(request, pk):
    return _action_step(
        request,
        pk,
        "progress_form",
        permissions.can_update_action,
        lambda a, d: plan.report_action_progress(a, actor=request.user, text=d["text"]),
        _("办理情况已登记。"),
    )


@require_POST
@login_required
def action_complete(request, pk):
    return _action_step(
        request,
        pk,
        "complete_form",
        permissions.can_update_action,
        lambda a, d: plan.complete_action(
            a, actor=request.user, evidence=d["evidence"], expected_version=d.get("version")
        ),
        _("任务已完成。"),
    )


@require_POST
@login_required
def action_reopen(request, pk):
    return _action_step(
        request,
        pk,
        "reopen_form",
        lambda user, action: permissions.can_work_case(user, action.case),
        lambda a, d: plan.reopen_action(
            a, actor=request.user, reason=d["reason"], expected_version=d.get("version")
        ),
        _("任务已重新办理。"),
    )
