"""Numbers of the statistics as printed: thousands separated, yuan and per cent to two
places without trailing zeros (the annual report's `display_number`)."""

from django import template

from childwelfare.reports import units
from childwelfare.reports.annual import display_number

register = template.Library()


@register.filter
def figure_number(value):
    """1234 → "1,234"; Decimal("230690.00") → "230,690"; anything else unchanged."""
    try:
        return display_number(value)
    except (TypeError, ValueError):
        return value


@register.filter
def unit_for(unit, value):
    """A figure's unit agreeing with the number beside it: "1 child", "2 children" (units.unit_for)."""
    return units.unit_for(unit, value)
