"""The query planner's table statistics on SQLite.

SQLite keeps no statistics unless ANALYZE is run, and without them its planner reads the work
lists through the one-column index on the file status instead of the covering schedule
indexes (the district officer's overdue visits at 100,000 children: 352 ms without, 167 ms
with; issue 14, docs/database.md). PostgreSQL's autovacuum analyses tables itself
(benefits_payrollline's own thresholds: migration benefits.0012), so nothing is done there.

`refresh_planner_statistics()` is called after the writes that change a table's size a lot —
a roster or other import job, `import_children`, the demo city — and by the nightly
`refresh_statistics`. With `PRAGMA analysis_limit` ANALYZE samples about that many rows of
each index instead of reading it whole (sqlite.org/lang_analyze.html), so its time does not
grow with the tables (not measured at scale here).
"""

from __future__ import annotations

from django.db import connections

# Rows sampled per index (SQLite's documentation suggests 100–1000).
ANALYSIS_LIMIT = 1000


def refresh_planner_statistics(using: str = "default") -> bool:
    """ANALYZE the SQLite database `using` with an analysis limit (ANALYSIS_LIMIT rows per
    index). Returns True when run, False on any other database (nothing to do). Errors of
    the database (a lock held past the busy timeout) propagate: the caller's data is already
    written, so callers at the end of a job catch and ignore them (`refresh_quietly`)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit = {int(ANALYSIS_LIMIT)}")
        cursor.execute("ANALYZE")
    return True


def refresh_quietly(using: str = "default") -> bool:
    """refresh_planner_statistics, but a database error (e.g. locked by another writer) only
    skips it: statistics are an optimisation, the next import or night refreshes them.
    Returns True when they were refreshed."""
    from django.db import DatabaseError

    try:
        return refresh_planner_statistics(using)
    except DatabaseError:
        return False
