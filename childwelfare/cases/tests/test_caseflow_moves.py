"""Every status move of a case by the right role in scope, approvals with four eyes, the
deadlines each move opens, meets or cancels, closure read-only and reopening (issue 10)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from childwelfare.access.scope import OutOfScope
from childwelfare.cases.choices import ActionStatus, ApprovalDecision, ApprovalStage, CaseStatus
from childwelfare.cases.models import CaseApproval, CaseEvent
from childwelfare.cases.services import caseflow as flow
from childwelfare.cases.services import caseflow_plan as plan
from childwelfare.cases.services.common import CaseConflict, CaseError
from childwelfare.deadlines.models import Deadline
from childwelfare.deadlines.services import deadlines_of
from childwelfare.workflow.models import TransitionEvent

from .caseflow_world import new_case, walk

pytestmark = pytest.mark.django_db
S = CaseStatus


def running(subject, rule):
    return deadlines_of(subject).filter(rule=rule, met_at__isnull=True, cancelled_at__isnull=True)


def test_the_whole_course_moves_step_by_step_with_its_deadlines(people):
    worker, supervisor = people["director_meiyuan"], people["supervisor_meiyuan"]
    case = new_case(people)
    assert running(case, "case_assessment").count() == 1
    case = flow.start_assessment(case, actor=worker)
    assert case.status == S.ASSESSMENT
    # Asking needs the assessment written.
    with pytest.raises(CaseError) as refused:
        flow.request_approval(case, ApprovalStage.ASSESSMENT, actor=worker)
    assert refused.value.code == "assessment_missing"
    case.assessment = "监护缺失"
    case.save()
    approval = flow.request_approval(case, ApprovalStage.ASSESSMENT, actor=worker, note="请审批")
    case.refresh_from_db()
    assert case.status == S.ASSESSMENT  # asking moves nothing
    flow.decide_approval(approval, actor=supervisor, approve=True, comment="同意")
    case.refresh_from_db()
    assert case.status == S.PLAN
    assessment = deadlines_of(case).get(rule="case_assessment")
    assert assessment.met_at is not None
    # The plan needs a goal, then its approval opens the 3-month review.
    with pytest.raises(CaseError) as refused:
        flow.request_approval(case, ApprovalStage.PLAN, actor=worker)
    assert refused.value.code == "plan_empty"
    case = walk(case, S.INTERVENTION, people)
    review = running(case, "case_plan_review").get()
    # 3 calendar months from the approval (rule case_plan_review).
    assert timezone.localtime(review.due_at).date() >= timezone.localdate() + timedelta(days=89)
    case = flow.begin_review(case, actor=worker)
    case = flow.finish_review(case, actor=worker, text="继续跟进")
    assert case.status == S.INTERVENTION
    reviews = deadlines_of(case).filter(rule="case_plan_review")
    assert reviews.count() == 2 and reviews.filter(met_at__isnull=False).count() == 1
    assert running(case, "case_plan_review").count() == 1
    action = case.actions.get()
    case = walk(case, S.CLOSED, people)
    assert case.closed_on == timezone.localdate()
    # Closure cancels every running deadline of the case and of its open actions.
    assert Deadline.objects.running().filter(subject_id__in=[case.pk, action.pk]).count() == 0
    action.refresh_from_db()
    assert action.status == ActionStatus.CANCELLED
    moves = TransitionEvent.objects.filter(object_id=case.pk).values_list("from_status", "to_status")
    assert ("review", "closed") in list(moves)
    kinds = set(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert {"moved", "approval_requested", "approval_approved", "goal_added", "action_added"} <= kinds


def test_reopen_needs_the_district_officer_and_a_reason(people):
    case = walk(new_case(people), S.CLOSED, people)
    with pytest.raises(CaseError) as refused:
        flow.reopen_case(case, actor=people["supervisor_meiyuan"], reason="再次发现")
    assert refused.value.code == "not_allowed"
    with pytest.raises(CaseError) as refused:
        flow.reopen_case(case, actor=people["officer_xuanwu"], reason="  ")
    assert refused.value.code == "reason_missing"
    case = flow.reopen_case(case, actor=people["officer_xuanwu"], reason="再次发现独居")
    assert case.status == S.ASSESSMENT and case.reopen_reason == "再次发现独居" and case.closed_on is None
    assert running(case, "case_assessment").count() == 1
    assert CaseEvent.objects.filter(case=case, kind="reopened", text="再次发现独居").exists()


STEPS = {
    "start_assessment": (S.INTAKE, lambda c, u: flow.start_assessment(c, actor=u)),
    "begin_review": (S.INTERVENTION, lambda c, u: flow.begin_review(c, actor=u)),
    "finish_review": (S.REVIEW, lambda c, u: flow.finish_review(c, actor=u)),
    "request_assessment": (S.ASSESSMENT, None),
}


@pytest.mark.parametrize("step", ["start_assessment", "begin_review", "finish_review"])
@pytest.mark.parametrize(
    "who, allowed",
    [
        ("director_meiyuan", True),  # the case's worker
        ("officer_xuanwu", True),  # the district officer
        ("staff_meiyuan", False),  # sees the case, does not work it
        ("supervisor_meiyuan", False),  # approves, does not move
        ("auditor_xuanwu", False),  # reads only
    ],
)
def test_moves_by_role_in_scope(people, step, who, allowed):
    status, run = STEPS[step]
    case = walk(new_case(people), status, people)
    if allowed:
        moved = run(case, people[who])
        assert moved.status != status
    else:
        with pytest.raises(CaseError) as refused:
            run(case, people[who])
        assert refused.value.code == "not_allowed"
        case.refresh_from_db()
        assert case.status == status


@pytest.mark.parametrize("who", ["officer_gulou", "director_daxinggong", "liaison_education_xuanwu"])
def test_moves_outside_scope_are_refused_as_missing(people, who):
    case = new_case(people)
    with pytest.raises(OutOfScope):
        flow.start_assessment(case, actor=people[who])
    case.refresh_from_db()
    assert case.status == S.INTAKE


@pytest.mark.parametrize(
    "status, run",
    [
        (S.PLAN, lambda c, u: flow.start_assessment(c, actor=u)),
        (S.ASSESSMENT, lambda c, u: flow.begin_review(c, actor=u)),
        (S.INTERVENTION, lambda c, u: flow.finish_review(c, actor=u)),
        (S.INTAKE, lambda c, u: flow.finish_review(c, actor=u)),
        (S.PLAN, lambda c, u: flow.begin_review(c, actor=u)),
    ],
)
def test_illegal_moves_are_refused_and_change_nothing(people, status, run):
    case = walk(new_case(people), status, people)
    version = case.version
    with pytest.raises(CaseError) as refused:
        run(case, people["officer_xuanwu"])
    assert refused.value.code == "illegal_transition"
    case.refresh_from_db()
    assert (case.status, case.version) == (status, version)


def test_reopening_an_open_case_is_illegal(people):
    case = walk(new_case(people), S.INTERVENTION, people)
    with pytest.raises(CaseError) as refused:
        flow.reopen_case(case, actor=people["officer_xuanwu"], reason="x")
    assert refused.value.code == "illegal_transition"


@pytest.mark.parametrize(
    "status, stage",
    [
        (S.INTAKE, ApprovalStage.ASSESSMENT),
        (S.ASSESSMENT, ApprovalStage.PLAN),
        (S.INTERVENTION, ApprovalStage.CLOSURE),
        (S.PLAN, ApprovalStage.ASSESSMENT),
    ],
)
def test_an_approval_of_the_wrong_stage_cannot_be_asked(people, status, stage):
    case = walk(new_case(people), status, people)
    with pytest.raises(CaseError) as refused:
        flow.request_approval(case, stage, actor=people["director_meiyuan"])
    assert refused.value.code == "wrong_status"


def test_four_eyes_the_requester_cannot_approve_and_a_return_needs_a_comment(people):
    officer = people["officer_xuanwu"]
    case = walk(new_case(people, worker="officer_xuanwu"), S.ASSESSMENT, people, worker="officer_xuanwu")
    case.assessment = "需要心理疏导"
    case.save()
    approval = flow.request_approval(case, ApprovalStage.ASSESSMENT, actor=officer)
    with pytest.raises(CaseError) as refused:
        flow.decide_approval(approval, actor=officer, approve=True)
    assert refused.value.code == "own_request"
    # One pending request per stage.
    with pytest.raises(CaseError) as refused:
        flow.request_approval(case, ApprovalStage.ASSESSMENT, actor=officer)
    assert refused.value.code == "approval_pending"
    # A director is no approver; the supervisor of another street does not see the case.
    with pytest.raises(CaseError) as refused:
        flow.decide_approval(approval, actor=people["director_meiyuan"], approve=True)
    assert refused.value.code == "not_allowed"
    with pytest.raises(OutOfScope):
        flow.decide_approval(approval, actor=people["supervisor_xinjiekou"], approve=True)
    supervisor = people["supervisor_meiyuan"]
    with pytest.raises(CaseError) as refused:
        flow.decide_approval(approval, actor=supervisor, approve=False, comment=" ")
    assert refused.value.code == "comment_missing"
    flow.decide_approval(approval, actor=supervisor, approve=False, comment="评估不充分，补充家庭情况")
    approval.refresh_from_db()
    case.refresh_from_db()
    assert approval.decision == ApprovalDecision.RETURNED and case.status == S.ASSESSMENT
    with pytest.raises(CaseError) as refused:
        flow.decide_approval(approval, actor=supervisor, approve=True)
    assert refused.value.code == "approval_decided"
    # The worker edits and asks again; a second district officer may approve.
    case = flow.update_case(
        case, actor=officer, expected_version=case.version, assessment="补充：父母外出务工"
    )
    again = flow.request_approval(case, ApprovalStage.ASSESSMENT, actor=officer)
    flow.decide_approval(again, actor=people["officer2_xuanwu"], approve=True)
    case.refresh_from_db()
    assert case.status == S.PLAN
    assert CaseApproval.objects.filter(case=case).count() == 2


def test_an_approval_of_a_case_changed_since_the_page_is_a_conflict(people):
    case = walk(new_case(people), S.ASSESSMENT, people)
    case.assessment = "x"
    case.save()
    approval = flow.request_approval(case, ApprovalStage.ASSESSMENT, actor=people["director_meiyuan"])
    seen = case.version
    flow.update_case(case, actor=people["director_meiyuan"], expected_version=None, assessment="改过的评估")
    with pytest.raises(CaseConflict):
        flow.decide_approval(
            approval, actor=people["supervisor_meiyuan"], approve=True, expected_version=seen
        )
    approval.refresh_from_db()
    assert approval.decision == ApprovalDecision.PENDING


def test_closure_needs_reason_and_outcome(people):
    case = walk(new_case(people), S.REVIEW, people)
    worker = people["director_meiyuan"]
    with pytest.raises(CaseError) as refused:
        flow.request_approval(case, ApprovalStage.CLOSURE, actor=worker)
    assert refused.value.code == "closure_incomplete"
    with pytest.raises(CaseError) as refused:
        flow.set_closure(case, actor=worker, reason="goals_met", outcome="")
    assert refused.value.code == "outcome_missing"
    with pytest.raises(CaseError) as refused:
        flow.set_closure(case, actor=worker, reason="nonsense", outcome="好")
    assert refused.value.code == "invalid_choice"


def test_a_closed_case_is_read_only(people):
    case = walk(new_case(people), S.CLOSED, people)
    worker, officer = people["director_meiyuan"], people["officer_xuanwu"]
    action = case.actions.get()
    goal = case.goals.get()
    attempts = [
        lambda: flow.start_assessment(case, actor=officer),
        lambda: flow.begin_review(case, actor=officer),
        lambda: flow.request_approval(case, ApprovalStage.CLOSURE, actor=worker),
        lambda: flow.set_closure(case, actor=worker, reason="other", outcome="x"),
        lambda: flow.update_case(case, actor=worker, expected_version=case.version, summary="改"),
        lambda: plan.add_goal(case, actor=worker, text="新目标"),
        lambda: plan.set_goal_achieved(goal, actor=worker),
        lambda: plan.add_plan_action(
            case, actor=worker, title="x", owner_kind="unit", owner_unit="学校", due_on=timezone.localdate()
        ),
        lambda: plan.add_note(case, actor=worker, text="记录"),
        lambda: plan.report_action_progress(action, actor=worker, text="进展"),
        lambda: plan.complete_action(action, actor=worker, evidence="证明"),
        lambda: plan.reopen_action(action, actor=worker, reason="重办"),
    ]
    for attempt in attempts:
        with pytest.raises(CaseError) as refused:
            attempt()
        assert refused.value.code == "case_closed"
