"""Publicity (issue 11): the June month's consecutive years, a campaign's figures (events by
kind, organisers, audience, materials), and who records events where."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from childwelfare.accounts.choices import Department
from childwelfare.areas.models import Area
from childwelfare.outreach import figures
from childwelfare.outreach.models import PublicityCampaign, PublicityEvent
from childwelfare.outreach.services import OutreachError
from childwelfare.outreach.services.publicity import add_event, create_campaign
from childwelfare.testing import people as named


def june(admin, year, *, june_month=True):
    return create_campaign(
        actor=admin,
        year=year,
        theme=f"{year}年未成年人保护宣传月",
        start_date=date(year, 6, 1),
        end_date=date(year, 6, 30),
        brand="博爱童行号",
        launch_date=date(year, 6, 1),
        launch_place="市民广场",
        is_june_month=june_month,
    )


def test_consecutive_years_count_back_from_the_year(people):
    admin = people["admin_nanjing"]
    for year in (2015, 2017, 2018, 2019, 2020, 2021, 2022, 2023):
        june(admin, year)
    june(admin, 2016, june_month=False)  # a campaign that was not the June month breaks the run
    assert figures.june_month_years_running(2023) == 7  # 2017–2023
    assert figures.june_month_years_running(2019) == 3  # 2017, 2018, 2019
    assert figures.june_month_years_running(2016) == 0
    assert figures.june_month_years_running(2024) == 0
    assert figures.june_month_years_running(2015) == 1


@pytest.fixture
def campaign(people):
    return june(people["admin_nanjing"], 2023)


def _event(campaign, actor, code, kind, *, audience, materials, on=date(2023, 6, 1), **extra):
    return add_event(
        campaign,
        actor=actor,
        kind=kind,
        area=Area.objects.get(code=code),
        place="学校礼堂",
        held_on=on,
        audience=audience,
        materials=materials,
        laws=["minor_protection"],
        **extra,
    )


def test_a_campaigns_figures(people, campaign):
    admin = people["admin_nanjing"]
    _event(campaign, admin, named.NANJING, "launch_ceremony", audience=500, materials=1000)
    _event(
        campaign,
        people["officer_xuanwu"],
        named.XUANWU,
        "mandatory_reporting_talk",
        audience=120,
        materials=0,
    )
    _event(campaign, people["officer_xuanwu"], named.XUANWU, "film_screening", audience=80, materials=50)
    _event(campaign, people["officer_gulou"], named.GULOU, "film_screening", audience=60, materials=40)
    _event(
        campaign,
        admin,
        named.NANJING,
        "landmark_screen",
        audience=0,
        materials=0,
        department=Department.PROCURATORATE,
        on=date(2023, 5, 31),
    )
    totals = figures.publicity_totals(year=2023)
    assert (totals["events"], totals["audience"], totals["materials"]) == (5, 760, 1090)
    # organisers: the city, 玄武区, 鼓楼区, the procuratorate (a member unit of the city)
    assert totals["organisers"] == 4
    by_kind = {kind: n for kind, _label, n in totals["by_kind"]}
    assert by_kind["film_screening"] == 2 and by_kind["play"] == 0
    xuanwu = figures.publicity_totals(year=2023, area_code=named.XUANWU)
    assert (xuanwu["events"], xuanwu["audience"]) == (2, 200)
    rows = {row["area_id"]: row for row in figures.publicity_by_year_and_area(2023, 2023)}
    assert rows[named.GULOU]["materials"] == 40 and rows[named.NANJING]["events"] == 2


def test_a_district_officer_records_only_their_districts_events(people, campaign):
    with pytest.raises(OutreachError) as refused:
        _event(campaign, people["officer_xuanwu"], named.GULOU, "play", audience=10, materials=0)
    assert refused.value.code == "not_allowed"
    with pytest.raises(OutreachError) as refused:
        _event(
            campaign,
            people["officer_xuanwu"],
            named.XUANWU,
            "play",
            audience=10,
            materials=0,
            on=date(2023, 9, 1),
        )
    assert refused.value.code == "date_outside_campaign"
    assert not PublicityEvent.objects.exists()


def test_only_the_city_creates_a_campaign(people):
    with pytest.raises(OutreachError):
        june(people["officer_xuanwu"], 2023)
    assert not PublicityCampaign.objects.exists()


def test_the_event_page_keeps_what_was_typed_when_refused(client, people, campaign):
    client.force_login(people["officer_xuanwu"])
    response = client.post(
        reverse("outreach:event_create", args=[campaign.pk]),
        {
            "kind": "drawing_exhibition",
            "title": "我心中的家绘画展",
            "area": named.XUANWU,
            "place": "区图书馆",
            "held_on": "2023-10-01",
            "audience": "300",
            "materials": "20",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "我心中的家绘画展" in html and "区图书馆" in html and "前后一个月内" in html
    assert not PublicityEvent.objects.exists()


def test_a_sibling_districts_event_is_not_listed(client, people, campaign):
    _event(
        campaign, people["officer_gulou"], named.GULOU, "play", audience=33, materials=0, title="鼓楼情景剧"
    )
    _event(
        campaign, people["officer_xuanwu"], named.XUANWU, "play", audience=44, materials=0, title="玄武情景剧"
    )
    client.force_login(people["officer_xuanwu"])
    html = client.get(reverse("outreach:campaign_detail", args=[campaign.pk])).content.decode()
    assert "玄武情景剧" in html and "鼓楼情景剧" not in html
