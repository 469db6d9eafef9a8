"""The SQL of the monthly payroll (benefits.payroll): the month's segments (one row per child,
allowance spell and standard in force), the regular lines' SELECT, and the small expressions
in which PostgreSQL and SQLite differ (`Dialect`). Builders only: they return SQL text and
fill a `Params`; benefits.payroll runs the statements.

Cost (issue 14): every expression here is evaluated once per line, millions of times in a
large city. What depends only on the standard and the month (the days of the month a standard
covers, its amount in fen, and under the default payment timing the whole segment's amount)
is worked out in Python for the few standards in force (`month_standards`) and joined as a
small constant table, so the per-line work is a join and a copy; the SQL before recomputed
each standard's end date and day numbers per line through nested CASE expressions (about
half of the INSERT's CPU time at 100,000 children on PostgreSQL).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from childwelfare.lib.dates import month_end
from childwelfare.registry.choices import SpellStatus

from .choices import ALLOWANCE_CATEGORIES, LineKind

FAR_FUTURE = date(9999, 12, 31)
NEXT_MONTH = "next_month"
PRORATED = "prorated"
WHOLE_MONTH_IF_ELIGIBLE_ON_FIRST = "whole_month_if_eligible_on_first"
PAYMENT_TIMINGS = (NEXT_MONTH, PRORATED, WHOLE_MONTH_IF_ELIGIBLE_ON_FIRST)

# The columns of benefits_payrollline a payroll writes, in the order of every INSERT and of
# the regular lines' SELECT (`regular_lines_sql`).
LINE_COLUMNS = (
    "payroll_id", "child_id", "category", "kind", "for_month", "period_start", "period_end",
    "days_eligible", "days_in_month", "amount_unrounded", "amount", "spell_id", "spell_start",
    "spell_end", "standard_id", "standard_amount", "birth_date", "note", "corrects_id", "held",
)  # fmt: skip
# Columns that may be NULL (compared null-safely when a re-run keeps unchanged lines).
NULLABLE_COLUMNS = frozenset(
    {"spell_id", "spell_start", "spell_end", "standard_id", "standard_amount", "birth_date", "corrects_id"}
)


@dataclass(frozen=True)
class Dialect:
    vendor: str

    def day(self, expr: str) -> str:
        if self.vendor == "postgresql":
            return f"CAST(EXTRACT(DAY FROM {expr}) AS INTEGER)"
        return f"CAST(strftime('%%d', {expr}) AS INTEGER)"

    def greatest(self, *args: str) -> str:
        return f"{'GREATEST' if self.vendor == 'postgresql' else 'MAX'}({', '.join(args)})"

    def least(self, *args: str) -> str:
        return f"{'LEAST' if self.vendor == 'postgresql' else 'MIN'}({', '.join(args)})"

    def fen(self, expr: str) -> str:
        return (
            f"CAST(ROUND({expr} * 100) AS BIGINT)"
            if self.vendor == "postgresql"
            else f"CAST(ROUND({expr} * 100) AS INTEGER)"
        )

    def yuan(self, fen_expr: str) -> str:
        return (
            f"(CAST({fen_expr} AS NUMERIC) / 100)" if self.vendor == "postgresql" else f"({fen_expr} / 100.0)"
        )

    def unrounded(self, fen_expr: str, days: str, n: str) -> str:
        if self.vendor == "postgresql":
            return f"ROUND(CAST({fen_expr} AS NUMERIC) * {days} / {n} / 100, 6)"
        return f"ROUND({fen_expr} * {days} * 1.0 / {n} / 100, 6)"

    def day_of(self, first: str, day_expr: str) -> str:
        """The date of day number `day_expr` in the month starting `first`."""
        if self.vendor == "postgresql":
            return f"(CAST({first} AS DATE) + ({day_expr} - 1))"
        return f"date({first}, '+' || ({day_expr} - 1) || ' days')"

    def same(self, left: str, right: str) -> str:
        """Null-safe equality (NULL equals NULL)."""
        return f"{left} IS NOT DISTINCT FROM {right}" if self.vendor == "postgresql" else f"{left} IS {right}"


class Params(dict):
    """Named query parameters: `p(value)` returns a placeholder and remembers the value, so
    the SQL text can be assembled in any order (Django passes dict params to both backends)."""

    def __call__(self, value) -> str:
        name = f"p{len(self)}"
        self[name] = value
        return f"%({name})s"


@dataclass(frozen=True)
class MonthStandard:
    """A standard in force during part of a month: its days of the month (1-based,
    inclusive), its monthly amount (yuan) and in fen."""

    standard_id: int
    category: str
    start_day: int
    end_day: int
    monthly_amount: Decimal

    @property
    def fen(self) -> int:
        return int(self.monthly_amount * 100)


def month_standards(district: str, month: date) -> list[MonthStandard]:
    """The allowance standards that apply to the children of `district` (a district code)
    during `month` (its first day), with the days they cover. For each category the
    district's own standards apply from the first day it has one (and must then continue
    without a gap; uprating keeps them so); before that day — and always for a district
    without its own — the city's (the district code's first four digits). One query."""
    from .models import AllowanceStandard

    first, last = month, month_end(month)
    n = calendar.monthrange(month.year, month.month)[1]
    city = district[:4]
    rows = list(
        AllowanceStandard.objects.filter(
            category__in=ALLOWANCE_CATEGORIES, area_id__in=(district, city), effective_from__lte=last
        ).values_list("pk", "category", "area_id", "effective_from", "effective_to", "monthly_amount")
    )
    own_from: dict[str, date] = {}
    for _pk, category, area_id, effective_from, _to, _amount in rows:
        if area_id == district:
            own_from[category] = min(effective_from, own_from.get(category, effective_from))
    standards = []
    for pk, category, area_id, effective_from, effective_to, amount in rows:
        end = effective_to or FAR_FUTURE
        if area_id != district and category in own_from:
            city_until = own_from[category] - timedelta(days=1)
            if effective_from > city_until:
                continue
            end = min(end, city_until)
        if end < first:
            continue
        start_day = 1 if effective_from <= first else effective_from.day
        end_day = n if end >= last else end.day
        standards.append(MonthStandard(pk, category, start_day, end_day, Decimal(amount)))
    return sorted(standards, key=lambda s: (s.category, s.start_day))


def _standards_table(p: Params, standards: list[MonthStandard], n: int, mode: str) -> str:
    """The month's standards as a constant table s(standard_id, category, start_day, end_day,
    std_fen, standard_amount, seg_unrounded, seg_amount), the last two the amounts of the
    standard's whole segment of the month (used under NEXT_MONTH, where a paid segment is
    always whole). No standard: a table without rows."""
    if not standards:
        return (
            "SELECT 0 AS standard_id, '' AS category, 0 AS start_day, 0 AS end_day, 0 AS std_fen, "
            "0 AS standard_amount, 0 AS seg_unrounded, 0 AS seg_amount WHERE 1 = 0"
        )
    rows = []
    whole = mode == NEXT_MONTH
    for s in standards:
        days = s.end_day - s.start_day + 1
        fen = (s.fen * days * 2 + n) // (2 * n)  # half up to the fen, as rounded_fen()
        unrounded = (Decimal(s.fen) * days / n / 100).quantize(Decimal("0.000001"), ROUND_HALF_UP)
        rows.append(
            f"({int(s.standard_id)}, {p(s.category)}, {int(s.start_day)}, {int(s.end_day)}, {int(s.fen)}, "
            f"{p(s.monthly_amount)}, {p(unrounded if whole else Decimal(0))}, "
            f"{p(Decimal(fen) / 100 if whole else Decimal(0))})"
        )
    # A VALUES list (its row count known to the planner, which then hashes it and scans the
    # spells once; eight one-row SELECTs joined by UNION ALL made PostgreSQL probe the spells'
    # category index once per standard instead). Both databases name its columns column1…
    names = ("standard_id", "category", "start_day", "end_day", "std_fen", "standard_amount")
    names += ("seg_unrounded", "seg_amount")
    columns = ", ".join(f"column{i} AS {name}" for i, name in enumerate(names, start=1))
    return f"SELECT {columns} FROM (VALUES {', '.join(rows)}) AS v"


def segments_sql(
    d: Dialect,
    p: Params,
    district: str,
    month: date,
    *,
    mode: str,
    past_18_in_school: bool = False,
    children: str = "",
) -> str:
    """SELECT of the month's segments with columns child_id, category, spell_id, spell_start,
    spell_end, standard_id, standard_amount, birth_date, start_day, end_day (day numbers in
    the month, inclusive), std_fen (the standard in fen), seg_unrounded and seg_amount (the
    whole standard segment's amounts, NEXT_MONTH only). `mode` is the payment timing
    (benefits.payroll.payment_timing); `past_18_in_school` pays children in school past 18;
    `children`, if given, is a subquery of child ids the segments are restricted to."""
    first, last = month, month_end(month)
    n = calendar.monthrange(month.year, month.month)[1]
    # A child whose 18th birthday falls in this month is paid up to the day before it (a
    # 29 February birthday counts as the 28th: LEAST(day, n)); one born earlier is not paid.
    aged_month = date(month.year - 18, month.month, 1)
    aged_month_end = month_end(aged_month)
    standards = _standards_table(p, month_standards(district, month), n, mode)
    # The date the payment timing counts from: arrears approved from a date, else the
    # confirmation date, else (rows loaded directly) the category's start.
    anchor = "COALESCE(sp.arrears_from, sp.confirmed_on, sp.start_date)"
    in_school = f"c.school_status = {p('in_school')}" if past_18_in_school else ""
    if mode == NEXT_MONTH:
        # Whole months: paid from the month after the confirmation date once the category is
        # held on the month's first day; until the end of the month of its last day (the
        # WHERE keeps only spells reaching into the month) or of the 18th birthday: each
        # standard's whole segment of the month, or nothing.
        timing = f"{anchor} < {p(first)} AND sp.start_date <= {p(first)}"
        start_day, end_day = "s.start_day", "s.end_day"
        under_age = f"c.birth_date >= {p(aged_month)}"
        age_condition = f"AND ({under_age} OR {in_school})" if in_school else f"AND {under_age}"
    else:
        timing = f"{anchor} <= {p(last)}"
        start_day = d.greatest(
            f"CASE WHEN sp.start_date <= {p(first)} THEN 1 ELSE {d.day('sp.start_date')} END",
            f"CASE WHEN {anchor} <= {p(first)} THEN 1 ELSE {d.day(anchor)} END",
            "s.start_day",
        )
        spell_end_day = (
            f"CASE WHEN sp.end_date IS NULL OR sp.end_date >= {p(last)} THEN {n} "
            f"ELSE {d.day('sp.end_date')} END"
        )
        age_end_day = (
            f"CASE WHEN c.birth_date < {p(aged_month)} THEN 0 "
            f"WHEN c.birth_date <= {p(aged_month_end)} THEN {d.least(d.day('c.birth_date'), str(n))} - 1 "
            f"ELSE {n} END"
        )
        if in_school:
            age_end_day = f"CASE WHEN {in_school} THEN {n} ELSE {age_end_day} END"
        end_day = d.least(spell_end_day, "s.end_day", age_end_day)
        age_condition = ""
    categories = ", ".join(p(category) for category in ALLOWANCE_CATEGORIES)
    return f"""
        SELECT sp.child_id AS child_id, sp.category AS category, sp.id AS spell_id,
               sp.start_date AS spell_start, sp.end_date AS spell_end,
               s.standard_id AS standard_id, s.standard_amount AS standard_amount, c.birth_date AS birth_date,
               {start_day} AS start_day, {end_day} AS end_day, s.std_fen AS std_fen,
               s.seg_unrounded AS seg_unrounded, s.seg_amount AS seg_amount
        FROM registry_categoryspell sp
        JOIN registry_child c ON c.id = sp.child_id
        JOIN ({standards}) s ON s.category = sp.category
        WHERE sp.category IN ({categories}) AND sp.status = {p(SpellStatus.CONFIRMED.value)} AND {timing}
          AND sp.start_date <= {p(last)} AND (sp.end_date IS NULL OR sp.end_date >= {p(first)})
          AND c.area_id LIKE {p(district + "%")} AND c.identity_unknown = {p(False)} {age_condition}
          {f"AND sp.child_id IN ({children})" if children else ""}
    """


def days_expr(n: int, mode: str) -> str:
    """Days paid: the segment's days, or the whole month if eligible on the 1st (mode
    whole_month_if_eligible_on_first: at the standard in force on the 1st)."""
    if mode == WHOLE_MONTH_IF_ELIGIBLE_ON_FIRST:
        return f"(CASE WHEN start_day = 1 THEN {n} ELSE 0 END)"
    return "(end_day - start_day + 1)"


def paid_condition(n: int, mode: str) -> str:
    """WHERE condition over the segments keeping those with days to pay. Under NEXT_MONTH a
    segment is a standard's whole part of the month (month_standards keeps only standards
    covering a day of it), so there is nothing to test — and no test: PostgreSQL pushed it
    down onto the standards' VALUES list, guessed one standard left out of eight and probed
    the spells' index per standard instead of hashing them."""
    if mode == NEXT_MONTH:
        return "TRUE"
    return f"end_day >= start_day AND {days_expr(n, mode)} > 0"


