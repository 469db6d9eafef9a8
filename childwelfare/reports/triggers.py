"""The triggers that keep the dashboard's tallies honest (issue 12; reports/models.py).

Every table a tallied figure counts is watched: each row inserted, updated (old and new
values) or deleted appends the row's area code to `reports_tallychange`, inside the writing
statement, so nothing can change a counted record without the change being logged — not a
service, a bulk load, raw SQL, COPY or the admin. A refresh then recounts exactly the areas
logged (reports/aggregates.py).

- PostgreSQL: one statement-level trigger per table and operation, over the statement's
  transition tables (one INSERT … SELECT DISTINCT per statement, so a payroll's or an
  import's hundred thousand rows cost one grouped insert of their areas).
- SQLite: row-level triggers (SQLite has no statement-level ones): one small insert per row.

Triggers are (re)installed after every `migrate` (post_migrate, idempotent): SQLite drops a
table's triggers when a later migration rebuilds the table, and `installed()` lets the
refresh check they are all there (a missing one: reinstalled, every tally recounted).

Watched and why (the tallied figures, reports/sections): registry_child (status, area, birth
date, stored colour and next visit: the children, colours and visit figures), its category
spells, discovery's screening records and campaigns, benefits' payrolls (only an approved
payroll's lines count, and run_payroll refuses an approved payroll, so its status change is
the one change that moves a monthly total; a payroll's area is its district, every area
under it is stale), benefits' insurance enrolments and eligibility applications, discovery's
problems, and the cases with their key-case classes.
"""

from __future__ import annotations

from dataclasses import dataclass

LOG = "reports_tallychange"


@dataclass(frozen=True)
class Watched:
    """A counted table: `table`, whose rows carry their area code in `column`, or, with
    `via`, whose area is found by following keys: `via=(("registry_child", "child_id"),)` is
    the area of the child whose id is the row's child_id (a category spell); a longer chain
    follows each key from the row found before (a key-case class: its case, the case's child).
    """

    table: str
    column: str = "area_id"
    via: tuple[tuple[str, str], ...] = ()

    def joins(self) -> str:
        """JOIN clauses from the changed rows `r` to the row holding the area (alias v<n>)."""
        clauses, previous = [], "r"
        for number, (table, key) in enumerate(self.via, 1):
            clauses.append(f"JOIN {table} v{number} ON v{number}.id = {previous}.{key}")
            previous = f"v{number}"
        return " ".join(clauses)

    @property
    def area(self) -> str:
        return f"v{len(self.via)}.{self.column}" if self.via else f"r.{self.column}"


WATCHED: tuple[Watched, ...] = (
    Watched("registry_child"),
    Watched("registry_categoryspell", via=(("registry_child", "child_id"),)),
    Watched("discovery_screeningrecord"),
    Watched("discovery_campaign"),
    Watched("discovery_problem", via=(("registry_child", "child_id"),)),
    Watched("benefits_payroll"),
    Watched("benefits_insuranceenrolment"),
    Watched("benefits_eligibilityapplication", via=(("registry_child", "child_id"),)),
    Watched("cases_case", via=(("registry_child", "child_id"),)),
    Watched("cases_casekeyclass", via=(("cases_case", "case_id"), ("registry_child", "child_id"))),
)


def _name(watched: Watched, suffix: str) -> str:
    return f"reports_tally_{watched.table}_{suffix}"


def _postgresql(watched: Watched) -> list[str]:
    def select(rows: str) -> str:
        return f"SELECT {watched.area} FROM {rows} r {watched.joins()} WHERE {watched.area} IS NOT NULL"

    function = _name(watched, "log")
    statements = [
        f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO {LOG} (code) {select("new_rows")} GROUP BY 1;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO {LOG} (code) {select("new_rows")} UNION {select("old_rows")};
    ELSE
        INSERT INTO {LOG} (code) {select("old_rows")} GROUP BY 1;
    END IF;
    RETURN NULL;
END
$body$"""
    ]
    for operation, referencing in (
        ("INSERT", "NEW TABLE AS new_rows"),
        ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        ("DELETE", "OLD TABLE AS old_rows"),
    ):
        trigger = _name(watched, operation.lower())
        statements += [
            f"DROP TRIGGER IF EXISTS {trigger} ON {watched.table}",
            f"CREATE TRIGGER {trigger} AFTER {operation} ON {watched.table} REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        ]
    return statements


def _sqlite(watched: Watched) -> list[str]:
    def select(row: str) -> str:
        # The changed row as a one-row table `r` of the columns the chain reads.
        columns = [watched.via[0][1]] if watched.via else [watched.column]
        r = "SELECT " + ", ".join(f"{row}.{column} AS {column}" for column in columns)
        return f"SELECT {watched.area} FROM ({r}) r {watched.joins()} WHERE {watched.area} IS NOT NULL"

    statements = []
    for operation, body in (
        ("INSERT", f"INSERT INTO {LOG} (code) {select('NEW')};"),
        ("UPDATE", f"INSERT INTO {LOG} (code) {select('NEW')} UNION {select('OLD')};"),
        ("DELETE", f"INSERT INTO {LOG} (code) {select('OLD')};"),
    ):
        trigger = _name(watched, operation.lower())
        statements += [
            f"DROP TRIGGER IF EXISTS {trigger}",
            f"CREATE TRIGGER {trigger} AFTER {operation} ON {watched.table} FOR EACH ROW BEGIN {body} END",
        ]
    return statements


def drop_statements(vendor: str) -> list[str]:
    """The SQL removing every trigger (and, on PostgreSQL, its function)."""
    statements = []
    for watched in WATCHED:
        for operation in ("insert", "update", "delete"):
            if vendor == "postgresql":
                statements.append(f"DROP TRIGGER IF EXISTS {_name(watched, operation)} ON {watched.table}")
            elif vendor == "sqlite":
                statements.append(f"DROP TRIGGER IF EXISTS {_name(watched, operation)}")
        if vendor == "postgresql":
            statements.append(f"DROP FUNCTION IF EXISTS {_name(watched, 'log')}()")
    return statements


def statements(vendor: str) -> list[str]:
    """The SQL installing every trigger on a database of `vendor` ("postgresql", "sqlite");
    [] for another (no tallies are kept there: reports/aggregates.py counts from records)."""
    build = {"postgresql": _postgresql, "sqlite": _sqlite}.get(vendor)
    return [sql for watched in WATCHED for sql in build(watched)] if build else []


def expected_names() -> set[str]:
    """The names of the triggers `install` creates (three per watched table)."""
    return {_name(w, op) for w in WATCHED for op in ("insert", "update", "delete")}


def installed(connection) -> set[str]:
    """The names of this module's triggers present in `connection`'s database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'reports_tally_%%'")
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'reports_tally_%'"
            )
        else:
            return set()
        return {row[0] for row in cursor.fetchall()}


def install(connection) -> None:
    """(Re)create every trigger on `connection` (idempotent). Raises the database's error if
    a watched table is missing (run after migrate)."""
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor):
            cursor.execute(sql)


def uninstall(connection) -> None:
    """Remove every trigger (before the log table goes: `migrate reports zero`)."""
    with connection.cursor() as cursor:
        for sql in drop_statements(connection.vendor):
            cursor.execute(sql)


def install_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate receiver (ReportsConfig.ready): install the triggers on the migrated
    database once its tables exist."""
    from django.db import connections

    connection = connections[using]
    tables = set(connection.introspection.table_names())
    if {w.table for w in WATCHED} | {LOG} <= tables:
        install(connection)
