"""The guidance centre, workstations and children's homes (阵地), their staff, funding,
training and inspections, and the projects and activities they run (issue 11; DOMAIN.md §1
part 4). Every model declares its scope: the site's area subtree, and for station staff
only their own station (access.scope.Scope.station)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from childwelfare.access.scope import Scope, ScopedQuerySet
from childwelfare.workflow.machines import StateMachine

from .choices import (
    SITE_MOVES,
    SITE_READER_ROLES,
    ActivityKind,
    BuildType,
    ProjectKind,
    ProjectStatus,
    SiteKind,
    SiteLevel,
    SiteStatus,
)

USER = settings.AUTH_USER_MODEL


class Site(models.Model):
    """A work position: the city's guidance centre, a township's workstation (care home) or
    a village's children's home. `status_on` is the day its current status was reached (each
    move is also a workflow event); `opened_on` the day it started operating."""

    kind = models.CharField(_("类型"), max_length=20, choices=SiteKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    level = models.CharField(
        _("建设等级"), max_length=20, choices=SiteLevel.choices, default=SiteLevel.ORDINARY
    )
    build_type = models.CharField(
        _("建设方式"), max_length=20, choices=BuildType.choices, default=BuildType.EXISTING
    )
    livelihood_project = models.BooleanField(_("民生实事项目"), default=False)
    livelihood_year = models.PositiveSmallIntegerField(_("民生实事年度"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=SiteStatus.choices, default=SiteStatus.PLANNED
    )
    status_on = models.DateField(_("状态日期"), null=True, blank=True)
    opened_on = models.DateField(_("启用日期"), null=True, blank=True)
    institution = models.CharField(_("所属机构"), max_length=100, blank=True)
    created_by = models.ForeignKey(USER, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    version = models.PositiveIntegerField(default=0)

    scope = Scope("area__code", readers=SITE_READER_ROLES, station="pk")
    objects = ScopedQuerySet.as_manager()
    workflow = StateMachine(area="area_id", moves=SITE_MOVES)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("阵地")
        verbose_name_plural = _("阵地")
        ordering = ["area_id", "name"]
        indexes = [
            models.Index(fields=["area"], name="site_area_prefix_idx", opclasses=["varchar_pattern_ops"])
        ]

    def __str__(self) -> str:
        return self.name


class SiteChange(models.Model):
    """A dated event in a site's life other than a status move: the guidance centre's move
    from the rescue-management station, a change of address or of the institution."""

    site = models.ForeignKey(Site, verbose_name=_("阵地"), on_delete=models.CASCADE, related_name="changes")
    changed_on = models.DateField(_("日期"))
    note = models.CharField(_("说明"), max_length=500)
    created_by = models.ForeignKey(USER, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+")

    scope = Scope("site__area__code", readers=SITE_READER_ROLES, station="site_id")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("阵地变更")
        verbose_name_plural = _("阵地变更")
        ordering = ["-changed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.changed_on} {self.note}"


class StationMembership(models.Model):
    """A station staff user's station: one per user (accounts knows nothing of stations)."""

    user = models.OneToOneField(
        USER, verbose_name=_("工作人员"), on_delete=models.CASCADE, related_name="station_membership"
    )
    site = models.ForeignKey(Site, verbose_name=_("阵地"), on_delete=models.PROTECT, related_name="members")
    since = models.DateField(_("起始日期"))
    created_by = models.ForeignKey(USER, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+")

    scope = Scope("site__area__code", readers=SITE_READER_ROLES, station="site_id")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作站人员")
        verbose_name_plural = _("工作站人员")

    def __str__(self) -> str:
        return f"{self.user} @ {self.site_id}"


class SiteRecord(models.Model):
    """What funding, training and inspections share: the site, who entered it and when."""

    site = models.ForeignKey(Site, verbose_name=_("阵地"), on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(USER, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    scope = Scope("site__area__code", readers=SITE_READER_ROLES, station="site_id")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class FundingAllocation(SiteRecord):
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    allocated_on = models.DateField(_("拨付日期"))
    purpose = models.CharField(_("用途"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("经费拨付")
        verbose_name_plural = _("经费拨付")
        ordering = ["-allocated_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="funding_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.allocated_on} {self.amount}"


class TrainingSession(SiteRecord):
    held_on = models.DateField(_("培训日期"))
    topic = models.CharField(_("培训主题"), max_length=200)
    trainer = models.CharField(_("授课人"), max_length=100, blank=True)
    attendee_count = models.PositiveIntegerField(_("参训人数"))
    attendee_names = models.TextField(_("参训人员"), blank=True)

    class Meta:
        verbose_name = _("培训")
        verbose_name_plural = _("培训")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"


class Inspection(SiteRecord):
    """An inspection visit. `follow_up_due` is a plain date for now; when the deadline engine
    (childwelfare.deadlines, issue 10) lands, the follow-up becomes one of its deadlines."""

    inspected_on = models.DateField(_("检查日期"))
    inspector = models.CharField(_("检查人"), max_length=100)
    findings = models.TextField(_("发现的问题"), blank=True)
    follow_up = models.TextField(_("整改要求"), blank=True)
    follow_up_due = models.DateField(_("整改期限"), null=True, blank=True)

    class Meta:
        verbose_name = _("督导检查")
        verbose_name_plural = _("督导检查")
        ordering = ["-inspected_on", "-id"]

    def __str__(self) -> str:
        return f"{self.inspected_on} {self.inspector}"


class Project(SiteRecord):
    name = models.CharField(_("项目名称"), max_length=200)
    kind = models.CharField(_("项目类型"), max_length=20, choices=ProjectKind.choices)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    budget = models.DecimalField(_("预算（元）"), max_digits=12, decimal_places=2, default=0)
    partner = models.CharField(_("合作机构"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.RUNNING
    )
    version = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("服务项目")
        verbose_name_plural = _("服务项目")
        ordering = ["-start_date", "-id"]

    def __str__(self) -> str:
        return self.name


class Activity(SiteRecord):
    """One activity a site ran; `person_times` people served (人次)."""

    project = models.ForeignKey(
        Project, verbose_name=_("所属项目"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(_("活动日期"))
    kind = models.CharField(_("活动类型"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("活动名称"), max_length=200)
    person_times = models.PositiveIntegerField(_("服务人次"))
    children = models.ManyToManyField(
        "registry.Child", verbose_name=_("参与儿童"), blank=True, related_name="station_activities"
    )
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["site", "held_on"], name="activity_site_day_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person_times__gte=1), name="activity_person_times_positive"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ActivityPhoto(models.Model):
    """A photo of an activity, stored under MEDIA_ROOT (never served by the web server) and
    shown through stations:photo, which checks scope."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("照片"), upload_to="station-photos/%Y/%m/")
    content_type = models.CharField(_("类型"), max_length=50)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        USER, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    scope = Scope("activity__site__area__code", readers=SITE_READER_ROLES, station="activity__site_id")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("活动照片")
        verbose_name_plural = _("活动照片")

    def __str__(self) -> str:
        return f"{self.activity_id}/{self.pk}"
