"""{% area_label area %}: a community's name, with its street where the name repeats in the
signed-in user's scope (areas.naming)."""

from django import template

from childwelfare.areas.naming import area_label as label_of
from childwelfare.areas.naming import streets_for_request

register = template.Library()


@register.simple_tag(takes_context=True)
def area_label(context, area):
    """The name to show for `area` (an Area or None); one query per request at most."""
    return label_of(area, streets_for_request(context.get("request")))
