"""Eligibility rules (DOMAIN.md §4) for every pair of parent situations, the 6-month
thresholds one day either side, and the application workflow with its deadlines."""

from datetime import date
from itertools import product

import pytest

from childwelfare.benefits.applications import (
    ApplicationConflict,
    ApplicationError,
    confirm_application,
    overdue,
    refuse_application,
    submit_application,
    verify_application,
)
from childwelfare.benefits.choices import ApplicantKind, ApplicationKind, ApplicationStatus
from childwelfare.benefits.eligibility import check_de_facto_unsupported, check_left_behind, check_orphan
from childwelfare.benefits.explanations import render_result
from childwelfare.benefits.models import EligibilityApplication, HolidayOverride
from childwelfare.registry.choices import EIGHT_SITUATIONS, Category, ParentSituation, Relation
from childwelfare.registry.models import CategorySpell
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory, ParentConditionFactory

pytestmark = pytest.mark.django_db
ON = date(2026, 11, 2)
LONG_AGO = date(2024, 1, 1)
EIGHT = sorted(EIGHT_SITUATIONS)
DEAD = [ParentSituation.DECEASED, ParentSituation.DECLARED_MISSING]
OTHER = [None, ParentSituation.MIGRANT_WORKER]


def family(father, mother, *, birth=date(2014, 6, 1), evidence="公安机关证明", hukou=named.MEIYUAN_STREET):
    """A boy of 梅园社区 with hukou in `hukou` (梅园新村街道, 玄武区), father and mother listed, each
    in the situation given (None: none) from 2024-01-01 with `evidence`."""
    return ChildFactory(
        area_id=named.MEIYUAN,
        hukou_area_id=hukou,
        birth_date=birth,
        gender="M",
        parents=(father, mother),
        parents__start_date=LONG_AGO,
        parents__evidence=evidence,
    )


def test_rule_a_for_every_pair_of_the_eight(people):
    for father, mother in product(EIGHT, EIGHT):
        result = check_de_facto_unsupported(family(father, mother), ON, local_prefix="320102")
        assert (result.eligible, result.rule) == (True, "A"), (father, mother, result.reasons)
        assert result.missing_evidence == []


def test_rule_b_for_every_pair_of_dead_or_missing_and_the_eight(people):
    pairs = [(d, e) for d in DEAD for e in EIGHT] + [(e, d) for d in DEAD for e in EIGHT]
    for father, mother in pairs:
        result = check_de_facto_unsupported(family(father, mother), ON, local_prefix="320102")
        assert (result.eligible, result.rule) == (True, "B"), (father, mother, result.reasons)


def test_pairs_that_do_not_qualify(people):
    pairs = [(e, o) for e in EIGHT for o in OTHER] + [(o, e) for e in EIGHT for o in OTHER]
    pairs += [(d, o) for d in DEAD for o in OTHER] + [(None, None), (ParentSituation.MIGRANT_WORKER,) * 2]
    for father, mother in pairs:
        result = check_de_facto_unsupported(family(father, mother), ON, local_prefix="320102")
        assert not result.eligible, (father, mother)
        assert result.rule == ""


def test_orphans_are_never_de_facto_unsupported(people):
    for father, mother in product(DEAD, DEAD):
        child = family(father, mother)
        assert check_orphan(child, ON, local_prefix="320102").eligible
        result = check_de_facto_unsupported(child, ON, local_prefix="320102")
        assert not result.eligible and "应认定为孤儿" in result.reasons[-1]
    not_orphan = family(ParentSituation.DECEASED, ParentSituation.IN_CUSTODY)
    assert not check_orphan(not_orphan, ON).eligible


