from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "childwelfare.workflow"
    verbose_name = _("状态流转")

    def ready(self):
        from childwelfare.accounts.menu import register_menu_item
        from childwelfare.audit.permissions import can_read_access_log

        from .machines import check_machines

        checks.register(check_machines, checks.Tags.models)
        # The same readers as the access log (auditors, district officers, the city).
        register_menu_item(_("状态变更记录"), "workflow:events", can_read_access_log, order=91)
        from childwelfare.accounts.home import register_ability

        register_ability(
            _("查看状态变更记录（谁在何时做了哪一步）"), "workflow:events", can_read_access_log, order=91
        )
