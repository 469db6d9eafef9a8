"""How late a mandatory report was (DOMAIN.md §7: a mandatory reporter reports "immediately"
on finding the harm). The rule names no number of hours; the platform shows every duration
and flags one past REPORT_LATE_HOURS (setting MANDATORY_REPORT_LATE_HOURS, default 24) as
逾期 — a local reading of "立即", said beside the figure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext as _

REPORT_LATE_HOURS = 24


def late_after() -> timedelta:
    """The delay past which a report counts as late: MANDATORY_REPORT_LATE_HOURS hours."""
    return timedelta(hours=int(getattr(settings, "MANDATORY_REPORT_LATE_HOURS", REPORT_LATE_HOURS)))


def format_duration(delta: timedelta) -> str:
    """A duration in days, hours and minutes, whole minutes rounded down, zero parts left
    out: timedelta(hours=3, minutes=20) → "3小时20分钟", timedelta(days=1, minutes=5) →
    "1天5分钟", under a minute → "0分钟". A negative duration is shown with a minus sign."""
    minutes = (
        int(delta.total_seconds() // 60) if delta >= timedelta(0) else -int(-delta.total_seconds() // 60)
    )
    sign = "-" if minutes < 0 else ""
    minutes = abs(minutes)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(_("%(n)d天") % {"n": days})
    if hours:
        parts.append(_("%(n)d小时") % {"n": hours})
    if minutes or not parts:
        parts.append(_("%(n)d分钟") % {"n": minutes})
    return sign + "".join(parts)


@dataclass(frozen=True)
class Delay:
    """The time from one moment to another: `delta`, `text` (format_duration) and `late`
    (past late_after())."""

    delta: timedelta
    text: str
    late: bool


def delay(start: datetime | None, end: datetime | None) -> Delay | None:
    """The Delay from `start` to `end` (aware datetimes); None when either is missing."""
    if start is None or end is None:
        return None
    delta = end - start
    return Delay(delta=delta, text=format_duration(delta), late=delta > late_after())


def report_delays(report) -> dict[str, Delay | None]:
    """{"police": found → reported to the police, "received": found → received by civil
    affairs} for a MandatoryReport (its intake read for the received time)."""
    return {
        "police": delay(report.harm_found_at, report.police_reported_at),
        "received": delay(report.harm_found_at, report.intake.received_at),
    }
