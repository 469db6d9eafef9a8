"""The main menu, as registered by the apps (accounts.menu)."""

from django import template

from childwelfare.accounts.menu import menu_for

register = template.Library()


@register.inclusion_tag("includes/_menu.html", takes_context=True)
def main_menu(context):
    """The <li> entries of the navbar for the signed-in user."""
    request = context.get("request")
    return {"entries": menu_for(request) if request is not None else []}
