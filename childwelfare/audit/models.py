"""Access log: every full view of an ID number, every export and download, every import
attempt (dry runs and refused ones too) and every ID number found registered outside the
actor's area.
Change history of records is kept by django-simple-history on each model."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from childwelfare.access.scope import Scope
from childwelfare.accounts.choices import ACCESS_LOG_READER_ROLES

from .querysets import AccessLogQuerySet


class AccessAction(models.TextChoices):
    VIEW_FULL_ID = "view_full_id", _("查看完整身份证号")
    EXPORT = "export", _("导出")
    IMPORT = "import", _("导入")
    DOWNLOAD = "download", _("下载")
    ID_COLLISION = "id_collision", _("身份证号已在管辖范围外登记")
    VIEW_REPORTER = "view_reporter", _("查看强制报告报告人身份")


class AccessLog(models.Model):
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("操作"), max_length=20, choices=AccessAction.choices)
    object_type = models.CharField(_("对象类型"), max_length=50, blank=True)
    object_id = models.CharField(_("对象"), max_length=50, blank=True)
    detail = models.TextField(_("说明"), blank=True)
    row_count = models.PositiveIntegerField(_("行数"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    # The area of the data seen or moved (the child's, the payroll's, the export's or the
    # import's area): its auditors read the entry even when the actor sits above them.
    area_code = models.CharField(_("数据所属区划"), max_length=12, blank=True, db_index=True)

    scope = Scope(("user__area__code", "area_code"), readers=ACCESS_LOG_READER_ROLES)
    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("访问日志")
        verbose_name_plural = _("访问日志")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_action_display()}"
