"""Reading a period from a page's query string (dashboard, report, drill-down lists)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from childwelfare.accounts.policy import within
from childwelfare.areas.filters import user_area_root
from childwelfare.areas.models import Area

from .figures import Period


class PeriodForm(forms.Form):
    """`area` (a code inside the user's area; blank: the user's own area), `date_from` and
    `date_to` (ISO dates, `date_from` ≤ `date_to`)."""

    area = forms.CharField(label=_("区划"), required=False, max_length=12)
    date_from = forms.DateField(label=_("起始日期"), required=False)
    date_to = forms.DateField(label=_("截止日期"), required=False)

    def __init__(self, *args, user, default: Period | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.default = default

    def clean_area(self) -> str:
        code = self.cleaned_data.get("area") or user_area_root(self.user)
        if not within(self.user, code) or not Area.objects.filter(code=code).exists():
            raise forms.ValidationError(_("所选区划不在本辖区内"), code="outside")
        return code

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", forms.ValidationError(_("截止日期早于起始日期"), code="order"))
        return cleaned

    def period(self, today: date) -> Period | None:
        """The period asked for (missing dates from the default period, else the twelve
        months to `today`), or None when the query is invalid."""
        if not self.is_valid():
            return None
        code = self.cleaned_data["area"]
        default = self.default or Period.as_of(code, today)
        return Period(
            code,
            self.cleaned_data.get("date_from") or default.date_from,
            self.cleaned_data.get("date_to") or default.date_to,
        )
