"""Template helpers of the child file pages: permission checks for buttons."""

from django import template

from childwelfare.accounts import permissions

register = template.Library()


@register.filter
def can_read_children(user) -> bool:
    return permissions.can_read_children(user)


@register.filter
def can_edit_children(user) -> bool:
    return permissions.can_edit_children(user)


@register.filter
def can_view_full_id(user) -> bool:
    return permissions.can_view_full_id(user)
