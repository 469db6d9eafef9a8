"""The dashboard's pre-aggregated numbers "as of today" (issue 12: "dashboard under 300 ms
at 1,000,000 children … pre-aggregate where a query cannot get there, and say how the
aggregates stay correct").

What is kept: for every figure with a `tally` (figures.TallySpec: the children by category
and by area, the colours, the overdue visits, the monthly payroll totals, the running
campaigns' progress, the insured children by scheme — each a grouped query over every child
in scope), one `Tally` row per (record area, scope area, arg): the figure's value for the
records of that area, as of `TallyState.counted_on`. The dashboard of an area as of today
sums the rows under the area's code (and the user's, for the scope) instead of reading a
million records: a few thousand rows per figure at city level.

How they stay correct — they are never trusted beyond what the database guarantees:
1. Changes. Database triggers (reports/triggers.py) log the area of every row inserted,
   updated or deleted in a counted table, in the writing transaction, whatever wrote it.
2. Time. Tallies hold for the day they were counted on (a child turns 18, a visit falls
   due, a month leaves the twelve): an area counted on another day is stale.
3. Refresh before read. `refresh(area_code)` (one at a time: an advisory lock on
   PostgreSQL, SQLite's write lock) reads the log first, marks every area it names stale,
   deletes exactly the rows it read (a change committed meanwhile stays in the log for next
   time), and recounts from the records every area marked stale by a change (anywhere: a
   child moved between two areas changes both) and every area under `area_code` not
   counted today. Only then are the tallies read. A recount of a set of areas replaces
   every row whose record area or scope area is in the set, from every record whose record
   area or scope area is in it, so the rows of a set are always complete.
4. Proof. The dashboard walk test opens every number's list — counted from the records —
   and checks the two agree; `manage.py refresh_statistics --check` recounts everything and
   reports any row that differs; the tests change records through every service and the
   dashboard follows.

A tally serves only users whose scope over the figure's records is a plain prefix of an
area code (the statistics' readers); anyone else, any other day, and any database without
the triggers get the figure counted from the records, as before.

Cost: the first dashboard of a day (or `refresh_statistics`, meant for a nightly cron job)
recounts its areas from the records (the figures' own grouped queries, grouped by area too);
after a change, the next dashboard recounts the areas changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Substr
from django.utils import timezone

from childwelfare.accounts import policy
from childwelfare.accounts.choices import Role
from childwelfare.areas.models import Area

from . import figures, triggers
from .figures import Number, Period
from .models import Tally, TallyChange, TallyState

ZERO = Decimal("0.00")
VENDORS = ("postgresql", "sqlite")
LOCK_KEY = 120_012  # pg_advisory_xact_lock: one refresh at a time
BATCH = 2_000


def tallied_figures() -> list[figures.Figure]:
    """The registered figures with a tally, in key order."""
    return [fig for key, fig in sorted(figures.REGISTRY.items()) if fig.tally is not None]


def scope_column(model) -> str:
    """The column path of `model`'s Scope area as a foreign key column
    ("child__area__code" → "child__area_id"; the area's code is its primary key)."""
    path = model.scope.paths[0]
    return path[: -len("__code")] + "_id" if path.endswith("area__code") else path


def scope_prefix(model, user) -> str | None:
    """The area code that `model.objects.visible_to(user)` is exactly a prefix filter on
    (its Scope's one area path starts with it; "" for everything; a user of None: ""), or
    None when the user's scope is anything else (a department, a station, an owner, areas
    above, nothing): such users get the figures counted from the records."""
    if user is None:
        return ""
    scope = model.scope
    if not policy.is_active(user) or scope.everyone or scope.upward or len(scope.paths) != 1:
        return None
    if not user.is_superuser:
        if user.role not in scope.readers:
            return None
        if scope.department and user.role == Role.DEPARTMENT_LIAISON:
            return None
        if scope.station and user.role == Role.STATION_STAFF:
            return None
    return policy.area_prefix(user)


def _kept_here() -> bool:
    return connection.vendor in VENDORS


# --- refresh -----------------------------------------------------------------------------------


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
    # SQLite: the settings open every transaction IMMEDIATE, i.e. holding the write lock.


def _absorb_changes() -> None:
    """Move the change log into TallyState: every area under a logged code → counted_on
    NULL (stale whoever looks next). Deletes exactly the log rows read."""
    if connection.vendor == "sqlite":
        # Writers wait for this transaction's write lock: nothing uncommitted can sit below.
        last = TallyChange.objects.order_by("-id").values_list("id", flat=True).first()
        if last is None:
            return
        codes = set(TallyChange.objects.filter(id__lte=last).values_list("code", flat=True).distinct())
        TallyChange.objects.filter(id__lte=last).delete()
    else:
        rows = list(TallyChange.objects.values_list("id", "code"))
        if not rows:
            return
        codes = {code for _id, code in rows}
        ids = [row_id for row_id, _code in rows]
        for start in range(0, len(ids), BATCH):
            TallyChange.objects.filter(id__in=ids[start : start + BATCH]).delete()
    codes = sorted(codes)
    # "32010201" covers "320102010001": keep the widest codes only.
    widest = [code for i, code in enumerate(codes) if not any(code.startswith(c) for c in codes[:i])]
    condition = Q()
    for code in widest:
        condition |= Q(code__startswith=code)
    areas = Area.objects.filter(condition).values_list("code", flat=True)
    _set_state((code for code in areas), None)


def _set_state(codes: Iterable[str], day: date | None) -> None:
    states = [TallyState(area=code, counted_on=day) for code in codes]
    TallyState.objects.bulk_create(
        states, batch_size=BATCH, update_conflicts=True, unique_fields=["area"], update_fields=["counted_on"]
    )


def _stale(area_code: str, day: date) -> list[str]:
    """Areas to recount: stale by a change anywhere, or under `area_code` and not counted on
    `day` (or never)."""
    changed = set(TallyState.objects.filter(counted_on__isnull=True).values_list("area", flat=True))
    under = set(Area.objects.filter(code__areaprefix=area_code).values_list("code", flat=True))
    counted = set(
        TallyState.objects.filter(area__areaprefix=area_code, counted_on=day).values_list("area", flat=True)
    )
    return sorted(changed | (under - counted))


def count(fig: figures.Figure, codes: list[str], day: date, *, everything: bool = False) -> list[Tally]:
    """Figure `fig`'s tally rows for the records whose record area or scope area is one of
    `codes` (all records: `everything`), counted from the records as of `day`. Where the two
    areas are different columns, the records of an area in `codes` and those of a scope
    area in `codes` (and an area not) are two queries, each served by its column's index; a
    group (record area, scope area, arg) falls wholly in one of them."""
    spec = fig.tally
    period = Period.as_of("", day)
    records = spec.records(period).order_by()
    scope = scope_column(records.model)
    if everything:
        parts = [records]
    else:
        parts = [records.filter(**{f"{spec.area}__in": codes})]
        if scope != spec.area:
            parts.append(records.filter(**{f"{scope}__in": codes}).exclude(**{f"{spec.area}__in": codes}))
    value = spec.value(period) if spec.value is not None else Count("pk")
    arg = F(spec.arg) if spec.arg else Value("")
    tallies = []
    for part in parts:
        rows = part.values(t_area=F(spec.area), t_scope=F(scope), t_arg=arg).annotate(t_value=value)
        tallies += [
            Tally(
                figure=fig.key,
                area=row["t_area"],
                scope_area=row["t_scope"],
                arg=spec.arg_key(row["t_arg"]) if spec.arg else "",
                value=Decimal(row["t_value"] or 0),
            )
            for row in rows
        ]
    return tallies


def _recount(codes: list[str], day: date) -> None:
    """Replace every tally row whose record area or scope area is in `codes` by a count of
    the records, for every tallied figure (one DELETE, the figures' counts, one INSERT)."""
    everything = len(codes) >= Area.objects.count()
    rows = [row for fig in tallied_figures() for row in count(fig, codes, day, everything=everything)]
    if everything:
        Tally.objects.all().delete()
    else:
        for start in range(0, len(codes), BATCH):
            part = codes[start : start + BATCH]
            Tally.objects.filter(Q(area__in=part) | Q(scope_area__in=part)).delete()
    Tally.objects.bulk_create(rows, batch_size=BATCH)
    _set_state(codes, day)


def is_fresh(area_code: str, day: date) -> bool:
    """Nothing to recount for `area_code` on `day`: no logged change, no area stale by a
    change, every area under `area_code` counted on `day`. One query."""
    within, params = "", []
    if area_code:  # the codes starting with it: a range (digits only, so no collation surprise)
        within = "a.code >= %s AND a.code < %s AND"
        params = [area_code, area_code[:-1] + chr(ord(area_code[-1]) + 1)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT EXISTS (SELECT 1 FROM {TallyChange._meta.db_table})
            OR EXISTS (SELECT 1 FROM {TallyState._meta.db_table} WHERE counted_on IS NULL)
            OR EXISTS (SELECT 1 FROM {Area._meta.db_table} a WHERE {within}
                NOT EXISTS (SELECT 1 FROM {TallyState._meta.db_table} s
                            WHERE s.area = a.code AND s.counted_on = %s))""",
            [*params, day],
        )
        return not cursor.fetchone()[0]


def refresh(area_code: str = "", day: date | None = None) -> int:
    """Bring the tallies of every area under `area_code` ("" the whole database) up to date
    for `day` (default today), and those of every area a logged change made stale. Returns
    the number of areas recounted (0 when all were fresh). Raises the database's errors."""
    day = day or timezone.localdate()
    if not _kept_here() or is_fresh(area_code, day):
        return 0
    with transaction.atomic():
        _lock()
        if not triggers.expected_names() <= triggers.installed(connection):
            triggers.install(connection)  # e.g. a migration rebuilt a table: count all again
            TallyState.objects.all().delete()
        _absorb_changes()
        codes = _stale(area_code, day)
        if codes:
            _recount(codes, day)
    return len(codes)


def refresh_all(day: date | None = None) -> int:
    """Recount every area for `day` (default today) — the nightly job's work
    (`manage.py refresh_statistics`). Returns the areas recounted."""
    return refresh("", day)


def check(day: date | None = None) -> list[tuple[str, str, str, str, Number, Number]]:
    """Bring the tallies up to date, then recount everything from the records and compare:
    [(figure, area, scope area, arg, kept, counted)] for every row that differs (none
    expected). Reads only."""
    day = day or timezone.localdate()
    refresh_all(day)
    differences = []
    for fig in tallied_figures():
        kept = {(t.area, t.scope_area, t.arg): t.value for t in Tally.objects.filter(figure=fig.key)}
        counted = {(t.area, t.scope_area, t.arg): t.value for t in count(fig, [], day, everything=True)}
        for key in sorted(set(kept) | set(counted)):
            if kept.get(key, 0) != counted.get(key, 0):
                differences.append((fig.key, *key, kept.get(key, 0), counted.get(key, 0)))
    return differences


# --- read ------------------------------------------------------------------------------------


class Tallies:
    """The tallies of one dashboard: `period` (as of today), read within `user_prefix`'s
    scope. `values(key)` → {arg: number} as `figures.values_of` gives it, or None when
    the figure has no tally or the user's scope over its records is not an area prefix."""

    def __init__(self, period: Period, user) -> None:
        self.period = period
        self.user = user

    def values(self, key: str) -> dict[str, Number] | None:
        fig = figures.figure(key)
        spec = fig.tally
        if spec is None:
            return None
        prefix = scope_prefix(spec.records(self.period).model, self.user)
        if prefix is None:
            return None
        rows = Tally.objects.filter(figure=key, area__areaprefix=self.period.area_code)
        if prefix:
            rows = rows.filter(scope_area__areaprefix=prefix)
        if spec.by_sub_area:
            from .sections.children_areas import child_level_length

            length = child_level_length(self.period.area_code)
            if length is None:
                return {}
            rows = rows.annotate(t_group=Substr("area", 1, length))
        else:
            rows = rows.annotate(t_group=F("arg"))
        found: dict[str, Number] = defaultdict(int)
        for row in rows.order_by().values("t_group").annotate(total=Sum("value")):
            total = row["total"] or 0
            found[row["t_group"]] = Decimal(total).quantize(ZERO) if spec.yuan else int(total)
        if spec.yuan:
            return {arg: found.get(arg, ZERO) for arg in found}
        return dict(found)


def tallies_for(period: Period, user) -> Tallies | None:
    """The tallies for a dashboard of `period` seen by `user`, brought up to date first; None
    unless `period` ends today and this database keeps tallies."""
    if period.date_to != timezone.localdate() or not _kept_here():
        return None
    refresh(period.area_code, period.date_to)
    return Tallies(period, user)
