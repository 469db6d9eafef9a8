"""The one way a declared status changes (see machines.py).

    record = transition(
        record,
        RecordStatus.RETURNED,
        actor=user,
        expected_version=posted_version,
        reason=reason,
        error=DiscoveryError,
        conflict=ConflictError,
        return_reason=reason,
        returned_by=user,
        returned_at=timezone.now(),
    )

In one transaction: the move is checked against the machine (illegal → `error`, code
"illegal_transition", nothing written); the row is updated only if it still has the status
and version the caller saw (else → `conflict`, code "stale_version", nothing written), the
version rising by one; a TransitionEvent row is written; a django-simple-history record is
written when the model keeps history (a conditional UPDATE sends no save signal); `obj` is
refreshed; `on_commit` callables run after the commit.

`error` and `conflict` are the caller's own DomainError / ConflictError subclasses, so the
views that catch an app's error class keep catching refused moves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.access.scope import Scope, ensure_visible
from childwelfare.lib.errors import ConflictError, DomainError

from .machines import StateMachine, machine_of
from .models import TransitionEvent

# django-simple-history's default change-reason column is a CharField(max_length=100).
_HISTORY_REASON_LENGTH = 100


def transition(
    obj,
    to: str,
    *,
    actor,
    expected_version: int | None = None,
    reason: str = "",
    error: type[DomainError] = DomainError,
    conflict: type[DomainError] = ConflictError,
    on_commit: Iterable[Callable[[], object]] = (),
    **fields,
):
    """Move `obj` (an instance of a model declaring a StateMachine) to status `to`.

    actor: the User who moves it (stored on the event and the history record; None for the
        system);
    expected_version: the version the actor saw (default: the version `obj` has in memory);
    reason: free text kept on the event (a return reason, a refusal's reasons …);
    fields: other columns written in the same UPDATE (who and when of the step, notes …);
        they must not include the status or version fields.
    Returns `obj`, refreshed from the database.
    Raises `error` (code "illegal_transition") if the machine does not allow the move from
    the status `obj` has in memory, `conflict` (code "stale_version") if the row no longer
    has that status or the expected version, access.scope.OutOfScope if `obj` lies outside
    the actor's scope; in every case nothing is written.
    """
    machine = machine_of(obj)
    machine.check_move(obj, to, error=error)
    return _write(
        machine,
        obj,
        to=str(to),
        step="",
        actor=actor,
        expected_version=expected_version,
        reason=reason,
        conflict=conflict,
        on_commit=on_commit,
        fields=fields,
    )


def record_step(
    obj,
    step: str,
    *,
    actor,
    expected_version: int | None = None,
    reason: str = "",
    error: type[DomainError] = DomainError,
    conflict: type[DomainError] = ConflictError,
    on_commit: Iterable[Callable[[], object]] = (),
    **fields,
):
    """A declared step that keeps the status (e.g. the sample re-visit): the same lock, the
    same event row (from = to = the current status, `step` named) and history as a move.
    Raises ValueError for an undeclared step, `error` (code "illegal_step") if the step is
    not allowed in the current status, `conflict` as `transition` does."""
    machine = machine_of(obj)
    machine.check_step(obj, step, error=error)
    return _write(
        machine,
        obj,
        to=machine.status_of(obj),
        step=step,
        actor=actor,
        expected_version=expected_version,
        reason=reason,
        conflict=conflict,
        on_commit=on_commit,
        fields=fields,
    )


def _write(
    machine: StateMachine,
    obj,
    *,
    to: str,
    step: str,
    actor,
    expected_version: int | None,
    reason: str,
    conflict: type[DomainError],
    on_commit: Iterable[Callable[[], object]],
    fields: dict,
):
    # Every move checks scope itself, so no caller can skip it (issue 7): a record outside
    # the actor's area is refused exactly like a missing one. The system (actor None) acts
    # everywhere.
    if actor is not None and isinstance(getattr(type(obj), "scope", None), Scope):
        ensure_visible(obj, actor)
    reserved = {machine.field, machine.version_field} & set(fields)
    if reserved:
        raise TypeError(f"transition() sets {sorted(reserved)} itself")
    source = machine.status_of(obj)
    model = type(obj)
    condition = {"pk": obj.pk, machine.field: source}
    changes = {**fields, machine.field: to}
    if machine.version_field:
        seen = getattr(obj, machine.version_field) if expected_version is None else expected_version
        condition[machine.version_field] = seen
        changes[machine.version_field] = F(machine.version_field) + 1
    actor = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        if not model._base_manager.filter(**condition).update(**changes):
            raise conflict(
                _("该%(object)s已被他人处理，请刷新后查看最新状态"),
                code="stale_version",
                params={"object": machine.name},
            )
        obj.refresh_from_db()
        at = timezone.now()
        _write_history(machine, obj, actor=actor, at=at, source=source, to=to, step=step, reason=reason)
        TransitionEvent.objects.create(
            content_type=ContentType.objects.get_for_model(model),
            object_id=obj.pk,
            kind=machine.kind,
            from_status=source,
            to_status=to,
            step=step,
            version=getattr(obj, machine.version_field) if machine.version_field else None,
            actor=actor,
            at=at,
            reason=reason,
            area_code=machine.area_code(obj),
        )
        for callback in on_commit:
            transaction.on_commit(callback)
    return obj


def _write_history(machine: StateMachine, obj, *, actor, at, source: str, to: str, step: str, reason: str):
    """A change-history record of the row as it is after the move, when the model keeps
    history (django-simple-history); the change reason names the move."""
    attribute = getattr(type(obj)._meta, "simple_history_manager_attribute", None)
    if attribute is None:
        return
    what = str(machine.step_label(step)) if step else f"{machine.label(source)} → {machine.label(to)}"
    change_reason = f"{what}：{reason}" if reason else what
    getattr(type(obj), attribute).bulk_history_create(
        [obj],
        update=True,
        default_user=actor,
        default_change_reason=change_reason[:_HISTORY_REASON_LENGTH],
        default_date=at,
    )
