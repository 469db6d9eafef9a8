"""Issue 8, item 9: a payroll line whose child has no active payment account is held — not
in the bank file, counted apart in the payroll's totals — and paid with the first payroll
computed once the account exists, exactly once.

Golden values by hand (payment timing: the default, whole months from the month after the
confirmation): a city standard of 1,000.00 until 31 March 2026 and 1,200.00 from 1 April 2026
for scattered orphans; the child holds the category since 2025 (confirmed then)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Sum

from childwelfare.areas.models import Area
from childwelfare.benefits.choices import PayrollStatus
from childwelfare.benefits.exports import bank_rows
from childwelfare.benefits.models import AllowanceStandard, BankAccount, PayrollLine
from childwelfare.benefits.payroll import PayrollError, approve_payroll, run_payroll
from childwelfare.registry.choices import Category
from childwelfare.testing import people as named
from childwelfare.testing.factories import CategorySpellFactory, ChildFactory

pytestmark = pytest.mark.django_db

MARCH, APRIL, MAY = date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1)


@pytest.fixture
def setting(people):
    city = Area.objects.get(code=named.NANJING)
    for start, end, amount in (
        (date(2020, 1, 1), date(2026, 3, 31), "1000.00"),
        (date(2026, 4, 1), None, "1200.00"),
    ):
        AllowanceStandard.objects.create(
            category=Category.SCATTERED_ORPHAN,
            area=city,
            effective_from=start,
            effective_to=end,
            monthly_amount=Decimal(amount),
            legal_basis="测试标准",
        )
    held = ChildFactory(name="李暂缓", area_id=named.MEIYUAN, birth_date=date(2015, 5, 5))
    paid = ChildFactory(name="王有户", area_id=named.MEIYUAN, birth_date=date(2015, 6, 6))
    for child in (held, paid):
        CategorySpellFactory(child=child, category=Category.SCATTERED_ORPHAN, start_date=date(2025, 1, 1))
    BankAccount.objects.create(
        child=paid, holder_name="王大有", bank_name="南京银行", account_number="6222020200112233445"
    )
    return {
        "xuanwu": Area.objects.get(code=named.XUANWU),
        "officer": people["officer_xuanwu"],
        "second": people["officer2_xuanwu"],
        "held": held,
        "paid": paid,
    }


def approved(s, month):
    payroll = run_payroll(s["xuanwu"], month, actor=s["officer"])
    return approve_payroll(payroll, actor=s["second"])


def bank_amounts(payroll, user) -> dict[str, Decimal]:
    """{child name: amount} of the bank file (column 金额（元）)."""
    return {row[1]: Decimal(str(row[6])) for row in bank_rows(payroll, user)}


def paid_to(child) -> Decimal:
    """What the bank files of approved payrolls carry for the child (held lines excluded)."""
    return PayrollLine.objects.filter(
        child=child, payroll__status=PayrollStatus.APPROVED, held=False
    ).aggregate(total=Sum("amount"))["total"] or Decimal("0")


def test_a_line_without_an_account_is_held_and_paid_with_the_next_payroll(setting):
    s = setting
    march = approved(s, MARCH)
    # March: 李暂缓 has no account. Her 1,000.00 is held: not in the bank file, counted apart.
    assert bank_amounts(march, s["officer"]) == {"王有户": Decimal("1000.00")}
    march.refresh_from_db()
    assert march.held_amount == Decimal("1000.00") and march.held_child_count == 1
    assert march.total_amount == Decimal("2000.00")  # what the month is worth, held included
    assert all("未登记账户" not in str(cell) for row in bank_rows(march, s["officer"]) for cell in row)

    BankAccount.objects.create(
        child=s["held"], holder_name="李奶奶", bank_name="工商银行", account_number="6212260200123456789"
    )
    april = approved(s, APRIL)
    # April: 1,200.00 for April + the 1,000.00 held in March = 2,200.00; 王有户 1,200.00.
    assert bank_amounts(april, s["officer"]) == {"李暂缓": Decimal("2200.00"), "王有户": Decimal("1200.00")}
    april.refresh_from_db()
    assert april.held_amount == 0 and april.held_child_count == 0
    row = next(r for r in bank_rows(april, s["officer"]) if r[1] == "李暂缓")
    assert row[5] == "6212260200123456789"


def test_a_held_amount_is_paid_once_over_later_payrolls(setting):
    s = setting
    approved(s, MARCH)
    BankAccount.objects.create(
        child=s["held"], holder_name="李奶奶", bank_name="工商银行", account_number="6212260200123456789"
    )
    # April recomputed twice as a draft, then approved: one release of March's 1,000.00.
    run_payroll(s["xuanwu"], APRIL, actor=s["officer"])
    april = approved(s, APRIL)
    may = approved(s, MAY)
    # May: only May's 1,200.00 — March's held 1,000.00 was paid in April.
    assert bank_amounts(may, s["officer"])["李暂缓"] == Decimal("1200.00")
    # Over March–May: 1,000 + 1,200 + 1,200 = 3,400.00 paid, nothing twice, nothing lost.
    assert paid_to(s["held"]) == Decimal("3400.00")
    assert bank_amounts(april, s["officer"])["李暂缓"] == Decimal("2200.00")


def test_held_for_two_months_both_paid_when_the_account_comes(setting):
    s = setting
    approved(s, MARCH)
    approved(s, APRIL)  # still no account: 1,200.00 held as well
    BankAccount.objects.create(
        child=s["held"], holder_name="李奶奶", bank_name="工商银行", account_number="6212260200123456789"
    )
    may = approved(s, MAY)
    # May: 1,200 (May) + 1,000 (March) + 1,200 (April) = 3,400.00.
    assert bank_amounts(may, s["officer"])["李暂缓"] == Decimal("3400.00")
    assert paid_to(s["held"]) == Decimal("3400.00")


def test_an_inactive_account_holds_the_line(setting):
    s = setting
    BankAccount.objects.filter(child=s["paid"]).update(is_active=False)
    march = approved(s, MARCH)
    assert bank_amounts(march, s["officer"]) == {}
    march.refresh_from_db()
    assert march.held_amount == Decimal("2000.00") and march.held_child_count == 2


def test_a_held_month_corrected_later_is_paid_in_full_once(setting):
    s = setting
    approved(s, MARCH)
    # Found after March was approved: March's standard was 1,100.00, not 1,000.00.
    standard = AllowanceStandard.objects.get(monthly_amount=Decimal("1000.00"))
    standard.monthly_amount = Decimal("1100.00")
    standard.save()
    BankAccount.objects.create(
        child=s["held"], holder_name="李奶奶", bank_name="工商银行", account_number="6212260200123456788"
    )
    april = approved(s, APRIL)
    # 李暂缓, April: 1,200 (April) + 1,000 (March, held) + 100 (March's arrears: 1,100 due,
    # 1,000 held counts as owed) = 2,300.00. 王有户: 1,200 + 100 = 1,300.00.
    assert bank_amounts(april, s["officer"]) == {"李暂缓": Decimal("2300.00"), "王有户": Decimal("1300.00")}
    may = approved(s, MAY)
    # May re-checks March (the standard changed since March was approved): nothing more due —
    # the release is not counted as a second payment of March.
    assert bank_amounts(may, s["officer"]) == {"李暂缓": Decimal("1200.00"), "王有户": Decimal("1200.00")}
    # March–May: 1,100 + 1,200 + 1,200 = 3,500.00 each, all paid.
    assert paid_to(s["held"]) == paid_to(s["paid"]) == Decimal("3500.00")


def test_an_account_stopped_after_computing_refuses_the_approval(setting):
    s = setting
    draft = run_payroll(s["xuanwu"], MARCH, actor=s["officer"])
    BankAccount.objects.filter(child=s["paid"]).update(is_active=False)
    with pytest.raises(PayrollError) as caught:
        approve_payroll(draft, actor=s["second"])
    assert caught.value.code == "account_changed_recompute"
    draft = run_payroll(s["xuanwu"], MARCH, actor=s["officer"])
    approve_payroll(draft, actor=s["second"])
    assert bank_amounts(draft, s["officer"]) == {}
