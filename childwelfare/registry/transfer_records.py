"""A child's move to a community of another area (迁移, issue 9): the transfer record, proposed
and decided through registry.transfers. Part of the registry's models (imported by
registry/models.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from childwelfare.access.scope import Scope, ScopedQuerySet
from childwelfare.accounts.choices import CHILD_READER_ROLES
from childwelfare.workflow.machines import StateMachine

from .choices import TransferStatus

# Who reads a transfer: those who read the child file, on either side.
TRANSFER_READER_ROLES = CHILD_READER_ROLES


class ChildTransfer(models.Model):
    """A child's move to a community of another area, proposed by the sending side and
    accepted or refused by the receiving district (迁移, issue 9). Until accepted the child
    stays where it is (its scope unchanged); on acceptance its area changes (the history
    keeps both). The transfer itself is visible on both sides (its declared Scope has the two
    area paths): that is how the receiving officer reads the pending child's basic file for
    the decision, and nothing else of the child (registry.transfers)."""

    child = models.ForeignKey(
        "registry.Child", verbose_name=_("儿童"), on_delete=models.CASCADE, related_name="transfers"
    )
    from_area = models.ForeignKey(
        "areas.Area", verbose_name=_("迁出社区"), on_delete=models.PROTECT, related_name="+"
    )
    to_area = models.ForeignKey(
        "areas.Area", verbose_name=_("迁入社区"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("迁移原因"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=10, choices=TransferStatus.choices, default=TransferStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提出人"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decision_note = models.CharField(_("处理说明"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)

    scope = Scope(("from_area__code", "to_area__code"), readers=TRANSFER_READER_ROLES)
    objects = ScopedQuerySet.as_manager()
    workflow = StateMachine(
        area="from_area_id",
        moves={
            TransferStatus.PROPOSED: {
                TransferStatus.ACCEPTED,
                TransferStatus.REFUSED,
                TransferStatus.CANCELLED,
            }
        },
    )

    class Meta:
        verbose_name = _("儿童迁移")
        verbose_name_plural = _("儿童迁移")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(status="proposed"),
                name="one_pending_transfer_per_child",
            )
        ]

    def __str__(self) -> str:
        return f"{self.child} {self.from_area_id} → {self.to_area_id}"
