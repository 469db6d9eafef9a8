"""Figures: every number of the dashboard and of the annual report is a registered `Figure`,
a named set of records plus how the number is taken from them (issue 12).

    register(Figure(
        key="children.by_category",
        label=_("各类儿童人数"),
        records=lambda period, arg: Child.objects.filter(...),   # the records behind it
        columns=(Column(_("姓名"), lambda child: child.name), ...),
        detail_url=lambda child: reverse("registry:child_detail", args=[child.pk]),
        arg_label=category_label,             # a breakdown value ("dfu") → its label
    ))

A figure's value is, unless it says otherwise, the number of its records; a sum figure
(yuan, person-times) gives `total`, a derived figure (a rise in per cent, consecutive years)
gives `total` computed from the same records. The dashboard and the report may compute many
values at once with grouped queries (`Figure.values`), but the drill-down list of any number
is `records(period, arg)` ∩ `visible_to(user)`, and the tests walk every number to check that
the two agree: same filters, same dates, same scope (issue 12; Primero R2-1043, R2-2178).

`Period`: the area the figures are for (an area code: "3201" city, "320102" district, …),
and the dates: `date_from`..`date_to` inclusive; "as of" is `date_to`. The annual report of
2023 is `Period.year("3201", 2023)` (1 Jan – 31 Dec); the dashboard as of a day is
`Period.as_of(code, day)` (the twelve months up to that day).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

Number = int | Decimal


@dataclass(frozen=True)
class Period:
    """Where and when: `area_code` (the area's code, a prefix of every record's area code
    counted), `date_from` and `date_to` (inclusive dates; `date_to` is the "as of" day)."""

    area_code: str
    date_from: date
    date_to: date

    @classmethod
    def year(cls, area_code: str, year: int) -> Period:
        """The calendar year `year` (1 January – 31 December)."""
        return cls(area_code, date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def as_of(cls, area_code: str, day: date) -> Period:
        """The dashboard's period: the twelve calendar months ending with `day`'s (the first
        day of the month eleven months before … `day`)."""
        month, year = day.month - 11, day.year
        if month <= 0:
            month, year = month + 12, year - 1
        return cls(area_code, date(year, month, 1), day)

    @property
    def as_of_day(self) -> date:
        return self.date_to

    def moments(self, field: str) -> dict[str, datetime]:
        """The period's days as a range of moments on the timestamp column `field`, for
        `.filter(**period.moments("screened_at"))`: from local midnight starting `date_from`
        to local midnight ending `date_to` (the current time zone, as `__date` reads it).
        Same records as `field__date__gte/lte`, but the column itself is compared, so
        PostgreSQL estimates the rows from its statistics (a local date cast per row gets a
        default guess of 0.5 %, and a count over a city's year went to an index lookup per
        row: bench/dashboard.py, issue 12)."""
        zone = timezone.get_current_timezone()
        start = datetime.combine(self.date_from, time.min, zone)
        end = datetime.combine(self.date_to + timedelta(days=1), time.min, zone)
        return {f"{field}__gte": start, f"{field}__lt": end}

    def query(self, **extra) -> dict[str, str]:
        """The period as query parameters (`area`, `date_from`, `date_to`) plus `extra`."""
        params = {
            "area": self.area_code,
            "date_from": self.date_from.isoformat(),
            "date_to": self.date_to.isoformat(),
        }
        params.update({key: str(value) for key, value in extra.items() if value not in (None, "")})
        return params


@dataclass(frozen=True)
class Column:
    """One column of a figure's drill-down list: header and the value of one record."""

    header: Any
    value: Callable[[Any], Any]


@dataclass(frozen=True)
class TallySpec:
    """How a figure is pre-aggregated for the dashboard "as of today" (reports/aggregates.py):

    - `records(period)`: the figure's records for the period's area and every arg (the same
      filters as `records`/`values`), not limited to a user;
    - `area`: the path of the records' own area code, the one the figure's area filter reads
      (e.g. "child__area_id");
    - `arg`: the path of the column giving the arg (None: one number, arg "");
      `arg_key(value) -> str` turns its value into the arg ("2025-06", "none", a campaign id);
    - `value(period)`: the aggregate of one group (default Count("pk")); it must add up over
      areas (each record lies in one area), as counts and sums do;
    - `yuan`: the value is an amount (Decimal, two places) rather than a count;
    - `by_sub_area`: the figure's args are the areas one level below the period's
      (children by district): its tally is one number per record area, summed by sub-area.
    """

    records: Callable[[Period], QuerySet]
    area: str
    arg: str | None = None
    arg_key: Callable[[Any], str] = str
    value: Callable[[Period], Any] | None = None
    yuan: bool = False
    by_sub_area: bool = False


