"""The staff pages of the child file: home page per role, list filters and pagination, htmx
partials, the profile's edit forms, and the English translation."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from childwelfare.lib.dates import add_years
from childwelfare.lib.idnumber import make_number
from childwelfare.registry.choices import Category, ParentSituation, Relation, SchoolStatus
from childwelfare.registry.models import CategorySpell, Child
from childwelfare.registry.services import add_category, add_family_member, create_child
from childwelfare.testing.people import DAXINGGONG, MEIYUAN

TODAY = timezone.localdate()


def make_child(people, name, seq, *, birth=date(2015, 3, 4), area=MEIYUAN, gender="M", **fields):
    return create_child(
        actor=people["officer_xuanwu"],
        name=name,
        id_number=make_number("320102", birth, seq, gender),
        area_id=area,
        **fields,
    )


def listed(client, query=""):
    response = client.get(reverse("registry:child_list") + query)
    assert response.status_code == 200
    return [child.name for child in response.context["page"].object_list]


# --- home ----------------------------------------------------------------------------------


def test_home_counts_by_category_as_of_today(client, people):
    officer = people["officer_xuanwu"]
    a = make_child(people, "甲", 1)
    b = make_child(people, "乙", 2)
    make_child(people, "丙", 3)
    add_category(child=a, actor=officer, category=Category.RURAL_LEFT_BEHIND, start_date=date(2024, 1, 1))
    add_category(child=a, actor=officer, category=Category.DIBAO_FAMILY, start_date=date(2024, 1, 1))
    add_category(child=b, actor=officer, category=Category.RURAL_LEFT_BEHIND, start_date=date(2024, 1, 1))
    # Ended last month: not counted today.
    add_category(
        child=b,
        actor=officer,
        category=Category.MIGRANT,
        start_date=date(2023, 1, 1),
        end_date=TODAY - timedelta(days=30),
    )
    make_child(people, "丁", 4, area=DAXINGGONG)  # outside 梅园
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
    make_child(people, "王小明", 1, birth=date(2016, 5, 1))
    make_child(people, "王小明", 2, birth=date(2016, 5, 1))  # same name and birth, other number
    make_child(people, "王小明", 3, birth=date(2016, 5, 2))
    make_child(people, "李四", 4, birth=date(2016, 5, 1), area=DAXINGGONG)
    make_child(people, "李四", 5, birth=date(2016, 5, 1), area=DAXINGGONG)  # not visible to 梅园
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

    make_child(people, "一", 1)
    first = count()
    for seq in range(2, 12):
        child = make_child(people, f"儿童{seq}", seq)
        add_category(
            child=child,
            actor=people["officer_xuanwu"],
            category=Category.MIGRANT,
            start_date=date(2024, 1, 1),
        )
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


# --- list ----------------------------------------------------------------------------------


def test_category_as_of_a_date(client, people):
    officer = people["officer_xuanwu"]
    ended = make_child(people, "已终止", 1)
    current = make_child(people, "仍在册", 2)
    add_category(
        child=ended,
        actor=officer,
        category=Category.RURAL_LEFT_BEHIND,
        start_date=TODAY - timedelta(days=365),
        end_date=TODAY - timedelta(days=30),  # ended last month
    )
    add_category(
        child=current,
        actor=officer,
        category=Category.RURAL_LEFT_BEHIND,
        start_date=TODAY - timedelta(days=365),
    )
    client.force_login(people["director_meiyuan"])
    assert listed(client, "?category=rural_left_behind") == ["仍在册"]
    two_months_ago = (TODAY - timedelta(days=60)).isoformat()
    assert listed(client, f"?category=rural_left_behind&on={two_months_ago}") == ["仍在册", "已终止"]
    assert listed(client, "?category=none") == ["已终止"]
    assert listed(client, "?category=any") == ["仍在册"]
    # The list shows the categories active on the chosen date.
    response = client.get(reverse("registry:child_list") + f"?on={two_months_ago}")
    assert "农村留守儿童" in response.content.decode().split("已终止", 1)[1]


def test_age_bands_as_of_the_date(client, people):
    on = date(2025, 6, 1)
    for seq, (name, age) in enumerate(
        [("两岁", 2), ("三岁", 3), ("十一岁", 11), ("十二岁", 12), ("十七岁", 17)]
    ):
        make_child(people, name, seq, birth=add_years(on, -age))  # birthday on the day: exactly `age`
    client.force_login(people["director_meiyuan"])
    assert listed(client, "?on=2025-06-01&age=0-2") == ["两岁"]
    assert listed(client, "?on=2025-06-01&age=3-5") == ["三岁"]
    assert sorted(listed(client, "?on=2025-06-01&age=6-11")) == ["十一岁"]
    assert listed(client, "?on=2025-06-01&age=12-15") == ["十二岁"]
    assert listed(client, "?on=2025-06-01&age=16-17") == ["十七岁"]
    # A day earlier the three-year-old was still two.
    assert sorted(listed(client, "?on=2025-05-31&age=0-2")) == ["三岁", "两岁"]
    response = client.get(reverse("registry:child_list") + "?on=2025-06-01&age=12-15")
    assert "12岁" in response.content.decode()


def test_school_status_gender_and_search(client, people):
    officer = people["officer_xuanwu"]
    boy = make_child(people, "王小明", 1, school_status=SchoolStatus.IN_SCHOOL)
    make_child(people, "李小红", 2, gender="F", school_status=SchoolStatus.DROPPED_OUT)
    add_family_member(child=boy, actor=officer, relation=Relation.MOTHER, name="赵芳", phone="13912345678")
    client.force_login(people["director_meiyuan"])
    assert listed(client, "?school_status=dropped_out") == ["李小红"]
    assert listed(client, "?gender=M") == ["王小明"]
    assert listed(client, "?q=wxm") == ["王小明"]
    assert listed(client, "?q=lixiao") == ["李小红"]
    assert listed(client, f"?q={boy.id_last4}") == ["王小明"]
    assert listed(client, "?q=13912345678") == ["王小明"]
    assert listed(client, "?q=小红") == ["李小红"]


def test_invalid_filter_values_are_reported_not_applied(client, people):
    make_child(people, "王小明", 1)
    client.force_login(people["director_meiyuan"])
    response = client.get(reverse("registry:child_list") + "?on=2025-02-30&age=99")
    assert response.status_code == 200
    assert {"on", "age"} <= set(response.context["form"].errors)
    assert [child.name for child in response.context["page"].object_list] == ["王小明"]


def test_pagination_fifty_a_page_and_few_queries(client, people):
    officer = people["officer_xuanwu"]
    for seq in range(55):
        child = make_child(
            people, f"儿童{seq:02d}", seq % 100, birth=date(2015, 3, 4) + timedelta(days=seq // 100)
        )
        add_category(child=child, actor=officer, category=Category.MIGRANT, start_date=date(2024, 1, 1))
    client.force_login(people["director_meiyuan"])
    with CaptureQueriesContext(connection) as queries:
        first = client.get(reverse("registry:child_list"))
    assert len(first.context["page"].object_list) == 50
    assert first.context["page"].paginator.count == 55
    assert len(queries) < 15  # session, user, count, page, one prefetch: no query per child
    second = client.get(reverse("registry:child_list") + "?page=2")
    assert len(second.context["page"].object_list) == 5
    assert "?page=2" in first.content.decode()


def test_htmx_gets_the_results_partial(client, people):
    make_child(people, "王小明", 1)
    client.force_login(people["director_meiyuan"])
    response = client.get(reverse("registry:child_list") + "?q=wxm", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "王小明" in html
    assert "<html" not in html and 'id="child-filter"' not in html
    assert "HX-Request" in response["Vary"]
    full = client.get(reverse("registry:child_list") + "?q=wxm").content.decode()
    assert "<html" in full and 'hx-push-url="true"' in full
    # The export link carries the same filters.
    assert reverse("registry:child_export") + "?q=wxm" in html


def test_area_select_lists_streets_and_communities_inside_scope(client, people):
    client.force_login(people["supervisor_meiyuan"])
    choices = dict(client.get(reverse("registry:child_list")).context["form"].fields["area"].choices)
    assert set(choices) == {"", "320102002", MEIYUAN, DAXINGGONG}
    client.force_login(people["officer_xuanwu"])
    choices = dict(client.get(reverse("registry:child_list")).context["form"].fields["area"].choices)
    assert "320102002" in choices and MEIYUAN not in choices  # streets only, for a short select
    choices = dict(
        client.get(reverse("registry:child_list") + "?area=320102002").context["form"].fields["area"].choices
    )
    assert MEIYUAN in choices  # the communities of the chosen street open up


# --- profile -------------------------------------------------------------------------------


def detail(child):
    return reverse("registry:child_detail", args=[child.pk])


def test_profile_sections(client, people):
    officer = people["officer_xuanwu"]
    child = make_child(people, "王小明", 1, school_status=SchoolStatus.IN_SCHOOL, school_name="梅园小学")
    father = add_family_member(child=child, actor=officer, relation=Relation.FATHER, name="王强")
    from childwelfare.registry.services import add_parent_condition, end_category

    add_parent_condition(
        member=father,
        actor=officer,
        situation=ParentSituation.IN_CUSTODY,
        start_date=date(2024, 1, 1),
        evidence_reference="判决书",
    )
    old = add_category(child=child, actor=officer, category=Category.MIGRANT, start_date=date(2020, 1, 1))
    end_category(old, actor=officer, end_date=date(2021, 1, 1), reason="回户籍地")
    add_category(
        child=child, actor=officer, category=Category.DE_FACTO_UNSUPPORTED, start_date=date(2024, 2, 1)
    )
    client.force_login(people["director_meiyuan"])
    response = client.get(detail(child))
    html = response.content.decode()
    assert response.context["age"] == child.age_on(TODAY)
    for text in (
        "梅园小学",
        "王强",
        "服刑在押",
        "判决书",
        "事实无人抚养儿童",
        "曾有类别",
        "回户籍地",
        "档案变更记录",
    ):
        assert text in html


def test_edit_basic_info(client, people):
    child = make_child(people, "王小明", 1)
    client.force_login(people["director_meiyuan"])
    response = client.post(
        detail(child),
        {
            "form": "basic",
            "basic-name": "王晓明",
            "basic-gender": "M",
            "basic-birth_date": "2015-03-04",
            "basic-area": MEIYUAN,
            "basic-school_status": "in_school",
            "basic-phone": "13800001111",
        },
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.name, child.school_status, child.phone, child.name_initials) == (
        "王晓明",
        "in_school",
        "13800001111",
        "wxm",
    )
    assert "基本信息已保存" in client.get(detail(child)).content.decode()


def test_service_error_is_shown_next_to_the_field(client, people):
    child = make_child(people, "王小明", 1)
    client.force_login(people["director_meiyuan"])
    response = client.post(
        detail(child),
        {
            "form": "basic",
            "basic-name": "王小明",
            "basic-gender": "F",
            "basic-birth_date": "2015-03-04",
            "basic-area": MEIYUAN,
        },
    )
    assert response.status_code == 200
    form = response.context["forms"]["basic"]
    assert "与身份证号" in form.errors["gender"][0]
    assert response.context["open_form"] == "basic"
    child.refresh_from_db()
    assert child.gender == "M"
    assert response.context["child"].gender == "M"  # the page shows what is stored


def test_moving_a_child_outside_the_directors_community_is_refused(client, people):
    child = make_child(people, "王小明", 1)
    client.force_login(people["director_meiyuan"])
    response = client.post(
        detail(child),
        {
            "form": "basic",
            "basic-name": "王小明",
            "basic-gender": "M",
            "basic-birth_date": "2015-03-04",
            "basic-area": DAXINGGONG,
        },
    )
    assert response.status_code == 200
    assert "area" in response.context["forms"]["basic"].errors
    assert Child.objects.get(pk=child.pk).area_id == MEIYUAN


def test_add_member_condition_and_categories(client, people):
    child = make_child(people, "王小明", 1)
    client.force_login(people["director_meiyuan"])
    response = client.post(
        detail(child),
        {
            "form": "member",
            "member-relation": "father",
            "member-name": "王强",
            "member-id_number": "320102720101001",  # a 15-digit old card, upgraded
            "member-phone": "13912345678",
            "member-is_guardian": "on",
        },
    )
    assert response.status_code == 302
    father = child.family.get()
    assert len(father.id_number) == 18 and father.is_guardian
    response = client.post(
        detail(child),
        {
            "form": "condition",
            "condition-member": father.pk,
            "condition-situation": "in_custody",
            "condition-start_date": "2024-01-01",
            "condition-evidence_reference": "判决书",
        },
    )
    assert response.status_code == 302
    assert father.conditions.get().situation == "in_custody"
    # A category that carries an allowance is the district's to grant, after confirmation.
    paid = {
        "form": "category",
        "category-category": "de_facto_unsupported",
        "category-start_date": "2024-02-01",
    }
    response = client.post(detail(child), paid)
    assert response.status_code == 200
    assert "须经认定申请" in response.context["forms"]["category"].errors["category"][0]
    category = {
        "form": "category",
        "category-category": "dibao_family",
        "category-start_date": "2024-02-01",
    }
    assert client.post(detail(child), category).status_code == 302
    # The same category over the same period again: refused, message next to the field.
    response = client.post(detail(child), category)
    assert response.status_code == 200
    assert "已有同一类别" in response.context["forms"]["category"].errors["category"][0]
    spell = child.categories.get()
    response = client.post(
        detail(child),
        {
            "form": "end_category",
            "end_category-spell": spell.pk,
            "end_category-end_date": "2023-01-01",
            "end_category-end_reason": "父亲刑满释放",
        },
    )
    assert response.status_code == 200  # before the start date
    assert "早于认定日期" in response.content.decode()
    assert response.context["open_spell"] == spell.pk
    response = client.post(
        detail(child),
        {
            "form": "end_category",
            "end_category-spell": spell.pk,
            "end_category-end_date": "2025-01-01",
            "end_category-end_reason": "父亲刑满释放",
        },
    )
    assert response.status_code == 302
    spell.refresh_from_db()
    assert (spell.end_date, spell.end_reason) == (date(2025, 1, 1), "父亲刑满释放")


def test_invalid_member_id_number_is_shown_on_the_field(client, people):
    child = make_child(people, "王小明", 1)
    client.force_login(people["director_meiyuan"])
    response = client.post(
        detail(child),
        {"form": "member", "member-relation": "mother", "member-name": "赵芳", "member-id_number": "12345"},
    )
    assert response.status_code == 200
    assert response.context["forms"]["member"].errors["id_number"]
    assert not child.family.exists()


def test_readers_without_edit_right_cannot_post(client, people):
    child = make_child(people, "王小明", 1)
    for username in ("staff_meiyuan", "auditor_xuanwu"):
        client.force_login(people[username])
        page = client.get(detail(child))
        assert page.status_code == 200
        assert 'name="form"' not in page.content.decode()
        response = client.post(
            detail(child),
            {"form": "category", "category-category": "migrant", "category-start_date": "2024-01-01"},
        )
        assert response.status_code == 403
    assert not CategorySpell.objects.exists()


def test_unknown_form_is_a_bad_request(client, people):
    child = make_child(people, "王小明", 1)
    client.force_login(people["director_meiyuan"])
    assert client.post(detail(child), {"form": "nonsense"}).status_code == 400


def test_ending_another_childs_category_is_refused(client, people):
    officer = people["officer_xuanwu"]
    child = make_child(people, "王小明", 1)
    other = make_child(people, "李小红", 2, gender="F")
    spell = add_category(child=other, actor=officer, category=Category.MIGRANT, start_date=date(2024, 1, 1))
    client.force_login(people["director_meiyuan"])
    response = client.post(
        detail(child),
        {
            "form": "end_category",
            "end_category-spell": spell.pk,
            "end_category-end_date": "2025-01-01",
            "end_category-end_reason": "x",
        },
    )
    assert response.status_code == 200
    spell.refresh_from_db()
    assert spell.end_date is None


# --- language ------------------------------------------------------------------------------


def test_pages_are_chinese_by_default_and_english_on_request(client, people):
    child = make_child(people, "王小明", 1)
    client.force_login(people["director_meiyuan"])
    html = client.get(reverse("registry:child_list")).content.decode()
    assert "儿童档案" in html and "筛选" in html
    for url in (reverse("home"), reverse("registry:child_list"), detail(child)):
        english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert 'lang="en"' in english
        assert "My work" in english
    english = client.get(reverse("registry:child_list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for text in ("Child files", "Filter", "Search", "Export to Excel", "Male", "1 child"):
        assert text in english


@pytest.mark.parametrize("username", ["director_meiyuan", "officer_xuanwu", "liaison_education_xuanwu"])
def test_english_pages_have_no_chinese_left_but_data(client, people, username):
    """Every interface string is translated: once the data (names of people and places) and
    the language's own name are taken out, no Chinese character is left on the page."""
    import re

    officer = people["officer_xuanwu"]
    child = make_child(people, "王小明", 1, school_status=SchoolStatus.IN_SCHOOL)
    father = add_family_member(
        child=child, actor=officer, relation=Relation.FATHER, name="王强", phone="13912345678"
    )
    from childwelfare.registry.services import add_parent_condition

    add_parent_condition(
        member=father, actor=officer, situation=ParentSituation.MIGRANT_WORKER, start_date=date(2024, 1, 1)
    )
    add_category(child=child, actor=officer, category=Category.RURAL_LEFT_BEHIND, start_date=date(2024, 1, 1))
    user = people[username]
    client.force_login(user)
    from childwelfare.accounts.models import User
    from childwelfare.areas.models import Area

    data = {"王小明", "王强", "简体中文"} | set(User.objects.values_list("full_name", flat=True))
    data |= set(Area.objects.values_list("name", flat=True))
    cjk = re.compile(r"[\u4e00-\u9fff\u3001-\u303f\uff00-\uffef]+")
    urls = [reverse("home")]
    if username != "liaison_education_xuanwu":
        urls += [reverse("registry:child_list"), detail(child)]
    for url in urls:
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        html = html.replace(child.area.full_name, "").replace(user.area.full_name, "")
        left = {text for text in cjk.findall(html) if text not in data}
        assert not left, (url, left)
