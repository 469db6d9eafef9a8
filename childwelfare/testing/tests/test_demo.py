"""The demo city (testing.demo, seed_demo, demo_logins): deterministic, valid and shaped
like the 2023 figures of DOMAIN.md §2."""

from collections import Counter, defaultdict
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from childwelfare.areas.models import Area
from childwelfare.lib.dates import age_on
from childwelfare.lib.idnumber import parse
from childwelfare.registry.choices import EIGHT_SITUATIONS, Category, ParentSituation, Relation, SchoolStatus
from childwelfare.registry.models import CategorySpell, Child, FamilyMember
from childwelfare.testing import people
from childwelfare.testing.demo import seed_demo
from childwelfare.testing.demo_city import (
    CATEGORY_MIX,
    REFERENCE_DATE,
    RURAL_DISTRICTS,
    SCREENED_NOT_ELIGIBLE,
    DemoError,
    plan_counts,
)

SMALL = 300
C = Category


@pytest.fixture
def demo(db):
    return seed_demo(children=SMALL, today=REFERENCE_DATE)


def _snapshot():
    children = list(Child.objects.order_by("id_hash").values_list("id_hash", "name", "area_id", "birth_date"))
    spells = list(
        CategorySpell.objects.order_by("child__id_hash", "category", "start_date").values_list(
            "child__id_hash", "category", "start_date", "end_date"
        )
    )
    members = list(
        FamilyMember.objects.order_by("child__id_hash", "relation", "name").values_list(
            "child__id_hash", "relation", "name", "id_hash", "phone"
        )
    )
    return children, spells, members


def _situations(child) -> dict[str, set[str]]:
    """{'father': {situations}, 'mother': {...}} of the parents recorded for a child."""
    result = defaultdict(set)
    for member in child.family.all():
        if member.relation in (Relation.FATHER, Relation.MOTHER):
            result[member.relation] |= {c.situation for c in member.conditions.all()}
    return result


def _meets_rule_a_or_b(situations) -> bool:
    father, mother = situations.get(Relation.FATHER, set()), situations.get(Relation.MOTHER, set())
    gone = {ParentSituation.DECEASED, ParentSituation.DECLARED_MISSING}
    rule_a = bool(father & EIGHT_SITUATIONS) and bool(mother & EIGHT_SITUATIONS)
    rule_b = (bool(father & gone) and bool(mother & EIGHT_SITUATIONS)) or (
        bool(mother & gone) and bool(father & EIGHT_SITUATIONS)
    )
    return rule_a or rule_b


def _main_category(child) -> str:
    """The one open spell that is not a secondary dibao spell."""
    open_spells = [s.category for s in child.categories.all() if s.active_on(REFERENCE_DATE)]
    return next((c for c in open_spells if c != C.DIBAO_FAMILY), C.DIBAO_FAMILY)


def test_default_mix_reproduces_the_2023_figures():
    assert plan_counts(5000) == CATEGORY_MIX
    assert sum(CATEGORY_MIX.values()) == 5000
    # 1,066 accident-insured = scattered orphans + de facto unsupported
    assert CATEGORY_MIX[C.SCATTERED_ORPHAN] + CATEGORY_MIX[C.DE_FACTO_UNSUPPORTED] == 1066
    # 1,037 de facto unsupported screened = 1,028 eligible + 9 found not eligible
    assert CATEGORY_MIX[C.DE_FACTO_UNSUPPORTED] + SCREENED_NOT_ELIGIBLE == 1037
    # 1,527 medically insured = orphans (both kinds) + de facto unsupported + seriously ill/disabled
    insured = (
        C.INSTITUTIONAL_ORPHAN,
        C.SCATTERED_ORPHAN,
        C.DE_FACTO_UNSUPPORTED,
        C.SERIOUSLY_ILL_OR_DISABLED,
    )
    assert sum(CATEGORY_MIX[c] for c in insured) == 1527
    # "4,000+" children in difficulty and rural left-behind children
    assert 5000 - CATEGORY_MIX[C.MIGRANT] >= 4000


@pytest.mark.parametrize("children", [50, 300, 1234, 5000, 20000])
def test_scaled_mix_sums_and_keeps_every_category(children):
    counts = plan_counts(children)
    assert sum(counts.values()) == children
    assert all(count >= 1 for count in counts.values())
    for category, count in counts.items():
        assert abs(count - CATEGORY_MIX[category] * children / 5000) <= 1


def test_seeding_is_deterministic(db):
    with transaction.atomic():
        seed_demo(children=SMALL, today=REFERENCE_DATE)
        first = _snapshot()
        transaction.set_rollback(True)
    assert not Child.objects.exists()
    seed_demo(children=SMALL, today=REFERENCE_DATE)
    second = _snapshot()
    assert len(first[0]) == SMALL
    assert first == second


def test_every_id_number_is_valid_and_agrees_with_the_child(demo):
    regions = Counter()
    for child in Child.objects.all():
        parsed = parse(child.id_number)
        assert (parsed.birth_date, parsed.gender) == (child.birth_date, child.gender)
        assert 0 <= age_on(child.birth_date, REFERENCE_DATE) <= 17
        regions[child.id_number[:4]] += 1
    assert regions["3201"] > SMALL * 0.8  # migrant children carry their home county's code
    for member in FamilyMember.objects.exclude(id_number=None).exclude(id_number=""):
        parse(member.id_number)


def test_category_mix_follows_the_plan(demo):
    main = Counter(_main_category(child) for child in Child.objects.prefetch_related("categories"))
    assert main == Counter(plan_counts(SMALL))
    assert demo["categories"] == plan_counts(SMALL)
    share = main[C.DE_FACTO_UNSUPPORTED] / SMALL
    assert abs(share - 1028 / 5000) < 0.01


