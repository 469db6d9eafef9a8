"""Issue 14, items 1 and 5: on PostgreSQL the payroll runs its statements with
settings.PAYROLL_WORK_MEM as work_mem, for its own transaction only (SET LOCAL), and its lines
table is autovacuumed after 2 % of it changed."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from childwelfare.areas.models import Area
from childwelfare.benefits.payroll import run_payroll
from childwelfare.testing import people as named

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