def rounded_fen(days: str, n: int) -> str:
    """Half-up rounding to the fen in integer arithmetic (exact on both databases)."""
    return f"((std_fen * {days} * 2 + {n}) / {2 * n})"


def regular_lines_sql(d: Dialect, p: Params, payroll, *, mode: str, past_18_in_school: bool) -> str:
    """SELECT of a payroll's regular lines, its columns named and ordered as LINE_COLUMNS.
    A line is held when its child has no active account: an uncorrelated IN, which
    PostgreSQL runs as one hashed subplan over the accounts and SQLite as one ephemeral
    index (a join here was an index probe per line)."""
    month = payroll.month
    n = calendar.monthrange(month.year, month.month)[1]
    segments = segments_sql(d, p, payroll.area_id, month, mode=mode, past_18_in_school=past_18_in_school)
    days = days_expr(n, mode)
    first = p(month)
    if mode == NEXT_MONTH:
        unrounded, amount = "seg_unrounded", "seg_amount"
    else:
        unrounded, amount = d.unrounded("std_fen", days, str(n)), d.yuan(rounded_fen(days, n))
    return f"""
        SELECT {int(payroll.pk)} AS payroll_id, seg.child_id AS child_id, category,
               {p(LineKind.REGULAR.value)} AS kind, {first} AS for_month,
               {d.day_of(first, "start_day")} AS period_start, {d.day_of(first, "end_day")} AS period_end,
               {days} AS days_eligible, {n} AS days_in_month,
               {unrounded} AS amount_unrounded, {amount} AS amount,
               spell_id, spell_start, spell_end, standard_id, standard_amount, birth_date,
               {p("")} AS note, CAST(NULL AS BIGINT) AS corrects_id,
               CASE WHEN seg.child_id IN (SELECT a.child_id FROM benefits_bankaccount a WHERE a.is_active = TRUE)
                    THEN FALSE ELSE TRUE END AS held
        FROM ({segments}) seg
        WHERE {paid_condition(n, mode)}
    """


def changed_children_sql(p: Params, since) -> str:
    """A subquery of the ids of children whose payroll inputs were written after `since` (an
    aware datetime): a category spell's history row (every service writing a spell records
    one) or the child's own (birth date, school status, area). Both history tables are
    indexed on history_date, so this costs in proportion to the changes."""
    from childwelfare.registry.models import CategorySpell, Child

    spells = CategorySpell.history.model._meta.db_table
    children = Child.history.model._meta.db_table
    return (
        f"SELECT h.child_id FROM {spells} h WHERE h.history_date > {p(since)} "
        f"UNION SELECT hc.id FROM {children} hc WHERE hc.history_date > {p(since)}"
    )
