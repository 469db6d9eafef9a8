"""Date helpers (no models)."""

import calendar
import re
from datetime import date, datetime

_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


def age_on(birth: date, on: date) -> int:
    """Age in completed years on `on`. A 29 February birthday is reached on 1 March in
    common years for this count (the allowance rule for 29 February lives in benefits)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def birthday_in_year(birth: date, year: int) -> date:
    """The birthday in `year`; born 29 February → 28 February in common years (DOMAIN.md §10)."""
    try:
        return birth.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


def add_years(day: date, years: int) -> date:
    """Same day `years` later; 29 February → 28 February when the target year is common."""
    return birthday_in_year(day, day.year + years)


def parse_date(value: object) -> date:
    """A date from a spreadsheet cell: a date/datetime cell, or text 2015-03-04, 2015/3/4,
    2015.3.4, 2015年3月4日 or 20150304. Raises ValueError with a Chinese message."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                break
    raise ValueError(f"“{text}”不是有效日期（应为如 2015-03-04、2015/3/4、2015年3月4日）")


def add_months(day: date, months: int) -> date:
    """Same day `months` later (or earlier); the 31st → the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])
