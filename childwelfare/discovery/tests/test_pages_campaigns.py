"""The campaign pages: scope of the campaign and its records (own area 200, sibling area
404, parent area for a higher role), the board drilled down by area, the whole campaign
flow through the pages, and the areas a campaign may cover."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from childwelfare.accounts.choices import Department
from childwelfare.areas.models import Area
from childwelfare.discovery import services
from childwelfare.discovery.choices import Colour, ProblemKind, RecordStatus
from childwelfare.discovery.models import Campaign, ScreeningRecord, Visit
from childwelfare.discovery.tests.helpers import (
    TODAY,
    as_user,
    item_ids,
    record_of,
    screen_data,
    start,
    status_code,
)
from childwelfare.lib.idnumber import make_number
from childwelfare.registry.choices import Category
from childwelfare.testing import people as named

pytestmark = pytest.mark.django_db


def test_campaign_pages_scope(client, people, xuanwu):
    gulou = start(people, named.GULOU, name="鼓楼排查")
    street = start(people, named.MEIYUAN_STREET, name="梅园街道排查")
    detail = reverse("discovery:campaign_detail", args=[xuanwu.pk])
    records = reverse("discovery:record_list", args=[xuanwu.pk])
    for user in ("officer_xuanwu", "admin_nanjing", "supervisor_meiyuan", "director_meiyuan"):
        assert status_code(client, people[user], detail) == 200, user
        assert status_code(client, people[user], records) == 200, user
    for user in ("officer_gulou", "director_ninghai", "liaison_education_xuanwu"):
        assert status_code(client, people[user], detail) == 404, user
    assert (
        status_code(client, people["officer_xuanwu"], reverse("discovery:campaign_detail", args=[gulou.pk]))
        == 404
    )
    street_url = reverse("discovery:campaign_detail", args=[street.pk])
    assert status_code(client, people["director_daxinggong"], street_url) == 200
    assert status_code(client, people["supervisor_xinjiekou"], street_url) == 404
    listed = as_user(client, people["officer_xuanwu"]).get(reverse("discovery:campaign_list"))
    assert {c.name for c in listed.context["page"].object_list} == {xuanwu.name, "梅园街道排查"}


def test_the_board_shows_only_the_users_part(client, people, kids, xuanwu):
    response = as_user(client, people["director_meiyuan"]).get(
        reverse("discovery:campaign_detail", args=[xuanwu.pk])
    )
    assert [row.code for row in response.context["rows"]] == [named.MEIYUAN]
    assert response.context["figures"].in_scope == 2
    # The officer drills down district → street → community by clicking rows.
    officer = as_user(client, people["officer_xuanwu"])
    url = reverse("discovery:campaign_detail", args=[xuanwu.pk])
    streets = officer.get(url).context["rows"]
    assert {row.code: row.total for row in streets} == {named.MEIYUAN_STREET: 3, named.XINJIEKOU_STREET: 1}
    communities = officer.get(url, {"area": named.MEIYUAN_STREET}).context["rows"]
    assert {row.code: row.total for row in communities} == {named.MEIYUAN: 2, named.DAXINGGONG: 1}
    assert {row.code: row.people for row in communities} == {
        named.MEIYUAN: ["张丽"],
        named.DAXINGGONG: ["刘洋"],
    }
    flat = officer.get(url, {"level": "community"}).context["rows"]
    assert {(row.name, row.parent_name) for row in flat} == {
        ("梅园社区", "梅园新村街道"),
        ("大行宫社区", "梅园新村街道"),
        ("新街口社区", "新街口街道"),
    }
    assert communities[0].parent_name == ""  # clicked down one level: the street is the page's
    # A sibling area in the query string is ignored: the board stays in the user's part.
    sibling = as_user(client, people["director_meiyuan"]).get(url, {"area": named.DAXINGGONG})
    assert [row.code for row in sibling.context["rows"]] == [named.MEIYUAN]
    listed = officer.get(
        reverse("discovery:record_list", args=[xuanwu.pk]), {"area": named.MEIYUAN, "status": "pending"}
    )
    assert {r.child.name for r in listed.context["page"].object_list} == {"王小明", "李小红"}


def test_whole_campaign_flow_through_the_pages(client, people, kids):
    officer, director = people["officer_xuanwu"], people["director_meiyuan"]
    supervisor = people["supervisor_meiyuan"]

    # Create (a street, every record sampled) and start.
    as_user(client, officer)
    response = client.post(
        reverse("discovery:campaign_create"),
        {
            "name": "梅园街道困境儿童排查",
            "year": TODAY.year,
            "area": named.MEIYUAN_STREET,
            "target_categories": [Category.SCATTERED_ORPHAN, Category.DE_FACTO_UNSUPPORTED],
            "start_date": (TODAY - timedelta(days=3)).isoformat(),
            "end_date": (TODAY + timedelta(days=30)).isoformat(),
            "sample_percent": "100",
        },
    )
    campaign = Campaign.objects.get(name="梅园街道困境儿童排查")
    assert response.status_code == 302 and campaign.status == "draft"
    client.post(reverse("discovery:campaign_start", args=[campaign.pk]), {"version": campaign.version})
    campaign.refresh_from_db()
    assert campaign.status == "running" and campaign.records.count() == 3  # 王、李、赵

    # The director adds an unregistered child and screens it, raising a hukou problem.
    as_user(client, director)
    response = client.post(
        reverse("discovery:add_child", args=[campaign.pk]),
        {
            "name": "新发现",
            "id_number": make_number("320102", date(2016, 6, 6), 9, "F"),
            "area": named.MEIYUAN,
            "category": Category.OTHER_IN_DIFFICULTY,
        },
    )
    found = ScreeningRecord.objects.get(campaign=campaign, child__name="新发现")
    assert found.added_during_screening
    assert response["Location"] == reverse("discovery:record_screen", args=[found.pk])
    response = client.post(
        reverse("discovery:record_screen", args=[found.pk]),
        screen_data(
            found,
            items=item_ids("living_alone"),
            **{
                "problems-0-kind": ProblemKind.HUKOU,
                "problems-0-department": Department.PUBLIC_SECURITY,
                "problems-0-description": "未落户",
                "problems-0-deadline": (TODAY + timedelta(days=20)).isoformat(),
            },
        ),
    )
    assert response.status_code == 302
    found.refresh_from_db()
    assert found.status == RecordStatus.SCREENED and found.assessment.colour == Colour.RED
    assert found.problems.get().kind == ProblemKind.HUKOU

    # Screen 王小明 (not eligible but in difficulty, a schooling problem) and 李小红.
    wang = record_of(campaign, kids["wang"])
    client.post(
        reverse("discovery:record_screen", args=[wang.pk]),
        screen_data(
            wang,
            items=item_ids("elderly_carer", "guardian_unable"),
            in_difficulty_not_eligible="on",
            **{
                "problems-0-kind": ProblemKind.SCHOOLING,
                "problems-0-department": Department.EDUCATION,
                "problems-0-description": "辍学",
                "problems-0-deadline": (TODAY + timedelta(days=20)).isoformat(),
            },
        ),
    )
    li = record_of(campaign, kids["li"])
    client.post(reverse("discovery:record_screen", args=[li.pk]), screen_data(li))
    assert record_of(campaign, kids["wang"]).assessment.colour == Colour.YELLOW

    # The supervisor returns 王小明 with a reason; the director sees it and re-screens.
    as_user(client, supervisor)
    work = client.get(reverse("discovery:work"))
    assert {r.child.name for r in work.context["page"].object_list} == {"王小明", "李小红", "新发现"}
    wang = record_of(campaign, kids["wang"])
    client.post(
        reverse("discovery:record_return", args=[wang.pk]),
        {"version": wang.version, "reason": "监护情况不详"},
    )
    as_user(client, director)
    work = client.get(reverse("discovery:work"))
    assert work.context["page"].object_list[0].child.name == "王小明"  # returned first
    assert "监护情况不详" in work.content.decode()
    wang = record_of(campaign, kids["wang"])
    client.post(
        reverse("discovery:record_screen", args=[wang.pk]),
        screen_data(
            wang, items=item_ids("elderly_carer", "guardian_unable"), in_difficulty_not_eligible="on"
        ),
    )
    assert record_of(campaign, kids["wang"]).status == RecordStatus.SCREENED

    # The supervisor verifies all three (the htmx card comes back in place).
    as_user(client, supervisor)
    for record in ScreeningRecord.objects.filter(campaign=campaign, status=RecordStatus.SCREENED):
        response = client.post(
            reverse("discovery:record_verify", args=[record.pk]),
            {"version": record.version, "card": "supervisor"},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200 and "已核实通过" in response.content.decode()

    # The officer must re-visit the sample before confirming.
    as_user(client, officer)
    work = client.get(reverse("discovery:work"))
    assert {r.child.name for r in work.context["revisit_page"].object_list} == {"王小明", "李小红", "新发现"}
    assert work.context["page"].paginator.count == 0
    li = record_of(campaign, kids["li"])
    response = client.post(
        reverse("discovery:record_confirm", args=[li.pk]), {"version": li.version}, follow=True
    )
    assert "须先完成抽样复访" in response.content.decode()
    for record in ScreeningRecord.objects.filter(campaign=campaign, status=RecordStatus.VERIFIED):
        # The re-visit finds what the screening found (the form starts from those items).
        found = [str(pk) for pk in record.assessment.items.values_list("pk", flat=True)]
        client.post(
            reverse("discovery:record_revisit", args=[record.pk]),
            screen_data(record, notes="复访属实", items=found),
        )
    work = client.get(reverse("discovery:work"))
    ready = list(work.context["page"].object_list)
    assert len(ready) == 3
    response = client.post(
        reverse("discovery:confirm_many"), {"records": [f"{r.pk}:{r.version}" for r in ready]}, follow=True
    )
    assert "已确认 3 条记录" in response.content.decode()

    # The figures on the campaign page equal the records.
    records = ScreeningRecord.objects.filter(campaign=campaign)
    assert set(records.values_list("status", flat=True)) == {RecordStatus.CONFIRMED, RecordStatus.PENDING}
    page = client.get(reverse("discovery:campaign_detail", args=[campaign.pk]))
    figures = page.context["figures"]
    assert figures.in_scope == records.count() == 4
    assert figures.screened == records.filter(screened_at__isnull=False).count() == 3
    assert figures.confirmed == records.filter(status=RecordStatus.CONFIRMED).count() == 3
    assert figures.added_during_screening == 1
    assert figures.in_difficulty_not_eligible == 1
    assert (figures.with_hukou_problems, figures.with_schooling_problems, figures.problems_raised) == (
        1,
        1,
        2,
    )
    assert figures.colours == {"red": 1, "yellow": 1, "blue": 0, "green": 1}
    html = page.content.decode()
    assert 'data-figure="in_scope">4<' in html and 'data-figure="confirmed">3<' in html
    assert page.context["total"] == 4 and page.context["total_percent"] == 75
    # 3 visits by the director, 1 re-screen, 3 sample re-visits.
    assert Visit.objects.filter(child__screening_records__campaign=campaign).count() == 7


def test_a_campaign_covers_a_city_district_or_street_not_a_community(people):
    """Bug fixed in services.create_campaign: it refused only a province, so a campaign over
    one community passed although the rule (and its message) is city, district or street."""

    def create(code):
        return services.create_campaign(
            actor=people["officer_xuanwu"],
            name=f"排查{code}",
            year=TODAY.year,
            area=Area.objects.get(code=code),
            start_date=TODAY,
            end_date=TODAY,
        )

    with pytest.raises(services.DiscoveryError, match="排查范围应为市、区或街道"):
        create(named.MEIYUAN)
    assert create(named.MEIYUAN_STREET).area_id == named.MEIYUAN_STREET
    assert list(Campaign.objects.values_list("area_id", flat=True)) == [named.MEIYUAN_STREET]
