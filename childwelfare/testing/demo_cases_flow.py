"""Cases of the demo city (issue 10, caseflow): a few dozen cases in every status — more in
玄武区's 梅园新村街道, so director_meiyuan, supervisor_meiyuan, officer_xuanwu and the education
liaison find work on their first day — with approvals pending, approved and returned, goals,
actions of several departments in every state (open, in progress, done, overdue), progress
notes, and one child with an open case proposed for a transfer.

Every case is recorded through the services by the demo's staff of record (the community's
director as worker, the street's supervisor approving, the district's officers opening and
reopening), so the rows are those the platform writes (Deadlines, TransitionEvents, the case
log). The services stamp the current time; each case is then moved back in time by its age
(every date and time of its rows and deadlines shifted alike), so the dates read as a case
opened weeks or months before the load date. Deterministic for a given `today`.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from childwelfare.accounts.choices import Department, Role
from childwelfare.areas.models import Area
from childwelfare.cases.choices import ApprovalStage, CaseStatus
from childwelfare.cases.models import (
    ActionUpdate,
    Case,
    CaseAction,
    CaseApproval,
    CaseEvent,
    ProgressNote,
)
from childwelfare.cases.services import caseflow as flow
from childwelfare.cases.services import caseflow_plan as plan
from childwelfare.cases.services.common import CaseError
from childwelfare.cases.services.opening import open_case
from childwelfare.deadlines.models import Deadline
from childwelfare.registry.models import Child
from childwelfare.registry.transfers import propose_transfer
from childwelfare.workflow.models import TransitionEvent

from . import people
from .demo_staff import staff_by_area

SEED = 10_2026
S = CaseStatus
MEIYUAN_CASES = 16
CITY_CASES = 26
# (status reached, what is left waiting there, age range in days)
SCENARIOS = [
    (S.INTAKE, "", (0, 3)),
    (S.ASSESSMENT, "", (3, 12)),
    (S.ASSESSMENT, "pending", (4, 9)),
    (S.ASSESSMENT, "returned", (8, 14)),
    (S.PLAN, "", (14, 25)),
    (S.PLAN, "pending", (15, 25)),
    (S.INTERVENTION, "", (40, 100)),
    (S.INTERVENTION, "", (60, 120)),
    (S.REVIEW, "", (95, 140)),
    (S.REVIEW, "pending", (100, 150)),
    (S.CLOSED, "", (150, 300)),
    (S.CLOSED, "reopened", (200, 320)),
]
DEPARTMENTS = [
    Department.EDUCATION,
    Department.HEALTH,
    Department.PUBLIC_SECURITY,
    Department.WOMENS_FEDERATION,
    Department.CIVIL_AFFAIRS,
]
ACTION_TITLES = {
    Department.EDUCATION: "落实复学和课业辅导",
    Department.HEALTH: "安排健康检查和康复评估",
    Department.PUBLIC_SECURITY: "核查监护人下落",
    Department.WOMENS_FEDERATION: "开展家庭教育指导",
    Department.CIVIL_AFFAIRS: "落实临时救助",
}
SUMMARIES = [
    "父母外出务工，由年迈祖母照料，近期祖母住院，儿童独自在家。",
    "学校反映儿童连续两周未到校，家中无人应答。",
    "邻居反映儿童常在夜间独自外出，身上有伤痕。",
    "父亲服刑，母亲下落不明，由叔叔临时照料，生活困难。",
    "儿童患慢性病，家庭无力负担治疗费用。",
]
CLASSES = ["left_alone", "dropped_out", "abuse_or_violence", "guardianship_missing", "illness_or_disability"]
SOURCES = ["discovery_red", "hotline_12345", "department_referral", "family_or_child", "police"]


def _pick_children(rng: random.Random) -> list[Child]:
    """Children without a case: MEIYUAN_CASES in 梅园新村街道 (red and yellow first), the rest
    spread over the city's other streets, one a street, in a fixed order."""
    free = Child.objects.filter(status="open").exclude(cases__isnull=False).order_by("pk")
    colour_rank = {"red": 0, "yellow": 1, "blue": 2, "green": 3, "": 4}
    meiyuan = sorted(
        free.filter(area__code__startswith=people.MEIYUAN_STREET),
        key=lambda c: (colour_rank[c.latest_colour], c.pk),
    )[:MEIYUAN_CASES]
    chosen = list(meiyuan)
    streets: dict[str, Child] = {}
    for child in free.exclude(area__code__startswith=people.MEIYUAN_STREET).only(
        "pk", "area_id", "latest_colour"
    ):
        current = streets.get(child.area_id[:9])
        if current is None or colour_rank[child.latest_colour] < colour_rank[current.latest_colour]:
            streets[child.area_id[:9]] = child
    others = [streets[code] for code in sorted(streets)]
    rng.shuffle(others)
    chosen += others[:CITY_CASES]
    return list(Child.objects.filter(pk__in=[c.pk for c in chosen]).select_related("area").order_by("pk"))


