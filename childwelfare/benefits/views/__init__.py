"""Pages of benefits (保障): standards, applications, payroll, insurance. Every list starts
from a `visible_to(user)` queryset (outside scope is a 404, like a missing record); every
write goes through the domain functions, whose Chinese messages are shown as they are."""

from .home import home_panel_context

__all__ = ["home_panel_context"]
