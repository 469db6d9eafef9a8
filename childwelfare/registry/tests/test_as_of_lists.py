"""Issue 8 item 16: lists as of a date leave out the children not yet born, show a child past
18 with no category, not as a pupil and as 已满18周岁; a parent registered dead is no longer
guardian and the child left without one is flagged 无监护人."""

from datetime import date

from django.urls import reverse

from childwelfare.lib.dates import add_years
from childwelfare.registry.choices import Category, ParentSituation, Relation, SchoolStatus
from childwelfare.registry.home import child_file_summary
from childwelfare.registry.models import Child, FamilyMember
from childwelfare.registry.services import add_parent_condition, end_guardianship_on_death
from childwelfare.registry.tests.helpers import detail, listed, make_child, row_of
from childwelfare.testing.factories import CategorySpellFactory, FamilyMemberFactory

ON = date(2015, 3, 4)


def test_a_list_as_of_a_date_leaves_out_the_children_not_yet_born(client, people):
    make_child(people, "已出生", birth=date(2012, 5, 1))
    make_child(people, "生日当天", birth=ON)
    make_child(people, "尚未出生", birth=date(2016, 1, 1))
    client.force_login(people["director_meiyuan"])
    assert set(listed(client, f"?on={ON.isoformat()}")) == {"生日当天", "已出生"}
    assert "尚未出生" not in listed(client, f"?on={ON.isoformat()}&category=none")
    assert "尚未出生" in listed(client)


def test_turning_18_ends_categories_schooling_and_age_bands_in_the_list(client, people):
    on = date(2026, 6, 1)
    adult = make_child(people, "刚满十八", birth=add_years(on, -18), school_status=SchoolStatus.IN_SCHOOL)
    minor = make_child(
        people, "十七岁", birth=add_years(on, -18).replace(day=2), school_status=SchoolStatus.IN_SCHOOL
    )
    for child in (adult, minor):
        CategorySpellFactory(child=child, category=Category.RURAL_LEFT_BEHIND, start_date=date(2020, 1, 1))
    client.force_login(people["director_meiyuan"])
    query = f"?on={on.isoformat()}"
    assert listed(client, query + "&category=any") == ["十七岁"]
    assert "刚满十八" in listed(client, query + "&category=none")
    assert listed(client, query + "&school_status=in_school") == ["十七岁"]
    assert "刚满十八" not in listed(client, query + "&age=16-17")
    html = client.get(reverse("registry:child_list") + query).content.decode()
    row = row_of(html, "刚满十八")
    assert "农村留守儿童" not in row and "已满18周岁" in row and "满18周岁前：在校" in row
    assert "农村留守儿童" in row_of(html, "十七岁") and "已满18周岁" not in row_of(html, "十七岁")


def test_the_home_panel_counts_no_category_past_18(people):
    today = date.today()
    adult = make_child(people, "已成年", birth=add_years(today, -18))
    CategorySpellFactory(child=adult, category=Category.RURAL_LEFT_BEHIND, start_date=date(2020, 1, 1))
    summary = child_file_summary(people["director_meiyuan"], today)
    counts = {row["code"]: row["count"] for row in summary["by_category"]}
    assert counts[Category.RURAL_LEFT_BEHIND] == 0 and summary["in_any_category"] == 0


def test_a_father_registered_dead_is_no_longer_guardian_and_the_child_is_flagged(client, people):
    officer = people["officer_xuanwu"]
    child = make_child(people, "王小明")
    father = FamilyMemberFactory(child=child, relation=Relation.FATHER, name="王大明", is_guardian=True)
    add_parent_condition(
        member=father, actor=officer, situation=ParentSituation.DECEASED, start_date=date(2024, 5, 1)
    )
    father.refresh_from_db()
    assert (father.is_guardian, father.lives_with_child) == (False, False)
    assert list(Child.objects.without_guardian()) == [child]
    client.force_login(people["director_meiyuan"])
    page = client.get(detail(child)).content.decode()
    family = page[page.index('id="family-heading"') :]
    member = family[family.index("王大明") : family.index("王大明") + 400]
    assert "已故" in member and "监护人</span>" not in member and "共同居住" not in member
    assert "无监护人" in page
    assert "无监护人" in row_of(client.get(reverse("registry:child_list")).content.decode(), "王小明")
    # A grandmother registered as guardian takes the flag away.
    FamilyMemberFactory(child=child, relation=Relation.GRANDMOTHER, name="李桂英", is_guardian=True)
    assert not Child.objects.without_guardian().exists()
    assert "无监护人" not in client.get(detail(child)).content.decode()


def test_a_record_written_before_the_rule_is_shown_deceased_and_can_be_put_right(client, people):
    child = make_child(people, "赵安安")
    father = FamilyMemberFactory(child=child, relation=Relation.FATHER, name="赵大山", is_guardian=True)
    father.conditions.create(situation=ParentSituation.DECEASED, start_date=date(2023, 1, 1))
    client.force_login(people["director_meiyuan"])
    page = client.get(detail(child)).content.decode()
    family = page[page.index('id="family-heading"') :]
    member = family[family.index("赵大山") : family.index("赵大山") + 400]
    assert "已故" in member and "监护人</span>" not in member
    assert end_guardianship_on_death(father, actor=people["officer_xuanwu"]) is True
    assert not FamilyMember.objects.get(pk=father.pk).is_guardian
