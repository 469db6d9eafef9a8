"""Issue 14, items 1 and 5: on PostgreSQL the payroll runs its statements with
settings.PAYROLL_WORK_MEM as work_mem, for its own transaction only (SET LOCAL), and its lines
table is autovacuumed after 2 % of it changed."""

from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from childwelfare.areas.models import Area
from childwelfare.benefits.payroll import run_payroll
from childwelfare.registry.choices import Category
from childwelfare.testing import people as named
from childwelfare.testing.factories import CategorySpellFactory, ChildFactory

pytestmark = pytest.mark.django_db

MONTH = "2026-05"


def show_work_mem() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW work_mem")
        return cursor.fetchone()[0]


class Undo(Exception):
    pass


def test_payroll_sets_work_mem_for_its_transaction_only(people, settings):
    """SET LOCAL lasts until its transaction ends; rolled back with it here (a savepoint in
    the test's transaction), the server's value is back."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    settings.PAYROLL_WORK_MEM = "48MB"
    before = show_work_mem()
    assert before != "48MB"
    with pytest.raises(Undo), transaction.atomic():
        run_payroll(Area.objects.get(code=named.XUANWU), MONTH, actor=people["officer_xuanwu"])
        assert show_work_mem() == "48MB"
        raise Undo
    assert show_work_mem() == before


def test_no_work_mem_setting_leaves_the_server_alone(people, settings):
    settings.PAYROLL_WORK_MEM = ""
    with CaptureQueriesContext(connection) as queries:
        run_payroll(Area.objects.get(code=named.XUANWU), MONTH, actor=people["officer_xuanwu"])
    assert not [q for q in queries.captured_queries if "set_config" in q["sql"]]


def test_payroll_lines_are_vacuumed_after_a_few_per_cent_changed():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'benefits_payrollline'")
        options = set(cursor.fetchone()[0] or [])
    assert {
        "autovacuum_vacuum_scale_factor=0.02",
        "autovacuum_analyze_scale_factor=0.02",
        "autovacuum_vacuum_insert_scale_factor=0.02",
    } <= options


def test_a_rerun_never_scans_its_new_lines_once_per_draft_line(city):
    """The re-run's anti-joins (payroll._diff_statements) are planned with nested loops off:
    right after a first run the lines table's statistics give the draft almost no lines, and
    the planner then chose to scan the temporary table of new lines once per draft line (at
    1,000,000 children, 1.9 million × 1.9 million rows: still running after 12 minutes, where
    the hash anti-join takes 4.6 s; bench/payroll.py, 2026-12-02). At a test's size the
    planner hashes anyway, so this checks that the two statements run with the setting off,
    that it is put back after them, and what the planner then does with them."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    from childwelfare.benefits import payroll as payroll_module
    from childwelfare.benefits.payroll_sql import Params, regular_lines_sql

    for i in range(40):
        child = ChildFactory(birth_date=date(2014, 1, 1 + i % 28), area_id=named.MEIYUAN)
        CategorySpellFactory(child=child, category=Category.DE_FACTO_UNSUPPORTED, start_date=date(2024, 1, 1))
    xuanwu = Area.objects.get(code=named.XUANWU)
    draft = run_payroll(xuanwu, MONTH, actor=city["officer_xuanwu"])
    assert draft.line_count == 40
    with CaptureQueriesContext(connection) as queries:
        run_payroll(xuanwu, MONTH, actor=city["officer_xuanwu"])
    sql = [q["sql"] for q in queries.captured_queries]
    # Captured with its parameters filled in: the first call turns the loops off, the last
    # puts back what was there ('on').
    calls = [i for i, q in enumerate(sql) if "set_config('enable_nestloop'" in q]
    assert len(calls) == 2 and "'off'" in sql[calls[0]] and "'on'" in sql[calls[1]]
    off, back = calls
    anti_joins = [i for i, q in enumerate(sql) if "NOT EXISTS" in q and "benefits_payrollline" in q]
    assert len(anti_joins) == 2 and off < min(anti_joins) and max(anti_joins) < back
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_nestloop")
        assert cursor.fetchone()[0] == "on"  # put back
    # What the planner makes of the two statements under the setting: anti-joins, no loop.
    d, p = payroll_module._dialect(), Params()
    select = regular_lines_sql(d, p, draft, mode="next_month", past_18_in_school=False)
    plans = []
    with pytest.raises(Undo), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {payroll_module._NEW_LINES} AS {select}", dict(p))
        with payroll_module._no_nested_loops(cursor):
            for statement, params in payroll_module._diff_statements(d, draft)[1:]:
                cursor.execute("EXPLAIN " + statement, params)
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
        raise Undo
    assert all("Anti Join" in plan and "Nested Loop" not in plan for plan in plans), plans
