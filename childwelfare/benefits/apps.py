from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "childwelfare.benefits"
    verbose_name = _("保障")

    def ready(self):
        from childwelfare.registry.timeline import register_timeline_provider

        from .timeline import benefit_events

        register_timeline_provider(benefit_events)
