"""Shared set-up of the deadline tests: local moments and deadlines on a child."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

from childwelfare.deadlines.services import open_deadline
from childwelfare.testing.factories import ChildFactory


def at(day: date, hour: int = 0, minute: int = 0) -> datetime:
    """A local (Asia/Shanghai) moment."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def child_in(area_code: str):
    return ChildFactory(area_id=area_code)


def deadline_on(subject, rule: str, *, area_code: str, start: datetime | None = None, due=None, **kwargs):
    return open_deadline(subject, rule, area_code=area_code, start=start, due=due, **kwargs)
