"""The case plan's actions: progress, completion with evidence (meets the deadline),
reopening (the deadline runs again), and department liaisons confined to their department's
actions (issue 10)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from childwelfare.access.scope import OutOfScope
from childwelfare.cases.choices import ActionStatus, CaseStatus
from childwelfare.cases.models import ActionUpdate, CaseAction
from childwelfare.cases.services import caseflow_plan as plan
from childwelfare.cases.services.common import CaseError
from childwelfare.deadlines.services import deadlines_of

from .caseflow_world import new_case, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def actions(people):
    case = walk(new_case(people), CaseStatus.INTERVENTION, people)
    education = case.actions.get(department="education")
    health = plan.add_plan_action(
        case,
        actor=people["officer_xuanwu"],
        title="康复评估",
        owner_kind="department",
        department="health",
        due_on=timezone.localdate() + timedelta(days=5),
    )
    return case, education, health


def test_a_liaison_sees_and_updates_only_their_departments_actions(people, actions):
    case, education, health = actions
    liaison = people["liaison_education_xuanwu"]
    assert list(CaseAction.objects.visible_to(liaison)) == [education]
    plan.report_action_progress(education, actor=liaison, text="已联系学校")
    education.refresh_from_db()
    assert education.status == ActionStatus.IN_PROGRESS
    with pytest.raises(OutOfScope):
        plan.report_action_progress(health, actor=liaison, text="越权")
    with pytest.raises(OutOfScope):
        plan.complete_action(health, actor=liaison, evidence="越权")
    # Nor the case itself: no goals, notes or moves.
    with pytest.raises(OutOfScope):
        plan.add_note(case, actor=liaison, text="越权")
    assert not ActionUpdate.objects.filter(action=health).exists()


def test_completion_needs_evidence_and_meets_the_deadline_and_reopening_restarts_it(people, actions):
    case, education, _health = actions
    liaison = people["liaison_education_xuanwu"]
    with pytest.raises(CaseError) as refused:
        plan.complete_action(education, actor=liaison, evidence="  ")
    assert refused.value.code == "evidence_missing"
    done = plan.complete_action(
        education, actor=liaison, evidence="已复学，附入学证明", expected_version=education.version
    )
    assert done.status == ActionStatus.DONE and done.completed_by == liaison
    deadline = deadlines_of(done).get(rule="case_action")
    assert deadline.met_at is not None
    # The liaison cannot reopen; the worker can, with a reason.
    with pytest.raises(CaseError) as refused:
        plan.reopen_action(done, actor=liaison, reason="x")
    assert refused.value.code == "not_allowed"
    with pytest.raises(CaseError) as refused:
        plan.reopen_action(done, actor=people["director_meiyuan"], reason="")
    assert refused.value.code == "reason_missing"
    again = plan.reopen_action(done, actor=people["director_meiyuan"], reason="再次辍学")
    assert again.status == ActionStatus.IN_PROGRESS and again.completed_at is None
    assert deadlines_of(again).filter(rule="case_action", met_at__isnull=True).count() == 1


def test_an_action_needs_its_owner_and_a_date_not_past(people, actions):
    case, _e, _h = actions
    worker = people["director_meiyuan"]
    with pytest.raises(CaseError) as refused:
        plan.add_plan_action(
            case, actor=worker, title="x", owner_kind="department", due_on=timezone.localdate()
        )
    assert refused.value.code == "owner_missing"
    with pytest.raises(CaseError) as refused:
        plan.add_plan_action(
            case,
            actor=worker,
            title="x",
            owner_kind="unit",
            owner_unit="学校",
            due_on=timezone.localdate() - timedelta(days=1),
        )
    assert refused.value.code == "due_in_past"
    with pytest.raises(CaseError) as refused:
        plan.add_plan_action(
            case,
            actor=people["auditor_xuanwu"],
            title="x",
            owner_kind="unit",
            owner_unit="学校",
            due_on=timezone.localdate(),
        )
    assert refused.value.code == "not_allowed"


def test_goals_and_notes(people, actions):
    case, _e, _h = actions
    goal = plan.add_goal(case, actor=people["officer_xuanwu"], text="恢复正常上学")
    plan.set_goal_achieved(goal, actor=people["director_meiyuan"])
    goal.refresh_from_db()
    assert goal.achieved
    # Station staff record what they see; auditors write nothing.
    plan.add_note(case, actor=people["staff_meiyuan"], text="走访：情况稳定")
    with pytest.raises(CaseError) as refused:
        plan.add_note(case, actor=people["auditor_xuanwu"], text="x")
    assert refused.value.code == "not_allowed"
    with pytest.raises(CaseError) as refused:
        plan.add_goal(case, actor=people["staff_meiyuan"], text="x")
    assert refused.value.code == "not_allowed"
