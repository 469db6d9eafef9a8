"""Case conferences (会商, issue 10) for the demo city, so a day of use finds them:

- in 玄武区, convened by officer_xuanwu: one held a month before the load date, with
  attendance, minutes, a decision (one with dissent) per case and actions in every state —
  open, in progress, done, overdue, overdue and reminded (督办) — several for the education
  department, so liaison_education_xuanwu has work; and one planned a few days ahead;
- in 鼓楼区, convened by officer_gulou: one held, with a decision and two actions.

The cases are opened here (cases.services.opening.open_case) for demo children of 梅园新村街道
and 宁海路街道 chosen by a fixed rule: children with an open file and no open case, in the order
of their ID number hash, every seventh. The platform's own writes go through the services;
the dates the services would not take (a due date already past, a clock started a month ago)
are then moved back, as the passing of time would have left them.

Deterministic for a given load date and demo city.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from childwelfare.areas.models import Area
from childwelfare.cases.choices import ActionStatus, CaseStatus
from childwelfare.cases.models import Case, CaseAction, Conference
from childwelfare.cases.services import conference as services
from childwelfare.cases.services.common import CaseConflict, CaseError
from childwelfare.cases.services.opening import open_case
from childwelfare.deadlines.calendar import end_of_day
from childwelfare.deadlines.models import Deadline
from childwelfare.deadlines.services import meet_deadline
from childwelfare.registry.choices import FileStatus
from childwelfare.registry.models import Child
from childwelfare.workflow.services import transition

from . import people

STEP = 7  # every seventh candidate child


def _children(street: str, count: int) -> list[Child]:
    """`count` children of `street` with an open file and no case that is not closed: every
    STEP-th in the order of their ID number hash (a fixed, data-independent rule)."""
    busy = Case.objects.exclude(status=CaseStatus.CLOSED).values("child_id")
    candidates = (
        Child.objects.filter(area__code__startswith=street, status=FileStatus.OPEN)
        .exclude(pk__in=busy)
        .order_by("id_hash", "pk")
    )
    chosen = list(candidates[: STEP * count : STEP])
    if len(chosen) < count:  # a small demo city: take the first ones instead
        chosen = list(candidates[:count])
    return chosen


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _open_cases(street: str, count: int, *, officer, supervisor, opened_on: date) -> list[Case]:
    return [
        open_case(
            child,
            source=source,
            worker=officer,
            supervisor=supervisor,
            actor=officer,
            opened_on=opened_on,
            key_classes=classes,
            summary=summary,
        )
        for child, (source, classes, summary) in zip(
            _children(street, count), CASE_KINDS * (count // len(CASE_KINDS) + 1), strict=False
        )
    ]


CASE_KINDS = [
    (
        "discovery_red",
        ["guardianship_missing", "dropped_out"],
        "父母长期在外务工失联，祖母年迈，儿童辍学在家。",
    ),
    ("mandatory_report", ["abuse_or_violence"], "学校报告儿童身上多处伤痕，疑似遭受家庭暴力。"),
    ("hotline_12345", ["left_alone"], "邻居来电反映儿童长期独自在家，无人照料。"),
    ("department_referral", ["psychological"], "学校转介：儿童情绪低落，有自伤倾向。"),
    ("family_or_child", ["illness_or_disability"], "儿童患重病，家庭无力承担治疗费用。"),
]


def _move_back(action: CaseAction, *, due_on: date, started: datetime) -> None:
    """The action's due date and its deadline's clock as they stand a month on."""
    CaseAction.objects.filter(pk=action.pk).update(due_on=due_on, created_at=started)
    Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(CaseAction), subject_id=action.pk, rule="case_action"
    ).update(due_at=end_of_day(due_on), started_at=started)
    action.due_on = due_on


def _action(decision, officer, *, title, due_on, started, department="", unit="", state="open", note=""):
    """One action of `decision` in `state`: open, in_progress, done, overdue, reminded."""
    real_today = timezone.localdate()
    action = services.add_decision_action(
        decision,
        actor=officer,
        title=title,
        owner_kind="department" if department else "unit",
        department=department,
        owner_unit=unit,
        due_on=max(due_on, real_today),
        detail=note,
    )
    _move_back(action, due_on=due_on, started=started)
    errors = {"error": CaseError, "conflict": CaseConflict}
    if state in ("in_progress", "done"):
        action = transition(action, ActionStatus.IN_PROGRESS, actor=officer, **errors)
    if state == "done":
        finished = min(started + timedelta(days=12), timezone.now())
        action = transition(
            action,
            ActionStatus.DONE,
            actor=officer,
            evidence=note or "已按会商决定办结，材料存档。",
            completed_at=finished,
            completed_by=officer,
            **errors,
        )
        meet_deadline(action, "case_action", at=finished)
    if state == "reminded":
        services.remind_action(action, actor=officer, text="该任务已逾期，请于三个工作日内办结并书面反馈。")
    return action


def _held(officer, *, area, title, held_on, cases, departments, absent, units, place, minutes, review_days):
    conference = services.convene_conference(
        actor=officer,
        area=area,
        title=title,
        held_at=_at(held_on, 9),
        place=place,
        cases=cases,
        departments=departments,
        units=units,
        agenda="一、逐案通报儿童情况；二、研判风险；三、明确各部门分工和完成期限。",
    )
    attendance = {p.pk: (p.department not in absent, f"{p}代表") for p in conference.participants.all()}
    conference = services.record_attendance(
        conference, actor=officer, attendance=attendance, expected_version=conference.version
    )
    return services.hold_conference(
        conference,
        actor=officer,
        minutes=minutes,
        next_review_on=held_on + timedelta(days=review_days),
        expected_version=conference.version,
    )


@transaction.atomic
def seed_cases_conference(*, today: date) -> dict:
    """The demo's conferences (see the module docstring). Returns {"conferences": n,
    "actions": n, "overdue": n, "reminded": n, "cases": n}. Needs the named users
    (testing.people) and demo children in 梅园新村街道 and 宁海路街道."""
    users = people.ensure_people()
    officer, supervisor = users["officer_xuanwu"], users["supervisor_meiyuan"]
    xuanwu = Area.objects.get(code=people.XUANWU)
    held_on = today - timedelta(days=30)
    started = _at(held_on, 12)
    cases = _open_cases(
        people.MEIYUAN_STREET, 5, officer=officer, supervisor=supervisor, opened_on=today - timedelta(days=45)
    )
    if len(cases) < 5:
        return {"conferences": 0, "actions": 0, "overdue": 0, "reminded": 0, "cases": len(cases)}
    held = _held(
        officer,
        area=xuanwu,
        title="梅园新村街道困境儿童个案会商（第一次）",
        held_on=held_on,
        cases=cases[:3],
        departments=["education", "public_security", "health", "womens_federation", "procuratorate"],
        absent={"procuratorate"},
        units=["梅园小学", "梅园新村街道未成年人保护工作站", "南京市儿童医院"],
        place="玄武区民政局三楼会议室",
        minutes=(
            "会议由区民政局召集，教育、公安、卫健、妇联等部门及学校、工作站参加。会议逐案通报了三名儿童的情况，"
            "研判了监护、就学和安全风险，形成会商决定如下，各责任单位按期落实并反馈。"
        ),
        review_days=60,
    )
    items = list(held.agenda_cases.order_by("pk"))
    first = services.record_decision(
        items[0],
        actor=officer,
        text="由教育部门落实复学，工作站安排课后托管，妇联联系亲属协助照料；民政部门评估是否启动临时监护。",
        dissent="公安分局认为应先查明父母下落，再决定监护安排。",
    )
    second = services.record_decision(
        items[1],
        actor=officer,
        text="公安机关依法调查取证；卫健部门安排伤情鉴定和心理评估；学校加强日常关注并每周报告。",
    )
    third = services.record_decision(
        items[2],
        actor=officer,
        text="工作站每周上门探访；教育部门安排寄宿；社区落实照料人。",
    )
    made = [
        _action(
            first,
            officer,
            title="落实复学，安排插班",
            department="education",
            due_on=today - timedelta(days=10),
            started=started,
            state="reminded",
        ),
        _action(
            first,
            officer,
            title="安排课后托管",
            unit="梅园新村街道未成年人保护工作站",
            due_on=today + timedelta(days=10),
            started=started,
            state="in_progress",
        ),
        _action(
            first,
            officer,
            title="联系亲属协助照料",
            department="womens_federation",
            due_on=today - timedelta(days=5),
            started=started,
            state="overdue",
        ),
        _action(
            second,
            officer,
            title="调查取证并反馈结果",
            department="public_security",
            due_on=today - timedelta(days=8),
            started=started,
            state="done",
            note="已立案调查，结果已书面反馈区民政局。",
        ),
        _action(
            second,
            officer,
            title="伤情鉴定和心理评估",
            department="health",
            due_on=today + timedelta(days=5),
            started=started,
            state="open",
        ),
        _action(
            second,
            officer,
            title="每周报告儿童在校情况",
            department="education",
            due_on=today + timedelta(days=20),
            started=started,
            state="in_progress",
        ),
        _action(
            third,
            officer,
            title="安排寄宿就读",
            department="education",
            due_on=today - timedelta(days=3),
            started=started,
            state="overdue",
        ),
        _action(
            third,
            officer,
            title="每周上门探访",
            unit="梅园新村街道未成年人保护工作站",
            due_on=today - timedelta(days=12),
            started=started,
            state="done",
            note="已连续四周探访，记录存档。",
        ),
    ]
    planned = services.convene_conference(
        actor=officer,
        area=xuanwu,
        title="梅园新村街道困境儿童个案会商（第二次）",
        held_at=_at(today + timedelta(days=5), 14),
        place="梅园新村街道办事处会议室",
        cases=cases[3:5],
        departments=["education", "health", "justice", "civil_affairs"],
        units=["梅园中学"],
        agenda="研判两名儿童的监护和就医问题。",
    )
    conferences = [held, planned]
    # 鼓楼区: a held one, so the city's list is not only 玄武区.
    gulou_officer = users["officer_gulou"]
    gulou_cases = _open_cases(
        people.NINGHAI_STREET, 1, officer=gulou_officer, supervisor=None, opened_on=today - timedelta(days=40)
    )
    if gulou_cases:
        gulou = _held(
            gulou_officer,
            area=Area.objects.get(code=people.GULOU),
            title="宁海路街道个案会商",
            held_on=today - timedelta(days=20),
            cases=gulou_cases,
            departments=["education", "public_security", "health"],
            absent=set(),
            units=[],
            place="鼓楼区民政局会议室",
            minutes="会议研判了儿童的就学和安全问题，明确分工如下。",
            review_days=90,
        )
        decision = services.record_decision(
            gulou.agenda_cases.get(), actor=gulou_officer, text="教育部门落实就近入学，公安部门加强巡查。"
        )
        gulou_started = _at(today - timedelta(days=20), 12)
        made += [
            _action(
                decision,
                gulou_officer,
                title="落实就近入学",
                department="education",
                due_on=today + timedelta(days=10),
                started=gulou_started,
                state="open",
            ),
            _action(
                decision,
                gulou_officer,
                title="加强巡查",
                department="public_security",
                due_on=today - timedelta(days=2),
                started=gulou_started,
                state="overdue",
            ),
        ]
        conferences.append(gulou)
    ids = [action.pk for action in made]
    overdue = services.overdue_actions(CaseAction.objects.filter(pk__in=ids)).count()
    return {
        "conferences": Conference.objects.filter(pk__in=[c.pk for c in conferences]).count(),
        "actions": len(made),
        "overdue": overdue,
        "reminded": CaseAction.objects.filter(pk__in=ids, reminder_count__gt=0).count(),
        "cases": len(cases) + len(gulou_cases),
    }