@dataclass(frozen=True)
class Figure:
    """One number (or a family of numbers, one per `arg`: a category, a district, a status).

    - `records(period, arg) -> QuerySet`: the records behind the number, for the period's
      area and dates, not yet limited to a user (the drill-down adds `visible_to(user)`);
    - `total(queryset, period, arg) -> Number`: the number taken from those records; None
      means their count;
    - `values(period, queryset_filter) -> {arg: Number}`: optional, all the family's numbers
      at once (one grouped query) for pages that show many; must equal `value_of` per arg;
    - `columns`, `detail_url(record)`: the drill-down list's columns and each row's link;
    - `unit`: shown after the number: a counted unit of reports/units.py (units.CHILDREN:
      "1 child", "2 children" in English) or a plain one ("元", "%"); `note`: how it is
      computed and the rule's source, shown on the drill-down page;
    - `readers(user) -> bool`: optional, who may see this figure at all beyond the
      statistics' readers (the payroll's totals: its pages' readers); the drill-down refuses
      others (403) and the dashboard leaves the figure out for them;
    - `tally`: optional, how the dashboard pre-aggregates it as of today (TallySpec).
    """

    key: str
    label: Any
    records: Callable[[Period, str | None], QuerySet]
    columns: tuple[Column, ...] = ()
    total: Callable[[QuerySet, Period, str | None], Number] | None = None
    values: Callable[[Period, Callable[[QuerySet], QuerySet]], dict[str, Number]] | None = None
    detail_url: Callable[[Any], str] | None = None
    arg_label: Callable[[str], Any] | None = None
    unit: Any = ""
    note: Any = ""
    select_related: tuple[str, ...] = field(default=())
    readers: Callable[[Any], bool] | None = None
    tally: TallySpec | None = None

    def readable_by(self, user) -> bool:
        """`user` may see this figure (always true without `readers`, or for no user)."""
        return self.readers is None or user is None or bool(self.readers(user))

    @property
    def is_count(self) -> bool:
        """The number is the count of the drill-down list's rows."""
        return self.total is None


REGISTRY: dict[str, Figure] = {}


def register(figure: Figure) -> Figure:
    """Add `figure` to the registry (at import of its section module). Raises ValueError on
    a key registered twice."""
    if figure.key in REGISTRY:
        raise ValueError(f"figure {figure.key!r} registered twice")
    REGISTRY[figure.key] = figure
    return figure


def figure(key: str) -> Figure:
    """The registered figure `key`. Raises KeyError for an unknown key."""
    return REGISTRY[key]


def scoped(queryset: QuerySet, user) -> QuerySet:
    """`queryset` limited to what `user` may see (its model's declared Scope); a user of
    None leaves it as it is (management commands, the report job run for the area)."""
    if user is None:
        return queryset
    return queryset.visible_to(user)


def records_of(key: str, period: Period, arg: str | None = None, *, user=None) -> QuerySet:
    """The records behind figure `key` for `period` (and `arg`), within `user`'s scope."""
    fig = figure(key)
    queryset = scoped(fig.records(period, arg), user)
    if fig.select_related:
        queryset = queryset.select_related(*fig.select_related)
    return queryset


def value_of(key: str, period: Period, arg: str | None = None, *, user=None) -> Number:
    """Figure `key`'s number for `period` (and `arg`) within `user`'s scope: the count of its
    records, or its `total` of them."""
    fig = figure(key)
    queryset = scoped(fig.records(period, arg), user)
    if fig.total is None:
        return queryset.count()
    return fig.total(queryset, period, arg)


def values_of(key: str, period: Period, args: Iterable[str] = (), *, user=None) -> dict[str, Number]:
    """Figure `key`'s numbers for every arg: its grouped `values` when it has them (args not
    in the answer are 0), else one `value_of` per arg in `args`."""
    fig = figure(key)
    if fig.values is not None:
        found = fig.values(period, lambda queryset: scoped(queryset, user))
        wanted = list(args) or list(found)
        return {arg: found.get(arg, 0) for arg in wanted}
    return {arg: value_of(key, period, arg, user=user) for arg in args}


def drill_url(key: str, period: Period, arg: str | None = None) -> str:
    """The address of the list behind figure `key`'s number (reports:figure)."""
    return reverse("reports:figure") + "?" + urlencode({"figure": key, **period.query(arg=arg)})
