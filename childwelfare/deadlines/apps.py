from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "childwelfare.deadlines"
    verbose_name = _("办理时限")

    def ready(self):
        from childwelfare.accounts.home import register_home_panel
        from childwelfare.accounts.menu import register_menu_item
        from childwelfare.registry.moves import register_move_handler

        from . import defaults  # noqa: F401  (registers the shipped rules)
        from .home import home_panel_context
        from .moves import move_child_deadlines
        from .permissions import can_read_worklist

        register_menu_item(_("到期事项"), "deadlines:list", can_read_worklist, order=80)
        register_home_panel("deadlines/_home_panel.html", home_panel_context, order=15)
        # Deadlines about a child move with it (deadlines/moves.py).
        register_move_handler(move_child_deadlines)
