"""The factories other tests build on: valid unique ID numbers, search keys as the
registry services compute them, named areas by default."""

from datetime import date, timedelta

import pytest

from childwelfare.accounts.choices import Role
from childwelfare.lib.idnumber import parse
from childwelfare.registry.choices import Category, ParentSituation, Relation
from childwelfare.registry.models import Child
from childwelfare.registry.services import derived_child_fields
from childwelfare.testing import people
from childwelfare.testing.factories import (
    CategorySpellFactory,
    ChildFactory,
    FamilyMemberFactory,
    ParentConditionFactory,
    UserFactory,
    child_id_number,
)


def test_child_factory_gives_unique_valid_numbers_and_derived_fields(db):
    children = ChildFactory.create_batch(250)
    assert len({c.id_hash for c in children}) == 250
    for child in children:
        parsed = parse(child.id_number)
        assert (parsed.birth_date, parsed.gender) == (child.birth_date, child.gender)
        fresh = Child.objects.get(pk=child.pk)
        assert fresh.id_number == child.id_number
        for key, value in derived_child_fields(child.name, child.id_number).items():
            assert getattr(fresh, key) == value
    assert children[0].area_id == people.MEIYUAN == children[0].hukou_area_id
    assert Child.history.count() == 250


def test_child_factory_follows_a_given_birth_date_gender_or_id_number(db):
    many = ChildFactory.create_batch(30, birth_date=date(2010, 5, 1), gender="F", area_id=people.NINGHAI)
    assert len({c.id_hash for c in many}) == 30
    assert {(c.birth_date, c.gender, c.area_id) for c in many} == {(date(2010, 5, 1), "F", people.NINGHAI)}
    child = ChildFactory(id_number="320102201005010026")
    assert (child.birth_date, child.gender) == (date(2010, 5, 1), "F")


def test_factory_numbers_never_collide_with_the_demo_city():
    # order digits 90–99 belong to factories, 00–89 to the demo (Builder.id_number)
    assert all(int(child_id_number(n, date(2015, 1, 1), "M")[14:16]) >= 90 for n in range(500))


def test_family_condition_spell_and_user_factories(db):
    spell = CategorySpellFactory()
    assert spell.category == Category.DE_FACTO_UNSUPPORTED and spell.child.area_id == people.MEIYUAN
    father = FamilyMemberFactory(child=spell.child, relation=Relation.FATHER, with_id_number=True)
    assert father.id_hash and parse(father.id_number).gender == "M"
    assert FamilyMemberFactory(child=spell.child).id_number is None
    condition = ParentConditionFactory(member=father, situation=ParentSituation.OUT_OF_CONTACT)
    assert condition.member.child == spell.child
    director = UserFactory()
    assert director.role == Role.CHILD_DIRECTOR and director.check_password(people.DEMO_PASSWORD)
    assert list(Child.objects.visible_to(director)) == [spell.child]
    officer = UserFactory(role=Role.DISTRICT_OFFICER, area_id=people.GULOU)
    assert not Child.objects.visible_to(officer).exists()


@pytest.mark.parametrize("area_kwarg", ["area", "area_id"])
def test_user_factory_takes_area_or_area_id(db, area_kwarg):
    from childwelfare.testing.factories import named_area

    value = named_area(people.NINGHAI) if area_kwarg == "area" else people.NINGHAI
    assert UserFactory(**{area_kwarg: value}).area_id == people.NINGHAI


def test_child_factory_adds_a_category_spell_and_both_parents(db):
    child = ChildFactory(
        category=Category.SCATTERED_ORPHAN,
        category__start_date=date(2020, 1, 1),
        parents=(ParentSituation.IN_CUSTODY, None),
        parents__evidence={ParentSituation.IN_CUSTODY: "法院判决书"},
    )
    spell = child.categories.get()
    assert (spell.category, spell.start_date, spell.end_date) == (
        Category.SCATTERED_ORPHAN,
        date(2020, 1, 1),
        None,
    )
    members = {m.relation: m for m in child.family.all()}
    assert set(members) == {Relation.FATHER, Relation.MOTHER}
    condition = members[Relation.FATHER].conditions.get()
    assert (condition.situation, condition.evidence_reference) == (ParentSituation.IN_CUSTODY, "法院判决书")
    assert not members[Relation.MOTHER].conditions.exists()
    assert not ChildFactory().categories.exists()


def test_actor_is_recorded_in_the_history(people):
    officer = people["officer_xuanwu"]
    child = ChildFactory(actor=officer, category=Category.MIGRANT, category__actor=officer)
    assert child.history.get().history_user == officer
    assert child.categories.get().history.get().history_user == officer
    assert ChildFactory().history.get().history_user is None


def test_discovery_and_benefits_factories(db):
    from django.utils import timezone

    from childwelfare.benefits.choices import ApplicationStatus
    from childwelfare.discovery.choices import CampaignStatus, ProblemStatus, RecordStatus
    from childwelfare.discovery.models import Problem
    from childwelfare.testing.factories import (
        CampaignFactory,
        EligibilityApplicationFactory,
        ProblemFactory,
        ScreeningRecordFactory,
        VisitFactory,
    )

    today = timezone.localdate()
    campaign = CampaignFactory()
    assert (campaign.area_id, campaign.status, campaign.created_by.username) == (
        people.XUANWU,
        CampaignStatus.DRAFT,
        "officer_xuanwu",
    )
    record = ScreeningRecordFactory(campaign=campaign, child=ChildFactory(area_id=people.DAXINGGONG))
    assert (record.status, record.area_id, record.version) == (RecordStatus.PENDING, people.DAXINGGONG, 0)
    visit = VisitFactory(child=record.child)
    assert (visit.visited_on, visit.visitor.username) == (today, "director_meiyuan")
    problem = ProblemFactory(deadline=today - timedelta(days=3))
    assert problem.status == ProblemStatus.OPEN
    assert list(Problem.objects.overdue(today)) == [problem]
    application = EligibilityApplicationFactory(submitted_on=date(2026, 3, 2))
    assert (application.status, application.verify_due) == (ApplicationStatus.SUBMITTED, date(2026, 3, 23))
