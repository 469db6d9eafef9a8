"""The user's work: the work and visit lists hold only the user's area, the home panel
counts what is due per role, and every page renders for the roles that use it."""

import re
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from childwelfare.accounts.choices import Department
from childwelfare.discovery.tests.helpers import TODAY, as_user, item_ids, record_of, status_code
from childwelfare.discovery.views import home_panel_context
from childwelfare.registry.models import Child
from childwelfare.testing.factories import ProblemFactory

pytestmark = pytest.mark.django_db


def test_work_and_visit_lists_hold_only_the_users_area(client, people, kids, xuanwu):
    response = as_user(client, people["director_meiyuan"]).get(reverse("discovery:work"))
    assert {r.child.name for r in response.context["page"].object_list} == {"王小明", "李小红"}
    # A child never visited is due on the day its file was opened (today): on the week's
    # list of its own area only.
    response = as_user(client, people["director_daxinggong"]).get(
        reverse("discovery:visit_list"), {"list": "week"}
    )
    assert {c.name for c in response.context["page"].object_list} == {"赵安安"}
    assert not client.get(reverse("discovery:visit_list")).context["page"].object_list  # none overdue
    response = as_user(client, people["officer_gulou"]).get(reverse("discovery:visit_list"), {"list": "week"})
    assert {c.name for c in response.context["page"].object_list} == {"钱多多"}
    assert status_code(client, people["liaison_education_xuanwu"], reverse("discovery:work")) == 403
    assert status_code(client, people["liaison_education_xuanwu"], reverse("discovery:visit_list")) == 403


def test_home_panel_counts_what_is_due_per_role(people, kids, xuanwu, client):
    director = home_panel_context(people["director_meiyuan"], TODAY)["discovery_panel"]["items"]
    counts = {item.label: item.count for item in director}
    assert counts["待排查"] == 2 and counts["被退回待重新排查"] == 0
    ProblemFactory(child=kids["wang"], department=Department.EDUCATION, deadline=TODAY + timedelta(days=3))
    liaison = home_panel_context(people["liaison_education_xuanwu"], TODAY)["discovery_panel"]["items"]
    assert {item.label: item.count for item in liaison}["待办理问题"] == 1
    assert home_panel_context(people["reviewer_nanjing"], TODAY)["discovery_panel"]["items"] == []

    html = render_to_string(
        "discovery/_home_panel.html",
        {"discovery_panel": {"items": director}, "user": people["director_meiyuan"]},
    )
    # Each count above its label, and the panel links to the director's work.
    assert re.search(r">2</div>\s*<div[^>]*>待排查<", html) and reverse("discovery:work") in html
    assert re.search(r">0</div>\s*<div[^>]*>被退回待重新排查<", html)


def test_pages_render_for_every_role(client, people, kids, xuanwu):
    """Every page answers 200 for the roles that use it (no template error, no English)."""
    record = record_of(xuanwu, kids["wang"])
    # Each page with a text it must show whoever reads it (None: the page's own labels).
    pages = [
        (reverse("discovery:campaign_list"), xuanwu.name),
        (reverse("discovery:campaign_detail", args=[xuanwu.pk]), xuanwu.name),
        (reverse("discovery:record_list", args=[xuanwu.pk]), "王小明"),
        (reverse("discovery:record_detail", args=[record.pk]), "王小明"),
        (reverse("discovery:work"), None),
        (reverse("discovery:visit_list"), None),
        (reverse("discovery:visit_list") + "?list=week", "王小明"),  # due today: never visited
        (reverse("discovery:child", args=[kids["wang"].pk]), "王小明"),
        (reverse("discovery:problem_list"), None),
        (reverse("discovery:attention"), None),
        (reverse("discovery:grade_preview") + f"?items={item_ids('abandoned')[0]}", "红色"),
    ]
    for user in (
        "director_meiyuan",
        "supervisor_meiyuan",
        "officer_xuanwu",
        "admin_nanjing",
        "auditor_xuanwu",
    ):
        as_user(client, people[user])
        for url, text in pages:
            response = client.get(url)
            assert response.status_code == 200, (user, url)
            assert text is None or text in response.content.decode(), (user, url, text)
    # The visit form, for those who record visits.
    for user in ("director_meiyuan", "supervisor_meiyuan", "officer_xuanwu"):
        response = as_user(client, people[user]).get(reverse("discovery:child_visit", args=[kids["wang"].pk]))
        assert response.status_code == 200 and "王小明" in response.content.decode(), user
    assert (
        as_user(client, people["officer_xuanwu"]).get(reverse("discovery:campaign_create")).status_code == 200
    )
    assert (
        as_user(client, people["director_meiyuan"])
        .get(reverse("discovery:add_child", args=[xuanwu.pk]))
        .status_code
        == 200
    )
    assert (
        as_user(client, people["liaison_education_xuanwu"]).get(reverse("discovery:problem_list")).status_code
        == 200
    )
    assert Child.objects.count() == 5
