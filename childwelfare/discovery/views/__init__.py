"""Pages of active discovery (主动发现). Every list starts from a `visible_to(user)` queryset;
every write goes through discovery.services."""

from .home import home_panel_context

__all__ = ["home_panel_context"]
