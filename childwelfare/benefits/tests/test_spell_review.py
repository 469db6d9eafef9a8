"""Paid categories need a second person (issue 8, item 7): a roster row or a profile edit
with a paid category is pending until another district officer confirms it; arrears before
the confirmation only when approved explicitly, with a reason. Amounts in yuan, by hand."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from childwelfare.areas.models import Area
from childwelfare.benefits.models import PayrollLine
from childwelfare.benefits.payroll import approve_payroll, run_payroll
from childwelfare.benefits.spells import SpellReviewError, confirm_spells, pending_spells
from childwelfare.lib.dates import add_months
from childwelfare.registry.choices import Category, SpellStatus
from childwelfare.registry.services import add_category
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory

pytestmark = pytest.mark.django_db


def backdated(city, start=date(2024, 6, 1)):
    """A de facto unsupported child put on the category by officer_xuanwu's profile edit,
    backdated to `start` (no parents recorded: the eligibility check will fail)."""
    child = ChildFactory(name="补录儿童", birth_date=date(2015, 1, 1), area_id=named.MEIYUAN)
    spell = add_category(
        child=child, actor=city["officer_xuanwu"], category=Category.SCATTERED_ORPHAN, start_date=start
    )
    return child, spell


def test_a_paid_category_from_a_profile_edit_is_pending_and_not_paid(city, settings):
    settings.PAYMENT_TIMING = "prorated"
    child, spell = backdated(city)
    assert spell.status == SpellStatus.PENDING
    xuanwu = Area.objects.get(code=named.XUANWU)
    payroll = run_payroll(xuanwu, date(2026, 10, 1), actor=city["officer_xuanwu"])
    assert not PayrollLine.objects.filter(payroll=payroll, child=child).exists()
    assert spell in pending_spells(city["officer2_xuanwu"])


def test_the_writer_cannot_confirm_and_the_batch_says_why(city):
    _child, spell = backdated(city)
    result = confirm_spells([spell], actor=city["officer_xuanwu"], on=timezone.localdate())
    assert result.done == [] and "双人复核" in result.skipped[0][1]
    spell.refresh_from_db()
    assert spell.status == SpellStatus.PENDING


def test_arrears_need_a_reason(city):
    _child, spell = backdated(city)
    with pytest.raises(SpellReviewError) as caught:
        confirm_spells([spell], actor=city["officer2_xuanwu"], on=timezone.localdate(), approve_arrears=True)
    assert caught.value.code == "arrears_reason_missing"


def orphan(city, name, start):
    """A child both of whose parents are dead (eligible as an orphan), put on scattered
    orphan by officer_xuanwu from `start`."""
    from childwelfare.testing.factories import FamilyMemberFactory, ParentConditionFactory

    child = ChildFactory(
        name=name, birth_date=date(2015, 1, 1), area_id=named.MEIYUAN, hukou_area_id=named.MEIYUAN
    )
    for relation in ("father", "mother"):
        member = FamilyMemberFactory(child=child, relation=relation)
        ParentConditionFactory(member=member, situation="deceased", start_date=date(2020, 1, 1))
    spell = add_category(
        child=child, actor=city["officer_xuanwu"], category=Category.SCATTERED_ORPHAN, start_date=start
    )
    return child, spell


def test_confirmed_without_arrears_pays_from_the_month_after_confirmation(city, settings):
    # Default timing (next_month): confirmed today, the category held since 2024-06-01 →
    # nothing this month, the whole 2,300 next month; no arrears for earlier months.
    today = timezone.localdate()
    child, spell = orphan(city, "孤儿甲", date(2024, 6, 1))
    result = confirm_spells([spell], actor=city["officer2_xuanwu"], on=today)
    assert result.skipped == [] and result.done == [spell]
    spell.refresh_from_db()
    assert (spell.status, spell.confirmed_on, spell.arrears_from) == (SpellStatus.CONFIRMED, today, None)
    xuanwu = Area.objects.get(code=named.XUANWU)
    this_month = run_payroll(xuanwu, today.replace(day=1), actor=city["officer_xuanwu"])
    assert not PayrollLine.objects.filter(payroll=this_month, child=child).exists()
    nxt = run_payroll(xuanwu, add_months(today.replace(day=1), 1), actor=city["officer_xuanwu"])
    assert [line.amount for line in PayrollLine.objects.filter(payroll=nxt, child=child)] == [2300]


def test_approved_arrears_are_paid_for_approved_months(city, settings):
    # The case: approved payrolls for two past months, then the category confirmed
    # with arrears approved → the next payroll pays 2,300 of arrears for each month.
    settings.PAYMENT_TIMING = "prorated"
    today = timezone.localdate()
    xuanwu = Area.objects.get(code=named.XUANWU)
    first = add_months(today.replace(day=1), -2)
    child, spell = orphan(city, "孤儿乙", date(2024, 6, 1))
    for month in (first, add_months(first, 1)):
        approve_payroll(
            run_payroll(xuanwu, month, actor=city["officer_xuanwu"]), actor=city["officer2_xuanwu"]
        )
    confirm_spells(
        [spell],
        actor=city["officer2_xuanwu"],
        on=today - timedelta(days=0),
        approve_arrears=True,
        arrears_reason="区民政局核实2024年6月已认定，名册漏报",
    )
    spell.refresh_from_db()
    assert spell.arrears_from == date(2024, 6, 1) and spell.review_reason
    payroll = run_payroll(xuanwu, today.replace(day=1), actor=city["officer_xuanwu"])
    arrears = PayrollLine.objects.filter(payroll=payroll, child=child, kind="arrears").order_by("for_month")
    assert [(line.for_month, line.amount) for line in arrears] == [
        (first, 2300),
        (add_months(first, 1), 2300),
    ]


def test_the_review_page_lists_explains_and_confirms_in_a_batch(city, client):
    eligible_child, eligible = orphan(city, "孤儿丙", date(2024, 6, 1))
    ineligible_child, ineligible = backdated(city)
    client.force_login(city["officer2_xuanwu"])
    page = client.get(reverse("benefits:spell_review")).content.decode()
    assert "孤儿丙" in page and "补录儿童" in page and "逐项核对" in page
    response = client.post(
        reverse("benefits:spell_review"), {"action": "confirm", "select_all": "on"}, follow=True
    )
    text = response.content.decode()
    assert "已确认 1 项" in text and "跳过 1 项，未作改动：不符合认定条件" in text and "补录儿童" in text
    eligible.refresh_from_db()
    ineligible.refresh_from_db()
    assert eligible.status == SpellStatus.CONFIRMED and ineligible.status == SpellStatus.PENDING


def test_an_application_confirmation_confirms_its_spell(city):
    from childwelfare.benefits.applications import confirm_application, submit_application, verify_application

    child, spell = orphan(city, "申请孤儿", date(2024, 6, 1))
    spell.delete()
    today = timezone.localdate()
    app = submit_application(
        child=child,
        actor=city["supervisor_meiyuan"],
        kind="orphan",
        applicant_kind="guardian",
        applicant_name="祖母",
        submitted_on=today,
    )
    verify_application(app, actor=city["supervisor_meiyuan"], on=today)
    app = confirm_application(app, actor=city["officer_xuanwu"], on=today)
    assert app.spell.status == SpellStatus.CONFIRMED and app.spell.confirmed_on == today


def test_a_roster_row_with_a_paid_category_is_pending(city, tmp_path, settings):
    # The case: an officer's roster puts 王小明 on 散居孤儿 backdated to 2023-03-01;
    # the next payroll must not pay him until a second officer confirms.
    from childwelfare.lib.spreadsheets import read_table
    from childwelfare.registry.importing import import_roster
    from childwelfare.registry.models import CategorySpell
    from childwelfare.registry.tests.rosters import HEADER, write_xlsx
    from childwelfare.registry.tests.test_import import good_rows

    settings.PAYMENT_TIMING = "prorated"
    path = write_xlsx(tmp_path / "roster.xlsx", [HEADER, good_rows()[0]])
    xuanwu = Area.objects.get(code=named.XUANWU)
    result = import_roster(read_table(path), xuanwu, actor=city["officer_xuanwu"], today=date(2026, 10, 15))
    assert result.errors == []
    spell = CategorySpell.objects.get(child__name="王小明", category=Category.SCATTERED_ORPHAN)
    assert spell.status == SpellStatus.PENDING and spell.start_date == date(2023, 3, 1)
    payroll = run_payroll(xuanwu, date(2026, 10, 1), actor=city["officer_xuanwu"])
    assert not PayrollLine.objects.filter(payroll=payroll, child=spell.child).exists()


def test_a_refused_review_keeps_what_was_ticked_and_typed(client, city):
    """Arrears approved without a reason: refused, and the page comes back with the record,
    the arrears box and the typed text as they were (QA: they were all cleared)."""
    _child, spell = backdated(city)
    client.force_login(city["officer2_xuanwu"])
    response = client.post(
        reverse("benefits:spell_review"),
        {"action": "confirm", "spells": [spell.pk], "approve_arrears": "on", "reason": "  "},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'value="{spell.pk}" id="spell-{spell.pk}"' in html
    assert 'id="id_approve_arrears" checked' in html
    row = html[html.index(f'id="spell-{spell.pk}"') :]
    assert row[: row.index(">")].endswith("checked")
