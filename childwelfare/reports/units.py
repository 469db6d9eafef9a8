"""The units of the statistics' figures, agreeing with their number in English (no models).

Chinese has one form ("1 人", "2 人"); English has two ("1 child", "2 children"), so a figure's
unit is a plural entry of the catalog, not a plain msgid (which read "1 children"):

    Figure(key="children.registered", ..., unit=units.CHILDREN)
    unit_for(figure.unit, 1)  → "child" in English, "人" in Chinese
    str(figure.unit)          → "children": the unit as a column heading or beside any other number

Units that are not counted ("元", "%") stay plain strings; `unit_for` gives them back as they are.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import npgettext_lazy


class CountedUnit:
    """A counted unit: `forms` is npgettext_lazy(context, msgid, msgid, "n") (the same Chinese
    in both forms). str() gives the plural form; `for_value(value)` the form for `value`: the
    singular only for exactly one (1, Decimal("1.0")), the plural for 0, 2, 1.5."""

    def __init__(self, forms: Any) -> None:
        self.forms = forms

    def for_value(self, value: Any) -> str:
        one = isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) and value == 1
        return self.forms % {"n": 1 if one else 2}

    def __str__(self) -> str:
        return self.for_value(2)

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"CountedUnit({self.for_value(2)!r})"


def unit_for(unit: Any, value: Any) -> str:
    """The unit to print beside `value`, in the active language: a CountedUnit agrees with the
    number, anything else (a plain unit such as "元", or "") is returned as text."""
    if isinstance(unit, CountedUnit):
        return unit.for_value(value)
    return str(unit) if unit else ""


CHILDREN = CountedUnit(npgettext_lazy("unit of a figure", "人", "人", "n"))
PERSON_TIMES = CountedUnit(npgettext_lazy("unit of a figure", "人次", "人次", "n"))
ITEMS = CountedUnit(npgettext_lazy("unit of a figure", "件", "件", "n"))
CASES = CountedUnit(npgettext_lazy("unit of a figure", "例", "例", "n"))
PROBLEMS = CountedUnit(npgettext_lazy("unit of a figure", "个", "个", "n"))
RECORDS = CountedUnit(npgettext_lazy("unit of a figure", "条", "条", "n"))
MEETINGS = CountedUnit(npgettext_lazy("unit of a figure", "次", "次", "n"))
ACTIONS = CountedUnit(npgettext_lazy("unit of a figure", "项", "项", "n"))
EVENTS = CountedUnit(npgettext_lazy("unit of a figure", "场", "场", "n"))
YEARS = CountedUnit(npgettext_lazy("unit of a figure", "年", "年", "n"))
HOURS = CountedUnit(npgettext_lazy("unit of a figure", "小时", "小时", "n"))
PROJECTS = CountedUnit(npgettext_lazy("unit of projects", "个", "个", "n"))
WORKSTATIONS = CountedUnit(npgettext_lazy("unit of workstations", "个", "个", "n"))
