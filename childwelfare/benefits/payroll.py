"""Monthly payroll (月度发放), computed set-based in the database.

One line per child per confirmed category spell per standard segment. Which days of a
month are paid follows one payment-timing policy for every route (roster row, profile edit,
application), the setting PAYMENT_TIMING (`payment_timing()`), counted from the spell's
confirmation date (its `arrears_from` when the confirmer approved arrears; its start date
for rows loaded without one):

- `next_month` (default, 民发〔2019〕62号): whole months, from the month after the
  confirmation date (and not before the month the category starts on its first day) to
  the end of the month in which eligibility ends — the category's last day, or the 18th
  birthday (that month paid in full);
- `prorated`: calendar days from the confirmation date (or the category's start) to the
  category's last day or the day before the 18th birthday;
- `whole_month_if_eligible_on_first`: a whole month when the child is eligible (confirmed,
  holding the category, under 18) on its first day, else nothing.

Within a paid month the days are split by the standard in force and rounded to the fen half
up in exact integer arithmetic (DOMAIN.md §10):

    fen = (standard_fen × days × 2 + days_in_month) ÷ (2 × days_in_month)   (integer division)

A 29 February birthday counts as 28 February in a common year. A standard raised with an earlier effective date, or a
category ended retroactively, is corrected in the next payroll by arrears or reversal lines
for the months already approved, each pointing to the line it corrects.

The SQL is one INSERT … SELECT per month (no Python loop over children); the two dialects
(PostgreSQL, SQLite) differ only in the small expressions of `payroll_sql.Dialect`; the SQL
builders live in benefits.payroll_sql.
"""

from __future__ import annotations

import calendar
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Sum
from django.db.models.functions import Cast, Round
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.areas.choices import Level
from childwelfare.lib.dates import add_months, month_end
from childwelfare.lib.errors import ConflictError, DomainError
from childwelfare.registry.models import CategorySpell
from childwelfare.workflow.services import transition

from . import permissions
from .choices import LineKind, PayrollStatus
from .models import AllowanceStandard, Payroll, PayrollLine
from .payroll_sql import (
    LINE_COLUMNS,
    NEXT_MONTH,
    NULLABLE_COLUMNS,
    PAYMENT_TIMINGS,
    PRORATED,
    WHOLE_MONTH_IF_ELIGIBLE_ON_FIRST,
    Dialect,
    Params,
    changed_children_sql,
    days_expr,
    paid_condition,
    regular_lines_sql,
    rounded_fen,
    segments_sql,
)

__all__ = ["NEXT_MONTH", "PRORATED", "WHOLE_MONTH_IF_ELIGIBLE_ON_FIRST", "PAYMENT_TIMINGS"]


class PayrollError(DomainError):
    """A payroll action refused (lib.errors.DomainError: code, field, translatable message)."""


class PayrollConflict(PayrollError, ConflictError):
    """Someone else changed the payroll first; nothing was changed (code 'stale_version')."""


def _dialect() -> Dialect:
    if connection.vendor not in ("postgresql", "sqlite"):
        raise PayrollError(
            _("不支持的数据库：%(vendor)s"), code="unsupported_database", params={"vendor": connection.vendor}
        )
    return Dialect(connection.vendor)


def payment_timing() -> str:
    """The payment-timing mode (settings.PAYMENT_TIMING, see the module docstring and the
    README): 'next_month' (default), 'prorated' or 'whole_month_if_eligible_on_first'.
    Raises PayrollError for any other value."""
    mode = getattr(settings, "PAYMENT_TIMING", NEXT_MONTH) or NEXT_MONTH
    if mode not in PAYMENT_TIMINGS:
        raise PayrollError(
            _("发放时间规则“%(mode)s”无效"), code="unknown_payment_timing", params={"mode": mode}
        )
    return mode


def continue_past_18_in_education() -> bool:
    return bool(getattr(settings, "BENEFITS_CONTINUE_PAST_18_IN_EDUCATION", False))


_NEW_LINES = "payroll_new_lines"


