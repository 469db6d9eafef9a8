"""Problems found (问题清单, DOMAIN.md §1): the list for district officers and supervisors
(all departments in their area) and for a department liaison (only their department), the
liaison's action record and "solved", and the officer's close or reopen. Overdue problems
are highlighted."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from childwelfare.access.guards import deny_unless, get_visible_or_404, page_for
from childwelfare.accounts.choices import Role
from childwelfare.accounts.permissions import can_edit_children, can_read_children
from childwelfare.audit.models import AccessAction
from childwelfare.audit.services import log_access
from childwelfare.lib.errors import add_to_form
from childwelfare.lib.paging import SortMap, paginate
from childwelfare.lib.phones import mask_phone
from childwelfare.submissions.once import submits_once

from .. import board, permissions, services
from ..choices import ProblemStatus
from ..forms import (
    CloseForm,
    ExtendForm,
    ProblemFilterForm,
    ProblemTextForm,
    RemindForm,
    ReopenForm,
    SolveForm,
    TransferForm,
)
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
    TransferForm: ("transfer_form", "transfer_%s"),
    ExtendForm: ("extend_form", "extend_%s"),
    RemindForm: ("remind_form", "remind_%s"),
}
# Forms whose initial data is empty (no version: they add a row, not a step).
NO_VERSION = (ProblemTextForm, RemindForm)


def _detail_page(request, problem: Problem, bound=None, status: int = 200):
    """The problem's page; `bound` is a step form that was posted and refused, shown again
    with what was typed and its errors beside its fields."""
    user = request.user
    today = timezone.localdate()
    may_act = permissions.can_act_on_problem(user, problem)
    may_close = permissions.can_close_problem(user, problem)
    context = {
        "problem": problem,
        "actions": context_actions(problem),
        "today": today,
        "is_overdue": problem.status == ProblemStatus.OPEN and problem.deadline < today,
        "days_late": (today - problem.deadline).days,
        "may_act": may_act and problem.status == ProblemStatus.OPEN,
        "may_close": may_close and problem.status == ProblemStatus.SOLVED,
        "may_read_children": can_read_children(user),
        "is_open": problem.status == ProblemStatus.OPEN,
        "may_route": permissions.can_route_problem(user, problem) and problem.status == ProblemStatus.OPEN,
        "may_remind": permissions.can_remind_problem(user, problem) and problem.status == ProblemStatus.OPEN,
        "extensions": [action for action in context_actions(problem) if action.kind == "extended"],
        "contact": contact_person(request, problem),
        # Escalate to an intake (issue 10; the intake form checks the area again).
        "may_escalate": can_edit_children(user) and user.role != Role.DEPARTMENT_LIAISON,
    }
    for form_class, (name, auto_id) in STEP_FORMS.items():
        initial = {} if form_class in NO_VERSION else {"version": problem.version}
        context[name] = form_class(initial=initial, auto_id=auto_id)
    if bound is not None:
        context[STEP_FORMS[type(bound)][0]] = bound
    return render(request, "discovery/problem_detail.html", context, status=status)


def context_actions(problem: Problem) -> list:
    """The problem's actions in order, read once per page (cached on the instance)."""
    if not hasattr(problem, "_actions_list"):
        problem._actions_list = list(problem.actions.select_related("actor"))
    return problem._actions_list


def contact_person(request, problem: Problem) -> dict | None:
    """The family's contact person for whoever works on the problem: the child's first
    guardian, else the first family member with a phone, else the child's own phone
    ({name, relation, phone, full}); None when the file holds no one. The phone is masked
    (lib.phones.mask_phone) unless permissions.can_see_contact_phone, and each full view is
    logged (audit.log_access, like every full number)."""
    child = problem.child
    members = list(child.family.all())
    member = next((m for m in members if m.is_guardian), None) or next((m for m in members if m.phone), None)
    if member is not None:
        name, relation, phone, obj = member.name, member.get_relation_display(), member.phone, member
    elif child.phone:
        name, relation, phone, obj = child.name, _("儿童本人"), child.phone, child
    else:
        return None
    full = bool(phone) and permissions.can_see_contact_phone(request.user)
    if full:
        # The log is kept in Chinese whatever the reader's language (QA: rows read English).
        with translation.override("zh-hans"):
            detail = str(_("问题联系人电话：%(name)s") % {"name": name})
        log_access(
            user=request.user, action=AccessAction.VIEW_FULL_ID, obj=obj, detail=detail, request=request
        )
    return {"name": name, "relation": relation, "phone": phone if full else mask_phone(phone), "full": full}


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


@require_POST
@login_required
@submits_once
def problem_transfer(request, pk):
    return _problem_step(
        request,
        pk,
        permissions.can_route_problem,
        TransferForm,
        lambda p, d: services.transfer_problem(
            p,
            actor=request.user,
            expected_version=d["version"],
            department=d["department"],
            reason=d["reason"],
        ),
        _("已转办。"),
    )


@require_POST
@login_required
@submits_once
def problem_extend(request, pk):
    return _problem_step(
        request,
        pk,
        permissions.can_route_problem,
        ExtendForm,
        lambda p, d: services.extend_problem_deadline(
            p, actor=request.user, expected_version=d["version"], deadline=d["deadline"], reason=d["reason"]
        ),
        _("办理期限已延长。"),
    )


@require_POST
@login_required
@submits_once
def problem_remind(request, pk):
    return _problem_step(
        request,
        pk,
        permissions.can_remind_problem,
        RemindForm,
        lambda p, d: services.remind_problem(p, actor=request.user, note=d["note"]),
        _("已催办，责任部门联络员会在问题清单中看到。"),
    )
