"""The due-and-overdue work list for every role, the home panel, and the per-department
board whose counts equal the list behind each link (issue 10)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from childwelfare.deadlines.calendar import end_of_day, overrides
from childwelfare.deadlines.escalation import nth_working_day_back, start_of
from childwelfare.testing import people as named

from .helpers import child_in, deadline_on

pytestmark = pytest.mark.django_db


def overdue_by(working_days: int):
    """A due moment `working_days` working days overdue today (the start of the n-th working
    day back: the working days after the due day up to today are exactly n)."""
    return start_of(nth_working_day_back(timezone.localdate(), working_days, overrides()))


@pytest.fixture
def items(people):
    today = timezone.localdate()

    def make(label, rule, area, due, **kwargs):
        # one child each: a subject has one running deadline per rule
        return deadline_on(child_in(area), rule, area_code=area, due=due, label=label, **kwargs)

    made = {
        # default ladder (director → supervisor → officer → city), 3 working days a step
        "fresh": make("A", "case_assessment", named.MEIYUAN, end_of_day(today + timedelta(days=3))),
        "supervisor": make("B", "case_plan_review", named.MEIYUAN, overdue_by(4)),
        "city": make("C", "guardianship_reassessment", named.MEIYUAN, overdue_by(40)),
        "education": make(
            "D", "case_action", named.MEIYUAN, end_of_day(today + timedelta(days=5)), department="education"
        ),
        "education_late": make("D2", "case_action", named.MEIYUAN, overdue_by(1), department="education"),
        "health": make("E", "case_action", named.MEIYUAN, overdue_by(2), department="health"),
        "gulou": make("F", "case_assessment", named.NINGHAI, overdue_by(40)),
        # application check: supervisor → officer → city
        "check": make("G", "application_check", named.MEIYUAN, end_of_day(today + timedelta(days=10))),
    }
    return made


def listed(client, user, query=""):
    client.force_login(user)
    response = client.get(reverse("deadlines:list") + query)
    assert response.status_code == 200
    return {int(pk) for pk in re.findall(r'data-deadline="(\d+)"', response.content.decode())}


def ids(items, *names):
    return {items[name].pk for name in names}


# guardianship_reassessment's ladder is district officer → city (1 step per 3 working days):
# 40 working days overdue puts it at the city; the officer sees it as well (escalated past).
EXPECTED = {
    "director_meiyuan": ("fresh", "supervisor", "education", "education_late", "health"),
    "director_ninghai": ("gulou",),
    "supervisor_meiyuan": ("supervisor", "check"),
    "officer_xuanwu": ("city",),
    "officer_gulou": ("gulou",),
    "admin_nanjing": ("city", "gulou"),
    "liaison_education_xuanwu": ("education", "education_late"),
    "auditor_xuanwu": ("fresh", "supervisor", "city", "education", "education_late", "health", "check"),
    "staff_meiyuan": (),
}


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_each_role_sees_its_items_and_no_others(people, items, client, username):
    assert listed(client, people[username], "?size=200") == ids(items, *EXPECTED[username])


def test_filters_and_levels(people, items, client):
    director = people["director_meiyuan"]
    assert listed(client, director, "?show=overdue") == ids(items, "supervisor", "education_late", "health")
    assert listed(client, director, "?show=week") == ids(items, "fresh", "education")
    client.force_login(director)
    page = client.get(reverse("deadlines:list") + "?sort=level").content.decode()
    # The most escalated first: B (level 1, 儿童督导员) before the rest (level 0).
    rows = re.findall(r'data-deadline="(\d+)"', page)
    assert int(rows[0]) == items["supervisor"].pk
    assert 'data-level="1">儿童督导员' in page


def test_reviewers_have_no_list_and_item_pages_outside_scope_are_404(people, items, client):
    client.force_login(people["reviewer_nanjing"])
    assert client.get(reverse("deadlines:list")).status_code == 403
    for username, name in (
        ("director_ninghai", "fresh"),
        ("officer_gulou", "city"),
        ("liaison_education_xuanwu", "health"),
        ("director_meiyuan", "gulou"),
    ):
        client.force_login(people[username])
        assert client.get(reverse("deadlines:detail", kwargs={"pk": items[name].pk})).status_code == 404
    client.force_login(people["liaison_education_xuanwu"])
    assert client.get(reverse("deadlines:detail", kwargs={"pk": items["education"].pk})).status_code == 200


def board(client, user):
    client.force_login(user)
    response = client.get(reverse("deadlines:board"))
    assert response.status_code == 200
    html = response.content.decode()
    rows = {}
    for department, body in re.findall(r'<tr data-department="(\w+)">(.*?)</tr>', html, re.S):
        rows[department] = {
            kind: (href.replace("&amp;", "&"), int(count))
            for kind, href, count in re.findall(r'data-count="(\w+)"[^>]*href="([^"]+)">(\d+)<', body)
        }
    return rows


def test_the_board_counts_equal_the_lists_behind_its_links(people, items, client):
    officer = people["officer_xuanwu"]
    rows = board(client, officer)
    assert set(rows) == {"education", "health"}
    assert {kind: count for kind, (_, count) in rows["education"].items()} == {
        "running": 2,
        "week": 1,
        "overdue": 1,
    }
    assert {kind: count for kind, (_, count) in rows["health"].items()} == {
        "running": 1,
        "week": 0,
        "overdue": 1,
    }
    for department in rows.values():
        for href, count in department.values():
            client.force_login(officer)
            response = client.get(href + "&size=200")
            assert len(re.findall(r'data-deadline="\d+"', response.content.decode())) == count, href
    # A liaison sees only their department's row; a district officer elsewhere sees none.
    assert set(board(client, people["liaison_education_xuanwu"])) == {"education"}
    assert board(client, people["officer_gulou"]) == {}
    client.force_login(people["director_meiyuan"])
    assert client.get(reverse("deadlines:board")).status_code == 403


def test_home_panel_counts_the_users_list(people, items, client):
    client.force_login(people["director_meiyuan"])
    html = client.get(reverse("home")).content.decode()
    section = html[html.index('id="deadlines-panel-heading"') :]
    counts = re.findall(
        r'<div class="fs-3[^"]*">(\d+)</div>\s*<div class="small text-muted">([^<]+)</div>', section
    )
    assert counts[:2] == [("3", "已逾期"), ("2", "7天内到期")]


def test_the_export_holds_the_listed_rows(people, items, client):
    client.force_login(people["supervisor_meiyuan"])
    response = client.get(reverse("deadlines:export"))
    assert response.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(BytesIO(content)).active
    labels = {row[0] for row in sheet.iter_rows(values_only=True)}
    assert {"B", "G"} <= labels and "A" not in labels
