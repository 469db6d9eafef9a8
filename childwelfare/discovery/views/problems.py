"""Problems found (问题清单, DOMAIN.md §1): the list for district officers and supervisors
(all departments in their area) and for a department liaison (only their department), the
liaison's action record and "solved", and the officer's close or reopen. Overdue problems
are highlighted."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from childwelfare.access.guards import deny_unless, get_visible_or_404, page_for
from childwelfare.accounts.choices import Role
from childwelfare.accounts.permissions import can_read_children
from childwelfare.lib.errors import add_to_form
from childwelfare.lib.paging import SortMap, paginate
from childwelfare.submissions.once import submits_once

from .. import board, permissions, services
from ..choices import ProblemStatus
from ..forms import CloseForm, ProblemFilterForm, ProblemTextForm, ReopenForm, SolveForm
from ..models import Problem
from ..services import DiscoveryError
from .common import step_failure


def visible_problems(user):
    return Problem.objects.visible_to(user)


def visible_problem(request, pk) -> Problem:
    return get_visible_or_404(
        Problem.objects.select_related("child", "child__area", "record__campaign", "raised_by"),
        request.user,
        pk=pk,
    )


# Open problems first, then solved, then the rest; the nearest deadline first.
_STATUS_ORDER = Case(
    When(status=ProblemStatus.OPEN, then=Value(0)),
    When(status=ProblemStatus.SOLVED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)
PROBLEM_SORTS = SortMap(
    {
        "status": (_STATUS_ORDER, "deadline", "pk"),
        "deadline": ("deadline", "pk"),
        "child": ("child__name_sort", "pk"),
        "area": ("child__area_id", "deadline", "pk"),
        "kind": ("kind", "deadline", "pk"),
    },
    default="status",
)


def listed_problems(user, query, today):
    """(filter form, problems) of the list for `query` (the page's and its export's rows, in
    the page's order)."""
    form = ProblemFilterForm(query, liaison=user.role == Role.DEPARTMENT_LIAISON, user=user)
    problems = form.apply(visible_problems(user), today)
    problems = problems.select_related("child", "child__area")
    return form, PROBLEM_SORTS.read_query(query).apply(problems)


@page_for(permissions.can_read_problems)
def problem_list(request):
    user = request.user
    today = timezone.localdate()
    liaison = user.role == Role.DEPARTMENT_LIAISON
    form, problems = listed_problems(user, request.GET, today)
    page = paginate(request, problems, sorting=PROBLEM_SORTS.read(request))
    for problem in page.object_list:
        problem.days_late = (today - problem.deadline).days if problem.status == ProblemStatus.OPEN else 0
    overdue = board.overdue_problems(visible_problems(user), today).count()
    return render(
        request,
        "discovery/problem_list.html",
        {
            "form": form,
            "page": page,
            "liaison": liaison,
            "overdue": overdue,
            "today": today,
            "may_read_children": can_read_children(user),
        },
    )


@login_required
def problem_detail(request, pk):
    return _detail_page(request, visible_problem(request, pk))


# The four step forms of a problem's page: context name, form class, id prefix. Distinct id
# prefixes so each label names its own field.
STEP_FORMS = {
    ProblemTextForm: ("action_form", "action_%s"),
    SolveForm: ("solve_form", "solve_%s"),
    CloseForm: ("close_form", "close_%s"),
    ReopenForm: ("reopen_form", "reopen_%s"),
}


def _detail_page(request, problem: Problem, bound=None, status: int = 200):
    """The problem's page; `bound` is a step form that was posted and refused, shown again
    with what was typed and its errors beside its fields."""
    user = request.user
    today = timezone.localdate()
    may_act = permissions.can_act_on_problem(user, problem)
    may_close = permissions.can_close_problem(user, problem)
    context = {
        "problem": problem,
        "actions": problem.actions.select_related("actor"),
        "today": today,
        "is_overdue": problem.status == ProblemStatus.OPEN and problem.deadline < today,
        "days_late": (today - problem.deadline).days,
        "may_act": may_act and problem.status == ProblemStatus.OPEN,
        "may_close": may_close and problem.status == ProblemStatus.SOLVED,
        "may_read_children": can_read_children(user),
    }
    for form_class, (name, auto_id) in STEP_FORMS.items():
        initial = {} if form_class is ProblemTextForm else {"version": problem.version}
        context[name] = form_class(initial=initial, auto_id=auto_id)
    if bound is not None:
        context[STEP_FORMS[type(bound)][0]] = bound
    return render(request, "discovery/problem_detail.html", context, status=status)


def _problem_step(request, pk, allowed, form_class, run, success: str):
    """Run a step on a visible problem for a user whom `allowed(user, problem)` lets take it
    (else 403); a refused or conflicting step is a message on the problem's page."""
    problem = visible_problem(request, pk)
    deny_unless(allowed(request.user, problem))
    form = form_class(request.POST, auto_id=STEP_FORMS[form_class][1])
    if not form.is_valid():
        # Shown again with what was typed and the error beside its field, not a redirect.
        return _detail_page(request, problem, bound=form)
    version = form.cleaned_data.get("version")
    try:
        run(problem, form.cleaned_data)
    except DiscoveryError as error:
        message, conflict = step_failure(problem, version, error)
        if not conflict:
            add_to_form(form, error)
            return _detail_page(request, problem, bound=form)
        messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("discovery:problem_detail", pk=pk)


@require_POST
@login_required
@submits_once
def problem_action(request, pk):
    return _problem_step(
        request,
        pk,
        permissions.can_act_on_problem,
        ProblemTextForm,
        lambda p, d: services.add_problem_action(p, actor=request.user, text=d["text"]),
        _("办理情况已登记。"),
    )


@require_POST
@login_required
def problem_solve(request, pk):
    return _problem_step(
        request,
        pk,
        permissions.can_act_on_problem,
        SolveForm,
        lambda p, d: services.solve_problem(
            p, actor=request.user, expected_version=d["version"], text=d["text"]
        ),
        _("已标记办结，等待区民政干部核验。"),
    )


@require_POST
@login_required
def problem_close(request, pk):
    return _problem_step(
        request,
        pk,
        permissions.can_close_problem,
        CloseForm,
        lambda p, d: services.close_problem(
            p, actor=request.user, expected_version=d["version"], note=d["note"]
        ),
        _("已核验销号。"),
    )


@require_POST
@login_required
def problem_reopen(request, pk):
    return _problem_step(
        request,
        pk,
        permissions.can_close_problem,
        ReopenForm,
        lambda p, d: services.reopen_problem(
            p, actor=request.user, expected_version=d["version"], reason=d["reason"]
        ),
        _("已退回责任部门重新办理。"),
    )
