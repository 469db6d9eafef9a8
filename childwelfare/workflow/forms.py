"""The filters of the events page: person, date range, kind and area."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from childwelfare.areas.choices import Level
from childwelfare.areas.models import Area
from childwelfare.lib.forms import PeriodFilterForm

from .machines import machines


def area_choices(user) -> list[tuple[str, str]]:
    """The districts and streets (and the city) inside the user's area, one query, each
    name indented by its level below the city."""
    areas = Area.objects.filter(level__gte=Level.CITY, level__lte=Level.STREET)
    if user.area_id:
        areas = areas.filter(code__startswith=user.area_id)
    return [
        (code, "\u3000" * max(level - Level.CITY, 0) + name)
        for code, name, level in areas.order_by("code").values_list("code", "name", "level")
    ]


class EventFilterForm(PeriodFilterForm):
    kind = forms.ChoiceField(label=_("类型"), required=False)
    area = forms.ChoiceField(label=_("区划"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("全部类型"))] + [(m.kind, m.name) for m in machines()]
        self.fields["area"].choices = [("", _("全部区划"))] + area_choices(user)

    def filter(self, events):
        """`events` narrowed by the valid filters (call after is_valid())."""
        events = super().filter(events)
        data = self.cleaned_data
        if data.get("kind"):
            events = events.filter(kind=data["kind"])
        if data.get("area"):
            events = events.filter(area_code__startswith=data["area"])
        return events
