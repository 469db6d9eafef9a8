"""Decisions of a conference become actions assigned to departments and units with due dates
that the deadline engine tracks (会商, issue 10); the conference and its decisions are on each
child's timeline."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from childwelfare.cases.models import CaseAction, ConferenceCase
from childwelfare.cases.services import conference as services
from childwelfare.cases.services.common import CaseError
from childwelfare.deadlines.calendar import end_of_day
from childwelfare.deadlines.models import Deadline
from childwelfare.registry.timeline import events_for

from .conference_world import TODAY, convene, hold, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(people):
    cases = [make_case(people, name="李小雨"), make_case(people, name="周小川")]
    return hold(convene(people, cases), people)


def test_a_decision_needs_a_held_conference(people):
    planned = convene(people, [make_case(people)])
    item = ConferenceCase.objects.get(conference=planned)
    with pytest.raises(CaseError) as refused:
        services.record_decision(item, actor=people["officer_xuanwu"], text="复学安置")
    assert refused.value.code == "not_held"


def test_decisions_become_actions_assigned_to_departments_and_units_on_the_engine(people, held):
    officer = people["officer_xuanwu"]
    first, second = ConferenceCase.objects.filter(conference=held).order_by("pk")
    decision = services.record_decision(
        first, actor=officer, text="由教育部门落实复学，卫健部门开展心理评估", dissent="公安：建议先行家访"
    )
    due = TODAY + timedelta(days=14)
    school = services.add_decision_action(
        decision, actor=officer, title="落实复学", owner_kind="department", department="education", due_on=due
    )
    services.add_decision_action(
        decision, actor=officer, title="心理评估", owner_kind="department", department="health", due_on=due
    )
    unit = services.add_decision_action(
        decision, actor=officer, title="安排课后托管", owner_kind="unit", owner_unit="梅园小学", due_on=due
    )
    assert set(CaseAction.objects.filter(decision=decision).values_list("department", flat=True)) == {
        "education",
        "health",
        "",
    }
    assert school.case == first.case and unit.owner_unit == "梅园小学" and unit.department == ""
    deadline = Deadline.objects.get(rule="case_action", subject_id=school.pk)
    assert deadline.department == "education" and deadline.due_at == end_of_day(due)
    assert deadline.area_code == first.case.child.area_id
    # a person is a case plan's owner, not a conference's
    with pytest.raises(CaseError) as refused:
        services.add_decision_action(decision, actor=officer, title="x", owner_kind="person", due_on=due)
    assert refused.value.code == "owner_kind"
    # the page lists the actions under 会商任务
    from django.test import Client

    client = Client()
    client.force_login(officer)
    page = client.get(reverse("cases:conference_detail", args=[held.pk])).content.decode()
    assert (
        "会商任务" in page and "落实复学" in page and "安排课后托管" in page and "公安：建议先行家访" in page
    )
    assert second.case.number in page


def test_the_decision_page_records_the_decision_and_adds_an_action(client, people, held):
    item = ConferenceCase.objects.filter(conference=held).first()
    client.force_login(people["officer_xuanwu"])
    url = reverse("cases:conference_decision", args=[item.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"text": "落实临时监护", "dissent": ""}).status_code == 302
    decision = item.decision
    response = client.post(
        reverse("cases:conference_action_add", args=[decision.pk]),
        {
            "action-title": "联系学校",
            "action-owner_kind": "department",
            "action-department": "education",
            "action-due_on": (TODAY + timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert CaseAction.objects.get(decision=decision).title == "联系学校"
    # a due date in the past is refused beside its field, what was typed kept
    response = client.post(
        reverse("cases:conference_action_add", args=[decision.pk]),
        {
            "action-title": "家访",
            "action-owner_kind": "department",
            "action-department": "health",
            "action-due_on": (TODAY - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "完成期限不能早于今天。" in response.content.decode() and "家访" in response.content.decode()
    # editing the decision from a stale page is refused
    decision.refresh_from_db()
    assert (
        client.post(url, {"text": "落实临时监护并评估", "version": str(decision.version)}).status_code == 302
    )
    stale = client.post(url, {"text": "又一次修改", "version": str(decision.version)})
    assert stale.status_code == 200 and "已被他人修改" in stale.content.decode()


def test_the_conference_and_its_decision_are_on_the_childs_timeline(people, held):
    item = ConferenceCase.objects.filter(conference=held).first()
    services.record_decision(
        item, actor=people["officer_xuanwu"], text="落实复学", dissent="公安部门保留意见"
    )
    events = events_for(item.case.child, user=people["director_meiyuan"])
    kinds = {event.kind: event for event in events}
    assert kinds["cases.conference"].title == "个案会商：困境儿童个案会商"
    decision = kinds["cases.conference_decision"]
    assert "落实复学" in decision.detail and "公安部门保留意见" in decision.detail
