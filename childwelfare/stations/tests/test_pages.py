"""The stations pages for the people who use them: the city registers a station with
funding, training and staff; the station's staff record a project and an activity; every
page answers, filters and sorts; an edit from a stale page is refused keeping what was typed."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from childwelfare.areas.models import Area
from childwelfare.stations import services
from childwelfare.stations.models import (
    Activity,
    FundingAllocation,
    Project,
    Site,
    StationMembership,
    TrainingSession,
)
from childwelfare.testing import people as named

TODAY = timezone.localdate()


def test_the_district_registers_a_station_with_funding_training_and_staff(client, people):
    client.force_login(people["officer_xuanwu"])
    response = client.post(
        reverse("stations:site_create"),
        {
            "kind": "workstation",
            "name": "梅园新村街道未保工作站",
            "area": named.MEIYUAN_STREET,
            "level": "provincial",
            "build_type": "new",
            "livelihood_project": "on",
            "livelihood_year": TODAY.year,
        },
    )
    assert response.status_code == 302
    site = Site.objects.get()
    assert (site.level, site.build_type, site.livelihood_year) == ("provincial", "new", TODAY.year)
    day = (TODAY - timedelta(days=1)).isoformat()
    client.post(
        reverse("stations:site_funding_add", args=[site.pk]),
        {
            "amount": "400000",
            "allocated_on": day,
            "purpose": "建设补助",
            "document_number": "宁民儿〔2026〕3号",
        },
    )
    client.post(
        reverse("stations:site_training_add", args=[site.pk]),
        {"held_on": day, "topic": "强制报告", "trainer": "市未保中心", "attendee_count": "12"},
    )
    client.post(
        reverse("stations:site_member_add", args=[site.pk]),
        {"user": people["staff_meiyuan"].pk, "since": day},
    )
    assert FundingAllocation.objects.get().amount == 400000
    assert TrainingSession.objects.count() == 1
    assert StationMembership.objects.get().user == people["staff_meiyuan"]
    page = client.get(reverse("stations:site_detail", args=[site.pk])).content.decode()
    assert "宁民儿〔2026〕3号" in page and "吴静" in page


def test_the_staff_record_a_project_and_an_activity(client, people, sites):
    client.force_login(people["staff_meiyuan"])
    site = sites["meiyuan"]
    day = (TODAY - timedelta(days=2)).isoformat()
    response = client.post(
        reverse("stations:project_create", args=[site.pk]),
        {
            "name": "四点半课堂",
            "kind": "education",
            "start_date": day,
            "budget": "50000",
            "status": "running",
        },
    )
    assert response.status_code == 302
    project = Project.objects.get()
    response = client.post(
        reverse("stations:activity_create", args=[site.pk]),
        {"held_on": day, "kind": "interest", "title": "书法课", "person_times": "15", "project": project.pk},
    )
    assert response.status_code == 302
    assert Activity.objects.get().project == project
    # Ahead of today: refused beside the date, what was typed kept.
    ahead = (TODAY + timedelta(days=3)).isoformat()
    response = client.post(
        reverse("stations:activity_create", args=[site.pk]),
        {"held_on": ahead, "kind": "interest", "title": "未来的课", "person_times": "15"},
    )
    assert response.status_code == 200 and "未来的课" in response.content.decode()
    assert Activity.objects.count() == 1


@pytest.mark.parametrize(
    "username", ["admin_nanjing", "officer_xuanwu", "supervisor_meiyuan", "staff_meiyuan", "auditor_xuanwu"]
)
def test_every_page_answers(client, people, sites, username):
    officer = people["officer_xuanwu"]
    activity = services.record_activity(
        sites["meiyuan"], actor=officer, held_on=date(2025, 5, 1), kind="visit", title="走访", person_times=3
    )
    client.force_login(people[username])
    pk = sites["meiyuan"].pk
    for url in (
        reverse("stations:site_list") + "?sort=-status&kind=workstation&level=ordinary&livelihood=on",
        reverse("stations:site_detail", args=[pk]) + "?date_from=2025-01-01&date_to=2025-12-31",
        reverse("stations:activity_list") + f"?site={pk}&date_from=2025-01-01&kind=visit&sort=-person_times",
        reverse("stations:activity_detail", args=[activity.pk]),
        reverse("stations:figures") + "?date_from=2025-01-01&date_to=2025-12-31",
        reverse("stations:figures") + f"?area={named.MEIYUAN_STREET}",
        reverse("stations:activity_export"),
    ):
        assert client.get(url).status_code == 200, url


def test_the_figures_page_counts_what_the_user_sees(client, people, sites):
    officer = people["officer_xuanwu"]
    services.record_activity(
        sites["meiyuan"], actor=officer, held_on=date(2025, 5, 1), kind="visit", title="走访", person_times=7
    )
    services.record_activity(
        sites["meiyuan2"],
        actor=officer,
        held_on=date(2025, 5, 1),
        kind="visit",
        title="走访",
        person_times=11,
    )
    client.force_login(people["staff_meiyuan"])
    response = client.get(reverse("stations:figures"))
    assert response.context["totals"].person_times == 7
    client.force_login(officer)
    response = client.get(reverse("stations:figures"))
    assert response.context["totals"].person_times == 18


def test_an_edit_from_a_stale_page_is_refused_keeping_the_input(client, people, sites):
    site = sites["meiyuan"]
    client.force_login(people["officer_xuanwu"])
    data = {
        "kind": "workstation",
        "name": "新名字",
        "area": named.MEIYUAN_STREET,
        "level": "city",
        "build_type": "existing",
        "version": str(site.version),
    }
    services.update_site(
        site, actor=people["admin_nanjing"], address="中山东路1号", expected_version=site.version
    )
    response = client.post(reverse("stations:site_edit", args=[site.pk]), data)
    assert response.status_code == 200 and "新名字" in response.content.decode()
    site.refresh_from_db()
    assert site.name != "新名字" and site.address == "中山东路1号"


def test_the_station_staff_home_shows_their_station(client, people, sites):
    client.force_login(people["staff_meiyuan"])
    page = client.get(reverse("home")).content.decode()
    assert "梅园新村街道未保工作站" in page
    assert Area.objects.filter(code=named.MEIYUAN_STREET).exists()
