"""The filters of the events page: person, date range, kind and area."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.areas.choices import Level
from childwelfare.areas.models import Area

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


class EventFilterForm(forms.Form):
    compact = True  # small controls, like every filter bar (lib.forms.FormRenderer)
    person = forms.CharField(label=_("操作人"), required=False, max_length=50)
    date_from = forms.DateField(label=_("起始日期"), required=False)
    date_to = forms.DateField(label=_("截止日期"), required=False)
    kind = forms.ChoiceField(label=_("类型"), required=False)
    area = forms.ChoiceField(label=_("区划"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("全部类型"))] + [(m.kind, m.name) for m in machines()]
        self.fields["area"].choices = [("", _("全部区划"))] + area_choices(user)
        self.fields["person"].widget.attrs["placeholder"] = _("用户名或姓名")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("截止日期早于起始日期"))
        return data

    def filter(self, events):
        """`events` narrowed by the valid filters (call after is_valid())."""
        data = self.cleaned_data
        person = data.get("person", "").strip()
        if person:
            events = events.filter(
                Q(actor__username__icontains=person) | Q(actor__full_name__icontains=person)
            )
        # Whole local days as a datetime range, so the index on `at` serves it.
        if data.get("date_from"):
            events = events.filter(at__gte=_day_start(data["date_from"]))
        if data.get("date_to"):
            events = events.filter(at__lt=_day_start(data["date_to"] + timedelta(days=1)))
        if data.get("kind"):
            events = events.filter(kind=data["kind"])
        if data.get("area"):
            events = events.filter(area_code__startswith=data["area"])
        return events


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))
