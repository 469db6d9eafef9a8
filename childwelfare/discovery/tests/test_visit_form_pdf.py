"""Issue 9 "Paper": the visit record form (走访记录表) — blank, pre-filled with the child (name,
masked ID, address, guardian, current colour, every risk item as an empty box), and
completed for a recorded visit (its text, the assessment's items ticked); links on the
child's page and the visit plan; 404 outside scope, 403 for a role that records no visits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from childwelfare.discovery import services as discovery
from childwelfare.discovery.models import RiskItem
from childwelfare.discovery.risk import current_item_set
from childwelfare.registry.choices import Category, Relation
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory, FamilyMemberFactory
from childwelfare.testing.pdf import pdf_text

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def visited(people):
    child = ChildFactory(
        name="李安然", area_id=named.MEIYUAN, category=Category.RURAL_LEFT_BEHIND, address="梅园新村12号"
    )
    FamilyMemberFactory(child=child, name="李德明", relation=Relation.GRANDFATHER, is_guardian=True)
    items = list(RiskItem.objects.filter(item_set=current_item_set(TODAY), is_emergency=False)[:2])
    visit, assessment = discovery.record_visit(
        child=child,
        actor=people["director_meiyuan"],
        visited_on=TODAY - timedelta(days=1),
        mode="home",
        item_ids=[item.pk for item in items],
        living_situation="祖父身体欠佳，需要照料",
        schooling="按时上学",
    )
    return {"child": child, "visit": visit, "assessment": assessment, "items": items}


def get_pdf(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return pdf_text(response.content)


def test_the_blank_form_is_pre_filled_with_the_child(client, people, visited):
    child = visited["child"]
    text = get_pdf(client, people["director_meiyuan"], reverse("discovery:visit_form_pdf", args=[child.pk]))
    assert "走访记录表" in text and "李安然" in text
    assert child.masked_id in text and child.id_number not in text
    assert "梅园新村12号" in text and "李德明" in text
    assert visited["assessment"].get_colour_display() in text
    every_item = RiskItem.objects.filter(item_set=current_item_set(TODAY))
    assert every_item.count() > 5
    for item in every_item:
        assert item.label in text.replace("\n", ""), item.label
    assert "祖父身体欠佳" not in text  # blank: nothing of the last visit's text
    assert text.count("✓") == 1  # blank boxes: only the heading's "存在的打 ✓"
    assert "走访人" in text and "监护人" in text  # signature lines


def test_the_completed_form_carries_the_visit(client, people, visited):
    visit = visited["visit"]
    text = get_pdf(
        client, people["supervisor_meiyuan"], reverse("discovery:visit_record_pdf", args=[visit.pk])
    )
    assert "李安然" in text and "祖父身体欠佳，需要照料" in text and "按时上学" in text
    assert visit.visited_on.isoformat() in text
    assert text.count("✓") == 1 + len(visited["items"])  # the heading's, and one per item present
    assert "张丽" in text  # the visitor (director_meiyuan)


@pytest.mark.parametrize(
    ("username", "blank", "completed"),
    [
        ("director_meiyuan", 200, 200),
        ("officer_xuanwu", 200, 200),
        ("staff_meiyuan", 403, 200),  # reads visits, records none
        ("auditor_xuanwu", 403, 200),
        ("director_ninghai", 404, 404),
        ("liaison_education_xuanwu", 404, 404),
    ],
)
def test_scope_and_roles(client, people, visited, username, blank, completed):
    client.force_login(people[username])
    assert client.get(reverse("discovery:visit_form_pdf", args=[visited["child"].pk])).status_code == blank
    assert (
        client.get(reverse("discovery:visit_record_pdf", args=[visited["visit"].pk])).status_code == completed
    )


def test_links_on_the_childs_page_and_the_visit_plan(client, people, visited):
    child = visited["child"]
    client.force_login(people["director_meiyuan"])
    page = client.get(reverse("discovery:child", args=[child.pk])).content.decode()
    assert reverse("discovery:visit_form_pdf", args=[child.pk]) in page
    assert reverse("discovery:visit_record_pdf", args=[visited["visit"].pk]) in page
    never_visited = ChildFactory(area_id=named.MEIYUAN, category=Category.RURAL_LEFT_BEHIND)
    plan = client.get(reverse("discovery:visit_list") + "?list=overdue").content.decode()
    plan += client.get(reverse("discovery:visit_list") + "?list=week").content.decode()
    assert reverse("discovery:visit_form_pdf", args=[never_visited.pk]) in plan
