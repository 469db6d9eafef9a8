from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    """Forms that survive people: one-time form tokens (a creating form posted twice creates
    once), local drafts, the warning before the session ends and the page for a stale form."""

    name = "childwelfare.submissions"
    verbose_name = _("表单提交")
