"""Home visits on schedule (DOMAIN.md §5): overdue visits and visits due this week over the
children in the user's area who hold a category today, and the form to record a visit
outside a campaign (with a fresh four-colour assessment)."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, F, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from childwelfare.access.guards import deny_unless, get_visible_or_404, page_for
from childwelfare.accounts.permissions import can_read_children
from childwelfare.lib.errors import add_to_form
from childwelfare.lib.paging import SortMap, paginate
from childwelfare.registry.models import Child
from childwelfare.submissions.once import submits_once

from .. import permissions, schedule, services
from ..choices import Colour
from ..followups import problems_raised_text, run_visit_followups
from ..forms import ProblemRowFormSet, VisitForm, VisitListFilterForm
from ..risk import current_item_set
from ..services import DiscoveryError
from .common import next_url

LISTS = ("overdue", "week")
# The visit plan's sortable columns (lib.paging); the most late (earliest due) first.
VISIT_SORTS = SortMap(
    {
        "due": ("next_due", "pk"),
        "name": ("name_sort", "pk"),
        "area": ("area_id", "next_due", "pk"),
    },
    default="due",
)


DUE_SOON_DAYS = 7


def week_end(today: date) -> date:
    """The last day of the coming seven days (today included): a rolling week, so the list
    is as useful on a Sunday as on a Monday."""
    return today + timedelta(days=DUE_SOON_DAYS - 1)


def scheduled_children(user, today: date):
    """Children in the user's area with an open file holding any category today: the ones
    visited on schedule.

    Written for the lists' index, (area, next visit due): the scope as the list of the
    user's areas and the category as a correlated EXISTS, so the database seeks the children
    due in each community and checks only those — the cost follows the children listed, not
    the district (issue 14)."""
    return schedule.on_schedule(Child.objects.visible_to(user, area_list=True), today)


def overdue_visits(user, today: date):
    return schedule.overdue(scheduled_children(user, today), today)


def visits_due_this_week(user, today: date):
    """Due from today to six days on (the overdue ones are the other list)."""
    return schedule.due_by(scheduled_children(user, today), week_end(today)).filter(next_due__gte=today)


def visit_counts(user, today: date) -> dict[str, int]:
    """{"overdue": n, "week": n} for the two lists, in one query over the stored due dates
    (a range up to the week's end, split by today)."""
    due = scheduled_children(user, today).filter(next_visit_due__lte=week_end(today))
    return due.aggregate(
        overdue=Count("pk", filter=Q(next_visit_due__lt=today)),
        week=Count("pk", filter=Q(next_visit_due__gte=today, next_visit_due__lte=week_end(today))),
    )


def listed_visits(user, query, today: date):
    """(which list, filter form, children) of the visit plan for `query` (the page's and its
    export's rows)."""
    which = query.get("list", "overdue")
    if which not in LISTS:
        which = "overdue"
    children = overdue_visits(user, today) if which == "overdue" else visits_due_this_week(user, today)
    # The schedule counts a child never assessed as green; the list says "not assessed".
    children = children.annotate(assessed_colour=F("latest_colour"))
    form = VisitListFilterForm(query, user=user)
    if form.is_valid():
        children = form.filter_by_area(children)
        if form.cleaned_data["colour"]:
            children = children.filter(latest_colour=form.cleaned_data["colour"])
        if form.cleaned_data["q"]:
            children = children.search(form.cleaned_data["q"])  # the child list's people search
    else:
        children = children.none()  # a filter that is not valid lists nothing and says so
    return which, form, VISIT_SORTS.read_query(query).apply(children.select_related("area"))


def _narrowed(form) -> bool:
    """Whether the visit plan's filter narrows the list (then the page counts its own rows
    instead of taking the list's count)."""
    return not form.is_valid() or any(form.cleaned_data.values())


@page_for(can_read_children)
def visit_list(request):
    today = timezone.localdate()
    which, form, children = listed_visits(request.user, request.GET, today)
    # The communities of the page's rows in one more query rather than a join: joined, SQLite
    # seeks the children community by community and sorts the whole list to show its first
    # rows; alone, it walks the (due, id) index and stops after the page (issue 14).
    children = children.select_related(None).prefetch_related("area")
    counts = visit_counts(request.user, today)
    count = None if _narrowed(form) else counts[which]
    page = paginate(request, children, sorting=VISIT_SORTS.read(request), count=count)
    for child in page.object_list:
        child.days_late = (today - child.next_due).days
    return render(
        request,
        "discovery/visit_list.html",
        {
            "page": page,
            "list": which,
            "counts": counts,
            "form": form,
            "today": today,
            "week_end": week_end(today),
            "may_visit": permissions.can_record_visit(request.user, request.user.area_id or ""),
            "intervals": [(Colour(colour).label, days) for colour, days in schedule.interval_days().items()],
        },
    )


def visible_child(request, pk) -> Child:
    return get_visible_or_404(Child.objects.select_related("area"), request.user, pk=pk)


@login_required
@submits_once
def child_visit(request, pk):
    """Record a visit outside a campaign, its colour items and any problems found."""
    child = visible_child(request, pk)
    allowed = permissions.can_record_visit(request.user, child.area_id)
    deny_unless(allowed)
    item_set = current_item_set(timezone.localdate())
    data = request.POST if request.method == "POST" else None
    form = VisitForm(
        data, item_set=item_set, current=services.current_assessment(child), birth_date=child.birth_date
    )
    problems = ProblemRowFormSet(data, prefix="problems")
    if request.method == "POST" and form.is_valid() and problems.is_valid():
        try:
            with transaction.atomic():
                _visit, assessment = services.record_visit(
                    child=child,
                    actor=request.user,
                    visited_on=form.cleaned_data["visited_on"],
                    item_ids=form.item_ids(),
                    **form.downgrade_fields(),
                    **form.visit_fields(),
                )
                raised = 0
                for row in problems:
                    if row.is_filled:
                        services.raise_problem(child=child, actor=request.user, **row.cleaned_data)
                        raised += 1
        except DiscoveryError as error:
            add_to_form(form, error)
        else:
            text = _("走访已录入：%(name)s，评定为%(colour)s。") % {
                "name": child.name,
                "colour": assessment.get_colour_display(),
            }
            text += problems_raised_text(raised)
            messages.success(request, text)
            run_visit_followups(request, child, form.item_ids())
            return redirect(next_url(request, reverse("discovery:child", args=[child.pk])))
    context = {
        "child": child,
        "record": None,
        "form": form,
        "problems": problems,
        "revisit": False,
        "conflict": "",
        "may_submit": allowed,
        "item_set": item_set,
        "next": next_url(request, ""),
    }
    return render(request, "discovery/visit_form.html", context)
