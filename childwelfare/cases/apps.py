from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "childwelfare.cases"
    verbose_name = _("个案管理")

    def ready(self):
        # --- guardianship ---------------------------------------------------------------
        from childwelfare.registry.links import register_child_link
        from childwelfare.registry.spell_basis import register_spell_basis
        from childwelfare.registry.timeline import register_timeline_provider

        from .permissions import can_read_guardianship
        from .services.guardianship import guardianship_basis
        from .timeline import guardianship_events

        register_spell_basis(guardianship_basis)
        register_timeline_provider(guardianship_events)
        register_child_link(
            _("民政监护"),
            "cases:guardianship_child",
            lambda user, child: can_read_guardianship(user),
            order=60,
        )
