from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "childwelfare.outreach"
    verbose_name = _("宣传与案例评选")

    def ready(self):
        from .pages import register_pages

        register_pages()
