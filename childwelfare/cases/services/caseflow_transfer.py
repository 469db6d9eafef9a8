"""A case follows its child's transfer (issue 10): registry.transfers runs this hook at each
step (registered in cases.apps). The child — and so every case record scoped through it —
stays with the sending side until the receiving district's officer accepts.

- proposed, the child having a case that is not closed: the deadline case_transfer_accept
  (5 working days) opens for the receiving community's district; the case logs it, seen by
  both sides (CaseEvent.other_area_code);
- accepted: the deadline is met, the case's running deadlines move to the new community,
  and the case logs it (seen by the sending side too);
- refused: the deadline is met (decided), the case logs it with the reason;
- cancelled (withdrawn by the sending side): the deadline is cancelled, logged.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from childwelfare.deadlines.services import cancel_deadlines, meet_deadline, open_deadline

from ..choices import CaseStatus
from ..models import Case
from .caseflow import move_case_deadlines, record_case_event


def open_case_of(child) -> Case | None:
    """The child's case that is not closed, or None (at most one: opening.open_case)."""
    return Case.objects.filter(child=child).exclude(status=CaseStatus.CLOSED).first()


def follow_transfer(transfer, *, step: str, actor) -> None:
    """registry.transfers hook (see the module's docstring)."""
    case = open_case_of(transfer.child)
    if case is None:
        if step in ("accepted", "refused"):
            meet_deadline(transfer, "case_transfer_accept")
        elif step == "cancelled":
            cancel_deadlines(transfer, "case_transfer_accept")
        return
    names = {"from": transfer.from_area.name, "to": transfer.to_area.name}
    if step == "proposed":
        open_deadline(
            transfer,
            "case_transfer_accept",
            start=transfer.proposed_at,
            area_code=transfer.to_area_id,
            label=gettext_noop("个案 %(number)s 随儿童迁入待接收"),
            label_params={"number": case.number},
        )
        record_case_event(
            case,
            "transfer_proposed",
            actor=actor,
            subject=str(_("%(from)s → %(to)s") % names),
            text=transfer.reason,
            other_area_code=transfer.to_area_id,
        )
    elif step == "accepted":
        meet_deadline(transfer, "case_transfer_accept")
        move_case_deadlines(case, transfer.to_area_id)
        record_case_event(
            case,
            "transfer_accepted",
            actor=actor,
            subject=str(_("%(from)s → %(to)s") % names),
            other_area_code=transfer.from_area_id,
        )
    elif step == "refused":
        meet_deadline(transfer, "case_transfer_accept")
        record_case_event(
            case,
            "transfer_refused",
            actor=actor,
            subject=str(_("%(from)s → %(to)s") % names),
            text=transfer.decision_note,
            other_area_code=transfer.to_area_id,
        )
    elif step == "cancelled":
        cancel_deadlines(transfer, "case_transfer_accept")
        record_case_event(
            case,
            "transfer_cancelled",
            actor=actor,
            subject=str(_("%(from)s → %(to)s") % names),
            other_area_code=transfer.to_area_id,
        )
