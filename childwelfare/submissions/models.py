"""One row per one-time form token that reached a creating view (submissions.once)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FormSubmission(models.Model):
    """The first POST of a form token: claimed (no `result_url` yet) while its view runs,
    then the address the view redirected to. The unique token makes the claim atomic across
    processes and databases; rows older than FORM_TOKEN_MAX_AGE_SECONDS are deleted."""

    token = models.CharField(_("表单令牌"), max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), null=True, blank=True, on_delete=models.CASCADE
    )
    path = models.CharField(_("提交地址"), max_length=500)
    result_url = models.CharField(_("结果地址"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("表单提交记录")
        verbose_name_plural = _("表单提交记录")

    def __str__(self) -> str:
        return f"{self.path} {self.token[:8]}"
