"""Allowance and dibao standards, their uprating, and the holiday calendar overrides."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from childwelfare.access.scope import Scope, ScopedQuerySet
from childwelfare.registry.choices import Category
from childwelfare.workflow.machines import StateMachine

from ..choices import (
    Rounding,
    UpratingStatus,
)
from ..querysets import (
    StandardQuerySet,
)

User = settings.AUTH_USER_MODEL
_money = {"max_digits": 10, "decimal_places": 2}


class HolidayOverride(models.Model):
    """A correction to the official holiday calendar, or a year the library does not cover."""

    day = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("说明"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {'工作日' if self.is_working_day else '休息日'}"


class DibaoStandard(models.Model):
    """The minimum living guarantee (低保) standard of an area over a period."""

    area = models.ForeignKey("areas.Area", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    effective_from = models.DateField(_("执行起始日"))
    effective_to = models.DateField(_("执行截止日"), null=True, blank=True)
    monthly_amount = models.DecimalField(_("月标准（元）"), **_money)
    legal_basis = models.CharField(_("文件依据"), max_length=200, blank=True)

    history = HistoricalRecords()

    scope = Scope("area__code", upward=True)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("低保标准")
        verbose_name_plural = _("低保标准")
        ordering = ["area_id", "-effective_from"]

    def __str__(self) -> str:
        return f"{self.area} {self.monthly_amount}元 {self.effective_from}起"


class AllowanceStandard(models.Model):
    """A monthly allowance standard of a category in an area (the city, or a district that
    overrides it) from effective_from to effective_to inclusive (open when null). Standards
    of one category and area never overlap (service check everywhere; an exclusion
    constraint on PostgreSQL). A derived standard is `ratio` × the standard of `base_category` in
    the same area, rounded."""

    category = models.CharField(_("儿童类别"), max_length=40, choices=Category.choices)
    area = models.ForeignKey("areas.Area", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    effective_from = models.DateField(_("执行起始日"))
    effective_to = models.DateField(_("执行截止日"), null=True, blank=True)
    monthly_amount = models.DecimalField(_("月标准（元/人）"), **_money)
    legal_basis = models.CharField(_("文件依据"), max_length=200)
    base_category = models.CharField(_("参照类别"), max_length=40, choices=Category.choices, blank=True)
    # Eight places, so 5/6 is 0.83333333: × any base up to 10,000 yuan it is within half a fen
    # of the exact product, which is then rounded to the fen before the yuan (standards.py).
    ratio = models.DecimalField(_("比例"), max_digits=12, decimal_places=8, null=True, blank=True)
    rounding = models.CharField(
        _("取整规则"), max_length=20, choices=Rounding.choices, default=Rounding.YUAN_HALF_UP
    )
    uprating = models.ForeignKey(
        "Uprating",
        verbose_name=_("调标批次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="standards",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()
    scope = Scope("area__code", upward=True)
    objects = StandardQuerySet.as_manager()

    class Meta:
        verbose_name = _("基本生活保障标准")
        verbose_name_plural = _("基本生活保障标准")
        ordering = ["category", "area_id", "-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="standard_dates",
            ),
            models.CheckConstraint(
                condition=models.Q(monthly_amount__gte=0), name="standard_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.monthly_amount}元 {self.effective_from}起"


class Uprating(models.Model):
    """ "Raise the linked standards by the dibao rise": a percentage (or a new dibao amount)
    and an effective date; previewed as lines, approved into new standard rows."""

    area = models.ForeignKey("areas.Area", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    percent = models.DecimalField(_("上调比例（%）"), max_digits=6, decimal_places=3)
    new_dibao_amount = models.DecimalField(_("新低保标准（元）"), null=True, blank=True, **_money)
    effective_from = models.DateField(_("执行起始日"))
    rounding = models.CharField(
        _("取整规则"), max_length=20, choices=Rounding.choices, default=Rounding.YUAN_HALF_UP
    )
    legal_basis = models.CharField(_("文件依据"), max_length=200)
    # A negative percent lowers the standards: proposed only with this reason (issue 8).
    cut_reason = models.TextField(_("下调理由"), blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=UpratingStatus.choices, default=UpratingStatus.DRAFT
    )
    created_by = models.ForeignKey(User, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    approved_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    workflow = StateMachine(
        area="area_id",
        moves={UpratingStatus.DRAFT: {UpratingStatus.APPROVED, UpratingStatus.CANCELLED}},
    )

    scope = Scope("area__code", upward=True)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("标准调整")
        verbose_name_plural = _("标准调整")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.effective_from} {self.direction_label}{self.percent}%"

    @property
    def is_cut(self) -> bool:
        """The uprating lowers the standards (a negative percentage)."""
        return self.percent is not None and self.percent < 0

    @property
    def direction_label(self) -> str:
        """上调 for a rise, 调整 for a cut (never a cut under the label 上调)."""
        return str(_("调整") if self.is_cut else _("上调"))


class UpratingLine(models.Model):
    uprating = models.ForeignKey(Uprating, on_delete=models.CASCADE, related_name="lines")
    old_standard = models.ForeignKey(AllowanceStandard, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("儿童类别"), max_length=40, choices=Category.choices)
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    old_amount = models.DecimalField(_("原标准"), **_money)
    new_amount = models.DecimalField(_("新标准"), **_money)
    derived = models.BooleanField(_("按比例联动"), default=False)

    class Meta:
        verbose_name = _("调标明细")
        verbose_name_plural = _("调标明细")
        ordering = ["uprating", "category", "area_id"]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.old_amount}→{self.new_amount}"
