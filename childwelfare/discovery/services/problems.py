"""Problems found (问题清单), handed to the responsible department and followed to the end."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.registry.models import Child
from childwelfare.workflow.services import transition

from .. import permissions
from ..choices import ProblemStatus
from ..models import (
    Problem,
    ProblemAction,
)
from .common import _ERRORS, DiscoveryError

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
