"""Issue 14, item 1: what a payroll run costs beyond its one INSERT … SELECT — the approved
months are re-checked only for the children whose inputs changed (the whole district when a
standard changed), the totals read the lines once, and no per-line foreign-key check of the
payroll runs at commit. Standards: Nanjing 2023 (de facto unsupported 2,300)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from childwelfare.areas.models import Area
from childwelfare.benefits.applications import terminate_allowance
from childwelfare.benefits.choices import LineKind, TerminationReason
from childwelfare.benefits.models import PayrollLine
from childwelfare.benefits.payroll import approve_payroll, run_payroll
from childwelfare.benefits.standards import approve_uprating, preview_uprating
from childwelfare.registry.choices import Category
from childwelfare.registry.models import CategorySpell
from childwelfare.testing import people as named
from childwelfare.testing.factories import CategorySpellFactory, ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def prorated(settings):
    settings.PAYMENT_TIMING = "prorated"


@pytest.fixture
def xuanwu():
    return Area.objects.get(code=named.XUANWU)


def kid(name):
    child = ChildFactory(name=name, birth_date=date(2013, 8, 8), gender="M", area_id=named.MEIYUAN)
    CategorySpellFactory(child=child, category=Category.DE_FACTO_UNSUPPORTED, start_date=date(2024, 1, 1))
    return child


def corrections(payroll):
    return sorted(
        (line.child.name, line.kind, line.for_month, line.amount)
        for line in payroll.lines.exclude(kind=LineKind.REGULAR).select_related("child")
    )


def test_approved_months_are_rechecked_for_the_changed_children_only(city, xuanwu):
    """孙离开's allowance is ended by the service (its spell's history records it); 周未记's
    spell is cut short behind the services' back (no history row, as no service ever writes):
    December re-checks November for 孙离开 only. A standard raised later is a change for every
    child, so January re-checks the whole district and finds 周未记's too."""
    officer, second = city["officer_xuanwu"], city["officer2_xuanwu"]  # four eyes
    leaving, unrecorded = kid("孙离开"), kid("周未记")
    approve_payroll(run_payroll(xuanwu, date(2026, 10, 1), actor=officer), actor=second)
    approve_payroll(run_payroll(xuanwu, date(2026, 11, 1), actor=officer), actor=second)
    terminate_allowance(
        CategorySpell.objects.get(child=leaving),
        actor=officer,
        changed_on=date(2026, 10, 20),
        reason=TerminationReason.PARENT_ABLE,
    )
    CategorySpell.objects.filter(child=unrecorded).update(end_date=date(2026, 10, 31))
    dec = run_payroll(xuanwu, date(2026, 12, 1), actor=officer)
    # November's 2,300 reversed for 孙离开 (ended 31 October); 周未记 not looked at.
    assert corrections(dec) == [("孙离开", LineKind.REVERSAL, date(2026, 11, 1), Decimal("-2300.00"))]
    approve_payroll(dec, actor=second)
    up = preview_uprating(
        actor=city["admin_nanjing"],
        area=Area.objects.get(code=named.NANJING),
        effective_from=date(2027, 1, 1),
        percent=Decimal("10"),
        legal_basis="测试文件",
    )
    approve_uprating(up, actor=city["admin2_nanjing"])
    jan = run_payroll(xuanwu, date(2027, 1, 1), actor=officer)
    # A standard changed: every child of the district is re-checked, so 周未记's November
    # (2,300, the spell now ending 31 October) is reversed. (December, computed after the
    # change, paid 周未记 nothing.)
    assert corrections(jan) == [("周未记", LineKind.REVERSAL, date(2026, 11, 1), Decimal("-2300.00"))]


def test_the_totals_read_the_lines_once(city, xuanwu):
    kid("吴一"), kid("吴二")
    with CaptureQueriesContext(connection) as queries:
        payroll = run_payroll(xuanwu, date(2026, 10, 1), actor=city["officer_xuanwu"])
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith("SELECT") and "benefits_payrollline" in q["sql"]
    ]
    assert len(reads) <= 1, reads  # none on PostgreSQL: the INSERT returns its totals
    # Both children held (no payment account): 2 × 2,300.
    assert (payroll.line_count, payroll.child_count, payroll.total_amount) == (2, 2, Decimal("4600.00"))
    assert (payroll.held_child_count, payroll.held_amount) == (2, Decimal("4600.00"))


def test_no_foreign_key_of_the_lines_is_checked_by_the_database():
    """Every reference of a payroll line is written by the payroll's own statements from the
    rows it names; a database check would be one trigger per line (PostgreSQL: at commit)."""
    table = PayrollLine._meta.db_table
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    assert [name for name, c in constraints.items() if c["foreign_key"]] == []