def _regular_lines(d: Dialect, payroll: Payroll, *, replace: bool) -> tuple | None:
    """Write the month's regular lines; returns their totals (lines, children, fen, held fen,
    held children) when the statement gave them, else None (read them from the lines).

    A first run (`replace` false: the draft has no lines) is one INSERT … SELECT; on
    PostgreSQL it returns its totals in the same statement (a data-modifying WITH), so the
    lines are not read again. A re-run keeps the lines that come out the same and replaces
    only the others (issue 14): the new lines go into a temporary table, the draft's lines
    not among them (and its corrections and releases) are deleted, the new lines not among
    the draft's are inserted, and the totals are those of the temporary table. The draft's
    lines are then exactly the new ones, as if replaced as a whole, but a re-run writes in
    proportion to what changed; an unchanged line keeps its id."""
    p = Params()
    select = regular_lines_sql(
        d, p, payroll, mode=payment_timing(), past_18_in_school=continue_past_18_in_education()
    )
    columns = ", ".join(LINE_COLUMNS)
    fen = d.fen("amount")
    totals = (
        f"SELECT COUNT(*), COUNT(DISTINCT child_id), COALESCE(SUM({fen}), 0), "
        f"COALESCE(SUM(CASE WHEN held THEN {fen} ELSE 0 END), 0), "
        f"COUNT(DISTINCT CASE WHEN held THEN child_id END)"
    )
    with connection.cursor() as cursor:
        if not replace:
            if d.vendor != "postgresql":
                cursor.execute(f"INSERT INTO benefits_payrollline ({columns}) {select}", dict(p))
                return None
            cursor.execute(
                f"WITH ins AS (INSERT INTO benefits_payrollline ({columns}) {select} "
                f"RETURNING child_id, amount, held) {totals} FROM ins",
                dict(p),
            )
            return cursor.fetchone()
        cursor.execute(f"DROP TABLE IF EXISTS {_NEW_LINES}")
        cursor.execute(f"CREATE TEMPORARY TABLE {_NEW_LINES} AS {select}", dict(p))
        if d.vendor == "postgresql":
            # Never analysed by autovacuum: without statistics the planner may take it for a
            # few rows and probe it once per line (a nested loop, quadratic) in the DELETE.
            # Its size and the key's statistics suffice (all columns: 0.4 s at 194,574 lines).
            cursor.execute(f"ANALYZE {_NEW_LINES} (child_id, period_start)")
        else:
            # SQLite runs NOT EXISTS as a correlated subquery: without an index it would scan
            # the new lines once per draft line (quadratic).
            cursor.execute(
                f"CREATE INDEX {_NEW_LINES}_key ON {_NEW_LINES} (child_id, category, for_month, period_start)"
            )
        with _no_nested_loops(cursor):
            for sql, params in _diff_statements(d, payroll):
                cursor.execute(sql, params)
        cursor.execute(f"{totals} FROM {_NEW_LINES}")
        result = cursor.fetchone()
        cursor.execute(f"DROP TABLE {_NEW_LINES}")
        return result


def _diff_statements(d: Dialect, payroll: Payroll) -> list[tuple[str, list]]:
    """The re-run's statements after the new lines are in the temporary table _NEW_LINES:
    delete the draft's corrections and releases, delete its regular lines not among the new
    ones (compared on every column, null-safely), insert the new lines not among the draft's.
    [(sql, params)], run in this order by _regular_lines."""
    same = " AND ".join(
        d.same(f"n.{c}", f"benefits_payrollline.{c}")
        if c in NULLABLE_COLUMNS
        else f"n.{c} = benefits_payrollline.{c}"
        for c in LINE_COLUMNS
        if c not in ("payroll_id", "kind")
    )
    columns = ", ".join(LINE_COLUMNS)
    regular = LineKind.REGULAR.value
    return [
        ("DELETE FROM benefits_payrollline WHERE payroll_id = %s AND kind <> %s", [payroll.pk, regular]),
        # NOT EXISTS alone (no OR around it), so that it is planned as an anti-join.
        (
            f"DELETE FROM benefits_payrollline WHERE payroll_id = %s AND kind = %s AND NOT EXISTS "
            f"(SELECT 1 FROM {_NEW_LINES} n WHERE {same})",
            [payroll.pk, regular],
        ),
        (
            f"INSERT INTO benefits_payrollline ({columns}) SELECT {columns} FROM {_NEW_LINES} n "
            f"WHERE NOT EXISTS (SELECT 1 FROM benefits_payrollline l WHERE l.payroll_id = %s "
            f"AND l.child_id = n.child_id AND l.category = n.category AND l.kind = n.kind "
            f"AND l.for_month = n.for_month AND l.period_start = n.period_start)",
            [payroll.pk],
        ),
    ]


