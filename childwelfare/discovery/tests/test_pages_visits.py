"""Visits and care on the child's pages: scope, the overdue and due-this-week lists, a visit
recorded from the list regrading the child, care measures, and the district's follow-up
lists."""

from datetime import timedelta

import pytest
from django.urls import reverse

from childwelfare.discovery import services
from childwelfare.discovery.choices import Colour
from childwelfare.discovery.models import CareMeasure, ScreeningRecord
from childwelfare.discovery.tests.helpers import TODAY, as_user, item_ids, screen_data, status_code

pytestmark = pytest.mark.django_db


def test_child_pages_scope(client, people, kids):
    wang = kids["wang"]
    # The city administrator reads the child's page but records no visits: the form is 403.
    allowed = {
        "child": {
            "director_meiyuan": 200,
            "supervisor_meiyuan": 200,
            "officer_xuanwu": 200,
            "admin_nanjing": 200,
        },
        "child_visit": {
            "director_meiyuan": 200,
            "supervisor_meiyuan": 200,
            "officer_xuanwu": 200,
            "admin_nanjing": 403,
        },
    }
    for name, codes in allowed.items():
        url = reverse(f"discovery:{name}", args=[wang.pk])
        assert {user: status_code(client, people[user], url) for user in codes} == codes, name
        for user in (
            "director_daxinggong",
            "supervisor_xinjiekou",
            "officer_gulou",
            "liaison_education_xuanwu",
        ):
            assert status_code(client, people[user], url) == 404, (name, user)


def test_overdue_and_due_this_week_lists(client, people, kids):
    director = people["director_meiyuan"]
    services.record_visit(
        child=kids["wang"],
        actor=director,
        visited_on=TODAY - timedelta(days=10),
        item_ids=item_ids("abandoned"),
    )
    services.record_visit(child=kids["li"], actor=director, visited_on=TODAY - timedelta(days=88))
    as_user(client, director)
    overdue = client.get(reverse("discovery:visit_list"))
    rows = list(overdue.context["page"].object_list)
    assert [(c.name, c.colour, c.days_late) for c in rows] == [("王小明", Colour.RED, 3)]  # red: 7 days
    week = client.get(reverse("discovery:visit_list"), {"list": "week"})
    due = {c.name for c in week.context["page"].object_list}
    assert due == {"李小红"}  # green, visited 88 days ago: due in 2 days (90 − 88), within 7
    assert week.context["page"].object_list[0].assessed_colour == Colour.GREEN


def test_recording_a_visit_from_the_list_regrades_the_child(client, people, kids):
    url = reverse("discovery:child_visit", args=[kids["wang"].pk])
    data = screen_data(ScreeningRecord(version=0), items=item_ids("serious_illness", "malnutrition"))
    data.pop("version")
    data["next"] = reverse("discovery:visit_list")
    response = as_user(client, people["director_meiyuan"]).post(url, data)
    assert response.status_code == 302 and response["Location"] == reverse("discovery:visit_list")
    assert kids["wang"].risk_assessments.get().colour == Colour.YELLOW
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    response = client.post(url, {**data, "visited_on": tomorrow})
    assert response.status_code == 200 and kids["wang"].visits.count() == 1


def test_care_measures_added_and_ended_on_the_child_page(client, people, kids):
    url = reverse("discovery:child", args=[kids["wang"].pk])
    as_user(client, people["director_meiyuan"])
    response = client.post(
        url,
        {
            "form": "care",
            "care-measure_type": "education",
            "care-provider_kind": "social_organisation",
            "care-provider_name": "爱心社工站",
            "care-start_date": TODAY.isoformat(),
            "care-description": "课业辅导",
        },
    )
    assert response.status_code == 302
    measure = CareMeasure.objects.get()
    response = client.post(
        url,
        {
            "form": "end",
            "measure": measure.pk,
            "end-version": measure.version,
            "end-end_date": (TODAY - timedelta(days=400)).isoformat(),
            "end-outcome": "x",
        },
    )
    assert response.status_code == 200 and "结束日期早于开始日期" in response.content.decode()
    client.post(
        url,
        {
            "form": "end",
            "measure": measure.pk,
            "end-version": measure.version,
            "end-end_date": TODAY.isoformat(),
            "end-outcome": "成绩提高",
        },
    )
    measure.refresh_from_db()
    assert (measure.status, measure.outcome) == ("ended", "成绩提高")
    # A station worker of another street cannot see the page at all.
    assert status_code(client, people["director_ninghai"], url) == 404


def test_district_follow_up_lists(client, people, kids):
    director = people["director_meiyuan"]
    services.record_visit(
        child=kids["wang"], actor=director, visited_on=TODAY, item_ids=item_ids("abandoned")
    )
    services.record_visit(
        child=kids["li"],
        actor=director,
        visited_on=TODAY,
        item_ids=item_ids("serious_illness", "malnutrition"),
    )
    services.record_visit(
        child=kids["qian"], actor=people["director_ninghai"], visited_on=TODAY, item_ids=item_ids("abandoned")
    )
    as_user(client, people["officer_xuanwu"])
    cases = client.get(reverse("discovery:attention"))
    assert [c.name for c in cases.context["page"].object_list] == ["王小明"]
    measures = client.get(reverse("discovery:attention"), {"list": "measure"})
    assert {c.name for c in measures.context["page"].object_list} == {"王小明", "李小红"}
    assert status_code(client, people["liaison_education_xuanwu"], reverse("discovery:attention")) == 403
