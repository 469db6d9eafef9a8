from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "childwelfare.workflow"
    verbose_name = _("状态流转")

    def ready(self):
        from .machines import check_machines

        checks.register(check_machines, checks.Tags.models)
