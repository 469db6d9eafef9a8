"""The case plan (issue 10): goals, actions (added through services.opening.add_action),
their progress, completion with evidence and reopening, and progress notes. Every write is
refused on a closed case (code case_closed). A department liaison reports on and completes
only actions of their department (the CaseAction scope keeps the others out of sight)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from childwelfare.access.scope import ensure_visible
from childwelfare.deadlines.calendar import end_of_day
from childwelfare.deadlines.services import meet_deadline, open_deadline
from childwelfare.workflow.services import transition

from .. import permissions
from ..choices import ActionStatus
from ..models import ActionUpdate, Case, CaseAction, CaseGoal, ProgressNote
from .caseflow import record_case_event, refuse_unless, require_open, required_text
from .common import ERRORS, CaseError
from .opening import add_action


@transaction.atomic
def add_goal(case: Case, *, actor, text: str) -> CaseGoal:
    """Add a goal (服务目标, at most 200 characters) to the plan, last. Raises OutOfScope,
    CaseError (not_allowed, case_closed, text_missing, text_too_long)."""
    ensure_visible(case, actor)
    refuse_unless(permissions.can_work_case(actor, case))
    require_open(case)
    text = required_text(text, missing=CaseError(_("请填写服务目标。"), code="text_missing", field="text"))
    if len(text) > 200:
        raise CaseError(_("最多%(limit)s字"), code="text_too_long", field="text", params={"limit": 200})
    last = case.goals.aggregate(m=Max("position"))["m"]
    goal = CaseGoal.objects.create(case=case, text=text, position=0 if last is None else last + 1)
    record_case_event(case, "goal_added", actor=actor, subject=text)
    return goal


@transaction.atomic
def set_goal_achieved(goal: CaseGoal, *, actor, achieved: bool = True) -> CaseGoal:
    """Mark a goal achieved (or not). Raises as add_goal."""
    case = goal.case
    ensure_visible(case, actor)
    refuse_unless(permissions.can_work_case(actor, case))
    require_open(case)
    CaseGoal.objects.filter(pk=goal.pk).update(achieved=achieved)
    goal.achieved = achieved
    record_case_event(case, "goal_achieved" if achieved else "goal_reopened", actor=actor, subject=goal.text)
    return goal


@transaction.atomic
def add_plan_action(
    case: Case,
    *,
    actor,
    title: str,
    owner_kind: str,
    due_on: date,
    department: str = "",
    owner_unit: str = "",
    owner_user=None,
    detail: str = "",
) -> CaseAction:
    """Add an action to the plan (opening.add_action: its deadline case_action, assigned to
    the department), by whoever works the case, and log it. Raises OutOfScope, CaseError
    (not_allowed, case_closed, title_missing, owner_missing, due_in_past)."""
    ensure_visible(case, actor)
    refuse_unless(permissions.can_work_case(actor, case))
    require_open(case)
    title = required_text(title, missing=CaseError(_("请填写任务。"), code="title_missing", field="title"))[
        :200
    ]
    action = add_action(
        case,
        title=title,
        owner_kind=owner_kind,
        due_on=due_on,
        actor=actor,
        department=department,
        owner_unit=(owner_unit or "").strip(),
        owner_user=owner_user,
        detail=(detail or "").strip(),
    )
    record_case_event(case, "action_added", actor=actor, subject=title)
    return action


def _check_action(action: CaseAction, actor) -> Case:
    ensure_visible(action, actor)
    refuse_unless(permissions.can_update_action(actor, action))
    require_open(action.case)
    return action.case


@transaction.atomic
def report_action_progress(action: CaseAction, *, actor, text: str) -> ActionUpdate:
    """Record progress (办理情况) on an open or running action; an open one becomes
    in progress. Raises OutOfScope, CaseError (not_allowed, case_closed, text_missing,
    action_finished)."""
    case = _check_action(action, actor)
    text = required_text(text, missing=CaseError(_("请填写办理情况。"), code="text_missing", field="text"))
    if action.status not in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS):
        raise CaseError(_("任务已完成或已撤销，不能登记进展。"), code="action_finished")
    update = ActionUpdate.objects.create(action=action, text=text, author=actor)
    if action.status == ActionStatus.OPEN:
        transition(action, ActionStatus.IN_PROGRESS, actor=actor, **ERRORS)
    record_case_event(case, "action_progress", actor=actor, subject=action.title, text=text)
    return update


@transaction.atomic
def complete_action(
    action: CaseAction, *, actor, evidence: str, expected_version: int | None = None
) -> CaseAction:
    """Complete an action with its evidence (完成情况及佐证, required); its deadline is met.
    Raises OutOfScope, CaseError (not_allowed, case_closed, evidence_missing,
    illegal_transition), CaseConflict (stale_version)."""
    case = _check_action(action, actor)
    evidence = required_text(
        evidence, missing=CaseError(_("请填写完成情况及佐证。"), code="evidence_missing", field="evidence")
    )
    now = timezone.now()
    action = transition(
        action,
        ActionStatus.DONE,
        actor=actor,
        expected_version=expected_version,
        **ERRORS,
        evidence=evidence,
        completed_at=now,
        completed_by=actor,
    )
    meet_deadline(action, "case_action", at=now)
    record_case_event(case, "action_done", actor=actor, subject=action.title, text=evidence)
    return action


@transaction.atomic
def reopen_action(
    action: CaseAction, *, actor, reason: str, expected_version: int | None = None
) -> CaseAction:
    """Reopen a done action (done → in progress) with the reason; its deadline runs again to
    the action's due date. By whoever works the case. Raises OutOfScope, CaseError
    (not_allowed, case_closed, reason_missing, illegal_transition), CaseConflict."""
    ensure_visible(action, actor)
    refuse_unless(permissions.can_work_case(actor, action.case))
    require_open(action.case)
    reason = required_text(
        reason, missing=CaseError(_("请填写重新办理的理由。"), code="reason_missing", field="reason")
    )
    action = transition(
        action,
        ActionStatus.IN_PROGRESS,
        actor=actor,
        expected_version=expected_version,
        reason=reason,
        **ERRORS,
        completed_at=None,
        completed_by=None,
    )
    open_deadline(
        action,
        "case_action",
        due=end_of_day(action.due_on),
        area_code=action.case.child.area_id,
        department=action.department,
        owner=action.owner_user,
        label=gettext_noop("个案 %(number)s 任务：%(title)s"),
        label_params={"number": action.case.number, "title": action.title},
    )
    record_case_event(action.case, "action_reopened", actor=actor, subject=action.title, text=reason)
    return action


@transaction.atomic
def add_note(case: Case, *, actor, text: str) -> ProgressNote:
    """A progress note (进展记录). Raises OutOfScope, CaseError (not_allowed, case_closed,
    text_missing, text_too_long)."""
    ensure_visible(case, actor)
    refuse_unless(permissions.can_note_case(actor, case))
    require_open(case)
    text = required_text(text, missing=CaseError(_("请填写进展记录。"), code="text_missing", field="text"))
    note = ProgressNote.objects.create(case=case, text=text, author=actor)
    record_case_event(case, "note", actor=actor, text=text)
    return note