def test_out_of_contact_counts_from_six_months_after_the_police_registration(people):
    child = family(ParentSituation.DECEASED, None)
    mother = child.family.get(relation=Relation.MOTHER)
    ParentConditionFactory(
        member=mother,
        situation=ParentSituation.OUT_OF_CONTACT,
        start_date=date(2026, 1, 15),
        evidence_reference="查找不到回执",
    )
    # Registered 15 Jan 2026: six months are complete on 15 July 2026.
    assert not check_de_facto_unsupported(child, date(2026, 7, 14)).eligible
    result = check_de_facto_unsupported(child, date(2026, 7, 15))
    assert (result.eligible, result.rule) == (True, "B")


def test_custody_term_of_six_months_or_more(people):
    short = family(ParentSituation.DECEASED, None)
    long = family(ParentSituation.DECEASED, None)
    # 1 Jan – 29 Jun 2026 is one day short of six months; 1 Jan – 30 Jun is six months.
    ParentConditionFactory(
        member=short.family.get(relation=Relation.MOTHER),
        situation=ParentSituation.IN_CUSTODY,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 6, 29),
        evidence_reference="判决书",
    )
    ParentConditionFactory(
        member=long.family.get(relation=Relation.MOTHER),
        situation=ParentSituation.IN_CUSTODY,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 6, 30),
        evidence_reference="判决书",
    )
    assert not check_de_facto_unsupported(short, date(2026, 3, 1)).eligible
    assert check_de_facto_unsupported(long, date(2026, 3, 1)).eligible
    assert not check_de_facto_unsupported(long, date(2026, 7, 1)).eligible  # released: no longer qualifies


def test_age_hukou_and_missing_evidence_are_explained(people):
    adult = family(ParentSituation.IN_CUSTODY, ParentSituation.SERIOUSLY_ILL, birth=date(2008, 11, 2))
    result = check_de_facto_unsupported(adult, ON, local_prefix="320102")
    assert not result.eligible and "未满18周岁（2026-11-02时18岁）" in result.reasons[0]
    assert not result.conditions[0].passed
    elsewhere = family(ParentSituation.IN_CUSTODY, ParentSituation.SERIOUSLY_ILL, hukou=named.NINGHAI_STREET)
    assert "户籍不在本地" in " ".join(
        check_de_facto_unsupported(elsewhere, ON, local_prefix="320102").reasons
    )
    no_paper = family(ParentSituation.IN_CUSTODY, ParentSituation.SERIOUSLY_ILL, evidence="")
    result = check_de_facto_unsupported(no_paper, ON, local_prefix="320102")
    assert result.eligible and render_result(result.as_dict())["missing_evidence"] == [
        "父亲“服刑在押”的证明材料",
        "母亲“重病”的证明材料",
    ]


def test_left_behind(people):
    both = family(ParentSituation.MIGRANT_WORKER, ParentSituation.MIGRANT_WORKER)
    one = family(ParentSituation.MIGRANT_WORKER, ParentSituation.SEVERELY_DISABLED)
    neither = family(ParentSituation.MIGRANT_WORKER, None)
    sixteen = family(ParentSituation.MIGRANT_WORKER, ParentSituation.MIGRANT_WORKER, birth=date(2010, 11, 2))
    assert check_left_behind(both, ON).rule == "both_migrant"
    assert check_left_behind(one, ON).rule == "one_migrant_other_unable"
    assert not check_left_behind(neither, ON).eligible
    assert not check_left_behind(sixteen, ON).eligible


# ---- applications ------------------------------------------------------------------------


