"""How far up its rule's ladder an overdue item has escalated (issue 10: "an overdue item
escalates one level per rule"). Computed against the current time, never stored.

Rule: an item at level 0 is at the first role of its rule's ladder (e.g. the child
director). Once overdue, it goes one level up per `rule.escalate_after` working days
overdue (State Council calendar with make-up days and the override table), up to the
ladder's last role:

    level = min(len(ladder) - 1, working days overdue // escalate_after)

where "working days overdue" counts the working days after the due day (the local date of
the last moment before `due_at`) up to and including today. A paused, met or cancelled item
is at level 0 (its clock stands still).

The same figure two ways:
- `level_of(deadline, now)`: one item, in Python (the item page, tests);
- `with_levels(queryset, now)` / `reached_level(rule, k, now)`: as SQL. For each rule and
  level k ≥ 1 the day count is turned into one moment T_k (the start of the (k·E)-th working
  day counting back from today, today included): an item is at level ≥ k exactly when it
  runs unpaused and `due_at <= T_k`. So a work list is a range condition on `due_at` per
  rule, which an index serves, and no per-row calendar arithmetic runs in the database.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from datetime import date, datetime, timedelta

from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from childwelfare.lib.workdays import is_working_day, working_days_between

from .calendar import overrides
from .rules import DeadlineRule, all_rules, get_rule

_TICK = timedelta(microseconds=1)


def due_day(due_at: datetime) -> date:
    """The local date an item falls due on: the day of the last moment before `due_at`
    (a thing due at the end of 5 Oct, i.e. at 6 Oct 00:00, is due on 5 Oct)."""
    return timezone.localtime(due_at - _TICK).date()


def start_of(day: date) -> datetime:
    """Local midnight at the start of `day` (aware)."""
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def working_days_overdue(due_at: datetime, now: datetime, holidays: Mapping[date, bool] | None = None) -> int:
    """Working days after the due day up to and including `now`'s local date; 0 when not
    overdue at `now`."""
    if due_at > now:
        return 0
    holidays = overrides() if holidays is None else holidays
    return working_days_between(due_day(due_at), timezone.localtime(now).date(), holidays)


def level_of(deadline, now: datetime | None = None, holidays: Mapping[date, bool] | None = None) -> int:
    """The current ladder level (0-based index into the rule's ladder) of one Deadline."""
    now = now or timezone.now()
    if deadline.met_at or deadline.cancelled_at or deadline.paused_at:
        return 0
    try:
        rule = get_rule(deadline.rule)
    except KeyError:
        return 0
    overdue_days = working_days_overdue(deadline.due_at, now, holidays)
    return min(len(rule.ladder) - 1, overdue_days // max(rule.escalate_after, 1))


def level_role(rule_key: str, level: int) -> str:
    """The role at `level` of the rule's ladder ("" for an unknown rule)."""
    try:
        ladder = get_rule(rule_key).ladder
    except KeyError:
        return ""
    return ladder[min(level, len(ladder) - 1)]


def nth_working_day_back(today: date, count: int, holidays: Mapping[date, bool]) -> date:
    """The `count`-th working day counting back from `today` (today included when it is a
    working day); `count` >= 1."""
    day = today
    seen = 0
    while True:
        if is_working_day(day, holidays)[0]:
            seen += 1
            if seen == count:
                return day
        day -= timedelta(days=1)


class WorkdayCounter:
    """Working days after a day up to and including `today`, for many days at once (a page
    of a work list): the working days are listed once, back from today as far as asked, and
    each count is a binary search. Same answers as lib.workdays.working_days_between."""

    def __init__(self, today: date, holidays: Mapping[date, bool]):
        self.today = today
        self.holidays = holidays
        self.reached = today + timedelta(days=1)  # days from `reached` to today are listed
        self.days: list[date] = []  # working days in [reached, today], ascending

    def after(self, day: date) -> int:
        """Working days in (day, today]."""
        if day >= self.today:
            return 0
        first = day + timedelta(days=1)
        if first < self.reached:
            earlier = []
            current = first
            while current < self.reached:
                if is_working_day(current, self.holidays)[0]:
                    earlier.append(current)
                current += timedelta(days=1)
            self.days = earlier + self.days
            self.reached = first
        return len(self.days) - bisect_left(self.days, first)


class Thresholds:
    """The moments T_k of every rule at `now` (see the module docstring), computed once per
    request: {rule key: [T_1, T_2, …]} (one per level above the first)."""

    def __init__(self, now: datetime | None = None, holidays: Mapping[date, bool] | None = None):
        self.now = now or timezone.now()
        self.holidays = overrides() if holidays is None else holidays
        today = timezone.localtime(self.now).date()
        self.counter = WorkdayCounter(today, self.holidays)
        self.by_rule: dict[str, list[datetime]] = {}
        for rule in all_rules():
            step = max(rule.escalate_after, 1)
            self.by_rule[rule.key] = [
                start_of(nth_working_day_back(today, k * step, self.holidays))
                for k in range(1, len(rule.ladder))
            ]

    def working_days_overdue(self, due_at: datetime) -> int:
        """As the module function, through this request's counter."""
        return self.counter.after(due_day(due_at)) if due_at <= self.now else 0

    def level_of(self, deadline) -> int:
        """As the module function, through this request's counter."""
        if deadline.met_at or deadline.cancelled_at or deadline.paused_at:
            return 0
        try:
            rule = get_rule(deadline.rule)
        except KeyError:
            return 0
        return min(
            len(rule.ladder) - 1, self.working_days_overdue(deadline.due_at) // max(rule.escalate_after, 1)
        )

    def reached(self, rule: DeadlineRule, level: int) -> Q:
        """Running items of `rule` at level >= `level` (level 0: every running item)."""
        condition = Q(rule=rule.key)
        if level <= 0:
            return condition
        moments = self.by_rule.get(rule.key, [])
        if level > len(moments):
            return Q(pk__in=[])
        return condition & Q(paused_at__isnull=True, due_at__lte=moments[level - 1])

    def level_expression(self) -> Case:
        """An integer SQL expression: each row's current level (0 when not escalated)."""
        whens = []
        for key, moments in self.by_rule.items():
            for level in range(len(moments), 0, -1):
                whens.append(
                    When(rule=key, paused_at__isnull=True, due_at__lte=moments[level - 1], then=Value(level))
                )
        return Case(*whens, default=Value(0), output_field=IntegerField())


def with_levels(queryset: models.QuerySet, thresholds: Thresholds | None = None) -> models.QuerySet:
    """`queryset` (of Deadline) annotated with `level`, the current ladder level."""
    thresholds = thresholds or Thresholds()
    return queryset.annotate(level=thresholds.level_expression())


def reaching_role(role: str, thresholds: Thresholds) -> Q:
    """Running items whose current level is `role`'s place on their rule's ladder or above
    (escalated past it): the items a person of `role` answers for. None of a rule whose
    ladder does not name the role."""
    condition = Q(pk__in=[])
    for rule in all_rules():
        if role in rule.ladder:
            condition |= thresholds.reached(rule, rule.ladder.index(role))
    return condition
