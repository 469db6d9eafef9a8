"""The deadline engine in the demo city (issue 10). The running eligibility applications of
the applications demo (demo_applications.py, through the services) already hold their
step's deadline; the case parts' demos open theirs through open_case / add_action. This adds
what a day of use needs on top: an extension asked for by the township's supervisor on the
oldest running application deadline of 梅园新村街道 (or, failing that, of 玄武区), waiting for
the district officer's decision, so 时限调整待审批 has something in it. Deterministic: the
same data gives the same request."""

from __future__ import annotations

from datetime import date, timedelta

from childwelfare.accounts.choices import Role
from childwelfare.deadlines.calendar import end_of_day
from childwelfare.deadlines.changes import request_change
from childwelfare.deadlines.escalation import due_day
from childwelfare.deadlines.models import Deadline, DeadlineChange
from childwelfare.testing import people
from childwelfare.testing.demo_staff import staff_by_area

REASON = "儿童父亲服刑材料需监狱出具证明，等待回函"


def seed_cases_deadlines(*, today: date) -> dict:
    """Ask for one extension (see the module docstring). Returns {"running": n, "overdue": n,
    "changes": n} over the demo's deadlines."""
    running = Deadline.objects.running().filter(rule="application_check").order_by("due_at", "pk")
    target = (
        running.filter(area_code__startswith=people.MEIYUAN_STREET).first()
        or running.filter(area_code__startswith=people.XUANWU).first()
    )
    changes = 0
    if target is not None and not target.changes.exists():
        supervisors = staff_by_area(Role.CHILD_SUPERVISOR).get(target.area_code[:9], [])
        if supervisors:
            request_change(
                target,
                actor=supervisors[0],
                kind=DeadlineChange.Kind.EXTEND,
                reason=REASON,
                new_due_at=end_of_day(max(due_day(target.due_at), today) + timedelta(days=10)),
            )
            changes = 1
    return {
        "running": Deadline.objects.running().count(),
        "overdue": Deadline.objects.overdue().count(),
        "changes": changes,
    }
