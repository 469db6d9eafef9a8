from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "childwelfare.stations"
    verbose_name = _("阵地建设")

    def ready(self):
        from childwelfare.access.scope import register_station_resolver

        from .permissions import station_ids_of

        register_station_resolver(station_ids_of)
        from . import pages

        pages.register()
