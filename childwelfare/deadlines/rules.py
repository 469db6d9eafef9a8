"""Deadline rules as data (issue 10, "one engine for the whole platform").

A rule says: when its trigger happens, the thing is due N working days, calendar days,
hours or months later; where the rule comes from (a law or a local rule); and who is told
when it is overdue, one level up the escalation ladder per period overdue. Apps declare
their rules once (`register_rule`, usually in `deadlines/defaults.py` or their AppConfig),
and each amount can be changed by the setting DEADLINE_RULES = {key: {"amount": n, "unit": u}}
(DOMAIN.md §10: what the rules leave open is a setting with the shipped default).

Imports no feature app.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from childwelfare.accounts.choices import Role


class Unit(models.TextChoices):
    WORKING_DAYS = "working_days", _("个工作日")
    CALENDAR_DAYS = "calendar_days", _("天")
    HOURS = "hours", _("小时")
    MONTHS = "months", _("个月")


# child director → child supervisor → district officer → city (issue 10)
DEFAULT_LADDER: tuple[str, ...] = (
    Role.CHILD_DIRECTOR,
    Role.CHILD_SUPERVISOR,
    Role.DISTRICT_OFFICER,
    Role.CITY_ADMIN,
)


@dataclass(frozen=True)
class DeadlineRule:
    """key: stable identifier stored on each Deadline (e.g. "case_assessment");
    label: what is due, for work lists (Chinese msgid);
    amount, unit: the time allowed from the trigger; amount None means the due date is set
        per item (e.g. a conference action's due date) and passed to open_deadline;
    source: the law or local rule, shown beside the deadline;
    ladder: roles told in turn once overdue; the first is the level the item starts at;
    escalate_after: working days overdue per step up the ladder.
    """

    key: str
    label: str
    amount: int | None
    unit: str
    source: str
    ladder: tuple[str, ...] = DEFAULT_LADDER
    escalate_after: int = 3


_RULES: dict[str, DeadlineRule] = {}


def register_rule(rule: DeadlineRule) -> DeadlineRule:
    """Declare a rule (idempotent for the same key). Returns it."""
    _RULES[rule.key] = rule
    return rule


def get_rule(key: str) -> DeadlineRule:
    """The rule with the setting DEADLINE_RULES[key] applied. Raises KeyError for an unknown
    key."""
    rule = _RULES[key]
    override = getattr(settings, "DEADLINE_RULES", {}).get(key)
    if override:
        rule = replace(
            rule, **{k: v for k, v in override.items() if k in {"amount", "unit", "escalate_after"}}
        )
    return rule


def all_rules() -> list[DeadlineRule]:
    """Every declared rule, with settings applied, by key."""
    return [get_rule(key) for key in sorted(_RULES)]