@contextmanager
def _no_nested_loops(cursor):
    """On PostgreSQL, the planner may not use nested loops for the statements run inside
    (set_config(…, is_local=true), put back afterwards). The draft's lines were written
    moments before in the same or a recent transaction: the table's statistics, gathered
    before, give the draft almost no lines, and the planner then chose to scan the temporary
    table once per draft line — a nested loop over 1.9 million × 1.9 million rows, still
    running after 12 minutes at 1,000,000 children (bench/payroll.py, 2026-12-02), where
    the hash anti-join takes 4.6 s. Both anti-joins read every line of both sides anyway."""
    if connection.vendor != "postgresql":
        yield
        return
    cursor.execute("SELECT current_setting('enable_nestloop')")
    before = cursor.fetchone()[0]
    cursor.execute("SELECT set_config('enable_nestloop', 'off', true)")
    try:
        yield
    finally:
        cursor.execute("SELECT set_config('enable_nestloop', %s, true)", [before])


def _corrections(d: Dialect, payroll: Payroll, for_month: date, since=None) -> list[PayrollLine]:
    """Arrears and reversal lines for an approved month whose inputs changed: what the month
    should pay now, per child and category, minus everything approved for it so far (held
    lines count as approved: they are owed and paid by a release; the release lines
    themselves do not count, or a held month would look paid twice).

    `since` (the month's approval time) restricts the re-check to the children whose inputs
    changed after it (payroll_sql.changed_children_sql), so its cost follows the changes, not the
    district (issue 14); None re-checks every child of the district (a standard changed)."""
    n = calendar.monthrange(for_month.year, for_month.month)[1]
    p = Params()
    children = "" if since is None else changed_children_sql(p, since)
    mode = payment_timing()
    segments = segments_sql(
        d,
        p,
        payroll.area_id,
        for_month,
        mode=mode,
        past_18_in_school=continue_past_18_in_education(),
        children=children,
    )
    days = days_expr(n, mode)
    sql = f"""
        SELECT child_id, category, SUM(exp_fen), SUM(paid_fen), MAX(standard_id), SUM(exp_days), MIN(line_id),
               MAX(std_amount), MAX(birth_date)
        FROM (
            SELECT child_id, category, {rounded_fen(days, n)} AS exp_fen, 0 AS paid_fen, standard_id,
                   {days} AS exp_days, NULL AS line_id, standard_amount AS std_amount, birth_date
            FROM ({segments}) seg WHERE {paid_condition(n, mode)}
            UNION ALL
            SELECT l.child_id, l.category, 0, {d.fen("l.amount")}, NULL, 0,
                   CASE WHEN l.kind = {p(LineKind.REGULAR.value)} THEN l.id END, NULL, NULL
            FROM benefits_payrollline l JOIN benefits_payroll pr ON pr.id = l.payroll_id
            WHERE pr.area_id = {p(payroll.area_id)} AND pr.status = {p(PayrollStatus.APPROVED.value)}
              AND l.for_month = {p(for_month)} AND l.kind <> {p(LineKind.RELEASED.value)}
              {f"AND l.child_id IN ({children})" if children else ""}
        ) t
        GROUP BY child_id, category
        HAVING SUM(exp_fen) <> SUM(paid_fen)
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, dict(p))
        rows = cursor.fetchall()
    lines = []
    for child_id, category, exp_fen, paid, standard_id, exp_days, line_id, std_amount, birth in rows:
        expected, paid = int(exp_fen), int(paid)
        diff = Decimal(expected - paid) / 100
        lines.append(
            PayrollLine(
                payroll=payroll,
                child_id=child_id,
                category=category,
                kind=LineKind.ARREARS if diff > 0 else LineKind.REVERSAL,
                for_month=for_month,
                period_start=for_month,
                period_end=month_end(for_month),
                days_eligible=int(exp_days or 0),
                days_in_month=n,
                amount_unrounded=diff,
                amount=diff,
                standard_id=standard_id,
                standard_amount=None
                if std_amount is None
                else Decimal(str(std_amount)).quantize(Decimal("0.01")),
                birth_date=birth
                if birth is None or isinstance(birth, date)
                else date.fromisoformat(str(birth)),
                corrects_id=line_id,
                note=f"应发{Decimal(expected) / 100}元，已发{Decimal(paid) / 100}元",
            )
        )
    return lines


def _release_insert(d: Dialect, payroll: Payroll) -> int:
    """Pay what earlier payrolls held (benefits.models.PayrollLine.held) for children of the
    district who now have an active account: one `released` line per child, category and
    month of the held lines, for the balance of held minus already released in approved
    payrolls (in fen, so exact). A balance, not a mark on the held lines (approved lines are
    never changed): a held amount is paid once whichever payroll releases it, and a draft's
    release is replaced when the draft is recomputed. Keyed on the child's current district,
    so an amount held before a move is paid by the new district (nothing lost). One
    INSERT … SELECT; returns the number of lines."""
    p = Params()
    # Literal TRUE and 'released' (constants, never user data): the planners then see the
    # condition of the partial index payroll_line_held_idx (SQLite cannot with parameters).
    released = f"'{LineKind.RELEASED.value}'"
    held_fen = f"SUM(CASE WHEN l.held = TRUE THEN {d.fen('l.amount')} ELSE 0 END)"
    released_fen = (
        f"SUM(CASE WHEN l.kind = {released} AND l.held = FALSE THEN {d.fen('l.amount')} ELSE 0 END)"
    )
    balance = f"({held_fen} - {released_fen})"
    sql = f"""
        INSERT INTO benefits_payrollline
            (payroll_id, child_id, category, kind, for_month, period_start, period_end, days_eligible,
             days_in_month, amount_unrounded, amount, spell_id, spell_start, spell_end, standard_id,
             standard_amount, birth_date, note, corrects_id, held)
        SELECT {p(payroll.pk)}, l.child_id, l.category, {released}, l.for_month,
               l.for_month, MAX(l.period_end), MAX(l.days_eligible), MAX(l.days_in_month),
               {d.yuan(balance)}, {d.yuan(balance)}, NULL, NULL, NULL, MAX(l.standard_id),
               MAX(l.standard_amount), MAX(l.birth_date), {p("")},
               MIN(CASE WHEN l.held = TRUE THEN l.id END), FALSE
        FROM benefits_payrollline l
        JOIN benefits_payroll pr ON pr.id = l.payroll_id
        JOIN registry_child c ON c.id = l.child_id
        JOIN benefits_bankaccount a ON a.child_id = l.child_id AND a.is_active = TRUE
        WHERE (l.held OR l.kind = {released})
          AND pr.status = {p(PayrollStatus.APPROVED.value)} AND c.area_id LIKE {p(payroll.area_id + "%")}
        GROUP BY l.child_id, l.category, l.for_month
        HAVING {balance} <> 0
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, dict(p))
        return cursor.rowcount


