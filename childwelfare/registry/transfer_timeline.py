"""The child timeline's events of transfers (迁移, issue 9): proposed, then accepted, refused
or withdrawn, with who, when and why. Two queries per child. Registered from
RegistryConfig.ready()."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .choices import TransferStatus
from .models import ChildTransfer
from .timeline import TimelineEvent, actor_name, register_timeline_provider


def transfer_events(child, user) -> list[TimelineEvent]:
    events = []
    decided = {
        TransferStatus.ACCEPTED: _("迁移已接收"),
        TransferStatus.REFUSED: _("迁移被拒绝"),
        TransferStatus.CANCELLED: _("迁移已撤回"),
    }
    transfers = ChildTransfer.objects.filter(child=child).select_related(
        "from_area", "to_area", "proposed_by", "decided_by"
    )
    for transfer in transfers:
        route = f"{transfer.from_area.full_name} → {transfer.to_area.full_name}"
        events.append(
            TimelineEvent(
                at=transfer.proposed_at,
                kind="registry.transfer",
                title=_("提出迁移"),
                detail=f"{route}（{transfer.reason}）",
                actor=actor_name(transfer.proposed_by),
            )
        )
        if transfer.status in decided and transfer.decided_at:
            note = f"（{transfer.decision_note}）" if transfer.decision_note else ""
            events.append(
                TimelineEvent(
                    at=transfer.decided_at,
                    kind="registry.transfer",
                    title=str(decided[transfer.status]),
                    detail=f"{route}{note}",
                    actor=actor_name(transfer.decided_by),
                )
            )
    return events


register_timeline_provider(transfer_events)
