"""One row per state change of any declared state machine (see machines.py): who moved
which object from which status to which, when and why, and the object's area code for
scoping. Written only by services.transition / services.record_step, in the transaction of
the move; never changed afterwards."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.access.scope import Scope
from childwelfare.accounts.choices import ACCESS_LOG_READER_ROLES

from .machines import machine_for
from .querysets import TransitionEventQuerySet


class TransitionEvent(models.Model):
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("对象类型"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    target = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("类型"), max_length=100)
    from_status = models.CharField(_("原状态"), max_length=32)
    to_status = models.CharField(_("新状态"), max_length=32)
    step = models.CharField(_("步骤"), max_length=40, blank=True)
    version = models.PositiveIntegerField(_("版本"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    reason = models.TextField(_("原因"), blank=True)
    area_code = models.CharField(_("区划代码"), max_length=12, blank=True)

    scope = Scope("area_code", readers=ACCESS_LOG_READER_ROLES)
    objects = TransitionEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("状态变更记录")
        verbose_name_plural = _("状态变更记录")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["-at", "-id"], name="transition_at_idx"),
            models.Index(fields=["actor", "-at"], name="transition_actor_at_idx"),
            models.Index(fields=["kind", "-at"], name="transition_kind_at_idx"),
            models.Index(fields=["content_type", "object_id", "at"], name="transition_object_idx"),
            models.Index(
                fields=["area_code"], name="transition_area_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id} {self.from_status}→{self.to_status}"

    @property
    def machine(self):
        return machine_for(self.kind)

    @property
    def kind_label(self):
        machine = self.machine
        return machine.name if machine else self.kind

    @property
    def from_label(self):
        machine = self.machine
        return machine.label(self.from_status) if machine else self.from_status

    @property
    def to_label(self):
        machine = self.machine
        return machine.label(self.to_status) if machine else self.to_status

    @property
    def step_label(self):
        machine = self.machine
        return machine.step_label(self.step) if machine and self.step else self.step
