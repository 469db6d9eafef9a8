"""A large export run as a background job (issue 9): its progress, and the file it wrote,
downloadable by the person who asked for it only, deleted after EXPORT_KEEP_DAYS."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")
        READY = "ready", _("已完成，可下载")
        FAILED = "failed", _("生成失败")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导出人"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    # The declared list (lib.exporting.register_export) and what selects its rows: the list
    # page's query string and URL arguments, as the user sent them.
    key = models.CharField(_("清单"), max_length=40)
    query = models.TextField(_("筛选参数"), blank=True)
    url_kwargs = models.JSONField(_("页面参数"), default=dict, blank=True)
    full = models.BooleanField(_("含完整号码"), default=False)
    language = models.CharField(_("语言"), max_length=10, default="zh-hans")
    title = models.CharField(_("标题"), max_length=200, blank=True)
    area_code = models.CharField(_("数据所属区划"), max_length=12, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    processed = models.PositiveIntegerField(_("已写入行数"), default=0)
    total = models.PositiveIntegerField(_("总行数"), default=0)
    filename = models.CharField(_("文件名"), max_length=255, blank=True)
    file = models.FileField(_("文件"), upload_to="exports/%Y/%m/", blank=True)
    # The page the export was started from (a local path with its query string, checked by
    # services.return_path_of): the job page's 返回 link. Empty when not known.
    return_path = models.CharField(_("来源页面"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title or self.key} ({self.get_status_display()})"

    @property
    def is_document(self) -> bool:
        """A whole-file export (exports.documents: counted in steps, not rows)."""
        from .documents import document

        return document(self.key) is not None

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.READY, self.Status.FAILED}

    @property
    def percent(self) -> int:
        if self.status == self.Status.READY:
            return 100
        return min(100, int(self.processed * 100 / self.total)) if self.total else 0
