"""Insurance rosters and policy-number import; the payroll and standards commands."""

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from childwelfare.areas.models import Area
from childwelfare.audit.models import AccessAction, AccessLog
from childwelfare.benefits.choices import InsuranceKind
from childwelfare.benefits.insurance import counts_by_district, generate_roster, import_policy_numbers
from childwelfare.benefits.models import AllowanceStandard, InsuranceEnrolment, InsuranceScheme, Payroll
from childwelfare.lib.idnumber import make_number
from childwelfare.lib.spreadsheets import Table, read_table
from childwelfare.registry.choices import Category
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory

pytestmark = pytest.mark.django_db


def kid(name, category, area=named.MEIYUAN, since=date(2024, 1, 1), until=None):
    """A girl of `area` holding `category` from `since` to `until`."""
    return ChildFactory(
        name=name,
        gender="F",
        area_id=area,
        category=category,
        category__start_date=since,
        category__end_date=until,
    )


def test_roster_follows_the_categories_as_of_the_date_once_per_year(people):
    accident = InsuranceScheme.objects.create(
        name="散居孤儿和事实无人抚养儿童意外伤害保险",
        kind=InsuranceKind.ACCIDENT,
        categories=[Category.SCATTERED_ORPHAN, Category.DE_FACTO_UNSUPPORTED],
    )
    a = kid("甲", Category.SCATTERED_ORPHAN)
    b = kid("乙", Category.DE_FACTO_UNSUPPORTED, area=named.NINGHAI)
    kid("丙", Category.RURAL_LEFT_BEHIND)
    kid("丁", Category.DE_FACTO_UNSUPPORTED, until=date(2025, 12, 31))  # ended before the date
    city = Area.objects.get(code=named.NANJING)
    assert (
        generate_roster(accident, year=2026, area=city, as_of=date(2026, 1, 1), actor=people["admin_nanjing"])
        == 2
    )
    assert (
        generate_roster(accident, year=2026, area=city, as_of=date(2026, 1, 1), actor=people["admin_nanjing"])
        == 0
    )
    assert set(InsuranceEnrolment.objects.values_list("child__name", "category")) == {
        ("甲", Category.SCATTERED_ORPHAN),
        ("乙", Category.DE_FACTO_UNSUPPORTED),
    }
    counts = counts_by_district(InsuranceEnrolment.objects.all())
    assert [(c["district"], c["n"]) for c in counts] == [(named.XUANWU, 1), (named.GULOU, 1)]
    assert list(
        InsuranceEnrolment.objects.visible_to(people["officer_xuanwu"]).values_list("child", flat=True)
    ) == [a.pk]

    # The insurer's policy numbers: one unknown person → nothing written.
    header = ["序号", "被保险人姓名", "身份证号", "保单号"]
    bad = Table(
        rows=[
            header,
            [1, "甲", a.id_number, "P-001"],
            [2, "某", make_number("320102", date(2013, 5, 5), 9, "M"), "P-002"],
        ]
    )
    result = import_policy_numbers(bad, accident, year=2026, actor=people["admin_nanjing"])
    assert result.updated == 0 and [(e.row, e.column) for e in result.errors] == [(3, "身份证号")]
    assert not InsuranceEnrolment.objects.exclude(policy_number="").exists()
    good = Table(
        rows=[header, [1, "甲", a.id_number, "P-001"], [2, "乙", b.id_number, "P-002"], ["合计", "2人"]]
    )
    assert import_policy_numbers(good, accident, year=2026, actor=people["admin_nanjing"]).updated == 2
    assert InsuranceEnrolment.objects.get(child=a).policy_number == "P-001"
    # A district officer cannot reach another district's enrolments.
    result = import_policy_numbers(good, accident, year=2026, actor=people["officer_xuanwu"])
    assert [e.row for e in result.errors] == [3]


def test_payroll_and_standards_commands(people, tmp_path):
    from childwelfare.benefits.models import BankAccount

    call_command("seed_standards", stdout=io.StringIO())
    child = kid("甲", Category.SCATTERED_ORPHAN)
    # Paid to an account (without one, the line would be held out of the bank file).
    BankAccount.objects.create(
        child=child, holder_name="甲", bank_name="南京银行", account_number="6222020200112233446"
    )
    out = io.StringIO()
    call_command(
        "standards", "uprate", "--percent", "4.76", "--effective", "2026-07-01", "--dry-run", stdout=out
    )
    # 2,760 × 1.0476 = 2,891.38 → 2,891; scattered 2,891 × 5/6 = 2,409.17 → 2,409
    assert "2760.00 → 2891.00" in out.getvalue() and "2300.00 → 2409.00" in out.getvalue()
    assert not AllowanceStandard.objects.filter(effective_from=date(2026, 7, 1)).exists()

    out = io.StringIO()
    call_command("payroll", "run", "2026-11", "--area", named.XUANWU, "--json", stdout=out)
    payload = json.loads(out.getvalue())
    assert (payload["total"], payload["child_count"], payload["status"]) == ("2300.00", 1, "draft")
    assert payload["lines"][0]["amount"] == "2300.00" and payload["lines"][0]["days_eligible"] == 30
    call_command("payroll", "approve", "2026-11", "--area", named.XUANWU, stdout=io.StringIO())
    with pytest.raises(CommandError, match="已锁定"):
        call_command("payroll", "run", "2026-11", "--area", named.XUANWU, stdout=io.StringIO())
    target = tmp_path / "bank.xlsx"
    call_command(
        "payroll", "export", "2026-11", "--area", named.XUANWU, "--out", str(target), stdout=io.StringIO()
    )
    with open(target, "rb") as handle:
        rows = read_table(handle, "bank.xlsx").rows
    assert rows[0][:3] == ["序号", "姓名", "公民身份号码"] and rows[1][1] == "甲" and rows[1][6] == 2300
    assert "********" in rows[1][2]  # the command line's export is masked
    payroll = Payroll.objects.get()
    assert AccessLog.objects.filter(
        action=AccessAction.EXPORT, object_id=str(payroll.pk), row_count=1
    ).exists()
    with pytest.raises(CommandError, match="尚未计算"):
        call_command("payroll", "approve", "2026-12", "--area", named.XUANWU, stdout=io.StringIO())
    assert payroll.total_amount == Decimal("2300.00")
