"""Guardianship by civil affairs (issue 10; DOMAIN.md §8, §10): the re-assessment deadline,
the return to the family only when assessed able, the conversion to long-term, and the
long-term guardianship → institutional orphan (pending) → confirmed by a second officer →
the payroll. Dates and amounts by hand."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from childwelfare.areas.models import Area
from childwelfare.benefits.models import PayrollLine
from childwelfare.benefits.payroll import run_payroll
from childwelfare.benefits.spells import confirm_spells, explain
from childwelfare.cases.choices import GuardianshipEnd, GuardianshipKind, GuardianshipStatus
from childwelfare.cases.services.common import CaseError
from childwelfare.cases.services.guardianship import (
    convert_to_long_term,
    end_guardianship,
    record_assessment,
    register_guardianship,
)
from childwelfare.deadlines.calendar import end_of_day
from childwelfare.deadlines.models import Deadline
from childwelfare.registry.choices import Category, SpellStatus
from childwelfare.registry.models import CategorySpell
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory

pytestmark = pytest.mark.django_db


def temporary(people, child, started_on=date(2026, 1, 31)):
    return register_guardianship(
        child,
        actor=people["officer_xuanwu"],
        kind=GuardianshipKind.TEMPORARY,
        ground="guardian_unable",
        placement="foster",
        placement_detail="李家寄养家庭",
        started_on=started_on,
        decision_no="玄民监〔2026〕1号",
    )


def test_the_reassessment_is_due_three_months_after_the_start_and_after_each_assessment(people):
    child = ChildFactory(area_id=named.MEIYUAN, birth_date=date(2016, 5, 1))
    g = temporary(people, child)
    # 31 Jan 2026 + 3 months = 30 Apr 2026 (no 31 Apr): due at the end of that day.
    first = Deadline.objects.get(rule="guardianship_reassessment")
    assert first.due_at == end_of_day(date(2026, 4, 30))
    record_assessment(
        g,
        actor=people["officer_xuanwu"],
        assessed_on=date(2026, 4, 20),
        guardian_able=False,
        notes="尚未稳定",
    )
    first.refresh_from_db()
    assert first.met_at is not None
    # The next one runs from the assessment: 20 Apr + 3 months = 20 Jul 2026.
    running = Deadline.objects.running().get(rule="guardianship_reassessment")
    assert running.due_at == end_of_day(date(2026, 7, 20))


def test_return_to_the_family_is_refused_without_an_able_assessment(people):
    child = ChildFactory(area_id=named.MEIYUAN, birth_date=date(2016, 5, 1))
    g = temporary(people, child)
    officer = people["officer_xuanwu"]
    with pytest.raises(CaseError) as refused:
        end_guardianship(g, actor=officer, reason=GuardianshipEnd.RETURNED, ended_on=date(2026, 3, 1))
    assert refused.value.code == "not_assessed_able"
    record_assessment(g, actor=officer, assessed_on=date(2026, 3, 1), guardian_able=False, notes="不具备")
    with pytest.raises(CaseError) as refused:
        end_guardianship(g, actor=officer, reason=GuardianshipEnd.RETURNED, ended_on=date(2026, 3, 2))
    assert refused.value.code == "not_assessed_able"
    g.refresh_from_db()
    assert g.status == GuardianshipStatus.ACTIVE
    record_assessment(g, actor=officer, assessed_on=date(2026, 4, 1), guardian_able=True, notes="已具备")
    end_guardianship(
        g, actor=officer, reason=GuardianshipEnd.RETURNED, ended_on=date(2026, 4, 2), note="交还父亲"
    )
    g.refresh_from_db()
    assert (g.status, g.end_reason, g.ended_on) == ("ended", "returned", date(2026, 4, 2))
    assert not Deadline.objects.running().filter(rule="guardianship_reassessment").exists()


def test_only_the_district_officer_in_scope_registers(people):
    child = ChildFactory(area_id=named.MEIYUAN)
    for username in ("supervisor_meiyuan", "director_meiyuan", "admin_nanjing"):
        with pytest.raises(CaseError) as refused:
            register_guardianship(
                child,
                actor=people[username],
                kind=GuardianshipKind.LONG_TERM,
                ground="guardian_dead",
                started_on=date(2026, 1, 5),
            )
        assert refused.value.code == "cannot_manage_guardianship"
    from childwelfare.access.scope import OutOfScope

    with pytest.raises(OutOfScope):
        register_guardianship(
            child,
            actor=people["officer_gulou"],
            kind="long_term",
            ground="guardian_dead",
            started_on=date(2026, 1, 5),
        )


def test_a_temporary_one_becomes_long_term(people):
    child = ChildFactory(area_id=named.MEIYUAN, birth_date=date(2016, 5, 1))
    g = temporary(people, child)
    long_term = convert_to_long_term(
        g, actor=people["officer_xuanwu"], ground="no_guardian_found", started_on=date(2026, 6, 1)
    )
    g.refresh_from_db()
    assert (g.status, g.end_reason, g.ended_on) == ("ended", "long_term", date(2026, 6, 1))
    assert long_term.follows == g and long_term.kind == "long_term"
    assert long_term.placement_detail == "李家寄养家庭"
    assert long_term.category_spell.category == Category.INSTITUTIONAL_ORPHAN
    assert not Deadline.objects.running().filter(rule="guardianship_reassessment").exists()


def test_long_term_guardianship_gives_the_orphan_category_paid_after_the_second_officer(people, settings):
    settings.PAYMENT_TIMING = "next_month"
    call_command("seed_standards", stdout=io.StringIO())
    # Parents alive and not recorded: the orphan rule would fail; the guardianship is the basis.
    child = ChildFactory(area_id=named.MEIYUAN, birth_date=date(2015, 8, 1))
    g = register_guardianship(
        child,
        actor=people["officer_xuanwu"],
        kind=GuardianshipKind.LONG_TERM,
        ground="revoked",
        placement="welfare_institution",
        placement_detail="南京市儿童福利院",
        started_on=date(2026, 3, 10),
        decision_no="（2026）苏0102民特12号",
    )
    spell = g.category_spell
    assert (spell.category, spell.start_date, spell.status) == (
        Category.INSTITUTIONAL_ORPHAN,
        date(2026, 3, 10),
        SpellStatus.PENDING,
    )
    assert explain(spell, date(2026, 4, 15)) is None  # checked against the guardianship
    xuanwu = Area.objects.get(code=named.XUANWU)
    may = run_payroll(xuanwu, date(2026, 5, 1), actor=people["officer_xuanwu"])
    assert not PayrollLine.objects.filter(payroll=may, child=child).exists()  # pending: not paid
    # Four eyes: the officer who registered it cannot confirm it.
    mine = confirm_spells([spell], actor=people["officer_xuanwu"], on=date(2026, 4, 15))
    assert mine.done == []
    done = confirm_spells([spell], actor=people["officer2_xuanwu"], on=date(2026, 4, 15))
    assert done.done == [spell]
    # next_month: confirmed 15 Apr 2026 → nothing for April, the whole of May at the
    # institutional-orphan standard in force (2,760.00 from July 2023).
    april = run_payroll(xuanwu, date(2026, 4, 1), actor=people["officer_xuanwu"])
    assert not PayrollLine.objects.filter(payroll=april, child=child).exists()
    may = run_payroll(xuanwu, date(2026, 5, 1), actor=people["officer_xuanwu"])
    line = PayrollLine.objects.get(payroll=may, child=child)
    assert (line.category, line.amount) == (Category.INSTITUTIONAL_ORPHAN, Decimal("2760.00"))


def test_ending_a_long_term_guardianship_ends_its_category(people):
    child = ChildFactory(area_id=named.MEIYUAN, birth_date=date(2015, 8, 1))
    g = register_guardianship(
        child,
        actor=people["officer_xuanwu"],
        kind="long_term",
        ground="guardian_dead",
        started_on=date(2026, 3, 10),
    )
    end_guardianship(
        g, actor=people["officer_xuanwu"], reason=GuardianshipEnd.ADOPTED, ended_on=date(2026, 9, 30)
    )
    spell = CategorySpell.objects.get(pk=g.category_spell_id)
    assert spell.end_date == date(2026, 9, 30)
    with pytest.raises(CaseError) as refused:
        end_guardianship(
            g, actor=people["officer_xuanwu"], reason=GuardianshipEnd.OTHER, ended_on=date(2026, 10, 1)
        )
    assert refused.value.code == "guardianship_ended"
