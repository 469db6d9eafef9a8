from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "childwelfare.registry"
    verbose_name = _("儿童档案")

    def ready(self):
        from childwelfare.accounts.home import register_home_panel

        from .home import child_file_summary

        register_home_panel("registry/_home_panel.html", child_file_summary, order=10)
