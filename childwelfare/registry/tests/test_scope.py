"""Scope of the child pages (CONVENTIONS.md): own area allowed, sibling area 404 exactly like
a missing child, parent area allowed for a higher role, and nothing for a liaison."""

import pytest
from django.urls import reverse

from childwelfare.testing.factories import ChildFactory
from childwelfare.testing.people import DAXINGGONG, MEIYUAN, NINGHAI, XINJIEKOU


@pytest.fixture
def children(people):
    return {
        "meiyuan": ChildFactory(name="梅小明", area_id=MEIYUAN),
        "daxinggong": ChildFactory(name="大小红", area_id=DAXINGGONG),
        "xinjiekou": ChildFactory(name="新小刚", area_id=XINJIEKOU),
        "ninghai": ChildFactory(name="宁小丽", area_id=NINGHAI),
    }


def names_on_list(client, user, query=""):
    client.force_login(user)
    response = client.get(reverse("registry:child_list") + query)
    if response.status_code != 200:
        html = response.content.decode()
        return response, {name for name in ("梅小明", "大小红", "新小刚", "宁小丽") if name in html}
    return response, {child.name for child in response.context["page"].object_list}


def test_director_lists_only_own_community(client, people, children):
    response, names = names_on_list(client, people["director_meiyuan"])
    assert response.status_code == 200
    assert names == {"梅小明"}


def test_supervisor_lists_every_community_of_the_street(client, people, children):
    _, names = names_on_list(client, people["supervisor_meiyuan"])
    assert names == {"梅小明", "大小红"}


def test_district_officer_lists_own_district_only(client, people, children):
    _, names = names_on_list(client, people["officer_gulou"])
    assert names == {"宁小丽"}
    _, names = names_on_list(client, people["officer_xuanwu"])
    assert names == {"梅小明", "大小红", "新小刚"}


def test_city_admin_lists_everything(client, people, children):
    _, names = names_on_list(client, people["admin_nanjing"])
    assert names == {"梅小明", "大小红", "新小刚", "宁小丽"}


@pytest.mark.parametrize(
    ("username", "allowed", "refused"),
    [
        ("director_meiyuan", ["meiyuan"], ["daxinggong", "ninghai", "xinjiekou"]),
        ("director_daxinggong", ["daxinggong"], ["meiyuan"]),
        ("supervisor_meiyuan", ["meiyuan", "daxinggong"], ["xinjiekou", "ninghai"]),
        ("officer_gulou", ["ninghai"], ["meiyuan", "daxinggong", "xinjiekou"]),
        ("officer_xuanwu", ["meiyuan", "xinjiekou"], ["ninghai"]),
        ("liaison_education_xuanwu", [], ["meiyuan", "daxinggong"]),
        ("reviewer_nanjing", [], ["meiyuan"]),
    ],
)
def test_profile_outside_scope_is_404_like_a_missing_child(
    client, people, children, username, allowed, refused
):
    client.force_login(people[username])
    for key in allowed:
        assert client.get(reverse("registry:child_detail", args=[children[key].pk])).status_code == 200
    missing = client.get(reverse("registry:child_detail", args=[999999]))
    assert missing.status_code == 404
    for key in refused:
        response = client.get(reverse("registry:child_detail", args=[children[key].pk]))
        assert response.status_code == 404
        assert response.content == missing.content


def test_search_never_reaches_outside_scope(client, people, children):
    # By name, by initials and by the last four ID digits of a child of 大行宫.
    outsider = children["daxinggong"]
    for query in ("大小红", "dxh", outsider.id_number[-4:]):
        _, names = names_on_list(client, people["director_meiyuan"], f"?q={query}")
        assert "大小红" not in names
    _, names = names_on_list(client, people["director_meiyuan"], "?q=mxm")
    assert names == {"梅小明"}


def test_area_filter_outside_scope_shows_nothing_of_it(client, people, children):
    response, names = names_on_list(client, people["director_meiyuan"], f"?area={DAXINGGONG}")
    assert "大小红" not in names
    assert response.context["form"].errors.get("area")


def test_area_filter_by_code_inside_scope(client, people, children):
    _, names = names_on_list(client, people["officer_xuanwu"], f"?area={DAXINGGONG}")
    assert names == {"大小红"}


def test_liaison_sees_no_list_no_export(client, people, children):
    response, names = names_on_list(client, people["liaison_education_xuanwu"])
    assert response.status_code == 403
    assert names == set()
    assert client.get(reverse("registry:child_export")).status_code == 403


def test_export_contains_only_visible_children(client, people, children):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(people["director_meiyuan"])
    response = client.get(reverse("registry:child_export"))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    names = [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)]  # title row, header
    assert names == ["梅小明"]


def test_full_id_and_edits_outside_scope_are_404(client, people, children):
    client.force_login(people["officer_gulou"])  # may see full numbers, but not in 玄武区
    child = children["meiyuan"]
    assert client.post(reverse("registry:child_full_id", args=[child.pk])).status_code == 404
    response = client.post(
        reverse("registry:child_detail", args=[child.pk]),
        {"form": "category", "category-category": "migrant", "category-start_date": "2024-01-01"},
    )
    assert response.status_code == 404
    assert not child.categories.exists()


def test_anonymous_user_is_sent_to_login(client, children):
    for url in (
        reverse("registry:child_list"),
        reverse("registry:child_export"),
        reverse("registry:child_detail", args=[children["meiyuan"].pk]),
        reverse("home"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
