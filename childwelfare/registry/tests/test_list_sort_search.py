"""The child list as a working list (issue 9): sortable columns, page size and jump, empty
states, communities named with their street where the name repeats, and search that finds
people (given-name pinyin, surname readings, family members' names, over-long queries)."""

from datetime import date

import pytest
from django.urls import reverse

from childwelfare.areas.models import Area
from childwelfare.areas.services import create_community
from childwelfare.lib.pinyin import name_keys
from childwelfare.registry.models import Child
from childwelfare.registry.name_keys import recompute_name_keys
from childwelfare.registry.tests.helpers import listed, make_child, row_of
from childwelfare.testing.factories import FamilyMemberFactory
from childwelfare.testing.people import MEIYUAN_STREET, XINJIEKOU_STREET

LIST = reverse("registry:child_list")


@pytest.fixture
def director(client, people):
    client.force_login(people["director_meiyuan"])
    return client


# --- search -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("王舒诺", "shunuo"),  # the given name's pinyin alone
        ("王舒诺", "wangshunuo"),
        ("王舒诺", "wsn"),
        ("曾小明", "zeng"),  # 曾 as a surname is zeng, not ceng
        ("曾小明", "zxm"),
        ("单田芳", "shan"),  # 单 shan, not dan
        ("解晓东", "xie"),  # 解 xie, not jie
        ("区志强", "ou"),  # 区 ou, not qu
        ("欧阳娜娜", "nana"),  # compound surname: the given name starts after 欧阳
    ],
)
def test_search_finds_by_pinyin(director, people, name, query):
    make_child(people, name)
    make_child(people, "赵大海")
    assert listed(director, f"?q={query}") == [name]


def test_surnames_are_not_found_by_their_common_reading(director, people):
    make_child(people, "曾小明")
    assert listed(director, "?q=cengxiaoming") == []


def test_search_finds_a_child_by_a_guardian_or_family_members_name(director, people):
    child = make_child(people, "王舒诺")
    make_child(people, "赵大海")
    FamilyMemberFactory(child=child, name="李秀兰", is_guardian=True, actor=people["officer_xuanwu"])
    FamilyMemberFactory(
        child=child, name="王建军", relation="father", is_guardian=False, actor=people["officer_xuanwu"]
    )
    assert listed(director, "?q=李秀兰") == ["王舒诺"]
    assert listed(director, "?q=建军") == ["王舒诺"]


def test_an_over_long_query_gets_a_message_not_the_full_list(director, people):
    make_child(people, "王舒诺")
    response = director.get(LIST, {"q": "王" * 51})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []
    html = response.content.decode()
    assert "搜索内容过长" in html and "data-query-error" in html


# --- pinyin order -----------------------------------------------------------------------


def test_names_sort_by_pinyin_syllable_by_syllable(director, people):
    # Concatenated letters would put 刘明 (liuming) before 李云 (liyun), as "liu" < "liy";
    # syllable by syllable li < liu, so every 李 comes before every 刘.
    for name in ["刘明", "李云", "李娜", "马丽"]:
        make_child(people, name)
    assert listed(director, "?sort=name") == ["李娜", "李云", "刘明", "马丽"]
    assert listed(director, "?sort=-name") == ["马丽", "刘明", "李云", "李娜"]
    assert name_keys("李云").full > name_keys("刘明").full  # the order a plain pinyin key gives


def test_recompute_name_keys_rewrites_stale_keys(people):
    child = make_child(people, "曾小明")
    Child.objects.filter(pk=child.pk).update(name_pinyin="cengxiaoming", name_sort="", name_given_pinyin="")
    assert recompute_name_keys(Child) == 1
    child.refresh_from_db()
    assert (child.name_pinyin, child.name_given_pinyin, child.name_sort) == (
        "zengxiaoming",
        "xiaoming",
        "zeng0xiao0ming",
    )
    assert recompute_name_keys(Child) == 0


