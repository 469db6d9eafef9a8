"""Issue 14, item 1: re-running a draft payroll writes in proportion to what changed. The
lines that come out the same are kept (same ids), the others replaced, and the draft then
holds exactly the lines and totals a first run would give. Standards: Nanjing 2023 (de facto
unsupported 2,300 a month)."""

from datetime import date
from decimal import Decimal

import pytest

from childwelfare.areas.models import Area
from childwelfare.benefits.accounts import save_bank_account
from childwelfare.benefits.models import Payroll, PayrollLine
from childwelfare.benefits.payroll import run_payroll
from childwelfare.registry.choices import Category
from childwelfare.registry.services import end_category
from childwelfare.testing import people as named
from childwelfare.testing.factories import CategorySpellFactory, ChildFactory

pytestmark = pytest.mark.django_db
OCTOBER = date(2026, 10, 1)
CARD = "6212260200123456788"  # passes the Luhn check (as test_pages_accounts)


@pytest.fixture
def xuanwu():
    return Area.objects.get(code=named.XUANWU)


def kid(name):
    child = ChildFactory(name=name, birth_date=date(2013, 8, 8), gender="M", area_id=named.MEIYUAN)
    spell = CategorySpellFactory(
        child=child, category=Category.DE_FACTO_UNSUPPORTED, start_date=date(2024, 1, 1)
    )
    return child, spell


def lines(payroll):
    return {
        line.pk: (line.child.name, line.period_start, line.period_end, line.amount, line.held)
        for line in PayrollLine.objects.filter(payroll=payroll).select_related("child")
    }


def fresh(payroll, actor):
    """The lines and totals of the same month computed as a first run (the draft deleted)."""
    area, month = payroll.area, payroll.month
    PayrollLine.objects.filter(payroll=payroll).delete()
    Payroll.objects.filter(pk=payroll.pk).delete()
    again = run_payroll(area, month, actor=actor)
    totals = (
        again.line_count,
        again.child_count,
        again.total_amount,
        again.held_amount,
        again.held_child_count,
    )
    return sorted(lines(again).values()), totals


@pytest.mark.parametrize("timing", ["next_month", "prorated"])
def test_a_rerun_with_nothing_changed_keeps_every_line(city, xuanwu, settings, timing):
    settings.PAYMENT_TIMING = timing
    kid("吴一"), kid("吴二")
    first = run_payroll(xuanwu, OCTOBER, actor=city["officer_xuanwu"])
    before = lines(first)
    again = run_payroll(xuanwu, OCTOBER, actor=city["officer_xuanwu"])
    assert lines(again) == before  # the same ids, the same values
    # 2 × 2,300, both held (no payment account)
    assert (again.line_count, again.child_count, again.total_amount) == (2, 2, Decimal("4600.00"))
    assert (again.held_amount, again.held_child_count) == (Decimal("4600.00"), 2)


def test_a_rerun_replaces_only_the_changed_lines(city, xuanwu, settings):
    settings.PAYMENT_TIMING = "prorated"
    officer = city["officer_xuanwu"]
    _same, _ = kid("吴不变")
    ended, spell = kid("吴结束")
    paid, _ = kid("吴开户")
    first = run_payroll(xuanwu, OCTOBER, actor=officer)
    kept = {pk for pk, line in lines(first).items() if line[0] == "吴不变"}
    end_category(spell, actor=officer, end_date=date(2026, 10, 10), reason="死亡")
    save_bank_account(paid, actor=officer, bank_name="工商银行", holder_name="李桂英", account_number=CARD)
    again = run_payroll(xuanwu, OCTOBER, actor=officer)
    after = lines(again)
    assert kept <= set(after)  # the unchanged child's line kept its id
    assert sorted(after.values()) == [
        ("吴不变", date(2026, 10, 1), date(2026, 10, 31), Decimal("2300.00"), True),
        ("吴开户", date(2026, 10, 1), date(2026, 10, 31), Decimal("2300.00"), False),
        # 1–10 October: 2,300 × 10 / 31 = 741.935… → 741.94
        ("吴结束", date(2026, 10, 1), date(2026, 10, 10), Decimal("741.94"), True),
    ]
    totals = (
        again.line_count,
        again.child_count,
        again.total_amount,
        again.held_amount,
        again.held_child_count,
    )
    # 2,300 × 2 + 741.94 = 5,341.94, of it held 2,300 + 741.94 = 3,041.94 (two children)
    assert totals == (3, 3, Decimal("5341.94"), Decimal("3041.94"), 2)
    assert fresh(again, officer) == (sorted(after.values()), totals)
