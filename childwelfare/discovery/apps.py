from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscoveryConfig(AppConfig):
    name = "childwelfare.discovery"
    verbose_name = _("主动发现")

    def ready(self):
        from childwelfare.registry.timeline import register_timeline_provider

        from .timeline import discovery_events

        register_timeline_provider(discovery_events)
