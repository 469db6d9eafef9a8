"""Insurance schemes and the yearly enrolment of children."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from childwelfare.access.scope import Scope
from childwelfare.registry.choices import Category
from childwelfare.workflow.machines import StateMachine

from ..choices import (
    EnrolmentStatus,
    InsuranceKind,
)
from ..querysets import (
    EnrolmentQuerySet,
)

User = settings.AUTH_USER_MODEL
_money = {"max_digits": 10, "decimal_places": 2}


class InsuranceScheme(models.Model):
    """An insurance bought for children: which categories it covers is configurable."""

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("险种"), max_length=30, choices=InsuranceKind.choices)
    categories = models.JSONField(_("参保类别"), default=list)
    insurer = models.CharField(_("承保机构"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("保险项目")
        verbose_name_plural = _("保险项目")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class InsuranceEnrolment(models.Model):
    """A child on a scheme's roster for a year. Removal (with a reason) and re-enrolment
    (with a note) are moves of `status` through workflow.services.transition: each leaves a
    TransitionEvent (who, when, why); the last one's who/when/why are kept on the row for the
    roster page. A removed row stays, so regenerating the roster does not enrol the child
    again (one enrolment per child, scheme and year)."""

    scheme = models.ForeignKey(
        InsuranceScheme, verbose_name=_("保险项目"), on_delete=models.PROTECT, related_name="enrolments"
    )
    year = models.PositiveSmallIntegerField(_("保险年度"))
    child = models.ForeignKey(
        "registry.Child", verbose_name=_("儿童"), on_delete=models.PROTECT, related_name="insurance"
    )
    category = models.CharField(_("参保时类别"), max_length=40, choices=Category.choices)
    as_of = models.DateField(_("名单截止日"))
    policy_number = models.CharField(_("保单号"), max_length=60, blank=True)
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    # 起保日期 sent to the insurer: the later of the cut-off and 1 January of the year; the
    # re-enrolment date for a child re-enrolled (insurance.cover_start).
    cover_from = models.DateField(_("起保日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.ENROLLED,
        db_default=EnrolmentStatus.ENROLLED,
    )
    version = models.PositiveIntegerField(_("版本"), default=0, db_default=0)
    enrolled_at = models.DateTimeField(_("列入时间"), null=True, blank=True)
    enrolled_by = models.ForeignKey(
        User, verbose_name=_("列入人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("变更时间"), null=True, blank=True)
    changed_by = models.ForeignKey(
        User, verbose_name=_("变更人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    change_reason = models.CharField(_("变更原因"), max_length=500, blank=True, db_default="")

    workflow = StateMachine(
        area="child__area_id",
        moves={
            EnrolmentStatus.ENROLLED: {EnrolmentStatus.REMOVED},
            EnrolmentStatus.REMOVED: {EnrolmentStatus.ENROLLED},
        },
    )
    scope = Scope("child__area__code")
    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("参保名单")
        verbose_name_plural = _("参保名单")
        ordering = ["scheme", "year", "area_id", "child_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "year", "child"], name="insurance_one_enrolment_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.year} {self.child_id}"
