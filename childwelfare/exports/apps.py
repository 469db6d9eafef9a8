from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "childwelfare.exports"
    verbose_name = _("导出")

    def ready(self):
        # Each app declares its exportable lists in its exports.py (lib.exporting); importing
        # them here registers them in every process, the worker's too.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("exports")