# --- sorting, page size and jump -----------------------------------------------------------


def test_each_sort_key_changes_the_order(director, people):
    make_child(people, "阿明", birth=date(2012, 1, 1))
    make_child(people, "赵亮", birth=date(2016, 1, 1))
    make_child(people, "钱多", birth=date(2010, 1, 1))
    assert listed(director, "?sort=name") == ["阿明", "钱多", "赵亮"]
    assert listed(director, "?sort=birth") == ["钱多", "阿明", "赵亮"]
    assert listed(director, "?sort=-birth") == ["赵亮", "阿明", "钱多"]
    assert listed(director, "?sort=age") == ["赵亮", "阿明", "钱多"]  # youngest first
    html = director.get(LIST, {"sort": "birth"}).content.decode()
    assert 'aria-sort="ascending"' in html and "?sort=-birth" in html


def test_the_sort_follows_the_area_column(director, people):
    supervisor = director
    supervisor.force_login(people["supervisor_meiyuan"])
    make_child(people, "阿明", area="320102002002")  # 大行宫社区
    make_child(people, "赵亮")  # 梅园社区 (…001)
    assert listed(supervisor, "?sort=area") == ["赵亮", "阿明"]
    assert listed(supervisor, "?sort=-area") == ["阿明", "赵亮"]


@pytest.mark.parametrize("bad", ["nonsense", "-", "id_number", "name_pinyin;drop", "--name", "__class__"])
def test_an_unknown_sort_key_is_ignored(director, people, bad):
    make_child(people, "赵亮")
    make_child(people, "阿明")
    assert listed(director, f"?sort={bad}") == listed(director, "")


def test_page_size_and_page_jump(director, people):
    for number in range(25):
        make_child(people, f"儿童{chr(0x4E00 + number)}")
    response = director.get(LIST, {"size": "20"})
    assert len(response.context["page"].object_list) == 20
    assert response.context["page"].paginator.num_pages == 2
    assert len(director.get(LIST, {"size": "20", "page": "2"}).context["page"].object_list) == 5
    assert director.get(LIST, {"size": "20", "page": "99"}).context["page"].number == 2  # clamps
    assert len(director.get(LIST, {"size": "7"}).context["page"].object_list) == 25  # not offered: 50
    html = response.content.decode()
    assert 'name="size"' in html and 'name="page"' in html  # the page-size and jump form


# --- empty states ---------------------------------------------------------------------------


def test_empty_states_say_what_to_do_next(director, people):
    html = director.get(LIST).content.decode()
    assert "导入花名册或新增儿童" in html and "清除筛选" not in html
    make_child(people, "王舒诺")
    html = director.get(LIST, {"q": "不存在的名字", "sort": "name"}).content.decode()
    assert "清除筛选" in html and 'href="?sort=name"' in html


# --- community names with their street --------------------------------------------------------


def test_a_community_name_held_twice_in_scope_shows_its_street(client, people):
    meiyuan_street = Area.objects.get(code=MEIYUAN_STREET)
    xinjiekou_street = Area.objects.get(code=XINJIEKOU_STREET)
    first = create_community(street=meiyuan_street, name="新河社区")
    second = create_community(street=xinjiekou_street, name="新河社区")
    make_child(people, "王舒诺", area=first.code)
    make_child(people, "赵大海", area=second.code)
    make_child(people, "钱多")  # 梅园社区: a name held once
    client.force_login(people["officer_xuanwu"])
    html = client.get(LIST).content.decode()
    assert "新河社区（梅园新村街道）" in row_of(html, "王舒诺")
    assert "新河社区（新街口街道）" in row_of(html, "赵大海")
    assert "梅园社区（" not in row_of(html, "钱多")
    # Within one street the name is unique: the supervisor sees it plain.
    client.force_login(people["supervisor_meiyuan"])
    row = row_of(client.get(LIST).content.decode(), "王舒诺")
    assert "新河社区" in row and "新河社区（" not in row
