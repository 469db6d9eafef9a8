"""The home page per role: counts by category as of today, possible duplicates and recent
changes, a number of queries that does not grow with the children, and the roles without
area work."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from childwelfare.registry.choices import Category
from childwelfare.registry.tests.helpers import listed, make_child
from childwelfare.testing.factories import CategorySpellFactory
from childwelfare.testing.people import DAXINGGONG

TODAY = timezone.localdate()


def test_home_counts_by_category_as_of_today(client, people):
    a = make_child(people, "甲", category=Category.RURAL_LEFT_BEHIND)
    b = make_child(people, "乙", category=Category.RURAL_LEFT_BEHIND)
    make_child(people, "丙")
    CategorySpellFactory(child=a, category=Category.DIBAO_FAMILY)
    # Ended last month: not counted today.
    CategorySpellFactory(
        child=b, category=Category.MIGRANT, start_date=date(2023, 1, 1), end_date=TODAY - timedelta(days=30)
    )
    make_child(people, "丁", area=DAXINGGONG)  # outside 梅园
    client.force_login(people["director_meiyuan"])
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.context["total"] == 3
    assert response.context["in_any_category"] == 2
    counts = {item["code"]: item["count"] for item in response.context["by_category"]}
    assert counts[Category.RURAL_LEFT_BEHIND] == 2
    assert counts[Category.DIBAO_FAMILY] == 1
    assert counts[Category.MIGRANT] == 0
    html = response.content.decode()
    assert reverse("registry:child_list") + "?category=rural_left_behind" in html
    assert reverse("registry:import_upload") in html


def test_home_possible_duplicates_and_recent_changes(client, people):
    make_child(people, "王小明", birth=date(2016, 5, 1))
    make_child(people, "王小明", birth=date(2016, 5, 1))  # same name and birth, other number
    make_child(people, "王小明", birth=date(2016, 5, 2))
    make_child(people, "李四", birth=date(2016, 5, 1), area=DAXINGGONG)
    make_child(people, "李四", birth=date(2016, 5, 1), area=DAXINGGONG)  # not visible to 梅园
    client.force_login(people["director_meiyuan"])
    response = client.get(reverse("home"))
    assert (response.context["duplicate_groups"], response.context["duplicate_children"]) == (1, 2)
    recent = response.context["recent"]
    assert [change.child_name for change in recent] == ["王小明", "王小明", "王小明"]
    assert recent[0].actor == "李文静"
    assert listed(client, "?dup=on") == ["王小明", "王小明"]


def test_home_queries_do_not_grow_with_children(client, people):
    client.force_login(people["supervisor_meiyuan"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("home"))
        return len(queries)

    make_child(people, "一")
    first = count()
    for seq in range(2, 12):
        make_child(people, f"儿童{seq}", category=Category.MIGRANT)
    assert count() == first


def test_home_without_edit_right_has_no_import_link(client, people):
    client.force_login(people["staff_meiyuan"])
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert reverse("registry:import_upload") not in response.content.decode()


@pytest.mark.parametrize(
    ("username", "text"),
    [
        ("liaison_education_xuanwu", "分派给本部门"),
        ("reviewer_nanjing", "评选申报材料打分"),
        ("auditor_xuanwu", "只读查看"),
    ],
)
def test_home_explains_roles_without_area_work(client, people, username, text):
    client.force_login(people[username])
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert text in html
    assert "total" not in response.context
    assert reverse("registry:import_upload") not in html
