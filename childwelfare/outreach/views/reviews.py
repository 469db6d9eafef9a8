"""The reviewers' side: assigning a submission to a reviewer (the city), a reviewer's list of
assignments, and scoring one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from childwelfare.access.guards import deny_unless, page_for
from childwelfare.lib.errors import add_to_form
from childwelfare.lib.paging import SortMap, paginate
from childwelfare.submissions.once import submits_once

from .. import permissions
from ..choices import CallStatus
from ..forms import AssignForm, ScoreForm
from ..models import Assignment
from ..services import OutreachError
from ..services.scoring import assign_reviewer, has_conflict, record_scores
from .calls import visible_submission

REVIEW_SORTS = SortMap(
    {
        "assigned": ("-assigned_at", "-pk"),
        "title": ("submission__title", "pk"),
        "call": ("-submission__call__year", "pk"),
        "scored": ("scored_at", "pk"),
    },
    default="assigned",
)


@login_required
@submits_once
def assign(request, pk):
    submission = visible_submission(request, pk)
    deny_unless(permissions.can_manage_calls(request.user))
    form = AssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assign_reviewer(submission, reviewer=form.cleaned_data["reviewer"], actor=request.user)
        except OutreachError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("评审任务已分配。"))
            return redirect("outreach:submission_detail", pk=submission.pk)
    reviewers = list(form.fields["reviewer"].queryset)
    conflicted = [r for r in reviewers if has_conflict(r, submission)]
    assigned = list(submission.assignments.select_related("reviewer"))
    return render(
        request,
        "outreach/assign_form.html",
        {"form": form, "submission": submission, "conflicted": conflicted, "assigned": assigned},
    )


def my_assignments(user):
    return Assignment.objects.filter(reviewer=user).select_related("submission__call", "submission__area")


@page_for(permissions.is_reviewer)
def my_reviews(request):
    assignments = my_assignments(request.user)
    state = request.GET.get("state", "")
    if state == "todo":
        assignments = assignments.filter(scored_at__isnull=True, submission__call__status=CallStatus.SCORING)
    elif state == "done":
        assignments = assignments.filter(scored_at__isnull=False)
    page = paginate(request, assignments, sorting=REVIEW_SORTS.read(request))
    counts = review_counts(request.user)
    return render(request, "outreach/my_reviews.html", {"page": page, "counts": counts, "state": state})


def review_counts(user) -> dict:
    """{"todo": assignments waiting for scores in a call being scored, "done": scored,
    "total": all} of a reviewer, in one query."""
    return Assignment.objects.filter(reviewer=user).aggregate(
        total=Count("id"),
        done=Count("id", filter=Q(scored_at__isnull=False)),
        todo=Count("id", filter=Q(scored_at__isnull=True, submission__call__status=CallStatus.SCORING)),
    )


@login_required
@submits_once
def score(request, pk):
    """A reviewer scores an assignment of theirs (anyone else's: 404)."""
    assignment = get_object_or_404(
        Assignment.objects.select_related("submission__call", "submission__area"),
        pk=pk,
        reviewer=request.user,
    )
    deny_unless(permissions.is_reviewer(request.user))
    submission = assignment.submission
    criteria = list(submission.call.criteria.all())
    existing = dict(assignment.scores.values_list("criterion_id", "points"))
    form = ScoreForm(request.POST or None, criteria=criteria, initial_points=existing)
    if request.method == "POST" and form.is_valid():
        try:
            record_scores(assignment, actor=request.user, points=form.points())
        except OutreachError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("评分已保存。"))
            return redirect("outreach:my_reviews")
    return render(
        request,
        "outreach/score_form.html",
        {
            "form": form,
            "assignment": assignment,
            "submission": submission,
            "open": submission.call.status == CallStatus.SCORING,
        },
    )
