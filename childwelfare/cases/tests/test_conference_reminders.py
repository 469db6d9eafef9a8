"""Overdue conference actions escalate to the convener (their home page and the conference's
page list them), who issues a formal reminder (督办): recorded, counted on the action, shown
to the department's liaison (会商, issue 10)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from childwelfare.cases.models import ActionReminder, ConferenceCase
from childwelfare.cases.services import conference as services
from childwelfare.cases.services.common import CaseError

from .conference_world import TODAY, backdate, convene, hold, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(people):
    officer = people["officer_xuanwu"]
    conference = hold(convene(people, [make_case(people)], title="逾期任务的会商"), people)
    decision = services.record_decision(
        ConferenceCase.objects.get(conference=conference), actor=officer, text="落实复学"
    )
    late = services.add_decision_action(
        decision,
        actor=officer,
        title="落实复学",
        owner_kind="department",
        department="education",
        due_on=TODAY + timedelta(days=3),
    )
    backdate(late, TODAY - timedelta(days=2))
    on_time = services.add_decision_action(
        decision,
        actor=officer,
        title="健康体检",
        owner_kind="department",
        department="health",
        due_on=TODAY + timedelta(days=20),
    )
    return {"conference": conference, "late": late, "on_time": on_time}


def test_overdue_actions_are_listed_for_the_convener(client, people, world):
    assert list(services.overdue_actions(services.conference_actions(world["conference"]))) == [world["late"]]
    client.force_login(people["officer_xuanwu"])
    home = client.get(reverse("home")).content.decode()
    assert 'id="conference-overdue"' in home and "落实复学" in home and "健康体检" not in home
    page = client.get(reverse("cases:conference_detail", args=[world["conference"].pk])).content.decode()
    assert (
        'id="overdue-actions"' in page and reverse("cases:conference_remind", args=[world["late"].pk]) in page
    )
    listed = client.get(reverse("cases:conference_list") + "?overdue=on").content.decode()
    assert "逾期任务的会商" in listed and 'data-overdue="1"' in listed


def test_a_reminder_is_recorded_counted_and_shown_to_the_liaison(client, people, world):
    late = world["late"]
    client.force_login(people["officer_xuanwu"])
    url = reverse("cases:conference_remind", args=[late.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": ""})
    assert response.status_code == 200 and ActionReminder.objects.count() == 0  # text required
    assert client.post(url, {"text": "请于本周五前落实复学并反馈"}).status_code == 302
    assert client.post(url, {"text": "再次督办"}).status_code == 302
    late.refresh_from_db()
    assert late.reminder_count == 2
    assert [r.text for r in ActionReminder.objects.filter(action=late).order_by("pk")] == [
        "请于本周五前落实复学并反馈",
        "再次督办",
    ]
    assert ActionReminder.objects.first().issued_by == people["officer_xuanwu"]
    client.force_login(people["liaison_education_xuanwu"])
    page = client.get(reverse("cases:conference_detail", args=[world["conference"].pk])).content.decode()
    assert 'data-reminded="2"' in page and "请于本周五前落实复学并反馈" in page
    home = client.get(reverse("home")).content.decode()
    assert "被督办的会商任务" in home
    # the liaison cannot remind
    assert client.post(url, {"text": "x"}).status_code == 403


def test_only_the_convening_office_reminds_and_not_a_finished_action(people, world):
    with pytest.raises(CaseError) as refused:
        services.remind_action(world["late"], actor=people["auditor_xuanwu"], text="督办")
    assert refused.value.code == "not_convener"
    type(world["on_time"]).objects.filter(pk=world["on_time"].pk).update(status="done")
    world["on_time"].refresh_from_db()
    with pytest.raises(CaseError) as refused:
        services.remind_action(world["on_time"], actor=people["officer_xuanwu"], text="督办")
    assert refused.value.code == "action_finished"
