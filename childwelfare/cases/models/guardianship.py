"""Guardianship by civil affairs (民政监护, issue 10; DOMAIN.md §8; 未成年人保护法 arts. 92–94)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from childwelfare.access.scope import Scope, ScopedQuerySet

from ..choices import GuardianshipEnd, GuardianshipKind, GuardianshipStatus, Placement


class Guardianship(models.Model):
    """Temporary (art. 92 grounds, art. 93 placement, re-assessed on the engine's schedule,
    returned to the family when assessed able) or long-term (art. 94 grounds; the child
    becomes an institutional orphan from `started_on`, through the confirmation of paid
    categories). `ground` holds a TemporaryGround or LongTermGround value."""

    child = models.ForeignKey(
        "registry.Child", verbose_name=_("儿童"), on_delete=models.PROTECT, related_name="guardianships"
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="guardianships"
    )
    kind = models.CharField(_("监护类型"), max_length=10, choices=GuardianshipKind.choices)
    ground = models.CharField(_("法定情形"), max_length=24)
    placement = models.CharField(_("安置方式"), max_length=24, choices=Placement.choices, blank=True)
    placement_detail = models.CharField(_("安置机构或受托人"), max_length=100, blank=True)
    started_on = models.DateField(_("开始日期"))
    decision_no = models.CharField(_("决定或判决文号"), max_length=60, blank=True)
    status = models.CharField(
        _("状态"), max_length=8, choices=GuardianshipStatus.choices, default=GuardianshipStatus.ACTIVE
    )
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    end_reason = models.CharField(_("结束原因"), max_length=12, choices=GuardianshipEnd.choices, blank=True)
    end_note = models.TextField(_("结束说明"), blank=True)
    # guardianship part: the institutional-orphan spell a long-term guardianship gave the
    # child (pending until a second officer confirms it: benefits.spells), and the temporary
    # guardianship a long-term one continues.
    category_spell = models.ForeignKey(
        "registry.CategorySpell",
        verbose_name=_("儿童类别"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="guardianships",
    )
    follows = models.OneToOneField(
        "self",
        verbose_name=_("由临时监护转入"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followed_by",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    version = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    scope = Scope("child__area__code")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("民政监护")
        verbose_name_plural = _("民政监护")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(status="active"),
                name="guardianship_one_active_per_child",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}{gettext('（')}{self.started_on}{gettext('）')}"


class GuardianAssessment(models.Model):
    """A re-assessment of the family's ability to take the child back (temporary
    guardianship), due every GUARDIANSHIP_REASSESSMENT (deadline rule)."""

    guardianship = models.ForeignKey(Guardianship, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("评估日期"))
    guardian_able = models.BooleanField(_("监护人具备监护能力"))
    notes = models.TextField(_("评估意见"))
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    scope = Scope("guardianship__child__area__code")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("监护能力评估")
        verbose_name_plural = _("监护能力评估")
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return str(self.assessed_on)
