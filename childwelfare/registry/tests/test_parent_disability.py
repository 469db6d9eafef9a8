"""Issue 8, item 12: a severely disabled parent (重残) is recorded with the certificate's
type, grade and number on the profile; existing records get them from their evidence text
where it holds them, and the profile flags the others as needing the grade."""

import importlib

from django.apps import apps

from childwelfare.registry.choices import DisabilityType, ParentSituation, Relation
from childwelfare.registry.tests.helpers import detail, make_child
from childwelfare.testing.factories import FamilyMemberFactory, ParentConditionFactory

# A certificate number: the holder's ID number, then type 4 (肢体) and grade 2.
CERTIFICATE = "32010219850101001X42"


def post_condition(client, child, father, **fields):
    data = {
        "form": "condition",
        "condition-member": father.pk,
        "condition-situation": "severely_disabled",
        "condition-start_date": "2020-01-01",
        "condition-evidence_reference": "",
    }
    data.update({f"condition-{key}": value for key, value in fields.items()})
    return client.post(detail(child), data)


def test_severely_disabled_needs_type_and_grade(client, people):
    child = make_child(people, "王小明")
    father = FamilyMemberFactory(child=child, relation=Relation.FATHER, name="王强")
    client.force_login(people["director_meiyuan"])
    response = post_condition(client, child, father)
    assert response.status_code == 200
    assert "残疾类别" in response.context["forms"]["condition"].errors["disability_type"][0]
    response = post_condition(client, child, father, disability_type="physical")
    assert "残疾等级" in response.context["forms"]["condition"].errors["disability_grade"][0]
    # The certificate number's last two digits say 肢体 grade 2: grade 3 disagrees.
    response = post_condition(
        client,
        child,
        father,
        disability_type="physical",
        disability_grade="3",
        certificate_number=CERTIFICATE,
    )
    errors = response.context["forms"]["condition"].errors["certificate_number"][0]
    assert "肢体残疾二级" in errors
    assert not father.conditions.exists()
    response = post_condition(
        client,
        child,
        father,
        disability_type="physical",
        disability_grade="2",
        certificate_number=CERTIFICATE.lower(),
    )
    assert response.status_code == 302
    condition = father.conditions.get()
    assert (condition.disability_type, condition.disability_grade, condition.certificate_number) == (
        "physical",
        2,
        CERTIFICATE,
    )
    html = client.get(detail(child)).content.decode()
    assert "肢体残疾二级" in html and CERTIFICATE in html


def test_other_situations_keep_no_disability(client, people):
    child = make_child(people, "李小红")
    father = FamilyMemberFactory(child=child, relation=Relation.FATHER, name="李强")
    client.force_login(people["director_meiyuan"])
    response = post_condition(
        client, child, father, situation="seriously_ill", disability_type="physical", disability_grade="1"
    )
    assert response.status_code == 302
    condition = father.conditions.get()
    assert (condition.disability_type, condition.disability_grade) == ("", None)


def test_existing_records_get_type_and_grade_from_their_evidence(people):
    migration = importlib.import_module("childwelfare.registry.migrations.0010_parent_condition_disability")
    child = make_child(people, "赵小东")
    father = FamilyMemberFactory(child=child, relation=Relation.FATHER)
    words = ParentConditionFactory(
        member=father,
        situation=ParentSituation.SEVERELY_DISABLED,
        evidence_reference="残疾人证（精神残疾3级）",
    )
    number = ParentConditionFactory(
        member=father,
        situation=ParentSituation.SEVERELY_DISABLED,
        evidence_reference=f"残疾人证 {CERTIFICATE}",
    )
    nothing = ParentConditionFactory(
        member=father, situation=ParentSituation.SEVERELY_DISABLED, evidence_reference="残疾证"
    )
    migration.copy_disability_from_evidence(apps, None)
    for condition in (words, number, nothing):
        condition.refresh_from_db()
    assert (words.disability_type, words.disability_grade) == (DisabilityType.MENTAL, 3)
    assert (number.disability_type, number.disability_grade, number.certificate_number) == (
        DisabilityType.PHYSICAL,
        2,
        CERTIFICATE,
    )
    assert (nothing.disability_type, nothing.disability_grade) == ("", None)


def test_profile_flags_a_severe_disability_without_grade(client, people):
    child = make_child(people, "钱小西")
    father = FamilyMemberFactory(child=child, relation=Relation.FATHER)
    ParentConditionFactory(
        member=father, situation=ParentSituation.SEVERELY_DISABLED, evidence_reference="残疾证"
    )
    client.force_login(people["director_meiyuan"])
    assert "须补登残疾人证上的残疾类别和等级" in client.get(detail(child)).content.decode()