def test_children_have_a_created_history_entry(demo):
    assert Child.history.filter(history_type="+").count() == Child.objects.count() == SMALL


def test_left_behind_children_are_rural_village_children_under_16_with_parents_away(demo):
    rural = Child.objects.with_category(C.RURAL_LEFT_BEHIND, REFERENCE_DATE).select_related("area")
    assert rural.exists()
    for child in rural.prefetch_related("family__conditions"):
        assert child.area_id[:6] in RURAL_DISTRICTS and child.area.name.endswith("村")
        assert age_on(child.birth_date, REFERENCE_DATE) < 16
        situations = _situations(child)
        away = [p for p, s in situations.items() if ParentSituation.MIGRANT_WORKER in s]
        assert len(away) == 2 or (len(away) == 1 and any(s & EIGHT_SITUATIONS for s in situations.values()))


def test_parents_situations_match_the_category(demo):
    children = Child.objects.prefetch_related("family__conditions", "categories")
    for child in children:
        category, situations = _main_category(child), _situations(child)
        if category == C.DE_FACTO_UNSUPPORTED:
            assert _meets_rule_a_or_b(situations), child.name
        elif category in (C.SCATTERED_ORPHAN, C.INSTITUTIONAL_ORPHAN):
            deceased = [s for s in situations.values() if ParentSituation.DECEASED in s]
            foundling = not situations and "查找不到生父母" in child.notes
            assert len(deceased) == 2 or foundling, child.name
        else:  # nobody else is eligible by accident
            assert not _meets_rule_a_or_b(situations), (child.name, category)


def test_seriously_ill_or_disabled_children_have_a_certificate_or_diagnosis(demo):
    for child in Child.objects.with_category(C.SERIOUSLY_ILL_OR_DISABLED, REFERENCE_DATE):
        if child.disability_grade:
            severe = child.disability_grade <= 2 or child.disability_type in ("intellectual", "mental")
            assert severe and "残疾人证" in child.health_notes
        else:
            assert "确诊" in child.health_notes


def test_school_status_agrees_with_age(demo):
    for child in Child.objects.all():
        age = age_on(child.birth_date, REFERENCE_DATE)
        if age < 6:
            assert child.school_status == SchoolStatus.PRESCHOOL
        elif age >= 7:
            assert child.school_status != SchoolStatus.PRESCHOOL


def test_spells_start_after_birth_and_before_the_reference_date(demo):
    for spell in CategorySpell.objects.select_related("child"):
        assert spell.child.birth_date <= spell.start_date < REFERENCE_DATE
        assert spell.end_date is None or spell.start_date <= spell.end_date < REFERENCE_DATE


def test_named_directors_see_children_of_their_own_community(demo):
    users = people.ensure_people()
    for username, code in [
        ("director_meiyuan", people.MEIYUAN),
        ("director_daxinggong", people.DAXINGGONG),
        ("director_ninghai", people.NINGHAI),
    ]:
        visible = Child.objects.visible_to(users[username])
        assert visible.count() >= 6
        assert set(visible.values_list("area_id", flat=True)) == {code}
    street = Child.objects.visible_to(users["supervisor_meiyuan"])
    assert {people.MEIYUAN, people.DAXINGGONG} <= set(street.values_list("area_id", flat=True))
    # 梅园 shows one household of each kind except rural left-behind
    meiyuan = Child.objects.visible_to(users["director_meiyuan"]).prefetch_related("categories")
    assert {_main_category(c) for c in meiyuan} >= set(CATEGORY_MIX) - {C.RURAL_LEFT_BEHIND}


def test_communities_are_synthetic_children_of_real_streets(demo):
    communities = Area.objects.filter(level=5)
    per_street = Counter(communities.values_list("parent_id", flat=True))
    assert len(per_street) == 101  # every township/street, not the 4xx statistical units
    assert all(3 <= n <= 8 for n in per_street.values())
    for area in communities:
        assert len(area.code) == 12 and area.code.startswith(area.parent_id)
        assert area.name.endswith(("社区", "村"))


def test_seed_refuses_a_registry_that_already_has_children(demo):
    with pytest.raises(DemoError):
        seed_demo(children=SMALL, today=REFERENCE_DATE)
    with pytest.raises(CommandError, match="演示数据只能载入空库"):
        call_command("seed_demo", "--allow-production", "--children", "60", stdout=StringIO(), verbosity=0)
    assert Child.objects.count() == SMALL


def test_if_empty_seeds_once_and_then_does_nothing(db):
    out = StringIO()
    call_command(
        "seed_demo", "--allow-production", "--if-empty", "--children", str(SMALL), stdout=out, verbosity=0
    )
    assert "演示数据已载入" in out.getvalue()
    counts = (Child.objects.count(), FamilyMember.objects.count(), Area.objects.count())
    out = StringIO()
    call_command(
        "seed_demo", "--allow-production", "--if-empty", "--children", str(SMALL), stdout=out, verbosity=0
    )
    assert "跳过" in out.getvalue()
    assert (Child.objects.count(), FamilyMember.objects.count(), Area.objects.count()) == counts


def test_demo_logins_lists_every_named_user_with_the_password(demo):
    out = StringIO()
    call_command("demo_logins", "--allow-production", stdout=out)
    text = out.getvalue()
    assert people.DEMO_PASSWORD in text
    for person in people.PEOPLE:
        assert person.username in text
    assert "儿童主任" in text and "梅园社区" in text