def _children_with_active_account(child_ids) -> set[int]:
    from .models import BankAccount

    return set(
        BankAccount.objects.filter(child_id__in=set(child_ids), is_active=True).values_list(
            "child_id", flat=True
        )
    )


def _months_to_correct(payroll: Payroll, lookback_months: int) -> list[tuple[date, object]]:
    """Approved months of this district (within the lookback) whose inputs may have changed
    since their approval, as (month, since): since None when a standard was written after the
    month was approved (every child of the district is re-checked), else the approval time
    when some child's category spell or file was (only those children are re-checked:
    _corrections)."""
    from childwelfare.registry.models import Child

    earliest = add_months(payroll.month, -lookback_months)
    approved = Payroll.objects.filter(
        area_id=payroll.area_id, status=PayrollStatus.APPROVED, month__lt=payroll.month, month__gte=earliest
    ).values_list("month", "approved_at")
    months = []
    for month, approved_at in approved:
        if AllowanceStandard.history.filter(history_date__gt=approved_at).exists():
            months.append((month, None))
        elif (
            CategorySpell.history.filter(history_date__gt=approved_at).exists()
            or Child.history.filter(history_date__gt=approved_at).exists()
        ):
            months.append((month, approved_at))
    return sorted(months, key=lambda pair: pair[0])


def _delete_draft_lines(payroll: Payroll) -> None:
    """Remove a draft's lines in one statement (a first run: normally none). (The ORM's delete() would first load every
    line to honour on_delete; nothing refers to a draft's lines — corrections point only at
    approved ones — so there is nothing to honour.)"""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM benefits_payrollline WHERE payroll_id = %s", [payroll.pk])


