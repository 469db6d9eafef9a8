"""Issue 8 items 12–14: a parent's disability counts as 重残 only at the grades of
民发〔2019〕62号; a term with no end date counts only once six months have passed; the
explanation lists every condition with a pass/fail mark, a refusal quotes exactly the
failing ones (in the reader's language), and no rule is stored for an ineligible result."""

from datetime import date
from itertools import product

import pytest
from django.utils import translation

from childwelfare.benefits.applications import ApplicationError, submit_application, verify_application
from childwelfare.benefits.choices import ApplicantKind, ApplicationKind
from childwelfare.benefits.eligibility import check_de_facto_unsupported, check_left_behind
from childwelfare.benefits.explanations import render_result
from childwelfare.registry.choices import DisabilityType, ParentSituation, Relation
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory, ParentConditionFactory

pytestmark = pytest.mark.django_db
ON = date(2026, 11, 2)
SEVERE_AT_3_AND_4 = {DisabilityType.MENTAL, DisabilityType.INTELLECTUAL}


def child_with(father=None, mother=None, *, birth=date(2014, 6, 1)):
    """A boy of 梅园社区 (hukou local) with father and mother listed, each in the situation
    given (None: none) since 2024-01-01 with evidence."""
    return ChildFactory(
        area_id=named.MEIYUAN,
        hukou_area_id=named.MEIYUAN_STREET,
        birth_date=birth,
        gender="M",
        parents=(father, mother),
        parents__evidence="证明",
    )


def disabled_father(kind, grade, certificate="320102198501010011" + "41"):
    """Father severely disabled (重残) with the given certificate type and grade; mother in
    custody (one of the eight): rule A holds exactly when the father's disability is severe."""
    child = child_with(None, ParentSituation.IN_CUSTODY)
    ParentConditionFactory(
        member=child.family.get(relation=Relation.FATHER),
        situation=ParentSituation.SEVERELY_DISABLED,
        start_date=date(2020, 1, 1),
        disability_type=kind,
        disability_grade=grade,
        certificate_number=certificate,
        evidence_reference="",
    )
    return child


# ---- item 12: graded disability -----------------------------------------------------------


def test_every_disability_type_and_grade(people):
    # 62号: grade 1 or 2 of any type; grade 3 or 4 only for mental or intellectual.
    for kind, grade in product(DisabilityType.values, (1, 2, 3, 4)):
        expected = grade <= 2 or kind in SEVERE_AT_3_AND_4
        result = check_de_facto_unsupported(disabled_father(kind, grade), ON, local_prefix="320102")
        assert result.eligible is expected, (kind, grade, result.reasons)
        assert result.rule == ("A" if expected else ""), (kind, grade)


def test_grade_3_physical_named_in_the_failing_condition(people):
    result = check_de_facto_unsupported(
        disabled_father(DisabilityType.PHYSICAL, 3), ON, local_prefix="320102"
    )
    with translation.override("zh-hans"):
        failing = render_result(result.as_dict())["failing"]
    assert len(failing) == 1
    assert failing[0]["code"] == "parent" and "肢体残疾" in failing[0]["detail"]
    assert "三级" in failing[0]["detail"] and "不属于重残" in failing[0]["detail"]


def test_severely_disabled_without_grade_is_not_silently_eligible(people):
    child = child_with(ParentSituation.SEVERELY_DISABLED, ParentSituation.IN_CUSTODY)
    father = child.family.get(relation=Relation.FATHER).conditions.get()
    father.disability_type, father.disability_grade = "", None
    father.save()
    result = check_de_facto_unsupported(child, ON, local_prefix="320102")
    assert not result.eligible and result.rule == ""
    with translation.override("zh-hans"):
        rendered = render_result(result.as_dict())
    assert rendered["missing_evidence"] == ["父亲的残疾人证（残疾类别、等级）"]


def test_left_behind_other_parent_without_capacity_needs_a_severe_grade(people):
    severe = child_with(ParentSituation.MIGRANT_WORKER, None)
    mild = child_with(ParentSituation.MIGRANT_WORKER, None)
    for child, grade in ((severe, 2), (mild, 3)):
        ParentConditionFactory(
            member=child.family.get(relation=Relation.MOTHER),
            situation=ParentSituation.SEVERELY_DISABLED,
            disability_type=DisabilityType.VISUAL,
            disability_grade=grade,
        )
    assert check_left_behind(severe, ON).eligible
    assert not check_left_behind(mild, ON).eligible


# ---- item 13: a term with no end date -----------------------------------------------------


@pytest.mark.parametrize(
    "situation",
    [ParentSituation.IN_CUSTODY, ParentSituation.DRUG_REHABILITATION, ParentSituation.OTHER_RESTRICTION],
)
def test_open_term_counts_only_after_six_months(people, situation):
    child = child_with(ParentSituation.DECEASED, None)
    ParentConditionFactory(
        member=child.family.get(relation=Relation.MOTHER),
        situation=situation,
        start_date=date(2026, 1, 1),
        end_date=None,
        evidence_reference="公安机关证明",
    )
    # From 1 Jan 2026 with no end date: six months have passed on 1 Jul 2026, not on 30 Jun.
    before = check_de_facto_unsupported(child, date(2026, 6, 30))
    assert not before.eligible and before.rule == ""
    with translation.override("zh-hans"):
        missing = render_result(before.as_dict())["missing_evidence"]
    label = ParentSituation(situation).label
    assert missing == [f"母亲“{label}”的期限文书（判决书、决定书）"]
    after = check_de_facto_unsupported(child, date(2026, 7, 1))
    assert (after.eligible, after.rule, after.missing_evidence) == (True, "B", [])


