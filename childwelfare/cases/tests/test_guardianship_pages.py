"""The guardianship pages (issue 10): registration by the district officer, the detail with
its assessments, deadlines and the institutional-orphan category's state (pending →
confirmed), the refusal of a return without an "able" assessment kept on the form, the
child page's link and the timeline; outside scope 404, another role 403."""

from datetime import date

import pytest
from django.urls import reverse

from childwelfare.benefits.spells import confirm_spells
from childwelfare.cases.models import Guardianship
from childwelfare.cases.services.guardianship import register_guardianship
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def child(people):
    return ChildFactory(area_id=named.MEIYUAN, name="周小安", birth_date=date(2015, 8, 1))


def test_the_officer_registers_a_long_term_guardianship_and_sees_the_category_pending_then_confirmed(
    client, people, child
):
    client.force_login(people["officer_xuanwu"])
    response = client.post(
        reverse("cases:guardianship_create", args=[child.pk]),
        {
            "kind": "long_term",
            "long_term_ground": "guardian_dead",
            "placement": "welfare_institution",
            "placement_detail": "南京市儿童福利院",
            "started_on": "2026-03-10",
            "decision_no": "玄民监〔2026〕3号",
        },
    )
    g = Guardianship.objects.get(child=child)
    assert response.status_code == 302 and response["Location"] == reverse(
        "cases:guardianship_detail", args=[g.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert "机构养育孤儿类别" in page and "待复核" in page
    confirm_spells([g.category_spell], actor=people["officer2_xuanwu"], on=date(2026, 4, 15))
    page = client.get(response["Location"]).content.decode()
    assert "已确认" in page and "2026-04-15" in page
    listing = client.get(reverse("cases:guardianship_list") + "?kind=long_term").content.decode()
    assert "周小安" in listing


def test_a_ground_of_the_other_kind_is_refused_beside_its_field_and_nothing_is_lost(client, people, child):
    client.force_login(people["officer_xuanwu"])
    response = client.post(
        reverse("cases:guardianship_create", args=[child.pk]),
        {
            "kind": "temporary",
            "long_term_ground": "guardian_dead",
            "placement_detail": "外婆家",
            "started_on": "2026-03-10",
        },
    )
    assert response.status_code == 200
    assert "请选择该监护类型的法定情形" in response.content.decode()
    assert response.context["form"]["placement_detail"].value() == "外婆家"
    assert not Guardianship.objects.exists()


def test_return_refused_without_an_able_assessment_on_the_page(client, people, child):
    g = register_guardianship(
        child,
        actor=people["officer_xuanwu"],
        kind="temporary",
        ground="neglect",
        placement="relative",
        placement_detail="外婆",
        started_on=date(2026, 2, 1),
    )
    client.force_login(people["officer_xuanwu"])
    url = reverse("cases:guardianship_end", args=[g.pk])
    response = client.post(
        url, {"reason": "returned", "ended_on": "2026-03-01", "note": "交还", "version": g.version}
    )
    assert response.status_code == 200
    assert "须经评估监护人具备监护能力" in response.content.decode()
    g.refresh_from_db()
    assert g.status == "active"
    assessed = client.post(
        reverse("cases:guardianship_assess", args=[g.pk]),
        {"assessed_on": "2026-03-01", "guardian_able": "1", "notes": "已具备", "version": g.version},
    )
    assert assessed.status_code == 302, assessed.content.decode()[-3000:]
    g.refresh_from_db()
    detail = client.get(reverse("cases:guardianship_detail", args=[g.pk])).content.decode()
    assert "具备监护能力" in detail and "2026-06-01" in detail  # next re-assessment: 1 Mar + 3 months
    response = client.post(
        url, {"reason": "returned", "ended_on": "2026-03-02", "note": "交还", "version": g.version}
    )
    assert response.status_code == 302
    g.refresh_from_db()
    assert (g.status, g.end_reason) == ("ended", "returned")


def test_roles_and_scope(client, people, child):
    g = register_guardianship(
        child,
        actor=people["officer_xuanwu"],
        kind="long_term",
        ground="guardian_dead",
        started_on=date(2026, 3, 10),
    )
    detail = reverse("cases:guardianship_detail", args=[g.pk])
    assess = reverse("cases:guardianship_end", args=[g.pk])
    for username, want in (
        ("officer_gulou", 404),
        ("liaison_education_xuanwu", 404),
        ("director_meiyuan", 200),
    ):
        client.force_login(people[username])
        assert client.get(detail).status_code == want, username
    client.force_login(people["director_meiyuan"])
    assert client.get(assess).status_code == 403
    client.force_login(people["admin_nanjing"])
    assert client.get(reverse("cases:guardianship_create", args=[child.pk])).status_code == 403


def test_the_child_page_links_and_the_timeline_shows_it(client, people, child):
    register_guardianship(
        child,
        actor=people["officer_xuanwu"],
        kind="temporary",
        ground="harmed_by_guardian",
        placement="rescue_institution",
        placement_detail="南京市未成年人救助保护中心",
        started_on=date(2026, 3, 10),
    )
    client.force_login(people["director_meiyuan"])
    page = client.get(reverse("registry:child_detail", args=[child.pk])).content.decode()
    assert reverse("cases:guardianship_child", args=[child.pk]) in page
    assert "开始临时监护" in page and "南京市未成年人救助保护中心" in page
