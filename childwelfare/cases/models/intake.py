"""Intake (接案登记) from every source, and the mandatory report (强制报告) with its
confidential reporter (issue 10; DOMAIN.md §7)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from childwelfare.access.scope import Scope, ScopedQuerySet
from childwelfare.lib.protected_fields import EncryptedBlankCharField

from ..choices import CaseSource, IntakeStatus, ReportingUnitType


# --- intake (issue 10, part "intake") -------------------------------------------------------
class ChildIdentity(models.TextChoices):
    """How far the child of an intake is known: a registered file, a child not yet registered
    (described), or a child whose identity is unknown (described; the unknown-identity part
    builds the provisional record and attaches it with services.intake.attach_child)."""

    REGISTERED = "registered", _("已登记儿童")
    NEW = "new", _("尚未登记的儿童")
    UNKNOWN = "unknown", _("身份不明的儿童")


class Intake(models.Model):
    """Something that came in about a child: it opens a case or is linked to an existing one.

    `area` is where it is handled (the child's community when known, else the district that
    received it); `child` may be empty while the child is not yet identified.
    """

    source = models.CharField(_("来源"), max_length=24, choices=CaseSource.choices)
    received_at = models.DateTimeField(_("接收时间"))
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+"
    )
    child = models.ForeignKey(
        "registry.Child",
        verbose_name=_("儿童"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="intakes",
    )
    child_description = models.TextField(_("儿童情况（未登记时）"), blank=True)
    child_identity = models.CharField(
        _("儿童身份"), max_length=12, choices=ChildIdentity.choices, default=ChildIdentity.REGISTERED
    )
    description = models.TextField(_("事由"))
    # a problem or screening record it came from (active discovery), if any
    problem = models.ForeignKey(
        "discovery.Problem", null=True, blank=True, on_delete=models.SET_NULL, related_name="intakes"
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("个案"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="intakes",
    )
    status = models.CharField(
        _("状态"), max_length=14, choices=IntakeStatus.choices, default=IntakeStatus.RECEIVED
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    # who decided what became of it (opened or linked a case, or 不予立案 with a reason)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decision_reason = models.TextField(_("不予立案理由"), blank=True)
    version = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    scope = Scope("area__code")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("接案登记")
        verbose_name_plural = _("接案登记")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_source_display()}{gettext('（')}{self.received_at:%Y-%m-%d}{gettext('）')}"


class MandatoryReport(models.Model):
    """A mandatory report (强制报告) received as an intake. The reporter's name and contact are
    confidential: shown only to users with the permission cases.view_reporter, on every path
    (page, export, search, history, timeline); everyone else sees 保密."""

    intake = models.OneToOneField(Intake, on_delete=models.CASCADE, related_name="report")
    unit_name = models.CharField(_("报告单位"), max_length=100)
    unit_type = models.CharField(_("报告单位类型"), max_length=24, choices=ReportingUnitType.choices)
    reporter_name = EncryptedBlankCharField(_("报告人姓名"), max_length=50, blank=True)
    reporter_contact = EncryptedBlankCharField(_("报告人联系方式"), max_length=50, blank=True)
    # keyed hash of the normalised reporter name: exact search by users with view_reporter only
    reporter_name_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # codes of ReportSituation, e.g. ["4", "6"]
    situations = models.JSONField(_("报告情形"), default=list)
    harm_found_at = models.DateTimeField(_("发现时间"))
    police_reported_at = models.DateTimeField(_("向公安报案时间"), null=True, blank=True)
    police_receipt_no = models.CharField(_("公安受案回执号"), max_length=50, blank=True)
    acknowledged_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.TextField(_("处理结果"), blank=True)
    outcome_told_at = models.DateTimeField(_("反馈报告单位时间"), null=True, blank=True)
    outcome_told_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["reporter_name", "reporter_contact", "reporter_name_hash"])

    scope = Scope("intake__area__code")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("强制报告")
        verbose_name_plural = _("强制报告")
        ordering = ["-harm_found_at", "-id"]
        permissions = [("view_reporter", _("查看强制报告的报告人身份"))]

    def __str__(self) -> str:
        return self.unit_name


class IntakeAttachment(models.Model):
    """A file received with an intake (size- and type-checked by lib.uploads, stored outside
    the web root, served through a scoped view)."""

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("附件"), upload_to="cases/intake/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    scope = Scope("intake__area__code")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name