def _tune_transaction() -> None:
    """On PostgreSQL, settings.PAYROLL_WORK_MEM as work_mem for the rest of this transaction
    (set_config(…, is_local=true), i.e. SET LOCAL): the payroll's hash joins and the
    corrections' aggregate fit in memory instead of spilling to disk (issue 14)."""
    work_mem = getattr(settings, "PAYROLL_WORK_MEM", "")
    if work_mem and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('work_mem', %s, true)", [work_mem])


def first_of_month(value: str | date) -> date:
    """'2026-11' or a date → the first day of that month. Raises PayrollError."""
    if isinstance(value, date):
        return value.replace(day=1)
    try:
        year, month = (int(part) for part in value.split("-")[:2])
        return date(year, month, 1)
    except (ValueError, AttributeError) as exc:
        raise PayrollError(
            _("月份“%(value)s”格式应为 YYYY-MM"), code="month_format", field="month", params={"value": value}
        ) from exc


@transaction.atomic
def run_payroll(area, month: date, *, actor, lookback_months: int = 24) -> Payroll:
    """Compute (or recompute) the draft payroll of a district for a month.

    Running it again gives the same lines and creates nothing twice: a draft's lines become
    exactly the new ones (the unchanged kept, the rest replaced: _regular_lines); an
    approved payroll is locked (PayrollError). The lines of a child
    without an active payment account are held (not in the bank file); amounts held by
    earlier payrolls are released to children who now have one (_release_insert). Returns
    the payroll with line_count, child_count, total_amount (yuan, held included),
    held_amount (yuan) and held_child_count filled.
    """
    if area.level != Level.DISTRICT:
        raise PayrollError(
            _("月度发放按区（县）计算，请选择区（县）"), code="payroll_needs_district", field="area"
        )
    if not permissions.can_run_payroll(actor, area.code):
        raise PayrollError(_("只有本区民政干部可以计算发放名册"), code="cannot_run_payroll", field="area")
    month = first_of_month(month)
    payroll, _created = Payroll.objects.select_for_update().get_or_create(area=area, month=month)
    if payroll.status == PayrollStatus.APPROVED:
        raise PayrollError(
            _("%(area)s%(year)s年%(month)s月的发放名册已批准，已锁定，不能重新计算"),
            code="payroll_locked",
            field="month",
            params={"area": area.name, "year": month.year, "month": f"{month.month:02d}"},
        )
    _tune_transaction()
    d = _dialect()
    # A draft computed before keeps the lines that come out the same (_regular_lines).
    replace = payroll.computed_at is not None
    if not replace:
        _delete_draft_lines(payroll)  # none, unless written by other means
    regular = _regular_lines(d, payroll, replace=replace)
    corrections = []
    for past, since in _months_to_correct(payroll, lookback_months):
        corrections.extend(_corrections(d, payroll, past, since))
    with_account = _children_with_active_account(line.child_id for line in corrections)
    for line in corrections:
        line.held = line.child_id not in with_account
    PayrollLine.objects.bulk_create(corrections, batch_size=2000)
    released = _release_insert(d, payroll)
    if regular is not None and not corrections and not released:
        # Only regular lines: their totals came with the statement that wrote them.
        keys = ("lines", "children", "fen", "held_fen", "held_children")
        totals = dict(zip(keys, regular, strict=True))
    else:
        # One pass over the lines for every total (issue 14: four reads before).
        held = Q(held=True)
        totals = payroll.lines.aggregate(
            lines=Count("id"),
            children=Count("child", distinct=True),
            fen=Sum(_FEN),
            held_fen=Sum(_FEN, filter=held),
            held_children=Count("child", distinct=True, filter=held),
        )
    payroll.line_count = totals["lines"]
    payroll.child_count = totals["children"]
    payroll.total_amount = _yuan_of_fen(totals["fen"])
    payroll.held_amount = _yuan_of_fen(totals["held_fen"])
    payroll.held_child_count = totals["held_children"]
    payroll.computed_at = timezone.now()
    payroll.computed_by = actor
    # A recomputed draft is another payroll than the one on any page open before: bumping
    # the version makes an approval from such a page a conflict (approve_payroll).
    payroll.version += 1
    payroll.save()
    return payroll


# A line's amount in integer fen: sums of it are exact (no float drift on SQLite).
_FEN = Cast(Round(F("amount") * 100), IntegerField())


