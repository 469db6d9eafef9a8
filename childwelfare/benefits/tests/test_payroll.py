"""Payroll golden values, computed by hand in the comments (yuan; calendar-day proration,
fen half up: DOMAIN.md §10). Standards: Nanjing 2023 (scattered orphan 2,300; institutional
2,760; seriously ill/disabled 1,150)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from childwelfare.areas.models import Area
from childwelfare.benefits import payroll as payroll_service
from childwelfare.benefits.applications import terminate_allowance
from childwelfare.benefits.choices import LineKind, PayrollStatus, TerminationReason
from childwelfare.benefits.models import AllowanceStandard, PayrollLine
from childwelfare.benefits.payroll import PayrollError, approve_payroll, run_payroll, total_yuan
from childwelfare.benefits.standards import approve_uprating, preview_uprating
from childwelfare.registry.choices import Category
from childwelfare.registry.models import CategorySpell
from childwelfare.testing import people as named
from childwelfare.testing.factories import CategorySpellFactory, ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def prorated(settings):
    """These goldens were computed with calendar-day proration: payment-timing mode (b)."""
    settings.PAYMENT_TIMING = "prorated"


@pytest.fixture
def xuanwu():
    return Area.objects.get(code=named.XUANWU)


def kid(name, birth, spells, area=named.MEIYUAN):
    """A boy of `area` born on `birth` with the category spells [(category, start, end)]."""
    child = ChildFactory(name=name, birth_date=birth, gender="M", area_id=area)
    for category, start, end in spells:
        CategorySpellFactory(child=child, category=category, start_date=start, end_date=end)
    return child


def lines_of(payroll, child):
    return [
        (line.category, line.kind, line.period_start, line.period_end, line.days_eligible, line.amount)
        for line in PayrollLine.objects.filter(payroll=payroll, child=child).order_by(
            "for_month", "period_start", "category"
        )
    ]


def test_seeded_2023_standards(city):
    amounts = {s.category: s.monthly_amount for s in AllowanceStandard.objects.in_force(date(2023, 7, 1))}
    assert amounts == {
        Category.INSTITUTIONAL_ORPHAN: Decimal("2760.00"),  # 2,635 × 1.04762 = 2,760.48 → 2,760
        Category.SCATTERED_ORPHAN: Decimal("2300.00"),  # 2,760 × 5/6 = 2,300
        Category.DE_FACTO_UNSUPPORTED: Decimal("2300.00"),  # 100 % of scattered orphan
        Category.SERIOUSLY_ILL_OR_DISABLED: Decimal("1150.00"),  # 2,300 × 0.5
    }
    assert (
        AllowanceStandard.objects.in_force(date(2023, 6, 30))
        .get(category=Category.INSTITUTIONAL_ORPHAN)
        .monthly_amount
        == 2635
    )


def test_entry_and_exit_mid_month(city, xuanwu):
    child = kid(
        "王小明",
        date(2015, 3, 4),
        [(Category.SCATTERED_ORPHAN, date(2026, 3, 10), date(2026, 3, 20))],
    )
    p = run_payroll(xuanwu, date(2026, 3, 1), actor=city["officer_xuanwu"])
    # 10–20 March = 11 of 31 days: 2,300 × 11 / 31 = 816.129… → 816.13
    assert lines_of(p, child) == [
        (
            Category.SCATTERED_ORPHAN,
            LineKind.REGULAR,
            date(2026, 3, 10),
            date(2026, 3, 20),
            11,
            Decimal("816.13"),
        )
    ]
    line = PayrollLine.objects.get(payroll=p, child=child)
    assert line.amount_unrounded == Decimal("816.129032")
    assert (line.standard_amount, line.spell_start, line.spell_end, line.days_in_month) == (
        Decimal("2300.00"),
        date(2026, 3, 10),
        date(2026, 3, 20),
        31,
    )


def test_category_switch_mid_month(city, xuanwu):
    child = kid(
        "李小红",
        date(2014, 5, 6),
        [
            (Category.SERIOUSLY_ILL_OR_DISABLED, date(2025, 1, 1), date(2026, 4, 10)),
            (Category.INSTITUTIONAL_ORPHAN, date(2026, 4, 11), None),
        ],
    )
    p = run_payroll(xuanwu, date(2026, 4, 1), actor=city["officer_xuanwu"])
    # April has 30 days. 1–10 April: 1,150 × 10 / 30 = 383.333… → 383.33;
    # 11–30 April: 2,760 × 20 / 30 = 1,840.00
    assert lines_of(p, child) == [
        (
            Category.SERIOUSLY_ILL_OR_DISABLED,
            LineKind.REGULAR,
            date(2026, 4, 1),
            date(2026, 4, 10),
            10,
            Decimal("383.33"),
        ),
        (
            Category.INSTITUTIONAL_ORPHAN,
            LineKind.REGULAR,
            date(2026, 4, 11),
            date(2026, 4, 30),
            20,
            Decimal("1840.00"),
        ),
    ]
    assert p.total_amount == Decimal("2223.33")


def test_standard_change_mid_month(city, xuanwu):
    child = kid("赵安安", date(2016, 1, 1), [(Category.SCATTERED_ORPHAN, date(2024, 1, 1), None)])
    up = preview_uprating(
        actor=city["admin_nanjing"],
        area=Area.objects.get(code=named.NANJING),
        effective_from=date(2026, 6, 16),
        percent=Decimal("10"),
        legal_basis="测试文件",
    )
    approve_uprating(up, actor=city["admin2_nanjing"])
    # institutional 2,760 × 1.10 = 3,036; scattered = 3,036 × 5/6 = 2,530
    p = run_payroll(xuanwu, date(2026, 6, 1), actor=city["officer_xuanwu"])
    # 1–15 June: 2,300 × 15 / 30 = 1,150.00; 16–30 June: 2,530 × 15 / 30 = 1,265.00
    assert lines_of(p, child) == [
        (
            Category.SCATTERED_ORPHAN,
            LineKind.REGULAR,
            date(2026, 6, 1),
            date(2026, 6, 15),
            15,
            Decimal("1150.00"),
        ),
        (
            Category.SCATTERED_ORPHAN,
            LineKind.REGULAR,
            date(2026, 6, 16),
            date(2026, 6, 30),
            15,
            Decimal("1265.00"),
        ),
    ]


def test_age_out_on_the_birthday_including_29_february(city, xuanwu):
    nov = kid("满十八", date(2008, 11, 29), [(Category.SCATTERED_ORPHAN, date(2020, 1, 1), None)])
    leap = kid("闰日生", date(2008, 2, 29), [(Category.SCATTERED_ORPHAN, date(2020, 1, 1), None)])
    first = kid("月初生", date(2008, 3, 1), [(Category.SCATTERED_ORPHAN, date(2020, 1, 1), None)])
    feb = run_payroll(xuanwu, date(2026, 2, 1), actor=city["officer_xuanwu"])
    # Born 29 Feb 2008: in common-year 2026 the birthday counts as 28 Feb, so paid 1–27 Feb:
    # 2,300 × 27 / 28 = 2,217.857… → 2,217.86
    assert lines_of(feb, leap) == [
        (
            Category.SCATTERED_ORPHAN,
            LineKind.REGULAR,
            date(2026, 2, 1),
            date(2026, 2, 27),
            27,
            Decimal("2217.86"),
        )
    ]
    assert lines_of(feb, first) == [
        (
            Category.SCATTERED_ORPHAN,
            LineKind.REGULAR,
            date(2026, 2, 1),
            date(2026, 2, 28),
            28,
            Decimal("2300.00"),
        )
    ]
    march = run_payroll(xuanwu, date(2026, 3, 1), actor=city["officer_xuanwu"])
    assert lines_of(march, leap) == []  # 18 before March
    assert lines_of(march, first) == []  # 18th birthday on 1 March: no day of March before it
    nov_payroll = run_payroll(xuanwu, date(2026, 11, 1), actor=city["officer_xuanwu"])
    # Born 29 Nov 2008: paid 1–28 Nov 2026: 2,300 × 28 / 30 = 2,146.666… → 2,146.67
    assert lines_of(nov_payroll, nov) == [
        (
            Category.SCATTERED_ORPHAN,
            LineKind.REGULAR,
            date(2026, 11, 1),
            date(2026, 11, 28),
            28,
            Decimal("2146.67"),
        )
    ]


def test_rerun_is_idempotent_and_approval_locks(city, xuanwu):
    for i in range(5):
        kid(
            f"儿童{i}",
            date(2012, 1, 1 + i),
            [(Category.DE_FACTO_UNSUPPORTED, date(2025, 1, 1), None)],
        )
    first = run_payroll(xuanwu, date(2026, 10, 1), actor=city["officer_xuanwu"])
    snapshot = list(first.lines.values_list("child_id", "amount", "period_start", "period_end"))
    again = run_payroll(xuanwu, date(2026, 10, 1), actor=city["officer_xuanwu"])
    assert (
        again.pk == first.pk and again.line_count == 5 and again.total_amount == Decimal("11500.00")
    )  # 5 × 2,300
    assert list(again.lines.values_list("child_id", "amount", "period_start", "period_end")) == snapshot
    line = again.lines.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        PayrollLine.objects.create(
            payroll=again,
            child_id=line.child_id,
            category=line.category,
            kind=line.kind,
            for_month=line.for_month,
            period_start=line.period_start,
            period_end=line.period_end,
            days_eligible=1,
            days_in_month=31,
            amount_unrounded=0,
            amount=0,
        )
    approve_payroll(again, actor=city["officer2_xuanwu"])
    with pytest.raises(PayrollError, match="已锁定"):
        run_payroll(xuanwu, date(2026, 10, 1), actor=city["officer_xuanwu"])
    with pytest.raises(PayrollError):
        run_payroll(xuanwu, date(2026, 10, 1), actor=city["officer_gulou"])
    assert list(again.lines.values_list("child_id", "amount", "period_start", "period_end")) == snapshot


def test_arrears_for_a_retroactive_raise_across_the_year_end(city, xuanwu):
    child = kid("钱多多", date(2013, 7, 7), [(Category.SCATTERED_ORPHAN, date(2024, 1, 1), None)])
    officer, second = city["officer_xuanwu"], city["officer2_xuanwu"]  # four eyes
    nov = approve_payroll(run_payroll(xuanwu, date(2026, 11, 1), actor=officer), actor=second)
    dec = approve_payroll(run_payroll(xuanwu, date(2026, 12, 1), actor=officer), actor=second)
    # Approved in January, effective from 1 November: 10 % → scattered 2,530 (see above).
    up = preview_uprating(
        actor=city["admin_nanjing"],
        area=Area.objects.get(code=named.NANJING),
        effective_from=date(2026, 11, 1),
        percent=Decimal("10"),
        legal_basis="测试文件",
    )
    approve_uprating(up, actor=city["admin2_nanjing"])
    jan = run_payroll(xuanwu, date(2027, 1, 1), actor=officer)
    # January 2,530; arrears 2,530 − 2,300 = 230 for November and for December.
    assert lines_of(jan, child) == [
        (
            Category.SCATTERED_ORPHAN,
            LineKind.ARREARS,
            date(2026, 11, 1),
            date(2026, 11, 30),
            30,
            Decimal("230.00"),
        ),
        (
            Category.SCATTERED_ORPHAN,
            LineKind.ARREARS,
            date(2026, 12, 1),
            date(2026, 12, 31),
            31,
            Decimal("230.00"),
        ),
        (
            Category.SCATTERED_ORPHAN,
            LineKind.REGULAR,
            date(2027, 1, 1),
            date(2027, 1, 31),
            31,
            Decimal("2530.00"),
        ),
    ]
    arrears = jan.lines.filter(kind=LineKind.ARREARS).order_by("for_month")
    assert [a.corrects for a in arrears] == [nov.lines.get(child=child), dec.lines.get(child=child)]
    assert jan.total_amount == Decimal("2990.00")
    # Approved lines were not touched; a second run of January creates nothing twice.
    assert nov.lines.get(child=child).amount == Decimal("2300.00")
    assert run_payroll(xuanwu, date(2027, 1, 1), actor=officer).line_count == 3


def test_reversal_for_a_retroactive_end(city, xuanwu):
    child = kid("孙离开", date(2013, 8, 8), [(Category.DE_FACTO_UNSUPPORTED, date(2024, 1, 1), None)])
    officer, second = city["officer_xuanwu"], city["officer2_xuanwu"]  # four eyes
    oct_ = approve_payroll(run_payroll(xuanwu, date(2026, 10, 1), actor=officer), actor=second)
    nov = approve_payroll(run_payroll(xuanwu, date(2026, 11, 1), actor=officer), actor=second)
    # Found in December that a parent became able again on 20 October: the allowance stops
    # from November (the month after the change), so November's 2,300 is reversed.
    spell = CategorySpell.objects.get(child=child)
    terminate_allowance(
        spell, actor=officer, changed_on=date(2026, 10, 20), reason=TerminationReason.PARENT_ABLE
    )
    spell.refresh_from_db()
    assert spell.end_date == date(2026, 10, 31)
    dec = run_payroll(xuanwu, date(2026, 12, 1), actor=officer)
    assert lines_of(dec, child) == [
        (
            Category.DE_FACTO_UNSUPPORTED,
            LineKind.REVERSAL,
            date(2026, 11, 1),
            date(2026, 11, 30),
            0,
            Decimal("-2300.00"),
        )
    ]
    assert dec.lines.get(child=child).corrects == nov.lines.get(child=child)
    assert oct_.lines.get(child=child).amount == Decimal("2300.00")
    assert dec.total_amount == Decimal("-2300.00")


def test_district_override_and_other_districts_children(city, xuanwu):
    gulou_child = kid(
        "鼓楼娃",
        date(2014, 4, 4),
        [(Category.SCATTERED_ORPHAN, date(2024, 1, 1), None)],
        area=named.NINGHAI,
    )
    child = kid("玄武娃", date(2014, 4, 5), [(Category.SCATTERED_ORPHAN, date(2024, 1, 1), None)])
    # 玄武区 raises its own standards by 5 % from 1 September 2026: 2,760 × 1.05 = 2,898;
    # scattered 2,898 × 5/6 = 2,415
    up = preview_uprating(
        actor=city["officer_xuanwu"],
        area=xuanwu,
        effective_from=date(2026, 9, 1),
        percent=Decimal("5"),
        legal_basis="玄武区文件",
    )
    approve_uprating(up, actor=city["officer2_xuanwu"])
    aug = run_payroll(xuanwu, date(2026, 8, 1), actor=city["officer_xuanwu"])
    sep = run_payroll(xuanwu, date(2026, 9, 1), actor=city["officer_xuanwu"])
    assert [line[-1] for line in lines_of(aug, child)] == [
        Decimal("2300.00")
    ]  # the city's, before the override
    assert [line[-1] for line in lines_of(sep, child)] == [Decimal("2415.00")]
    assert lines_of(sep, gulou_child) == []  # another district's payroll
    gulou = run_payroll(Area.objects.get(code=named.GULOU), date(2026, 9, 1), actor=city["officer_gulou"])
    assert [line[-1] for line in lines_of(gulou, gulou_child)] == [Decimal("2300.00")]


def test_total_is_exact_in_fen(city, xuanwu):
    for i in range(7):
        kid(
            f"三日{i}",
            date(2012, 2, 1 + i),
            [(Category.SCATTERED_ORPHAN, date(2026, 3, 29), None)],
        )
    p = run_payroll(xuanwu, date(2026, 3, 1), actor=city["officer_xuanwu"])
    # 29–31 March: 2,300 × 3 / 31 = 222.580… → 222.58; × 7 = 1,558.06
    assert p.total_amount == Decimal("1558.06") == total_yuan(p.lines.all())
    assert p.status == PayrollStatus.DRAFT and p.child_count == 7


def test_month_argument(city):
    assert payroll_service.first_of_month("2026-11") == date(2026, 11, 1)
    with pytest.raises(PayrollError, match="YYYY-MM"):
        payroll_service.first_of_month("11/2026")


def test_derived_standards_round_to_the_fen_before_the_yuan():
    from childwelfare.benefits.standards import derived_amount

    # 2,889 × 5/6 = 2,407.5 exactly → 2,408 (half up); 0.83333333 gives 2,407.49999…, which
    # rounds to 2,407.50 at the fen and then to 2,408 at the yuan.
    assert derived_amount(Decimal("2889"), Decimal("0.83333333"), "yuan_half_up") == Decimal("2408.00")
    assert derived_amount(Decimal("2891"), Decimal("0.83333333"), "yuan_half_up") == Decimal("2409.00")
    assert derived_amount(Decimal("2409"), Decimal("0.5"), "yuan_half_up") == Decimal(
        "1205.00"
    )  # 1,204.5 → 1,205


def test_overlapping_standards_are_refused_by_the_service_and_on_postgresql_by_the_database(city):
    from django.db import connection

    from childwelfare.benefits.standards import StandardError, create_standard

    nanjing = Area.objects.get(code=named.NANJING)
    with pytest.raises(StandardError, match="时间重叠"):
        create_standard(
            actor=city["admin_nanjing"],
            category=Category.SCATTERED_ORPHAN,
            area=nanjing,
            effective_from=date(2025, 1, 1),
            monthly_amount=Decimal("2500"),
            legal_basis="测试",
        )
    if connection.vendor != "postgresql":
        pytest.skip(
            "the exclusion constraint exists on PostgreSQL only; the service check above covers SQLite"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        AllowanceStandard.objects.create(
            category=Category.SCATTERED_ORPHAN,
            area=nanjing,
            effective_from=date(2025, 1, 1),
            monthly_amount=Decimal("2500"),
            legal_basis="绕过服务层",
        )
