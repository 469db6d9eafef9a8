"""Shared set-up of the caseflow tests (not a test module): a case of a child of 梅园社区
worked by its director, supervised by 梅园新村街道's supervisor, walked to any status through
the services."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from childwelfare.cases.choices import ApprovalStage, CaseStatus
from childwelfare.cases.services import caseflow as flow
from childwelfare.cases.services import caseflow_plan as plan
from childwelfare.cases.services.opening import open_case
from childwelfare.testing.factories import ChildFactory
from childwelfare.testing.people import MEIYUAN

S = CaseStatus
ORDER = [S.INTAKE, S.ASSESSMENT, S.PLAN, S.INTERVENTION, S.REVIEW, S.CLOSED]


def new_case(people, *, area=MEIYUAN, worker="director_meiyuan", supervisor="supervisor_meiyuan", **kwargs):
    child = ChildFactory(area_id=area)
    return open_case(
        child,
        source="hotline_12345",
        worker=people[worker],
        supervisor=people[supervisor] if supervisor else None,
        actor=people["officer_xuanwu"] if area.startswith("320102") else people["officer_gulou"],
        key_classes=["left_alone"],
        summary="独自在家",
        **kwargs,
    )


def approve(case, stage, people, *, worker="director_meiyuan", approver="supervisor_meiyuan"):
    approval = flow.request_approval(case, stage, actor=people[worker])
    flow.decide_approval(approval, actor=people[approver], approve=True)
    case.refresh_from_db()
    return case


def walk(case, to: str, people, *, worker="director_meiyuan", approver="supervisor_meiyuan"):
    """Move `case` forward through the services until it has status `to`."""
    w = people[worker]
    while case.status != to:
        if case.status == S.INTAKE:
            case = flow.start_assessment(case, actor=w)
        elif case.status == S.ASSESSMENT:
            case.assessment = "监护缺失，需安排临时照料"
            case.save()
            case = approve(case, ApprovalStage.ASSESSMENT, people, worker=worker, approver=approver)
        elif case.status == S.PLAN:
            plan.add_goal(case, actor=w, text="落实照料人")
            plan.add_plan_action(
                case,
                actor=w,
                title="复学安置",
                owner_kind="department",
                department="education",
                due_on=timezone.localdate() + timedelta(days=10),
            )
            case = approve(case, ApprovalStage.PLAN, people, worker=worker, approver=approver)
        elif case.status == S.INTERVENTION:
            case = flow.begin_review(case, actor=w)
        elif case.status == S.REVIEW:
            case = flow.set_closure(case, actor=w, reason="goals_met", outcome="已由祖父母照料")
            case = approve(case, ApprovalStage.CLOSURE, people, worker=worker, approver=approver)
        else:
            raise AssertionError(f"cannot walk from {case.status} to {to}")
    return case
