from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "childwelfare.deadlines"
    verbose_name = _("办理时限")

    def ready(self):
        from . import defaults  # noqa: F401  (registers the shipped rules)