def test_application_through_verification_and_confirmation(people):
    child = family(ParentSituation.IN_CUSTODY, ParentSituation.OUT_OF_CONTACT)
    app = submit_application(
        child=child,
        actor=people["supervisor_meiyuan"],
        kind=ApplicationKind.DE_FACTO_UNSUPPORTED,
        applicant_kind=ApplicantKind.RELATIVE,
        applicant_name="祖母",
        submitted_on=date(2026, 9, 28),
    )
    # 15 working days after Mon 28 Sep 2026, across the National Day holiday (1–7 Oct off,
    # Sat 10 Oct a make-up working day): 29, 30 Sep, 8, 9, 10, 12–16, 19–23 Oct → 23 Oct.
    assert app.verify_due == date(2026, 10, 23) and app.calendar_note == ""
    assert app.eligibility["rule"] == "A"
    with pytest.raises(ApplicationError):
        verify_application(app, actor=people["director_meiyuan"], on=date(2026, 10, 9))
    app = verify_application(
        app, actor=people["supervisor_meiyuan"], on=date(2026, 10, 9), note="比对公安、法院数据一致"
    )
    # 15 working days after Fri 9 Oct: 10 (make-up), 12–16, 19–23, 26–29 Oct → 29 Oct.
    assert app.confirm_due == date(2026, 10, 29)
    stale = EligibilityApplication.objects.get(pk=app.pk)
    app = confirm_application(app, actor=people["officer_xuanwu"], on=date(2026, 10, 20))
    assert app.status == ApplicationStatus.CONFIRMED
    spell = CategorySpell.objects.get(child=child, category=Category.DE_FACTO_UNSUPPORTED)
    assert spell.start_date == date(2026, 11, 1)  # the month after confirmation
    with pytest.raises(ApplicationConflict):
        refuse_application(stale, actor=people["officer_xuanwu"], on=date(2026, 10, 21), reason="重复")


def test_spring_festival_deadline_and_refusal_with_reasons(people):
    child = family(None, ParentSituation.MIGRANT_WORKER)
    app = submit_application(
        child=child,
        actor=people["director_meiyuan"],
        kind=ApplicationKind.DE_FACTO_UNSUPPORTED,
        applicant_kind=ApplicantKind.GUARDIAN,
        applicant_name="父亲",
        submitted_on=date(2026, 2, 10),
    )
    # After Tue 10 Feb 2026: 11, 12, 13, 14 (Sat, make-up) = 4 — 15–23 Feb off for the
    # Spring Festival — 24, 25, 26, 27, 28 (Sat, make-up) = 9, 2–6 Mar = 14, 9 Mar = 15.
    assert app.verify_due == date(2026, 3, 9)
    assert not app.eligibility["eligible"]
    with pytest.raises(ApplicationError, match="不符合认定条件"):
        verify_application(app, actor=people["supervisor_meiyuan"], on=date(2026, 2, 24))
    with pytest.raises(ApplicationError, match="书面说明理由"):
        refuse_application(app, actor=people["supervisor_meiyuan"], on=date(2026, 2, 24), reason="")
    app = refuse_application(
        app, actor=people["supervisor_meiyuan"], on=date(2026, 2, 24), reason="母亲外出务工，不属于八种情形"
    )
    assert app.status == ApplicationStatus.REFUSED and app.refusal_reason == "母亲外出务工，不属于八种情形"
    assert list(overdue(EligibilityApplication.objects.all(), date(2026, 12, 1))) == []


def test_a_year_without_calendar_data_falls_back_and_says_so(people):
    HolidayOverride.objects.create(day=date(2027, 1, 1), is_working_day=False, note="元旦")
    child = family(ParentSituation.IN_CUSTODY, ParentSituation.SERIOUSLY_ILL)
    from childwelfare.benefits.applications import due_after

    # 2027 is not in the library: weekends plus the override table. After Thu 31 Dec 2026:
    # 1 Jan off (override), 4–8, 11–15, 18–22 Jan → 22 Jan 2027.
    due, note = due_after(date(2026, 12, 31))
    assert due == date(2027, 1, 22) and "2027年的法定节假日安排尚未收录" in note
    app = submit_application(
        child=child,
        actor=people["director_meiyuan"],
        kind=ApplicationKind.DE_FACTO_UNSUPPORTED,
        applicant_kind=ApplicantKind.GUARDIAN,
        applicant_name="祖父",
        submitted_on=date(2026, 11, 20),
    )
    assert app.calendar_note == ""  # due 11 Dec 2026: inside the covered years
    assert list(overdue(EligibilityApplication.objects.all(), date(2026, 12, 14))) == [app]
