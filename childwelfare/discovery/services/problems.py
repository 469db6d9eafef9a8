"""Problems found (问题清单), handed to the responsible department and followed to the end."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.accounts.choices import Department
from childwelfare.lib.versions import claim_version
from childwelfare.registry.models import Child
from childwelfare.workflow.services import transition

from .. import permissions
from ..choices import ProblemStatus
from ..models import (
    Problem,
    ProblemAction,
)
from .common import _ERRORS, ConflictError, DiscoveryError

# ---- problems ----------------------------------------------------------------------------


@transaction.atomic
def raise_problem(
    *, child: Child, actor, kind: str, description: str, department: str, deadline: date, record=None
) -> Problem:
    """A problem found (benefit, schooling, hukou …) handed to the department that can solve it."""
    if not permissions.can_raise_problem(actor, child.area_id):
        raise DiscoveryError(_("您不能为该儿童登记问题"), code="cannot_raise_problem")
    if not description.strip():
        raise DiscoveryError(_("请填写问题描述"), code="description_missing", field="description")
    if deadline < timezone.localdate():
        raise DiscoveryError(_("办理期限不能早于今天"), code="deadline_in_past", field="deadline")
    problem = Problem.objects.create(
        child=child,
        record=record,
        kind=kind,
        description=description.strip(),
        department=department,
        deadline=deadline,
        raised_by=actor,
    )
    ProblemAction.objects.create(problem=problem, actor=actor, kind="raised", text=description.strip())
    return problem


@transaction.atomic
def add_problem_action(problem: Problem, *, actor, text: str) -> ProblemAction:
    """What the department did (the liaison), kept in order."""
    if not permissions.can_act_on_problem(actor, problem):
        raise DiscoveryError(_("只有责任部门联络员可以登记办理情况"), code="cannot_act_on_problem")
    if problem.status != ProblemStatus.OPEN:
        raise DiscoveryError(_("问题不在办理中"), code="problem_not_open")
    if not text.strip():
        raise DiscoveryError(_("请填写办理情况"), code="action_text_missing", field="text")
    return ProblemAction.objects.create(problem=problem, actor=actor, text=text.strip())


@transaction.atomic
def solve_problem(problem: Problem, *, actor, expected_version: int, text: str) -> Problem:
    """The liaison marks the problem solved, saying how; the district officer then verifies."""
    if not permissions.can_act_on_problem(actor, problem):
        raise DiscoveryError(_("只有责任部门联络员可以办结"), code="cannot_solve_problem")
    if not text.strip():
        raise DiscoveryError(_("请填写办结情况"), code="solution_text_missing", field="text")
    problem = transition(
        problem,
        ProblemStatus.SOLVED,
        actor=actor,
        expected_version=expected_version,
        reason=text.strip(),
        **_ERRORS,
        solved_by=actor,
        solved_at=timezone.now(),
    )
    ProblemAction.objects.create(problem=problem, actor=actor, kind="solved", text=text.strip())
    return problem


@transaction.atomic
def close_problem(problem: Problem, *, actor, expected_version: int, note: str = "") -> Problem:
    """The district officer verifies the solution and closes the problem (销号)."""
    if not permissions.can_close_problem(actor, problem):
        raise DiscoveryError(_("只有区民政干部可以核验销号"), code="cannot_close_problem")
    problem = transition(
        problem,
        ProblemStatus.CLOSED,
        actor=actor,
        expected_version=expected_version,
        reason=note.strip(),
        **_ERRORS,
        closed_by=actor,
        closed_at=timezone.now(),
    )
    ProblemAction.objects.create(
        problem=problem, actor=actor, kind="closed", text=note.strip() or "核验通过，销号"
    )
    return problem


@transaction.atomic
def reopen_problem(problem: Problem, *, actor, expected_version: int, reason: str) -> Problem:
    """The district officer finds the solution wanting and sends it back to the department."""
    if not permissions.can_close_problem(actor, problem):
        raise DiscoveryError(_("只有区民政干部可以退回重办"), code="cannot_reopen_problem")
    if not reason.strip():
        raise DiscoveryError(_("请填写退回原因"), code="reason_missing", field="reason")
    problem = transition(
        problem,
        ProblemStatus.OPEN,
        actor=actor,
        expected_version=expected_version,
        reason=reason.strip(),
        **_ERRORS,
        solved_by=None,
        solved_at=None,
    )
    ProblemAction.objects.create(problem=problem, actor=actor, kind="reopened", text=reason.strip())
    return problem


# ---- transfer, deadline extension, reminder (issue 9) -----------------------------------


def _open_and_current(problem: Problem, expected_version: int) -> None:
    if problem.status != ProblemStatus.OPEN:
        raise DiscoveryError(_("问题不在办理中"), code="problem_not_open")
    claim_version(problem, expected_version, conflict=ConflictError)


@transaction.atomic
def transfer_problem(
    problem: Problem, *, actor, expected_version: int, department: str, reason: str
) -> Problem:
    """Hand an open problem to another department (转办), with a reason. The old department's
    liaison no longer sees it and the new one's does (Problem.scope reads `department`); its
    reminders start again at 0. Recorded as a ProblemAction "transferred" (from, to, reason).

    Raises DiscoveryError: cannot_transfer_problem (not the child's district officer),
    problem_not_open, reason_missing, same_department, unknown_department; ConflictError
    stale_version when the problem changed since the page was shown. Rule: DOMAIN.md §9 (the
    district's civil affairs routes problems)."""
    if not permissions.can_route_problem(actor, problem):
        raise DiscoveryError(_("只有区民政干部可以转办"), code="cannot_transfer_problem")
    if department not in Department.values:
        raise DiscoveryError(_("请选择责任部门"), code="unknown_department", field="department")
    if department == problem.department:
        raise DiscoveryError(_("新责任部门与原部门相同"), code="same_department", field="department")
    if not reason.strip():
        raise DiscoveryError(_("请填写转办原因"), code="reason_missing", field="reason")
    _open_and_current(problem, expected_version)
    before = problem.department
    problem.department = department
    problem.reminder_count = 0
    problem.last_reminded_at = None
    problem.save(update_fields=["department", "reminder_count", "last_reminded_at", "version"])
    ProblemAction.objects.create(
        problem=problem,
        actor=actor,
        kind="transferred",
        text=reason.strip(),
        from_department=before,
        to_department=department,
    )
    return problem


@transaction.atomic
def extend_problem_deadline(
    problem: Problem, *, actor, expected_version: int, deadline: date, reason: str
) -> Problem:
    """Move an open problem's deadline later (延期), with a reason; every extension is kept as a
    ProblemAction "extended" (old and new deadline, reason), shown as the deadline's history.

    Raises DiscoveryError: cannot_extend_problem (not the child's district officer),
    problem_not_open, reason_missing, deadline_not_later (not after the current deadline),
    deadline_in_past; ConflictError stale_version. Rule: DOMAIN.md §9."""
    if not permissions.can_route_problem(actor, problem):
        raise DiscoveryError(_("只有区民政干部可以延期"), code="cannot_extend_problem")
    if deadline <= problem.deadline:
        raise DiscoveryError(
            _("新的办理期限须晚于原期限（%(deadline)s）"),
            code="deadline_not_later",
            field="deadline",
            params={"deadline": problem.deadline.isoformat()},
        )
    if deadline < timezone.localdate():
        raise DiscoveryError(_("办理期限不能早于今天"), code="deadline_in_past", field="deadline")
    if not reason.strip():
        raise DiscoveryError(_("请填写延期原因"), code="reason_missing", field="reason")
    _open_and_current(problem, expected_version)
    before = problem.deadline
    problem.deadline = deadline
    problem.save(update_fields=["deadline", "version"])
    ProblemAction.objects.create(
        problem=problem,
        actor=actor,
        kind="extended",
        text=reason.strip(),
        old_deadline=before,
        new_deadline=deadline,
    )
    return problem


@transaction.atomic
def remind_problem(problem: Problem, *, actor, note: str = "") -> ProblemAction:
    """Press the department on an open problem (催办): a ProblemAction "reminded" (who, when,
    the note, optional) and the problem's reminder count and time, which the liaison's list
    shows. No version check: a reminder changes nothing the department is working on.

    Raises DiscoveryError: cannot_remind_problem (not a district officer or child supervisor
    of the child's area), problem_not_open."""
    if not permissions.can_remind_problem(actor, problem):
        raise DiscoveryError(_("只有区民政干部或儿童督导员可以催办"), code="cannot_remind_problem")
    if problem.status != ProblemStatus.OPEN:
        raise DiscoveryError(_("问题不在办理中"), code="problem_not_open")
    now = timezone.now()
    Problem.objects.filter(pk=problem.pk).update(reminder_count=F("reminder_count") + 1, last_reminded_at=now)
    problem.refresh_from_db(fields=["reminder_count", "last_reminded_at"])
    text = note.strip() or str(_("请抓紧办理"))
    return ProblemAction.objects.create(problem=problem, actor=actor, kind="reminded", text=text)