def _staff():
    return (
        staff_by_area(Role.CHILD_DIRECTOR),
        staff_by_area(Role.CHILD_SUPERVISOR),
        staff_by_area(Role.DISTRICT_OFFICER),
    )


def _shift(queryset, fields: tuple[str, ...], delta: timedelta) -> None:
    rows = list(queryset)
    for row in rows:
        for name in fields:
            value = getattr(row, name)
            if value is not None:
                setattr(row, name, value - delta)
    if rows:
        type(rows[0]).objects.bulk_update(rows, fields)


def _age_case(case: Case, days: int) -> None:
    """Move every date and time of `case`'s rows back by `days`."""
    delta = timedelta(days=days)
    _shift(Case.objects.filter(pk=case.pk), ("opened_on", "created_at", "closed_on"), delta)
    _shift(CaseEvent.objects.filter(case=case), ("at",), delta)
    _shift(CaseApproval.objects.filter(case=case), ("requested_at", "decided_at"), delta)
    actions = CaseAction.objects.filter(case=case)
    action_ids = list(actions.values_list("pk", flat=True))
    _shift(actions, ("due_on", "created_at", "completed_at"), delta)
    _shift(ActionUpdate.objects.filter(action__case=case), ("written_at",), delta)
    _shift(ProgressNote.objects.filter(case=case), ("written_at",), delta)
    case_type = ContentType.objects.get_for_model(Case)
    action_type = ContentType.objects.get_for_model(CaseAction)
    for kind, ids in ((case_type, [case.pk]), (action_type, action_ids)):
        _shift(
            Deadline.objects.filter(subject_type=kind, subject_id__in=ids),
            ("started_at", "due_at", "met_at", "cancelled_at"),
            delta,
        )
        _shift(TransitionEvent.objects.filter(content_type=kind, object_id__in=ids), ("at",), delta)


def _request_and_decide(case, stage, worker, approver, *, approve=True, comment=""):
    approval = flow.request_approval(case, stage, actor=worker, note="请审批")
    if approver is not None:
        flow.decide_approval(approval, actor=approver, approve=approve, comment=comment)
    case.refresh_from_db()
    return case


def _plan(case, rng, worker, age_days: int, *, liaison_department: str) -> None:
    plan.add_goal(case, actor=worker, text="落实稳定的照料安排")
    plan.add_goal(case, actor=worker, text="恢复正常就学和生活")
    departments = [liaison_department] + rng.sample([d for d in DEPARTMENTS if d != liaison_department], 2)
    for department in departments:
        # Due relative to the load date after the case is moved back by its age: some past.
        due_after_shift = rng.choice([-12, -5, 4, 10, 21, 35])
        plan.add_plan_action(
            case,
            actor=worker,
            title=ACTION_TITLES[department],
            owner_kind="department",
            department=department,
            due_on=timezone.localdate() + timedelta(days=max(age_days + due_after_shift, 0)),
            detail="请在期限内反馈办理情况。",
        )
    plan.add_plan_action(
        case,
        actor=worker,
        title="每两周家访一次",
        owner_kind="person",
        owner_user=worker,
        due_on=timezone.localdate() + timedelta(days=age_days + 30),
    )


def _work_actions(case, rng, liaisons: dict) -> None:
    """Progress on some actions and completion of others, by the department's liaison where
    the district has one, else by the case's worker."""
    for index, action in enumerate(case.actions.order_by("pk")):
        actor = liaisons.get((case.child.area_id[:6], action.department)) or case.worker
        roll = (index + rng.randrange(3)) % 3
        if roll >= 1:
            plan.report_action_progress(action, actor=actor, text="已与家庭取得联系，正在办理。")
        if roll == 2:
            action.refresh_from_db()
            plan.complete_action(action, actor=actor, evidence="已办结，相关材料已存档（见附件清单）。")