def test_term_with_an_end_date_is_unchanged(people):
    child = child_with(ParentSituation.DECEASED, None)
    ParentConditionFactory(
        member=child.family.get(relation=Relation.MOTHER),
        situation=ParentSituation.IN_CUSTODY,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 6, 30),
    )
    # A six-month term (1 Jan – 30 Jun) counts from its first day.
    assert check_de_facto_unsupported(child, date(2026, 1, 2)).eligible


# ---- item 14: every condition, the failing ones quoted, no rule when ineligible ----------


def test_every_condition_listed_with_its_mark(people):
    adult = child_with(ParentSituation.IN_CUSTODY, ParentSituation.SERIOUSLY_ILL, birth=date(2008, 11, 2))
    result = check_de_facto_unsupported(adult, ON, local_prefix="320102")
    stored = result.as_dict()
    assert [(c["code"], c["passed"]) for c in stored["conditions"]] == [
        ("age", False),
        ("hukou", True),
        ("parent", True),
        ("parent", True),
        ("not_orphan", True),
    ]
    assert not result.eligible and stored["rule"] == ""  # both parents qualify, but no rule A


def test_refused_verification_quotes_only_the_failing_conditions(people):
    adult = child_with(ParentSituation.IN_CUSTODY, ParentSituation.SERIOUSLY_ILL, birth=date(2008, 11, 2))
    app = submit_application(
        child=adult,
        actor=people["supervisor_meiyuan"],
        kind=ApplicationKind.DE_FACTO_UNSUPPORTED,
        applicant_kind=ApplicantKind.GUARDIAN,
        applicant_name="王某",
        submitted_on=date(2026, 10, 30),
    )
    with pytest.raises(ApplicationError) as caught:
        verify_application(app, actor=people["supervisor_meiyuan"], on=ON)
    with translation.override("zh-hans"):
        text = str(caught.value)
    assert "未满18周岁" in text and "18岁" in text
    assert "规则A" not in text and "户籍" not in text and "父亲" not in text
    with translation.override("en"):
        english = str(caught.value)
    assert "2026-11-02" in english


def test_explanation_is_rendered_in_the_readers_language(people):
    child = child_with(ParentSituation.IN_CUSTODY, None)
    stored = check_de_facto_unsupported(child, ON, local_prefix="320102").as_dict()
    # Stored as codes and parameters: no sentence in any language.
    assert "服刑在押" not in str(stored) and "父亲" not in str(stored)
    with translation.override("en"):
        english = render_result(stored)
    failing = " ".join(f"{c['label']} {c['detail']}" for c in english["failing"])
    passing = " ".join(c["detail"] for c in english["conditions"] if c["passed"])
    assert "Mother" in failing and "母亲" not in failing
    assert "In prison or custody" in passing and "服刑在押" not in passing
    with translation.override("zh-hans"):
        chinese = render_result(stored)
    assert "服刑在押" in " ".join(c["detail"] for c in chinese["conditions"])


def test_spell_review_skips_quoting_only_the_failing_conditions(city):
    from childwelfare.benefits.spells import confirm_spells
    from childwelfare.registry.choices import Category
    from childwelfare.registry.services import add_category

    # Mother dead, father in custody: not an orphan; the one failing condition is the father's.
    child = child_with(ParentSituation.IN_CUSTODY, ParentSituation.DECEASED)
    spell = add_category(
        child=child,
        actor=city["officer_xuanwu"],
        category=Category.SCATTERED_ORPHAN,
        start_date=date(2025, 1, 1),
    )
    with translation.override("zh-hans"):
        result = confirm_spells([spell], actor=city["officer2_xuanwu"], on=ON)
    [(_spell, why)] = result.skipped
    assert why.startswith("不符合认定条件：父亲已死亡（宣告死亡）或宣告失踪（父亲服刑在押")
    assert "母亲" not in why and "未满18周岁" not in why


def test_refusal_form_starts_from_the_failing_conditions_and_the_refusal_shows_them(client, people):
    from django.urls import reverse

    from childwelfare.benefits.applications import refuse_application

    adult = child_with(ParentSituation.IN_CUSTODY, ParentSituation.SERIOUSLY_ILL, birth=date(2008, 1, 2))
    app = submit_application(
        child=adult,
        actor=people["supervisor_meiyuan"],
        kind=ApplicationKind.DE_FACTO_UNSUPPORTED,
        applicant_kind=ApplicantKind.GUARDIAN,
        applicant_name="王某",
        submitted_on=date(2025, 12, 30),
    )
    client.force_login(people["supervisor_meiyuan"])
    url = reverse("benefits:application_detail", args=[app.pk])
    initial = client.get(url).context["forms"]["refuse"].initial["reason"]
    assert initial.startswith("未满18周岁（") and "\n" not in initial  # only the age fails
    refuse_application(app, actor=people["supervisor_meiyuan"], on=ON, reason="已满18周岁")
    assert app.eligibility["rule"] == "" and not app.eligibility["eligible"]
    html = client.get(url).content.decode()
    failing = html.split('id="refusal-failing"', 1)[1].split("</ul>", 1)[0]
    assert "未满18周岁" in failing and "父亲" not in failing
