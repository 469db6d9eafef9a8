"""Pages of the deadline engine (issue 10): the due-and-overdue work list (到期事项), an
item's page with its changes and the request form, the approvals list and decision, and the
per-department board."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from childwelfare.access.guards import deny_unless, get_visible_or_404, page_for
from childwelfare.accounts.choices import Role
from childwelfare.lib.paging import paginate
from childwelfare.submissions.once import submits_once

from . import permissions
from .changes import DeadlineError, decide_change, pending_for, request_change
from .escalation import Thresholds, due_day, level_role
from .forms import ChangeRequestForm, DecisionForm
from .models import Deadline, DeadlineChange
from .rules import get_rule
from .subjects import subject_link
from .worklist import DEADLINE_SORTS, board_rows, listed_deadlines, with_subjects


def nav(user) -> dict:
    return {
        "may_board": permissions.can_read_board(user),
        "may_approve": permissions.can_read_approvals(user),
    }


def describe(deadline: Deadline, thresholds: Thresholds) -> None:
    """Set what a row shows: due day, days overdue (working days) or left (calendar days),
    the role at its level, its rule's source, its subject's text and link."""
    now = thresholds.now
    deadline.due_on = due_day(deadline.due_at)
    today = timezone.localtime(now).date()
    running = not (deadline.met_at or deadline.cancelled_at or deadline.paused_at)
    deadline.is_overdue = running and deadline.due_at <= now
    deadline.days_overdue = thresholds.working_days_overdue(deadline.due_at) if deadline.is_overdue else 0
    deadline.days_left = (deadline.due_on - today).days if running and not deadline.is_overdue else None
    if not hasattr(deadline, "level"):
        deadline.level = thresholds.level_of(deadline)
    deadline.level_role_label = Role(level_role(deadline.rule, deadline.level) or Role.CITY_ADMIN).label
    try:
        rule = get_rule(deadline.rule)
        deadline.rule_source, deadline.rule_label = rule.source, rule.label
    except KeyError:
        deadline.rule_source, deadline.rule_label = "", deadline.rule
    subject = deadline.subject
    deadline.subject_text = str(subject) if subject is not None else ""
    deadline.subject_url = subject_link(subject)


@page_for(permissions.can_read_worklist)
def deadline_list(request):
    user = request.user
    now = timezone.now()
    form, thresholds, items = listed_deadlines(user, request.GET, now)
    page = paginate(request, items, sorting=DEADLINE_SORTS.read(request))
    rows = with_subjects(list(page.object_list))
    for row in rows:
        describe(row, thresholds)
    return render(
        request,
        "deadlines/deadline_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "liaison": user.role == Role.DEPARTMENT_LIAISON,
            **nav(user),
        },
    )


def _item_page(request, deadline: Deadline, *, change_form=None, decision_form=None, status: int = 200):
    user = request.user
    describe(deadline, Thresholds())
    changes = list(deadline.changes.select_related("requested_by", "decided_by"))
    may_request = permissions.can_request_change(user, deadline) and not (
        deadline.met_at or deadline.cancelled_at
    )
    pending = next((c for c in changes if c.decision == DeadlineChange.Decision.PENDING), None)
    return render(
        request,
        "deadlines/deadline_detail.html",
        {
            "deadline": deadline,
            "changes": changes,
            "pending": pending,
            "may_decide": pending is not None and permissions.can_decide_change(user, pending),
            "decision_form": decision_form or DecisionForm(),
            "may_request": may_request and pending is None,
            "change_form": change_form or ChangeRequestForm(),
        },
        status=status,
    )


def _visible_deadline(request, pk) -> Deadline:
    return get_visible_or_404(Deadline.objects.select_related("subject_type", "owner"), request.user, pk=pk)


@login_required
def deadline_detail(request, pk):
    return _item_page(request, _visible_deadline(request, pk))


@require_POST
@login_required
@submits_once
def change_request(request, pk):
    deadline = _visible_deadline(request, pk)
    deny_unless(permissions.can_request_change(request.user, deadline))
    form = ChangeRequestForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        new_due_at = None
        if data.get("new_due_on"):
            new_due_at = timezone.make_aware(
                datetime.combine(data["new_due_on"] + timedelta(days=1), time.min)
            )
        try:
            request_change(
                deadline, actor=request.user, kind=data["kind"], reason=data["reason"], new_due_at=new_due_at
            )
        except DeadlineError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("时限调整申请已提交，等待审批"))
            return redirect("deadlines:detail", pk=deadline.pk)
    return _item_page(request, deadline, change_form=form)


@page_for(permissions.can_read_approvals)
def approval_list(request):
    changes = pending_for(request.user).select_related("deadline", "requested_by")
    page = paginate(request, changes)
    return render(request, "deadlines/approval_list.html", {"page": page, **nav(request.user)})


@require_POST
@login_required
def change_decide(request, pk):
    change = get_visible_or_404(DeadlineChange.objects.select_related("deadline"), request.user, pk=pk)
    deny_unless(permissions.can_decide_change(request.user, change))
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            decide_change(
                change,
                actor=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                comment=form.cleaned_data["comment"],
            )
        except DeadlineError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("已审批"))
            return redirect("deadlines:detail", pk=change.deadline_id)
    return _item_page(request, _visible_deadline(request, change.deadline_id), decision_form=form)


@page_for(permissions.can_read_board)
def board(request):
    return render(request, "deadlines/board.html", {"rows": board_rows(request.user), **nav(request.user)})