@transaction.atomic
def seed_cases_flow(*, today: date | None = None) -> dict:
    """The demo's cases (see the module's docstring), dated relative to `today` (default: the
    local date). Returns {"cases": n, "by_status": {status: n}, "actions": n,
    "pending_approvals": n, "transfers": n}."""
    today = today or timezone.localdate()
    lag = (timezone.localdate() - today).days
    rng = random.Random(SEED)
    directors, supervisors, officers = _staff()
    from childwelfare.accounts.models import User

    liaisons = {
        (user.area_id[:6], user.department): user
        for user in User.objects.filter(role=Role.DEPARTMENT_LIAISON, is_active=True).exclude(
            area__isnull=True
        )
    }
    made = []
    for index, child in enumerate(_pick_children(rng)):
        status, leave, (low, high) = SCENARIOS[index % len(SCENARIOS)]
        age = rng.randint(low, high)
        director = (directors.get(child.area_id) or [None])[0]
        supervisor = (supervisors.get(child.area_id[:9]) or [None])[0]
        district = officers.get(child.area_id[:6]) or []
        if director is None or supervisor is None or len(district) < 2:
            continue
        officer = district[0]
        try:
            case = open_case(
                child,
                source=SOURCES[index % len(SOURCES)],
                worker=director,
                supervisor=supervisor,
                actor=officer,
                key_classes=[CLASSES[index % len(CLASSES)]],
                summary=SUMMARIES[index % len(SUMMARIES)],
            )
        except CaseError:
            continue
        department = (
            Department.EDUCATION if child.area_id.startswith(people.XUANWU) else rng.choice(DEPARTMENTS)
        )
        case = _walk(case, status, leave, rng, director, supervisor, officer, age, department, liaisons)
        if case.status != S.CLOSED:
            plan.add_note(case, actor=director, text="入户走访，儿童情绪稳定，照料人配合。")
        _age_case(case, age + lag)
        made.append(case)
    transfers = _transfer_one(made, officers)
    by_status: dict[str, int] = {}
    for case in Case.objects.filter(pk__in=[c.pk for c in made]):
        by_status[case.status] = by_status.get(case.status, 0) + 1
    return {
        "cases": len(made),
        "by_status": by_status,
        "actions": CaseAction.objects.filter(case__in=made).count(),
        "pending_approvals": CaseApproval.objects.filter(case__in=made, decision="pending").count(),
        "transfers": transfers,
    }


def _walk(case, status, leave, rng, worker, supervisor, officer, age, department, liaisons):
    """Take `case` to `status` through the services, leaving what `leave` says waiting."""
    target_index = [S.INTAKE, S.ASSESSMENT, S.PLAN, S.INTERVENTION, S.REVIEW, S.CLOSED].index(status)
    if target_index == 0:
        return case
    case = flow.start_assessment(case, actor=worker)
    if target_index == 1:
        if leave:
            case = flow.update_case(
                case, actor=worker, expected_version=case.version, assessment="初步评估：照料缺失，风险较高。"
            )
        if leave == "pending":
            flow.request_approval(case, ApprovalStage.ASSESSMENT, actor=worker, note="请审批评估")
        elif leave == "returned":
            case = _request_and_decide(
                case,
                ApprovalStage.ASSESSMENT,
                worker,
                supervisor,
                approve=False,
                comment="请补充家庭经济状况。",
            )
        return case
    case = flow.update_case(
        case,
        actor=worker,
        expected_version=case.version,
        assessment="照料缺失，需落实临时照料和复学。",
        needs="生活照料、就学、心理疏导",
    )
    case = _request_and_decide(case, ApprovalStage.ASSESSMENT, worker, supervisor)
    _plan(case, rng, worker, age, liaison_department=department)
    if target_index == 2:
        if leave == "pending":
            flow.request_approval(case, ApprovalStage.PLAN, actor=worker, note="计划已制定，请审批")
        return case
    case = _request_and_decide(case, ApprovalStage.PLAN, worker, supervisor)
    _work_actions(case, rng, liaisons)
    if target_index == 3:
        return case
    case = flow.begin_review(case, actor=worker)
    if target_index == 4:
        if leave == "pending":
            case = flow.set_closure(
                case, actor=worker, reason="goals_met", outcome="儿童已复学，由亲属稳定照料。"
            )
            flow.request_approval(case, ApprovalStage.CLOSURE, actor=worker, note="服务目标已达成")
        return case
    case = flow.set_closure(case, actor=worker, reason="goals_met", outcome="儿童已复学，由亲属稳定照料。")
    case = _request_and_decide(case, ApprovalStage.CLOSURE, worker, supervisor)
    if leave == "reopened":
        case = flow.reopen_case(case, actor=officer, reason="再次接到报告：照料人再次外出。")
    return case


def _transfer_one(cases: list[Case], officers) -> int:
    """One child of 梅园新村街道 with a case in intervention, proposed by its director for
    新街口街道: officer_xuanwu finds it on the transfer list, with its acceptance deadline."""
    for case in cases:
        case.refresh_from_db()
        if case.status == S.INTERVENTION and case.child.area_id.startswith(people.MEIYUAN_STREET):
            target = Area.objects.filter(code=people.XINJIEKOU).first()
            if target is None:
                return 0
            propose_transfer(case.child, actor=case.worker, to_area=target, reason="随父母迁居新街口")
            return 1
    return 0
