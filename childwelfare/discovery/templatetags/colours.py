"""{% colour_badge colour %}: the four-colour badge of a risk assessment (DOMAIN.md §5), the
one markup of discovery/_colour.html. A tag, not an include, in list rows: an include per row
costs a template lookup and a context push (issue 14, the work lists)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..choices import Colour

register = template.Library()

_CSS = {
    Colour.RED: "badge text-bg-danger fw-normal",
    Colour.YELLOW: "badge text-bg-warning fw-normal",
    Colour.BLUE: "badge text-bg-primary fw-normal",
    Colour.GREEN: "badge text-bg-success fw-normal",
}


@register.simple_tag
def colour_badge(colour) -> str:
    """A span for `colour` (a Colour value, labelled by its choice; anything else: not
    assessed)."""
    if colour in _CSS:
        return format_html('<span class="{}">{}</span>', _CSS[colour], Colour(colour).label)
    return format_html('<span class="text-muted">{}</span>', _("未评估"))