def _yuan_of_fen(fen) -> Decimal:
    return (Decimal(int(fen or 0)) / 100).quantize(Decimal("0.01"))


def total_yuan(lines) -> Decimal:
    """Exact sum of line amounts in yuan (summed as integer fen: no float drift on SQLite)."""
    return _yuan_of_fen(lines.aggregate(fen=Sum(_FEN))["fen"])


@transaction.atomic
def _check_month_order(payroll: Payroll) -> None:
    """Months are approved in order, each computed after the months before it were approved.

    A month's arrears and corrections are worked out against the payrolls approved when it
    is computed: a later month computed while an earlier one was still a draft carries the
    same arrears as that draft, and approving both would pay them twice (QA, issue 8).
    Raises PayrollError 'earlier_month_pending' or 'recompute_needed'."""
    earlier = Payroll.objects.filter(area_id=payroll.area_id, month__lt=payroll.month)
    pending = earlier.exclude(status=PayrollStatus.APPROVED).order_by("month").first()
    if pending is not None:
        raise PayrollError(
            _("请先批准%(month)s的发放名册：发放名册须按月份顺序批准"),
            code="earlier_month_pending",
            params={"month": pending.month.strftime("%Y-%m")},
        )
    if earlier.filter(approved_at__gt=payroll.computed_at).exists():
        raise PayrollError(
            _("此前月份的发放名册在本名册计算之后才批准，补发和冲减可能已变化：请重新计算后再批准"),
            code="recompute_needed",
        )


def _check_accounts(payroll: Payroll) -> None:
    """The bank file of the payroll will be what it was computed to be: every child paid (a
    line not held) still has an active account, and no amount it releases was released by
    another payroll approved since it was computed. Raises PayrollError
    'account_changed_recompute' or 'recompute_needed' (issue 8, item 9)."""
    from .models import BankAccount

    # NOT EXISTS, an anti-join: `NOT IN (subquery)` made PostgreSQL re-scan the accounts for
    # every line once they outgrew work_mem (11 minutes and counting at 1,000,000 children).
    active = BankAccount.objects.filter(child_id=OuterRef("child_id"), is_active=True)
    if payroll.lines.filter(held=False).exclude(Exists(active)).exists():
        raise PayrollError(
            _("计算后有儿童的发放账户被停用：请重新计算后再批准（无有效账户的明细将暂缓发放）"),
            code="account_changed_recompute",
        )
    released = payroll.lines.filter(kind=LineKind.RELEASED)
    later = PayrollLine.objects.filter(
        kind=LineKind.RELEASED,
        payroll__status=PayrollStatus.APPROVED,
        payroll__approved_at__gt=payroll.computed_at,
        child_id__in=released.values("child_id"),
    ).exclude(payroll=payroll)
    if later.exists():
        raise PayrollError(
            _("此前暂缓发放的金额已由计算本名册后批准的另一名册补发：请重新计算后再批准"),
            code="recompute_needed",
        )


def approve_payroll(payroll: Payroll, *, actor, expected_version: int | None = None) -> Payroll:
    """Approve and lock a computed draft payroll (district officer other than the one who
    last computed it: code 'four_eyes'), once every earlier month of the district is approved
    and this one was computed after them (_check_month_order), and its paid children still
    have their accounts (_check_accounts). Raises PayrollError (no permission, not
    computed, not a draft, four eyes, month order, accounts), PayrollConflict if
    someone changed it since it was read (or since `expected_version`)."""
    if not permissions.can_approve_payroll(actor, payroll.area_id):
        raise PayrollError(_("只有本区民政干部可以批准发放名册"), code="cannot_approve_payroll")
    if payroll.computed_at is None:
        raise PayrollError(_("发放名册尚未计算"), code="payroll_not_computed")
    if not permissions.is_second_person(actor, payroll.computed_by_id):
        raise PayrollError(_("发放名册须由计算人以外的另一名工作人员批准（双人复核）"), code="four_eyes")
    _check_month_order(payroll)
    _check_accounts(payroll)
    return transition(
        payroll,
        PayrollStatus.APPROVED,
        actor=actor,
        expected_version=expected_version,
        error=PayrollError,
        conflict=PayrollConflict,
        approved_at=timezone.now(),
        approved_by=actor,
    )
