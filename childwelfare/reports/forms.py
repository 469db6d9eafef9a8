"""Reading a period from a page's query string (dashboard, report, drill-down lists)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.accounts.policy import within
from childwelfare.areas.filters import area_choices, user_area_root
from childwelfare.areas.models import Area

from .figures import Period

# The dates a statistics period may take: from the platform's earliest records (the
# standards' history starts in 2011) to the end of the next century's first decades; a date
# outside is refused on the form (year 1 or 9999 would overflow the twelve-month period).
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)


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
        for name in ("date_from", "date_to"):
            day = cleaned.get(name)
            if day is not None and not (EARLIEST <= day <= LATEST):
                self.add_error(
                    name,
                    forms.ValidationError(
                        _("日期应在 %(start)s 至 %(end)s 之间"),
                        code="out_of_range",
                        params={"start": EARLIEST.isoformat(), "end": LATEST.isoformat()},
                    ),
                )
                cleaned.pop(name, None)
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


class DashboardForm(PeriodForm):
    """The dashboard's query: `area` (a code inside the user's area, picked from the areas
    below theirs; blank: their own area; any other code is refused as outside) and
    `date_to`, the day the dashboard is as of (default today). The period is the twelve
    months up to that day (Period.as_of)."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        del self.fields["date_from"]
        self.fields["date_to"].label = _("统计截止日期")
        selected = (self.data.get("area") or "") if self.is_bound else ""
        choices = [("", _("本辖区")), *area_choices(user, selected)]
        if selected and selected not in dict(choices) and within(user, selected):
            name = Area.objects.filter(code=selected).values_list("name", flat=True).first()
            if name:
                choices.append((selected, name))
        self.fields["area"].widget = forms.Select(choices=choices)

    def clean_date_to(self):
        """A day after today is refused: the dashboard counts what the records say happened
        by the day, and the records of days to come are not written yet (QA)."""
        day = self.cleaned_data.get("date_to")
        if day is not None and EARLIEST <= day <= LATEST and day > timezone.localdate():
            raise forms.ValidationError(_("统计截止日期不能晚于今天"), code="future")
        return day

    def period(self, today: date) -> Period | None:
        if not self.is_valid():
            return None
        return Period.as_of(self.cleaned_data["area"], self.cleaned_data.get("date_to") or today)


class AnnualReportForm(PeriodForm):
    """The annual report's query: `year` (2000 … this year; blank: last year) and `area` (as
    PeriodForm: inside the user's area; blank: their own)."""

    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=9999)

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["date_from"], self.fields["date_to"]
        self.today = today
        self.fields["year"].widget.attrs["max"] = today.year

    def clean_year(self) -> int | None:
        year = self.cleaned_data.get("year")
        if year and year > self.today.year:
            raise forms.ValidationError(_("年度不能晚于今年"), code="future")
        return year

    def period(self, today: date | None = None) -> Period | None:
        """The calendar year asked for in the area asked for, or None when invalid."""
        if not self.is_valid():
            return None
        year = self.cleaned_data.get("year") or (self.today.year - 1)
        return Period.year(self.cleaned_data["area"], year)
