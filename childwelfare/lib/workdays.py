"""Working days under the State Council holiday calendar (国务院办公厅 annual notices), from
the chinesecalendar library, with make-up working days; plus an override table the platform's
administrators keep (benefits.HolidayOverride) for corrections and for years the library does
not cover yet. No models here: callers pass the overrides in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import chinese_calendar
from chinese_calendar.constants import holidays as _HOLIDAYS
from chinese_calendar.constants import workdays as _MAKE_UP_DAYS


@dataclass(frozen=True)
class WorkdayResult:
    """A date counted in working days, and whether any day in the count fell in a year the
    holiday library does not cover (then only weekends and the override table were used)."""

    day: date
    fallback_years: tuple[int, ...] = ()

    @property
    def used_fallback(self) -> bool:
        return bool(self.fallback_years)


@cache
def calendar_years() -> tuple[int, int]:
    """First and last year the library has official data for (computed once: the library's
    table is fixed for the process; every working-day test asks)."""
    years = [day.year for day in chinese_calendar.holidays]
    return min(years), max(years)


def is_working_day(day: date, overrides: Mapping[date, bool] | None = None) -> tuple[bool, bool]:
    """(is it a working day, was the library's data missing for its year).

    Overrides win; then the official calendar (holidays off, make-up days on); in a year the
    library does not cover, Monday–Friday are working days."""
    if overrides and day in overrides:
        return overrides[day], False
    first, last = calendar_years()
    if first <= day.year <= last:
        # chinese_calendar.is_workday's own rule, without its range check on every call (which
        # scans the whole table: 0.2 ms a day, and a work list counts hundreds of days a row).
        return day in _MAKE_UP_DAYS or (day.weekday() < 5 and day not in _HOLIDAYS), False
    return day.weekday() < 5, True


def add_working_days(start: date, days: int, overrides: Mapping[date, bool] | None = None) -> WorkdayResult:
    """The `days`-th working day after `start` (start itself not counted): a step due
    "within 15 working days" of `start` is due on add_working_days(start, 15).

    Raises ValueError for a negative count. Rule: 民发〔2019〕62号 deadlines (DOMAIN.md §4).
    """
    if days < 0:
        raise ValueError("days must be >= 0")
    day = start
    counted = 0
    fallback: set[int] = set()
    while counted < days:
        day += timedelta(days=1)
        working, missing = is_working_day(day, overrides)
        if missing:
            fallback.add(day.year)
        if working:
            counted += 1
    return WorkdayResult(day=day, fallback_years=tuple(sorted(fallback)))


def working_days_between(start: date, end: date, overrides: Mapping[date, bool] | None = None) -> int:
    """Working days after `start` up to and including `end` (0 if end <= start)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, overrides)[0]:
            count += 1
    return count
