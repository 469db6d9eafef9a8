"""Conferences for the conference tests (会商, issue 10): cases of 梅园社区 children, a
conference of 玄武区 convened by officer_xuanwu, attendance and holding it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone

from childwelfare.accounts.choices import Department
from childwelfare.areas.models import Area
from childwelfare.cases.models import CaseAction, Conference
from childwelfare.cases.services import conference as services
from childwelfare.cases.services.opening import open_case
from childwelfare.deadlines.calendar import end_of_day
from childwelfare.deadlines.models import Deadline
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory

TODAY = timezone.localdate()
THREE = (Department.EDUCATION, Department.HEALTH, Department.PUBLIC_SECURITY)


def make_case(people, *, area=named.MEIYUAN, officer="officer_xuanwu", name=None):
    child = ChildFactory(area_id=area, **({"name": name} if name else {}))
    actor = people[officer]
    return open_case(child, source="police", worker=actor, actor=actor)


def convene(
    people,
    cases,
    *,
    departments=THREE,
    units=("梅园小学",),
    officer="officer_xuanwu",
    area=named.XUANWU,
    quorum=None,
    title="困境儿童个案会商",
):
    return services.convene_conference(
        actor=people[officer],
        area=Area.objects.get(code=area),
        title=title,
        held_at=timezone.make_aware(datetime.combine(TODAY, datetime.min.time().replace(hour=9))),
        place="玄武区民政局三楼会议室",
        cases=cases,
        departments=departments,
        units=units,
        quorum=quorum,
        agenda="逐案研判，明确分工",
    )


def attend(conference: Conference, people, present: set[str], *, officer="officer_xuanwu") -> Conference:
    """Record the participants whose department (or unit name) is in `present` as attending."""
    attendance = {
        p.pk: ((p.department or p.unit_name) in present, f"{p}代表") for p in conference.participants.all()
    }
    conference.refresh_from_db()
    return services.record_attendance(
        conference, actor=people[officer], attendance=attendance, expected_version=conference.version
    )


def hold(
    conference: Conference, people, present=THREE, *, officer="officer_xuanwu", minutes="会议研究了个案情况。"
):
    conference = attend(conference, people, set(present), officer=officer)
    return services.hold_conference(
        conference,
        actor=people[officer],
        minutes=minutes,
        next_review_on=TODAY + timedelta(days=90),
        expected_version=conference.version,
    )


def backdate(action: CaseAction, due_on: date) -> CaseAction:
    """Move an action's due date into the past (add_action refuses one): the action's and its
    deadline's, as time passing would leave them."""
    CaseAction.objects.filter(pk=action.pk).update(due_on=due_on)
    Deadline.objects.filter(rule="case_action", subject_id=action.pk).update(
        due_at=end_of_day(due_on), started_at=end_of_day(due_on) - timedelta(days=30)
    )
    action.refresh_from_db()
    return action
