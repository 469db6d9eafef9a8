"""Moving a child to a community of another area (迁移, issue 9).

The sending side proposes (`propose_transfer`); the receiving district's officer accepts or
refuses with a reason (`accept_transfer`, `refuse_transfer`); the sending side may withdraw
(`cancel_transfer`). Every decision is a move of ChildTransfer's declared state machine
(workflow.transition: checked, version-locked, an event row). Until acceptance the child
stays where it is, so its scope (and every record scoped through it) is unchanged; on
acceptance the child's area changes in the same transaction, with a history record naming
the move, and the move handlers of other modules run (registry.moves), as for any move.

The receiving side reads the pending child's basic file through the transfer, whose Scope
has both areas (`ChildTransfer.scope`); the child itself stays outside its scope until the
move (`basic_file`).

Other modules follow a transfer's steps through `register_transfer_hook` (case management
opens the receiving district's deadline when a child with an open case is proposed, and
records the decision on the case): each hook runs inside the step's transaction, so an
exception from it undoes the step.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.access.scope import ensure_visible
from childwelfare.accounts import policy
from childwelfare.areas.choices import Level
from childwelfare.workflow.services import transition

from .choices import FileStatus, TransferStatus
from .models import CategorySpell, Child, ChildTransfer
from .moves import child_moved
from .permissions import can_decide_transfer, can_propose_transfer
from .services import RegistryConflict, RegistryError

_ERRORS = {"error": RegistryError, "conflict": RegistryConflict}

TransferHook = Callable[..., object]
_transfer_hooks: list[TransferHook] = []


def register_transfer_hook(hook: TransferHook) -> TransferHook:
    """Add `hook(transfer, *, step: str, actor)` (once), run after each step of a transfer
    inside its transaction; `step` is "proposed", "accepted", "refused" or "cancelled".
    Returns the hook, so it can be a decorator."""
    if hook not in _transfer_hooks:
        _transfer_hooks.append(hook)
    return hook


def _run_hooks(transfer: ChildTransfer, step: str, actor) -> None:
    for hook in _transfer_hooks:
        hook(transfer, step=step, actor=actor)


def _reason(value: str, *, missing: RegistryError) -> str:
    """The reason as typed, stripped; raises `missing` when empty, RegistryError
    (reason_too_long) past 200 characters."""
    value = (value or "").strip()
    if not value:
        raise missing
    if len(value) > 200:
        raise RegistryError(_("说明不能超过200字"), code="reason_too_long", field="reason")
    return value


def propose_transfer(child: Child, *, actor, to_area, reason: str) -> ChildTransfer:
    """Propose moving `child` to the community `to_area` (an Area of level 村居, not the
    child's own) for `reason` (required, at most 200 characters). Returns the transfer.

    Raises OutOfScope (the child is outside the actor's area), RegistryError: cannot_transfer
    (not an editor of the child's area), child_closed, transfer_target_not_community,
    transfer_to_same_area (field to_area), reason_missing (field reason), transfer_pending
    (the child already has a pending transfer)."""
    ensure_visible(child, actor)
    if not can_propose_transfer(actor, child.area_id):
        raise RegistryError(_("您没有迁移该儿童的权限"), code="cannot_transfer")
    if child.status != FileStatus.OPEN:
        raise RegistryError(_("已结档的档案不能迁移"), code="child_closed")
    if to_area is None or to_area.level != Level.COMMUNITY:
        raise RegistryError(_("请选择迁入的村（居）"), code="transfer_target_not_community", field="to_area")
    if to_area.code == child.area_id:
        raise RegistryError(_("迁入社区与现所属社区相同"), code="transfer_to_same_area", field="to_area")
    reason = _reason(
        reason, missing=RegistryError(_("请填写迁移原因"), code="reason_missing", field="reason")
    )
    pending = RegistryError(_("该儿童已有待接收的迁移"), code="transfer_pending")
    if ChildTransfer.objects.filter(child=child, status=TransferStatus.PROPOSED).exists():
        raise pending
    try:
        with transaction.atomic():
            transfer = ChildTransfer.objects.create(
                child=child, from_area_id=child.area_id, to_area=to_area, reason=reason, proposed_by=actor
            )
            _run_hooks(transfer, "proposed", actor)
            return transfer
    except IntegrityError as exc:  # two proposals at once: the partial unique constraint
        raise pending from exc


def _require_decider(transfer: ChildTransfer, actor) -> None:
    ensure_visible(transfer, actor)
    if not can_decide_transfer(actor, transfer.to_area_id):
        raise RegistryError(_("只有迁入地的区民政干部可以接收或拒绝迁移"), code="cannot_decide")


@transaction.atomic
def accept_transfer(transfer: ChildTransfer, *, actor, expected_version: int | None = None) -> ChildTransfer:
    """The receiving district accepts: the transfer is accepted and the child moves to its
    `to_area` (version raised, history record "迁移：…", move handlers run). Returns the
    transfer. Raises OutOfScope, RegistryError (cannot_decide, illegal_transition,
    child_moved_since — the child is no longer where the proposal found it —, child_closed),
    RegistryConflict (stale_version)."""
    _require_decider(transfer, actor)
    child = Child.objects.select_for_update().get(pk=transfer.child_id)
    if child.area_id != transfer.from_area_id:
        raise RegistryError(_("该儿童在提出迁移后已变更所属社区，请撤回后重新提出"), code="child_moved_since")
    if child.status != FileStatus.OPEN:
        raise RegistryError(_("已结档的档案不能迁移"), code="child_closed")
    transfer = transition(
        transfer,
        TransferStatus.ACCEPTED,
        actor=actor,
        expected_version=expected_version,
        **_ERRORS,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    old_area_id = child.area_id
    child.area_id = transfer.to_area_id
    child.version += 1
    child._history_user = actor
    names = {"from": transfer.from_area.name, "to": transfer.to_area.name}
    child._change_reason = str(_("迁移：%(from)s → %(to)s") % names)[:100]
    child.save()
    child_moved(child, old_area_id=old_area_id, new_area_id=child.area_id, actor=actor)
    _run_hooks(transfer, "accepted", actor)
    return transfer


@transaction.atomic
def refuse_transfer(
    transfer: ChildTransfer, *, actor, reason: str, expected_version: int | None = None
) -> ChildTransfer:
    """The receiving district refuses, with the reason (required, at most 200 characters);
    the child stays where it is. Raises OutOfScope, RegistryError (cannot_decide,
    reason_missing, illegal_transition), RegistryConflict."""
    _require_decider(transfer, actor)
    reason = _reason(
        reason, missing=RegistryError(_("请填写拒绝原因"), code="reason_missing", field="reason")
    )
    transfer = transition(
        transfer,
        TransferStatus.REFUSED,
        actor=actor,
        expected_version=expected_version,
        reason=reason,
        **_ERRORS,
        decided_by=actor,
        decided_at=timezone.now(),
        decision_note=reason,
    )
    _run_hooks(transfer, "refused", actor)
    return transfer


@transaction.atomic
def cancel_transfer(transfer: ChildTransfer, *, actor, expected_version: int | None = None) -> ChildTransfer:
    """The sending side withdraws its proposal. Raises OutOfScope, RegistryError
    (cannot_transfer, illegal_transition), RegistryConflict."""
    ensure_visible(transfer, actor)
    if not can_propose_transfer(actor, transfer.from_area_id):
        raise RegistryError(_("只有迁出地可以撤回迁移"), code="cannot_transfer")
    transfer = transition(
        transfer,
        TransferStatus.CANCELLED,
        actor=actor,
        expected_version=expected_version,
        **_ERRORS,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    _run_hooks(transfer, "cancelled", actor)
    return transfer


def incoming_transfers(user):
    """Pending transfers into the user's area (the receiving officer's work list), oldest
    first, with the child and both areas."""
    prefix = policy.area_prefix(user)
    if prefix is None:
        return ChildTransfer.objects.none()
    return (
        ChildTransfer.objects.visible_to(user)
        .filter(status=TransferStatus.PROPOSED, to_area__code__startswith=prefix)
        .select_related("child", "from_area", "to_area", "proposed_by")
        .order_by("proposed_at", "pk")
    )


def basic_file(transfer: ChildTransfer, *, on) -> dict:
    """What the receiving side may read of a pending transfer's child for the decision: name,
    sex, birth date, masked ID number, community and address it comes from, the categories it
    holds on `on`, and its guardians' names and relations — nothing of its visits, problems
    or benefits."""
    child = transfer.child
    return {
        "name": child.name,
        "gender": child.get_gender_display(),
        "birth_date": child.birth_date,
        "masked_id": child.masked_id,
        "address": child.address,
        "categories": [
            spell.get_category_display()
            for spell in CategorySpell.objects.current_on(on).filter(child=child).order_by("start_date")
        ],
        "guardians": [
            f"{member.name}（{member.get_relation_display()}）"
            for member in child.family.filter(is_guardian=True).order_by("id")
        ],
    }
