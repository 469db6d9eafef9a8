"""Date helpers (no models)."""

import calendar
import re
from datetime import date, datetime

from django.utils.translation import gettext_lazy as _

from .errors import DomainError

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


# The first day any event of the platform can have happened on when no birth date bounds it
# (a parent's situation, a term of custody): a typing slip of 1900 is caught.
EARLIEST_EVENT = date(1950, 1, 1)


class EventDateError(DomainError):
    """A date an event cannot have (codes event_before_birth, event_too_early,
    event_in_future); `field` is the form field, params name the value."""

    default_code = "event_date"


def check_event_date(
    day: date | None,
    *,
    label: str,
    field: str,
    birth_date: date | None = None,
    today: date | None = None,
    planned: bool = False,
    error: type[DomainError] = EventDateError,
) -> date | None:
    """The date of an event that happened (a visit, a screening, a care measure's start, a
    category's start, an application, a custody term's start …), checked. Returns `day`;
    None passes (an optional field left empty).

    Raises `error` (default EventDateError; a service passes its own DomainError subclass so
    its views show it beside the field) on `field`: before the child's `birth_date` (event_before_birth),
    before EARLIEST_EVENT when no birth date applies (event_too_early), after `today`
    (event_in_future; `today` defaults to the local date) unless `planned` (a deadline, a
    planned end). `label` is the field's Chinese name, quoted in the message with the value.
    Rule: issue 8 item 16 — an event cannot precede the child's birth nor lie ahead."""
    if day is None:
        return None
    if birth_date is not None and day < birth_date:
        raise error(
            _("%(label)s%(value)s早于儿童的出生日期%(birth)s"),
            code="event_before_birth",
            field=field,
            params={"label": label, "value": day.isoformat(), "birth": birth_date.isoformat()},
        )
    if day < EARLIEST_EVENT:
        raise error(
            _("%(label)s%(value)s过早，请检查年份"),
            code="event_too_early",
            field=field,
            params={"label": label, "value": day.isoformat()},
        )
    if not planned:
        if today is None:
            from django.utils import timezone

            today = timezone.localdate()
        if day > today:
            raise error(
                _("%(label)s%(value)s晚于今天（%(today)s）"),
                code="event_in_future",
                field=field,
                params={"label": label, "value": day.isoformat(), "today": today.isoformat()},
            )
    return day
