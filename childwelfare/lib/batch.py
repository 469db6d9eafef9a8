"""Batch steps (issue 9, "batch work"): one step applied to many records at once, each record
through the same service function as the single step, in its own transaction, and a summary
of what was done and what was skipped, the skipped ones grouped by reason (no models).

    outcome = run_each(records, lambda r: verify_record(r, actor=user, expected_version=v[r.pk]),
                       name=lambda r: r.child.name, reason=why_skipped)
    report(request, outcome, done=ngettext_lazy("已核实 %(count)d 条记录。", "已核实 %(count)d 条记录。", "count"),
           skipped=ngettext_lazy("%(count)d 条记录未能核实：", "%(count)d 条记录未能核实：", "count"))

A record refused by a rule (a lib.errors.DomainError) is left exactly as it was: its own
savepoint is rolled back and the next record goes on. Any other exception stops the batch
(the records done before it stay done: each was its own complete step).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib import messages
from django.db import transaction
from django.utils.translation import gettext as _

from .errors import DomainError

# How many names a skipped group lists before "等 N 条".
NAMES_SHOWN = 20


@dataclass
class BatchOutcome:
    """done: the names of the records the step was applied to, in order;
    skipped: {reason (text in the active language): [names]}, in the order first met."""

    done: list[str] = field(default_factory=list)
    skipped: dict[str, list[str]] = field(default_factory=dict)

    def skip(self, reason: str, name: str) -> None:
        self.skipped.setdefault(str(reason), []).append(str(name))

    @property
    def skipped_count(self) -> int:
        return sum(len(names) for names in self.skipped.values())


def run_each(
    items: Iterable,
    act: Callable[[object], object],
    *,
    name: Callable[[object], str],
    reason: Callable[[object, DomainError], str],
    outcome: BatchOutcome | None = None,
) -> BatchOutcome:
    """Apply `act(item)` to each item in its own transaction (a savepoint when called inside
    one). A DomainError skips the item with `reason(item, error)` (text) under `name(item)`;
    `outcome` lets a caller add items it skipped before (not found, out of scope). Returns the
    BatchOutcome."""
    outcome = outcome if outcome is not None else BatchOutcome()
    for item in items:
        try:
            with transaction.atomic():
                act(item)
        except DomainError as error:
            outcome.skip(reason(item, error), name(item))
        else:
            outcome.done.append(str(name(item)))
    return outcome


def report(request, outcome: BatchOutcome, *, done: str, skipped: str) -> None:
    """The summary as messages on the next page: `done` (a text with %(count)d, or an
    ngettext_lazy(…, "count") so that English says "1 record" / "2 records") with the number
    done; `skipped` (likewise) with the number skipped, followed by one part per reason with
    its count and names (at most NAMES_SHOWN each), in one message. Nothing chosen: a warning
    saying so."""
    if not outcome.done and not outcome.skipped:
        messages.warning(request, _("请先勾选要处理的记录。"))
        return
    if outcome.done:
        messages.success(request, done % {"count": len(outcome.done)})
    if outcome.skipped:
        parts = []
        for why, names in outcome.skipped.items():
            shown = _("、").join(names[:NAMES_SHOWN])
            if len(names) > NAMES_SHOWN:
                shown += _("等 %(count)d 条") % {"count": len(names)}
            parts.append(
                _("%(reason)s（%(count)d 条）：%(names)s")
                % {"reason": why, "count": len(names), "names": shown}
            )
        messages.warning(request, (skipped % {"count": outcome.skipped_count}) + _("；").join(parts))
