"""The area filter of every list: the districts, streets and communities a user may pick,
limited to the user's scope, offered only where the scope holds more than one community."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .choices import Level
from .models import Area


def user_area_root(user) -> str:
    """The code prefix of the areas a user may pick: their own area, or the city for a
    superuser without one (settings.CITY_AREA_CODE)."""
    if user.area_id:
        return user.area_id
    return settings.CITY_AREA_CODE if user.is_superuser else ""


def area_choices(user, selected: str = "") -> list[tuple[str, str]]:
    """(code, indented name) of districts, streets and communities inside the user's area.

    Communities are listed when the user works at street level or below, or under the street
    (or beside the community) currently selected, so a district's select stays short; any other
    visible community can still be chosen by its code in the query string.
    """
    root = user_area_root(user)
    if not root and not user.is_superuser:
        return []
    areas = Area.objects.filter(code__startswith=root, level__gte=Level.DISTRICT)
    if len(root) < 9:
        streets_open = [selected[:9]] if len(selected) >= 9 else []
        condition = Q(level__lte=Level.STREET)
        for code in streets_open:
            condition |= Q(parent_id=code)
        areas = areas.filter(condition)
    base_level = min((area.level for area in areas), default=Level.DISTRICT)
    return [
        (area.code, "\u3000" * (area.level - base_level) + area.name)
        for area in areas.only("code", "name", "level").order_by("code")
    ]


def scope_has_several_communities(user) -> bool:
    """True when the user's scope (Area.objects.visible_to) holds more than one community.
    One query."""
    return Area.objects.visible_to(user).filter(level=Level.COMMUNITY)[:2].count() > 1


class AreaFilterMixin:
    """Adds an optional `area` select (street or community, area_choices) to a list's filter
    form when the user's scope holds more than one community; `filter_by_area(queryset)`
    keeps the rows whose `area_path` (a declared lookup to an Area foreign key, e.g.
    "child__area") lies in the chosen area. A code outside the user's scope is refused as an
    invalid choice, never applied."""

    area_path = "child__area"

    def add_area_field(self, user) -> None:
        if not scope_has_several_communities(user):
            return
        selected = self.data.get("area", "") if self.data is not None else ""
        choices = area_choices(user, selected)
        if selected and selected not in {code for code, _label in choices}:
            # A community typed into the query string: allowed when it lies inside the scope.
            extra = Area.objects.visible_to(user).filter(code=selected).first()
            if extra is not None:
                choices.append((extra.code, extra.name))
        self.fields["area"] = forms.ChoiceField(
            label=_("街道/社区"), required=False, choices=[("", gettext("全部区划"))] + choices
        )

    def filter_by_area(self, queryset: QuerySet) -> QuerySet:
        if "area" not in self.fields or "area" in self.errors:
            return queryset
        code = getattr(self, "cleaned_data", {}).get("area")
        if not code:
            return queryset
        return queryset.filter(**{f"{self.area_path}__code__startswith": code})
