"""The data of the case-deadline benchmark (bench/cases.py): a district's children, cases in
every status, case-plan actions assigned to departments, and their deadlines on the engine
(running, met, a few paused). Not timed; the same for a given seed. Run through cases.py."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import _common as common

SHANGHAI = ZoneInfo("Asia/Shanghai")
STATUS_WEIGHTS = {"intake": 10, "assessment": 15, "plan": 15, "intervention": 40, "review": 10, "closed": 10}
DEPARTMENTS = ["education", "public_security", "health", "civil_affairs", "justice", "womens_federation"]
ACTION_TITLES = [
    "联系学校落实复学",
    "协调办理户籍",
    "安排心理疏导",
    "落实临时救助",
    "法律援助",
    "家庭教育指导",
]


def _end_of_day(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min, SHANGHAI)


def _start(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), SHANGHAI)


def generate(
    count: int, cases: int, communities: list[str], officer, today: date, seed: int = 2026_12
) -> dict:
    """Children, cases, actions and deadlines, loaded with COPY / executemany. Returns counts."""
    from django.contrib.contenttypes.models import ContentType

    from childwelfare.accounts.models import User
    from childwelfare.cases.models import Case, CaseAction
    from childwelfare.deadlines.models import Deadline
    from childwelfare.lib.dates import add_months
    from childwelfare.registry.models import Child

    rng = random.Random(seed)
    rows = common.ChildRows(rng)
    size = [rng.uniform(1, 4) for _ in communities]
    youngest, oldest = today - timedelta(days=60), today - timedelta(days=18 * 365 - 30)
    area_of: dict[int, str] = {}

    def children():
        for pk in range(1, count + 1):
            area = rng.choices(communities, size)[0]
            area_of[pk] = area
            birth = youngest - timedelta(days=rng.randrange((youngest - oldest).days))
            created = _start(today - timedelta(days=rng.randrange(30, 900)))
            age = (today - birth).days // 365
            yield rows.row(pk, birth=birth, gender=rng.choice("MF"), area=area, created=created,
                           school=common.school_status(age, rng))  # fmt: skip

    common.load_rows(Child, common.CHILD_FIELDS, children(), total=count, desc="children")
    supervisors = dict(User.objects.filter(role="child_supervisor").values_list("area_id", "id"))
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    case_rows, action_rows, deadline_rows = [], [], []
    case_type = ContentType.objects.get_for_model(Case).pk
    action_type = ContentType.objects.get_for_model(CaseAction).pk
    counts = {"children": count, "cases": cases, "actions": 0, "deadlines": 0, "running": 0, "paused": 0}
    action_pk = deadline_pk = 0
    chosen = rng.sample(range(1, count + 1), cases)

    def deadline(subject_type, subject_id, rule, label, area, started, due, *, met=None, department="",
                 owner=None):  # fmt: skip
        nonlocal deadline_pk
        deadline_pk += 1
        paused = None
        if met is None:
            counts["running"] += 1
            if rng.random() < 0.01:
                paused = started + timedelta(days=1)
                counts["paused"] += 1
        deadline_rows.append(
            (deadline_pk, subject_type, subject_id, rule, label[:200], area, department, owner, started, due,
             met, None, paused, 0)
        )  # fmt: skip

    for case_pk, child_pk in enumerate(chosen, start=1):
        area = area_of[child_pk]
        status = rng.choices(statuses, weights)[0]
        opened = today - timedelta(
            days=rng.randrange(1, 400) if status not in ("intake", "assessment") else rng.randrange(1, 60)
        )
        number = f"GA320102{opened.year}{case_pk:06d}"
        case_rows.append(
            (case_pk, number, child_pk, opened, "discovery_red", "", officer.pk, supervisors.get(area[:9]), status,
             "", "", "", "", today if status == "closed" else None, "", officer.pk, _start(opened), 0)
        )  # fmt: skip
        assessed = status not in ("intake", "assessment")
        deadline(
            case_type, case_pk, "case_assessment", f"个案 {number} 评估", area, _start(opened),
            _end_of_day(opened + timedelta(days=7)),
            met=_start(opened + timedelta(days=rng.randrange(1, 10))) if assessed else None, owner=officer.pk,
        )  # fmt: skip
        if status in ("intervention", "review"):
            review = add_months(opened, 3 * (1 + (today - opened).days // 92))
            # Some reviews are late: their due day lies before today.
            if rng.random() < 0.3:
                review = today - timedelta(days=rng.randrange(1, 40))
            deadline(case_type, case_pk, "case_plan_review", f"个案 {number} 计划回顾", area, _start(opened),
                     _end_of_day(review), owner=officer.pk)  # fmt: skip
        if status in ("plan", "intervention", "review", "closed"):
            for _ in range(2):
                action_pk += 1
                department = rng.choice(DEPARTMENTS)
                due = today + timedelta(days=rng.randrange(-45, 60))
                done = status == "closed" or rng.random() < 0.3
                title = rng.choice(ACTION_TITLES)
                action_rows.append(
                    (action_pk, case_pk, title, "", "department", department, "", None, due,
                     "done" if done else "open", "", _start(today) if done else None, None, 0, officer.pk,
                     _start(opened), 0)
                )  # fmt: skip
                deadline(
                    action_type, action_pk, "case_action", f"个案 {number} 任务：{title}", area, _start(opened),
                    _end_of_day(due), met=_start(today) if done else None, department=department,
                )  # fmt: skip
    common.load_rows(
        Case,
        ["id", "number", "child", "opened_on", "source", "summary", "worker", "supervisor", "status",
         "assessment", "needs", "closure_reason", "outcome", "closed_on", "reopen_reason", "created_by",
         "created_at", "version"],
        case_rows, total=len(case_rows), desc="cases",
    )  # fmt: skip
    common.load_rows(
        CaseAction,
        ["id", "case", "title", "detail", "owner_kind", "department", "owner_unit", "owner_user", "due_on",
         "status", "evidence", "completed_at", "completed_by", "reminder_count", "created_by", "created_at",
         "version"],
        action_rows, total=len(action_rows), desc="actions",
    )  # fmt: skip
    common.load_rows(
        Deadline,
        ["id", "subject_type", "subject_id", "rule", "label", "area_code", "department", "owner", "started_at",
         "due_at", "met_at", "cancelled_at", "paused_at", "version"],
        deadline_rows, total=len(deadline_rows), desc="deadlines",
    )  # fmt: skip
    common.reset_sequences(Child, Case, CaseAction, Deadline)
    counts["actions"] = len(action_rows)
    counts["deadlines"] = len(deadline_rows)
    return counts
