"""The child list: categories and ages as of a date, filters and search, invalid filter
values, pagination, the htmx partial and the area select."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from childwelfare.lib.dates import add_years
from childwelfare.registry.choices import Category, Relation, SchoolStatus
from childwelfare.registry.tests.helpers import listed, make_child, row_of
from childwelfare.testing.factories import CategorySpellFactory, FamilyMemberFactory
from childwelfare.testing.people import DAXINGGONG, MEIYUAN

TODAY = timezone.localdate()


def test_category_as_of_a_date(client, people):
    ended = make_child(people, "已终止")
    current = make_child(people, "仍在册")
    year_ago = TODAY - timedelta(days=365)
    # ended last month
    CategorySpellFactory(
        child=ended,
        category=Category.RURAL_LEFT_BEHIND,
        start_date=year_ago,
        end_date=TODAY - timedelta(days=30),
    )
    CategorySpellFactory(child=current, category=Category.RURAL_LEFT_BEHIND, start_date=year_ago)
    client.force_login(people["director_meiyuan"])
    assert listed(client, "?category=rural_left_behind") == ["仍在册"]
    two_months_ago = (TODAY - timedelta(days=60)).isoformat()
    assert listed(client, f"?category=rural_left_behind&on={two_months_ago}") == ["仍在册", "已终止"]
    assert listed(client, "?category=none") == ["已终止"]
    assert listed(client, "?category=any") == ["仍在册"]
    # The list shows the categories active on the chosen date: the ended spell on its row
    # two months ago, not today.
    response = client.get(reverse("registry:child_list") + f"?on={two_months_ago}")
    assert "农村留守儿童" in row_of(response.content.decode(), "已终止")
    today = client.get(reverse("registry:child_list")).content.decode()
    assert "农村留守儿童" not in row_of(today, "已终止") and "农村留守儿童" in row_of(today, "仍在册")


def test_age_bands_as_of_the_date(client, people):
    on = date(2025, 6, 1)
    for name, age in [("两岁", 2), ("三岁", 3), ("十一岁", 11), ("十二岁", 12), ("十七岁", 17)]:
        make_child(people, name, birth=add_years(on, -age))  # birthday on the day: exactly `age`
    client.force_login(people["director_meiyuan"])
    assert listed(client, "?on=2025-06-01&age=0-2") == ["两岁"]
    assert listed(client, "?on=2025-06-01&age=3-5") == ["三岁"]
    assert sorted(listed(client, "?on=2025-06-01&age=6-11")) == ["十一岁"]
    assert listed(client, "?on=2025-06-01&age=12-15") == ["十二岁"]
    assert listed(client, "?on=2025-06-01&age=16-17") == ["十七岁"]
    # A day earlier the three-year-old was still two.
    assert sorted(listed(client, "?on=2025-05-31&age=0-2")) == ["三岁", "两岁"]
    # The age column is the age on the chosen date.
    html = client.get(reverse("registry:child_list") + "?on=2025-06-01").content.decode()
    assert ">12岁<" in row_of(html, "十二岁") and ">2岁<" in row_of(html, "两岁")


def test_school_status_gender_and_search(client, people):
    boy = make_child(people, "王小明", school_status=SchoolStatus.IN_SCHOOL)
    make_child(people, "李小红", gender="F", school_status=SchoolStatus.DROPPED_OUT)
    FamilyMemberFactory(child=boy, relation=Relation.MOTHER, name="赵芳", phone="13912345678")
    client.force_login(people["director_meiyuan"])
    assert listed(client, "?school_status=dropped_out") == ["李小红"]
    assert listed(client, "?gender=M") == ["王小明"]
    assert listed(client, "?q=wxm") == ["王小明"]
    assert listed(client, "?q=lixiao") == ["李小红"]
    assert listed(client, f"?q={boy.id_number[-4:]}") == ["王小明"]
    assert listed(client, "?q=13912345678") == ["王小明"]
    assert listed(client, "?q=小红") == ["李小红"]


def test_invalid_filter_values_are_reported_not_applied(client, people):
    make_child(people, "王小明")
    client.force_login(people["director_meiyuan"])
    response = client.get(reverse("registry:child_list") + "?on=2025-02-30&age=99")
    assert response.status_code == 200
    assert {"on", "age"} <= set(response.context["form"].errors)
    assert [child.name for child in response.context["page"].object_list] == ["王小明"]


def test_pagination_fifty_a_page_and_few_queries(client, people):
    for seq in range(55):
        make_child(people, f"儿童{seq:02d}", category=Category.MIGRANT)
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
    make_child(people, "王小明")
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
