"""The case's course (issue 10, "The case"): its status moves, the supervisor's approvals,
closure and reopening, edits of its fields, and the case log every step writes (CaseEvent,
read by the case page and the child's timeline).

Moves (Case.workflow, through workflow.services.transition with ERRORS):
- intake → assessment: `start_assessment` (the case's worker or the district officer);
- assessment → plan, plan → intervention, review (or intake) → closed: only through an
  approval — the worker asks (`request_approval`, one pending request per stage), a child
  supervisor of the township or a district officer other than the requester decides
  (`decide_approval`): approved moves the case, returned (comment required) leaves it;
- intervention → review (`begin_review`), review → intervention (`finish_review`);
- closed → assessment (`reopen_case`, reason required, the district officer).
Deadlines (deadlines.services): the assessment deadline is met when the assessment is
approved; a plan review (case_plan_review, 3 months) opens when the plan is approved and again
after each review; closure cancels every running deadline of the case and its actions.
A closed case refuses every write (code case_closed) until reopened.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from childwelfare.access.scope import ensure_visible
from childwelfare.deadlines.models import Deadline
from childwelfare.deadlines.services import cancel_deadlines, meet_deadline, open_deadline
from childwelfare.lib.versions import claim_version
from childwelfare.workflow.services import transition

from .. import permissions
from ..choices import ActionStatus, ApprovalDecision, ApprovalStage, CaseSource, CaseStatus, ClosureReason
from ..choices import KeyCaseClass as KeyClass
from ..models import Case, CaseAction, CaseApproval, CaseEvent, CaseKeyClass
from .common import ERRORS, CaseConflict, CaseError

S = CaseStatus
# The status a stage's approval moves the case from (closure also from intake: a case found
# to need no service) and to.
APPROVAL_MOVES = {
    ApprovalStage.ASSESSMENT: ({S.ASSESSMENT}, S.PLAN),
    ApprovalStage.PLAN: ({S.PLAN}, S.INTERVENTION),
    ApprovalStage.CLOSURE: ({S.REVIEW, S.INTAKE}, S.CLOSED),
}
TEXT_MAX = 2000


def record_case_event(
    case: Case,
    kind: str,
    *,
    actor,
    text: str = "",
    subject: str = "",
    from_status: str = "",
    to_status: str = "",
    other_area_code: str = "",
    at=None,
) -> CaseEvent:
    """Write one event of `case` to its log (its page and the child's timeline). `kind`: a
    key of cases.timeline.CASE_EVENT_TITLES (other parts register theirs with
    `register_case_event_kind`); `subject`: what it is about (an action's title); `text`: a
    comment or reason; `other_area_code`: a second area whose users see it (a transfer's
    other side). No permission check: call it from a service that made its own."""
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        at=at or timezone.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        text=str(text)[:TEXT_MAX],
        subject=str(subject)[:200],
        from_status=from_status,
        to_status=to_status,
        other_area_code=other_area_code,
    )


def refuse_unless(allowed: bool) -> None:
    """Raise CaseError (code not_allowed) unless `allowed`."""
    if not allowed:
        raise CaseError(_("您没有办理此事项的权限。"), code="not_allowed")


def require_open(case: Case) -> None:
    """Raise CaseError (code case_closed) when `case` is closed: a closed case is read-only
    until a district officer reopens it."""
    if case.status == S.CLOSED:
        raise CaseError(_("个案已结案，不能修改；如需继续服务请重新开案。"), code="case_closed")


def required_text(value: str, *, missing: CaseError) -> str:
    """`value` stripped; raises `missing` (a CaseError, code <field>_missing) when empty,
    CaseError text_too_long past TEXT_MAX characters."""
    value = (value or "").strip()
    if not value:
        raise missing
    if len(value) > TEXT_MAX:
        raise CaseError(
            _("最多%(limit)s字"), code="text_too_long", field=missing.field, params={"limit": TEXT_MAX}
        )
    return value


def _move(case: Case, to: str, *, actor, expected_version, reason: str = "", kind: str = "moved", **fields):
    source = case.status
    case = transition(
        case, to, actor=actor, expected_version=expected_version, reason=reason, **ERRORS, **fields
    )
    record_case_event(case, kind, actor=actor, text=reason, from_status=source, to_status=to)
    return case


def _start(day) -> timezone.datetime:
    return timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()))


def _open_plan_review(case: Case, *, start=None) -> Deadline:
    return open_deadline(
        case,
        "case_plan_review",
        start=start or timezone.now(),
        area_code=case.child.area_id,
        owner=case.worker,
        label=gettext_noop("个案 %(number)s 计划回顾"),
        label_params={"number": case.number},
    )


@transaction.atomic
def start_assessment(case: Case, *, actor, expected_version: int | None = None) -> Case:
    """intake → assessment, by the case's worker or the district officer. Raises OutOfScope,
    CaseError (not_allowed, case_closed, illegal_transition), CaseConflict (stale_version)."""
    ensure_visible(case, actor)
    refuse_unless(permissions.can_work_case(actor, case))
    require_open(case)
    return _move(case, S.ASSESSMENT, actor=actor, expected_version=expected_version)


@transaction.atomic
def begin_review(case: Case, *, actor, expected_version: int | None = None) -> Case:
    """intervention → review (回顾评估), by the worker or the district officer. Raises as
    start_assessment."""
    ensure_visible(case, actor)
    refuse_unless(permissions.can_work_case(actor, case))
    require_open(case)
    return _move(case, S.REVIEW, actor=actor, expected_version=expected_version)


@transaction.atomic
def finish_review(case: Case, *, actor, text: str = "", expected_version: int | None = None) -> Case:
    """review → intervention: the review found the plan goes on. The running plan-review
    deadline is met and the next one (case_plan_review, 3 months) opens. `text`: the
    review's conclusion (optional). Raises as start_assessment."""
    ensure_visible(case, actor)
    refuse_unless(permissions.can_work_case(actor, case))
    require_open(case)
    case = _move(
        case, S.INTERVENTION, actor=actor, expected_version=expected_version, reason=(text or "").strip()
    )
    meet_deadline(case, "case_plan_review")
    _open_plan_review(case)
    return case


@transaction.atomic
def request_approval(
    case: Case, stage: str, *, actor, note: str = "", expected_version: int | None = None
) -> CaseApproval:
    """The worker asks the supervisor to approve the assessment, the plan or the closure
    (`stage`, ApprovalStage). Checks what the stage needs: the assessment written
    (assessment_missing), a goal in the plan (plan_empty), the closure's reason and outcome
    (closure_incomplete, set with `set_closure`). One pending request per stage.
    Raises OutOfScope, CaseError (not_allowed, case_closed, invalid_choice, wrong_status,
    assessment_missing, plan_empty, closure_incomplete, approval_pending), CaseConflict."""
    ensure_visible(case, actor)
    refuse_unless(permissions.can_work_case(actor, case))
    require_open(case)
    if stage not in APPROVAL_MOVES:
        raise CaseError(
            _("审批事项无效：%(value)s"), code="invalid_choice", field="stage", params={"value": stage}
        )
    sources, _target = APPROVAL_MOVES[stage]
    if case.status not in sources:
        raise CaseError(
            _("个案当前为“%(status)s”，不能申请此项审批。"),
            code="wrong_status",
            params={"status": case.get_status_display()},
        )
    if stage == ApprovalStage.ASSESSMENT and not case.assessment.strip():
        raise CaseError(_("请先填写评估结论。"), code="assessment_missing", field="assessment")
    if stage == ApprovalStage.PLAN and not case.goals.exists():
        raise CaseError(_("请先在个案计划中添加服务目标。"), code="plan_empty")
    if stage == ApprovalStage.CLOSURE and not (case.closure_reason and case.outcome.strip()):
        raise CaseError(_("请先填写结案原因和服务成效。"), code="closure_incomplete", field="outcome")
    note = (note or "").strip()[:TEXT_MAX]
    claim_version(case, expected_version, conflict=CaseConflict)
    pending = CaseError(_("该事项已在等待审批。"), code="approval_pending")
    if CaseApproval.objects.filter(case=case, stage=stage, decision=ApprovalDecision.PENDING).exists():
        raise pending
    try:
        with transaction.atomic():
            approval = CaseApproval.objects.create(case=case, stage=stage, note=note, requested_by=actor)
    except IntegrityError as exc:
        raise pending from exc
    record_case_event(
        case, "approval_requested", actor=actor, subject=str(ApprovalStage(stage).label), text=note
    )
    return approval


@transaction.atomic
def decide_approval(
    approval: CaseApproval,
    *,
    actor,
    approve: bool,
    comment: str = "",
    expected_version: int | None = None,
) -> CaseApproval:
    """Approve (the case moves: assessment → plan, plan → intervention, → closed) or return
    (comment required; the case stays and the worker edits and asks again) a pending
    request. `expected_version`: the case's version the decider saw (a case changed since is
    a conflict). Never by the requester (four eyes).
    Effects of approval: assessment — the assessment deadline is met; plan — a plan review
    opens (3 months); closure — closed_on is today, every open action is cancelled and every
    running deadline of the case and its actions is cancelled.
    Raises OutOfScope, CaseError (not_allowed, own_request, approval_decided, comment_missing,
    case_closed, illegal_transition), CaseConflict (stale_version)."""
    case = approval.case
    ensure_visible(case, actor)
    refuse_unless(permissions.can_approve_case(actor, case))
    if approval.requested_by_id == actor.pk:
        raise CaseError(_("不能审批本人提出的申请。"), code="own_request")
    comment = (comment or "").strip()
    if not approve:
        comment = required_text(
            comment, missing=CaseError(_("退回时请填写审批意见。"), code="comment_missing", field="comment")
        )
    elif len(comment) > TEXT_MAX:
        raise CaseError(
            _("最多%(limit)s字"), code="text_too_long", field="comment", params={"limit": TEXT_MAX}
        )
    require_open(case)
    now = timezone.now()
    decision = ApprovalDecision.APPROVED if approve else ApprovalDecision.RETURNED
    taken = CaseApproval.objects.filter(pk=approval.pk, decision=ApprovalDecision.PENDING).update(
        decision=decision, decided_by=actor, decided_at=now, comment=comment
    )
    if not taken:
        raise CaseError(_("该申请已经审批过了。"), code="approval_decided")
    approval.refresh_from_db()
    stage_label = str(ApprovalStage(approval.stage).label)
    if not approve:
        claim_version(case, expected_version, conflict=CaseConflict)
        record_case_event(case, "approval_returned", actor=actor, subject=stage_label, text=comment)
        return approval
    record_case_event(case, "approval_approved", actor=actor, subject=stage_label, text=comment)
    _sources, target = APPROVAL_MOVES[approval.stage]
    extra = {}
    if target == S.CLOSED:
        extra["closed_on"] = timezone.localdate()
    case = _move(case, target, actor=actor, expected_version=expected_version, reason=comment, **extra)
    if approval.stage == ApprovalStage.ASSESSMENT:
        meet_deadline(case, "case_assessment", at=now)
    elif approval.stage == ApprovalStage.PLAN:
        _open_plan_review(case, start=now)
    else:
        _close_down(case, actor=actor)
    return approval


def _close_down(case: Case, *, actor) -> None:
    """At closure: open actions are cancelled (their deadlines too) and every running
    deadline of the case is cancelled."""
    for action in case.actions.filter(status__in=(ActionStatus.OPEN, ActionStatus.IN_PROGRESS)):
        transition(action, ActionStatus.CANCELLED, actor=actor, reason=str(_("个案结案")), **ERRORS)
        cancel_deadlines(action)
    cancel_deadlines(case)


@transaction.atomic
def set_closure(case: Case, *, actor, reason: str, outcome: str, expected_version: int | None = None) -> Case:
    """Record why the case closes (ClosureReason) and its outcome (服务成效, required) before
    the closure is asked for. Raises OutOfScope, CaseError (not_allowed, case_closed,
    invalid_choice, outcome_missing), CaseConflict."""
    ensure_visible(case, actor)
    refuse_unless(permissions.can_work_case(actor, case))
    require_open(case)
    if reason not in ClosureReason.values:
        raise CaseError(_("请选择结案原因。"), code="invalid_choice", field="closure_reason")
    outcome = required_text(
        outcome, missing=CaseError(_("请填写服务成效。"), code="outcome_missing", field="outcome")
    )
    claim_version(case, expected_version, conflict=CaseConflict)
    case.closure_reason, case.outcome = reason, outcome
    case._history_user = actor
    case.save()
    return case


@transaction.atomic
def reopen_case(case: Case, *, actor, reason: str, expected_version: int | None = None) -> Case:
    """closed → assessment, by the district officer, with the reason (required). The
    assessment deadline (case_assessment, 7 days) starts again. Raises OutOfScope,
    CaseError (not_allowed, reason_missing, illegal_transition), CaseConflict."""
    ensure_visible(case, actor)
    refuse_unless(permissions.can_reopen_case(actor, case))
    reason = required_text(
        reason, missing=CaseError(_("请填写重新开案的理由。"), code="reason_missing", field="reason")
    )
    case = _move(
        case,
        S.ASSESSMENT,
        actor=actor,
        expected_version=expected_version,
        reason=reason,
        kind="reopened",
        reopen_reason=reason,
        closed_on=None,
    )
    open_deadline(
        case,
        "case_assessment",
        area_code=case.child.area_id,
        owner=case.worker,
        label=gettext_noop("个案 %(number)s 评估"),
        label_params={"number": case.number},
    )
    return case


# Fields of a case its edit form changes (the rest move only through the steps above).
EDITABLE = ("source", "summary", "assessment", "needs", "worker", "supervisor")


@transaction.atomic
def update_case(
    case: Case,
    *,
    actor,
    expected_version: int | None,
    key_classes: Iterable[str] | None = None,
    **values,
) -> Case:
    """Edit the case's fields (EDITABLE; worker and supervisor as Users) and its key-case
    classes. A stale edit (the case changed since the page showed `expected_version`) is
    refused with CaseConflict (stale_version), nothing written. Raises OutOfScope,
    CaseError (not_allowed, case_closed, invalid_choice, worker_missing, worker_outside,
    supervisor_outside)."""
    ensure_visible(case, actor)
    refuse_unless(permissions.can_work_case(actor, case))
    require_open(case)
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise TypeError(f"update_case() cannot set {sorted(unknown)}")
    if "source" in values and values["source"] not in CaseSource.values:
        raise CaseError(
            _("案件来源无效：%(value)s"),
            code="invalid_choice",
            field="source",
            params={"value": values["source"]},
        )
    check_staff(
        case.child.area_id,
        worker=values.get("worker", case.worker),
        supervisor=values.get("supervisor", case.supervisor),
    )
    claim_version(case, expected_version, conflict=CaseConflict)
    for name, value in values.items():
        setattr(case, name, value.strip() if isinstance(value, str) else value)
    case._history_user = actor
    case.save()
    if key_classes is not None:
        classes = set(key_classes)
        if classes - set(KeyClass.values):
            raise CaseError(_("重点个案分类无效"), code="invalid_choice", field="key_classes")
        case.key_classes.exclude(key_class__in=classes).delete()
        have = set(case.key_classes.values_list("key_class", flat=True))
        CaseKeyClass.objects.bulk_create(
            [CaseKeyClass(case=case, key_class=k) for k in sorted(classes - have)]
        )
    return case


def check_staff(area_code: str, *, worker, supervisor) -> None:
    """The worker and the supervisor must work over the child's area (their area contains
    it), so they can see the case. Raises CaseError worker_missing, worker_outside,
    supervisor_outside."""
    if worker is None:
        raise CaseError(_("请选择个案工作者。"), code="worker_missing", field="worker")
    if not (worker.area_id and area_code.startswith(worker.area_id)):
        raise CaseError(_("个案工作者须负责该儿童所在区域。"), code="worker_outside", field="worker")
    if supervisor is not None and not (supervisor.area_id and area_code.startswith(supervisor.area_id)):
        raise CaseError(_("督导须负责该儿童所在区域。"), code="supervisor_outside", field="supervisor")


def pending_approvals(case: Case) -> list[CaseApproval]:
    return list(case.approvals.filter(decision=ApprovalDecision.PENDING))


def move_case_deadlines(case: Case, area_code: str) -> int:
    """Point the running deadlines of `case` and of its actions at `area_code` (the child's
    new community after a transfer), so the receiving side's lists hold them. Returns how
    many."""
    running = Deadline.objects.running()
    case_type = ContentType.objects.get_for_model(Case)
    action_type = ContentType.objects.get_for_model(CaseAction)
    moved = running.filter(subject_type=case_type, subject_id=case.pk).update(area_code=area_code)
    action_ids = list(case.actions.values_list("pk", flat=True))
    moved += running.filter(subject_type=action_type, subject_id__in=action_ids).update(area_code=area_code)
    return moved
