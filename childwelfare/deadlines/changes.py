"""Pause, resume and extension of a deadline (issue 10: "only with a reason and a
supervisor's approval (recorded)").

    change = request_change(deadline, actor=director, kind="pause", reason="儿童住院")
    decide_change(change, actor=supervisor, approve=True, comment="同意")

A change is asked for by someone who works the item (permissions.can_request_change), with a
reason, and decided by the approver of the item's area (permissions.approver_role: the
township's child supervisor, or a district officer for district-level items; a district
officer also decides what a township's supervisor asked for), never by the person who
asked. Only an approved change acts on the deadline, at the moment of the
approval; who, when and the comment stay on the DeadlineChange row.

Resuming moves the due moment by the time paused, counted in the rule's unit
(`resumed_due`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.access.scope import ensure_visible
from childwelfare.lib import errors
from childwelfare.lib.workdays import add_working_days, working_days_between

from . import permissions
from .calendar import overrides
from .escalation import due_day
from .models import Deadline, DeadlineChange
from .rules import DeadlineRule, Unit, get_rule
from .subjects import due_moved


class DeadlineError(errors.DomainError):
    """A change refused (lib.errors.DomainError: code, field, message)."""


class DeadlineConflict(DeadlineError, errors.ConflictError):
    """The deadline or the request changed since the page was shown (code 'conflict')."""


def resumed_due(rule: DeadlineRule, due_at: datetime, paused_at: datetime, resumed_at: datetime) -> datetime:
    """The due moment after a pause from `paused_at` to `resumed_at`, counted in the rule's
    unit:
    - working days: n = the working days after the pause's local date up to and including
      the resumption's; the due day moves to the n-th working day after it (time of day
      kept). Paused on Monday, resumed on Wednesday of an ordinary week: n = 2;
    - calendar days and months: the calendar days between the two local dates;
    - hours: the exact time paused.
    """
    if rule.unit == Unit.HOURS:
        return due_at + (resumed_at - paused_at)
    paused_on = timezone.localtime(paused_at).date()
    resumed_on = timezone.localtime(resumed_at).date()
    if rule.unit == Unit.WORKING_DAYS:
        count = working_days_between(paused_on, resumed_on, overrides())
        day = due_day(due_at)
        return due_at + (add_working_days(day, count, overrides()).day - day)
    return due_at + timedelta(days=(resumed_on - paused_on).days)


def _check_applicable(deadline: Deadline, kind: str, new_due_at: datetime | None) -> None:
    if deadline.met_at or deadline.cancelled_at:
        raise DeadlineError(_("该事项已办结或已撤销，不能调整时限"), code="not_running")
    if kind == DeadlineChange.Kind.PAUSE and deadline.paused_at:
        raise DeadlineError(_("该事项已暂停计时"), code="already_paused", field="kind")
    if kind == DeadlineChange.Kind.RESUME and not deadline.paused_at:
        raise DeadlineError(_("该事项未暂停，无需恢复"), code="not_paused", field="kind")
    if kind == DeadlineChange.Kind.EXTEND:
        if new_due_at is None:
            raise DeadlineError(_("请填写延期后的期限"), code="new_due_missing", field="new_due_on")
        if new_due_at <= deadline.due_at:
            raise DeadlineError(
                _("延期后的期限须晚于当前期限（%(due)s）"),
                code="extension_not_later",
                field="new_due_on",
                params={"due": due_day(deadline.due_at).isoformat()},
            )


@transaction.atomic
def request_change(
    deadline: Deadline, *, actor, kind: str, reason: str, new_due_at: datetime | None = None
) -> DeadlineChange:
    """Ask for a pause, resumption or extension (`kind` a DeadlineChange.Kind) of a running
    deadline. `new_due_at` (aware) is the extension's due moment, later than the current one.
    Returns the pending DeadlineChange. Raises OutOfScope when the actor cannot see the
    deadline, DeadlineError (cannot_request_change, reason_missing, not_running,
    already_paused, not_paused, new_due_missing, extension_not_later, change_pending)."""
    ensure_visible(deadline, actor)
    if not permissions.can_request_change(actor, deadline):
        raise DeadlineError(_("您不能为该事项申请调整时限"), code="cannot_request_change")
    if kind not in DeadlineChange.Kind.values:
        raise DeadlineError(_("请选择调整类型"), code="kind_missing", field="kind")
    reason = (reason or "").strip()
    if not reason:
        raise DeadlineError(_("请填写理由"), code="reason_missing", field="reason")
    deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
    _check_applicable(deadline, kind, new_due_at)
    if deadline.changes.filter(decision=DeadlineChange.Decision.PENDING).exists():
        raise DeadlineError(_("该事项已有待审批的时限调整申请"), code="change_pending")
    return DeadlineChange.objects.create(
        deadline=deadline,
        kind=kind,
        reason=reason,
        new_due_at=new_due_at if kind == DeadlineChange.Kind.EXTEND else None,
        requested_by=actor,
    )


@transaction.atomic
def decide_change(
    change: DeadlineChange, *, actor, approve: bool, comment: str = "", at: datetime | None = None
) -> DeadlineChange:
    """Approve or refuse a pending change at `at` (default now). An approval acts on the
    deadline at once: a pause stops its clock (paused_at = at), a resumption moves its due
    moment by the time paused (resumed_due) and restarts it, an extension sets the new due
    moment. A refusal needs a comment. Raises OutOfScope, DeadlineError (cannot_decide_change,
    four_eyes, comment_missing, and those of request_change when the deadline moved on since)
    and DeadlineConflict (already decided)."""
    ensure_visible(change.deadline, actor)
    change = DeadlineChange.objects.select_for_update().select_related("deadline").get(pk=change.pk)
    if change.requested_by_id == actor.pk:
        raise DeadlineError(_("不能审批自己提出的申请"), code="four_eyes")
    if not permissions.can_decide_change(actor, change):
        raise DeadlineError(
            _("只有该事项所在乡镇（街道）的儿童督导员或区民政干部可以审批"), code="cannot_decide_change"
        )
    if change.decision != DeadlineChange.Decision.PENDING:
        raise DeadlineConflict(_("该申请已由他人审批"), code="conflict")
    comment = (comment or "").strip()
    if not approve and not comment:
        raise DeadlineError(_("不予批准须填写审批意见"), code="comment_missing", field="comment")
    at = at or timezone.now()
    if approve:
        deadline = Deadline.objects.select_for_update().get(pk=change.deadline_id)
        _check_applicable(deadline, change.kind, change.new_due_at)
        if change.kind == DeadlineChange.Kind.PAUSE:
            updates = {"paused_at": at}
        elif change.kind == DeadlineChange.Kind.RESUME:
            rule = get_rule(deadline.rule)
            updates = {
                "paused_at": None,
                "due_at": resumed_due(rule, deadline.due_at, deadline.paused_at, at),
            }
        else:
            updates = {"due_at": change.new_due_at}
        Deadline.objects.filter(pk=deadline.pk).update(**updates, version=models.F("version") + 1)
        if "due_at" in updates:
            deadline.due_at = updates["due_at"]
            due_moved(deadline)
    change.decision = DeadlineChange.Decision.APPROVED if approve else DeadlineChange.Decision.REFUSED
    change.decided_by = actor
    change.decided_at = at
    change.comment = comment
    change.save(update_fields=["decision", "decided_by", "decided_at", "comment"])
    return change


def pending_for(user):
    """Pending changes `user` may decide (the approvals list), oldest first."""
    from django.db.models import Q
    from django.db.models.functions import Length

    if not permissions.can_read_approvals(user):
        return DeadlineChange.objects.none()
    changes = (
        DeadlineChange.objects.visible_to(user)
        .filter(decision=DeadlineChange.Decision.PENDING)
        .exclude(requested_by=user)
        .annotate(code_length=Length("deadline__area_code"))
    )
    if user.is_superuser:
        return changes.order_by("requested_at", "id")
    role = user.role
    if role == permissions.Role.CHILD_SUPERVISOR:
        changes = changes.filter(code_length__gte=permissions.TOWNSHIP_CODE_LENGTH)
    elif role == permissions.Role.DISTRICT_OFFICER:
        # District-level items, and those a township's supervisor asked for (who cannot
        # decide their own request).
        district_level = Q(
            code_length__gte=permissions.DISTRICT_CODE_LENGTH,
            code_length__lt=permissions.TOWNSHIP_CODE_LENGTH,
        )
        changes = changes.filter(district_level | Q(requested_by__role=permissions.Role.CHILD_SUPERVISOR))
    else:
        changes = changes.filter(code_length__lt=permissions.DISTRICT_CODE_LENGTH)
    return changes.order_by("requested_at", "id")
