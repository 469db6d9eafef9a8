"""The filters of the access log: person, date range (the shared PeriodFilterForm) and kind."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from childwelfare.lib.forms import PeriodFilterForm

from .models import AccessAction


class AccessLogFilterForm(PeriodFilterForm):
    person_path = "user"
    action = forms.ChoiceField(label=_("操作"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].label = _("用户")
        self.fields["action"].choices = [("", _("全部操作")), *AccessAction.choices]

    def filter(self, entries):
        entries = super().filter(entries)
        if self.cleaned_data.get("action"):
            entries = entries.filter(action=self.cleaned_data["action"])
        return entries
