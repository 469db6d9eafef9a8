"""The June minor-protection month (未成年人保护宣传月) and its events (DOMAIN.md §1 part 3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from childwelfare.access.scope import Scope, ScopedQuerySet
from childwelfare.accounts.choices import Department

from ..choices import EventKind


class PublicityCampaign(models.Model):
    """One year's publicity campaign, run by the city (usually the June month)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    theme = models.CharField(_("主题"), max_length=200)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    brand = models.CharField(_("品牌"), max_length=100, blank=True)
    is_june_month = models.BooleanField(_("六月未成年人保护宣传月"), default=True)
    launch_date = models.DateField(_("启动仪式日期"), null=True, blank=True)
    launch_place = models.CharField(_("启动仪式地点"), max_length=200, blank=True)
    area = models.ForeignKey("areas.Area", verbose_name=_("范围"), on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("创建人")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    version = models.PositiveIntegerField(default=0)

    # A city campaign is read by every reader below the city (upward), like a screening one.
    scope = Scope("area__code", upward=True)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("宣传活动")
        verbose_name_plural = _("宣传活动")
        ordering = ["-year", "-start_date", "-pk"]

    def __str__(self) -> str:
        return f"{self.year} {self.theme}"


class PublicityEvent(models.Model):
    """One event of a campaign: what, by whom (a district, or a member unit), where, when,
    how many people it reached and how many booklets or comics it handed out."""

    campaign = models.ForeignKey(
        PublicityCampaign, verbose_name=_("宣传活动"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("形式"), max_length=40, choices=EventKind.choices)
    title = models.CharField(_("名称"), max_length=200, blank=True)
    # The organiser's area: the district for a district's event, the city for a member unit
    # of the city; scope and the per-area figures read it.
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("主办区域"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.CharField(_("成员单位"), max_length=32, choices=Department.choices, blank=True)
    unit_name = models.CharField(_("主办单位名称"), max_length=100, blank=True)
    place = models.CharField(_("地点"), max_length=200)
    held_on = models.DateField(_("日期"))
    audience = models.PositiveIntegerField(_("受众人次"), default=0)
    materials = models.PositiveIntegerField(_("发放宣传品份数"), default=0)
    laws = models.JSONField(_("宣传的法律"), default=list, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("登记人")
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    scope = Scope("area__code", upward=True)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("宣传活动场次")
        verbose_name_plural = _("宣传活动场次")
        ordering = ["held_on", "pk"]
        indexes = [models.Index(fields=["campaign", "area"], name="outreach_event_campaign_area")]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()

    @property
    def organiser(self) -> str:
        """The organiser as shown: the unit's name, else the member unit, else the area."""
        if self.unit_name:
            return self.unit_name
        if self.department:
            return str(self.get_department_display())
        return self.area.name
