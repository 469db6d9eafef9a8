"""Template helpers of the child file pages: permission checks for menus and buttons, and a
Bootstrap rendering of a form field with its errors."""

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


@register.inclusion_tag("registry/_field.html")
def bootstrap_field(field, col: str = "col-12 col-md-6"):
    """A label, the widget, help text and errors, in a grid column (full width on phones)."""
    widget = field.field.widget
    is_check = getattr(widget, "input_type", "") == "checkbox"
    if field.errors:
        css = widget.attrs.get("class", "")
        if "is-invalid" not in css:
            widget.attrs["class"] = (css + " is-invalid").strip()
    return {"field": field, "col": col, "is_check": is_check}
