from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "childwelfare.audit"
    verbose_name = _("审计")

    def ready(self):
        from childwelfare.accounts.menu import register_menu_item

        from .permissions import can_read_access_log

        register_menu_item(_("访问日志"), "audit:access_log", can_read_access_log, order=90)
        from childwelfare.accounts.home import register_ability

        register_ability(
            _("查看访问日志：谁查看了完整号码、导出或导入了什么"),
            "audit:access_log",
            can_read_access_log,
            order=90,
        )
