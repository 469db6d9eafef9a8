"""Import kinds run as background jobs (RosterImport rows, run by tasks.run_import).

The roster is one kind; other apps register theirs in their AppConfig.ready() (the
registry does not import them, as with registry.moves and the timeline providers):

    register_import_kind("screening", run_screening_job, label=_("排查结果导入"),
                         outcome_template="discovery/_import_outcome.html", back=campaign_link)

A runner takes (job, table, progress) — the RosterImport, the lib.spreadsheets.Table read
by the capped reader, and progress(done, total, stage) — and returns a JobOutcome; it
raises a DomainError to refuse the whole file (the job is then rejected with that error).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from childwelfare.lib.tabular import RowError


@dataclass
class JobOutcome:
    """What an import runner reports: rows read, records created and updated (0 unless
    written), the first RowErrors (error_count counts them all), and the kind-specific
    `summary` shown by its outcome template (JSON-ready)."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    summary: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ImportKind:
    """kind: the stored RosterImport.kind; runner: see the module docstring; label: the job
    page's title; outcome_template: the block shown for a succeeded or checked job (gets
    `job`); back: job -> (url, link text) to go on from a finished job."""

    kind: str
    runner: Callable
    label: str
    outcome_template: str
    back: Callable


_KINDS: dict[str, ImportKind] = {}


def register_import_kind(
    kind: str, runner: Callable, *, label, outcome_template: str, back: Callable
) -> None:
    """Declare an import that runs as a background job. Registering a kind again replaces
    it (AppConfig.ready may run twice in tests)."""
    _KINDS[kind] = ImportKind(kind, runner, label, outcome_template, back)


def import_kind(kind: str) -> ImportKind:
    """The registered kind. Raises KeyError for an unknown one (a programming error)."""
    return _KINDS[kind]
