"""Opening, meeting and cancelling deadlines (issue 10). The API other apps call:

    open_deadline(subject, "case_assessment", start=case.opened_at, area_code=child.area_id)
    open_deadline(action, "case_action", start=now, due=end_of_day(action.due_on),
                  area_code=..., department=action.department)
    meet_deadline(subject, "case_assessment")          # done: stops the clock
    cancel_deadlines(subject)                          # the subject went away (e.g. closed)
    deadlines_of(subject)                              # all, newest first

Pause, resume and extension need a reason and a supervisor's approval (changes.py).
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from .calendar import compute_due
from .models import Deadline
from .rules import get_rule


def _subject_filter(subject: models.Model) -> dict:
    return {"subject_type": ContentType.objects.get_for_model(subject), "subject_id": subject.pk}


@transaction.atomic
def open_deadline(
    subject: models.Model,
    rule_key: str,
    *,
    start: datetime | None = None,
    area_code: str,
    due: datetime | None = None,
    amount: int | None = None,
    department: str = "",
    owner=None,
    label: str = "",
    label_params: dict | None = None,
) -> Deadline:
    """Start the clock of `rule_key` for `subject` at `start` (aware; default now).

    The due moment is `due` when given (rules whose date is set per item), else computed
    (calendar.compute_due, with `amount` overriding the rule's). A running deadline of the
    same subject and rule is returned unchanged (idempotent: a double click opens one).
    `label` is a msgid (mark it with gettext_noop) filled in with `label_params` (JSON values),
    stored as such and shown in each reader's language (`Deadline.shown_label`); it defaults
    to the rule's. Raises KeyError for an unknown rule, ValueError when the rule has no amount
    and no `due` is given.
    """
    rule = get_rule(rule_key)
    existing = Deadline.objects.running().filter(rule=rule_key, **_subject_filter(subject)).first()
    if existing:
        return existing
    start = start or timezone.now()
    return Deadline.objects.create(
        rule=rule_key,
        label=(str(label) % (label_params or {}) if label else str(rule.label))[:200],
        label_template=str(label)[:200],
        label_params=label_params or {},
        area_code=area_code,
        department=department,
        owner=owner,
        started_at=start,
        due_at=due or compute_due(rule, start, amount),
        **_subject_filter(subject),
    )


def meet_deadline(subject: models.Model, rule_key: str, *, at: datetime | None = None) -> int:
    """Mark the running deadline(s) of `rule_key` for `subject` as met at `at` (default now).
    Returns how many were met (0 when none ran)."""
    return (
        Deadline.objects.running()
        .filter(rule=rule_key, **_subject_filter(subject))
        .update(met_at=at or timezone.now(), paused_at=None, version=models.F("version") + 1)
    )


def cancel_deadlines(subject: models.Model, rule_key: str | None = None) -> int:
    """Cancel the running deadlines of `subject` (of one rule, or all). Returns how many."""
    qs = Deadline.objects.running().filter(**_subject_filter(subject))
    if rule_key:
        qs = qs.filter(rule=rule_key)
    return qs.update(cancelled_at=timezone.now(), version=models.F("version") + 1)


def deadlines_of(subject: models.Model):
    """Every deadline of `subject`, newest first."""
    return Deadline.objects.filter(**_subject_filter(subject)).order_by("-started_at", "-id")
