"""The quorum of a conference (会商, issue 10): recorded as held only when at least the
required number of invited departments came (setting CONFERENCE_QUORUM_DEPARTMENTS, default
3); the refusal names how many came and how many are needed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from childwelfare.cases.choices import ConferenceStatus
from childwelfare.cases.services import conference as services
from childwelfare.cases.services.common import CaseError
from childwelfare.workflow.models import TransitionEvent

from .conference_world import THREE, TODAY, attend, convene, hold, make_case

pytestmark = pytest.mark.django_db


def test_two_departments_present_is_refused_with_both_numbers(people):
    conference = convene(people, [make_case(people)])
    assert conference.quorum == 3
    # two departments and the school came: a unit is not a department
    conference = attend(conference, people, {"education", "health", "梅园小学"})
    with pytest.raises(CaseError) as refused:
        services.hold_conference(
            conference,
            actor=people["officer_xuanwu"],
            minutes="纪要",
            next_review_on=None,
            expected_version=conference.version,
        )
    assert refused.value.code == "quorum_not_met"
    assert str(refused.value) == "到会部门 2 个，少于规定的 3 个，会商不能记录为已召开。"
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.PLANNED and conference.minutes == ""


def test_three_departments_present_holds_it_on_the_transition_mechanism(people):
    conference = hold(convene(people, [make_case(people)]), people, THREE)
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.HELD
    assert conference.minutes == "会议研究了个案情况。"
    assert TransitionEvent.objects.filter(kind="cases.conference", to_status="held").count() == 1


def test_the_setting_changes_the_quorum(people, settings):
    settings.CONFERENCE_QUORUM_DEPARTMENTS = 2
    conference = convene(people, [make_case(people)])
    assert conference.quorum == 2
    conference = hold(conference, people, {"education", "health"})
    assert conference.status == ConferenceStatus.HELD
    settings.CONFERENCE_QUORUM_DEPARTMENTS = 4
    with pytest.raises(CaseError) as refused:
        hold(convene(people, [make_case(people)], departments=(*THREE, "justice")), people, THREE)
    assert refused.value.params == {"present": 3, "needed": 4}


def test_a_quorum_above_the_departments_invited_is_refused(people):
    with pytest.raises(CaseError) as refused:
        convene(people, [make_case(people)], departments=("education", "health"))
    assert refused.value.code == "quorum_above_invited"


def test_attendance_cannot_drop_a_held_conference_below_its_quorum(people):
    conference = hold(convene(people, [make_case(people)]), people, THREE)
    with pytest.raises(CaseError) as refused:
        attend(conference, people, {"education"})
    assert refused.value.code == "quorum_not_met"
    assert services.departments_present(conference) == 3


def test_the_minutes_page_refuses_without_quorum_and_keeps_what_was_typed(client, people):
    conference = attend(convene(people, [make_case(people)]), people, {"education", "health"})
    client.force_login(people["officer_xuanwu"])
    url = reverse("cases:conference_minutes", args=[conference.pk])
    response = client.post(
        url,
        {
            "minutes": "会议研究了三名儿童的情况",
            "next_review_on": (TODAY).isoformat(),
            "version": conference.version,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "到会部门 2 个，少于规定的 3 个，会商不能记录为已召开。" in page
    assert "会议研究了三名儿童的情况" in page
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.PLANNED
    # the third department recorded on the attendance page: held
    attendance_url = reverse("cases:conference_attendance", args=[conference.pk])
    data = {"version": conference.version}
    for participant in conference.participants.all():
        if participant.department in THREE:
            data[f"attended_{participant.pk}"] = "on"
            data[f"attendee_{participant.pk}"] = "王老师"
    assert client.post(attendance_url, data).status_code == 302
    conference.refresh_from_db()
    response = client.post(url, {"minutes": "会议研究了三名儿童的情况", "version": conference.version})
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.HELD
