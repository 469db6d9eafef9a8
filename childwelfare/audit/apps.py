from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "childwelfare.audit"
    verbose_name = _("审计")

    def ready(self):
        from childwelfare.accounts.choices import Role
        from childwelfare.accounts.menu import register_menu_item

        readers = (Role.AUDITOR, Role.DISTRICT_OFFICER, Role.CITY_ADMIN)
        register_menu_item(_("访问日志"), "audit:access_log", lambda user: user.role in readers, order=90)
