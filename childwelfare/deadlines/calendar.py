"""The due moment of a rule from its trigger (issue 10). Working days use the State Council
calendar with make-up days (`lib/workdays.py`) and the holiday override table, which an app
below or beside this one supplies through `register_override_source` (benefits keeps
HolidayOverride)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from childwelfare.lib.dates import add_months
from childwelfare.lib.workdays import add_working_days

from .rules import DeadlineRule, Unit

_override_source: list[Callable[[], Mapping[date, bool]]] = []


def register_override_source(source: Callable[[], Mapping[date, bool]]) -> None:
    """Declare where the holiday overrides come from ({day: is working day})."""
    _override_source[:] = [source]


def overrides() -> Mapping[date, bool]:
    return _override_source[0]() if _override_source else {}


def end_of_day(day: date) -> datetime:
    """The first moment after `day` (local time): a thing due on `day` is overdue from then."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def compute_due(rule: DeadlineRule, start: datetime, amount: int | None = None) -> datetime:
    """The moment a thing triggered at `start` (aware datetime) is due under `rule`.

    hours: start + N hours; calendar days: the end of the N-th day after start's local date;
    working days: the end of the N-th working day after it (lib.workdays.add_working_days,
    the start day not counted); months: the end of the same day N months later (31 Jan + 1
    month = 28/29 Feb). `amount` overrides the rule's. Raises ValueError when neither gives
    one (a rule whose due date is set per item).
    """
    amount = rule.amount if amount is None else amount
    if amount is None:
        raise ValueError(f"rule {rule.key} has no amount: pass the due date")
    if rule.unit == Unit.HOURS:
        return start + timedelta(hours=amount)
    day = timezone.localtime(start).date()
    if rule.unit == Unit.CALENDAR_DAYS:
        return end_of_day(day + timedelta(days=amount))
    if rule.unit == Unit.MONTHS:
        return end_of_day(add_months(day, amount))
    if rule.unit == Unit.WORKING_DAYS:
        return end_of_day(add_working_days(day, amount, overrides()).day)
    raise ValueError(f"unknown unit {rule.unit}")
