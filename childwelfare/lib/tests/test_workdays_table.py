"""lib.workdays reads chinese_calendar's tables directly (its is_workday scans the whole
table for its year range on every call, 0.2 ms, and the deadline work lists count hundreds of
days a row): the answer must stay the library's for every day it covers."""

from datetime import date, timedelta

import chinese_calendar

from childwelfare.lib.workdays import calendar_years, is_working_day


def test_every_covered_day_answers_as_the_library():
    first, last = calendar_years()
    day, end = date(first, 1, 1), date(last, 12, 31)
    while day <= end:
        assert is_working_day(day) == (chinese_calendar.is_workday(day), False), day
        day += timedelta(days=1)


def test_overrides_still_win():
    national_day = date(2026, 10, 5)
    assert is_working_day(national_day) == (False, False)
    assert is_working_day(national_day, {national_day: True}) == (True, False)
