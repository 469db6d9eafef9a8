"""Work lists of the three steps, per role (DOMAIN.md §6, §9): the child director's pending
and returned records, the supervisor's screened records to accept or return, and the
district officer's verified records — the sample to re-visit, the rest to confirm, many at
once. Only running campaigns; only records inside the user's area."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, Value, When
from django.shortcuts import render
from django.utils import timezone

from childwelfare.access.guards import page_for
from childwelfare.accounts.choices import Role
from childwelfare.accounts.permissions import can_read_children
from childwelfare.lib.paging import paginate

from .. import board
from ..choices import CampaignStatus, RecordStatus
from ..forms import WorkFilterForm
from ..models import Campaign, ScreeningRecord

DOWNGRADES_SHOWN = 50

RELATED = (
    "child",
    "area",
    "campaign",
    "assessment",
    "visit",
    "screened_by",
    "verified_by",
    "revisit",
)


def running_records(user):
    return ScreeningRecord.objects.visible_to(user).filter(campaign__status=CampaignStatus.RUNNING)


def needs_revisit() -> Q:
    return Q(in_sample=True, revisit__isnull=True)


@page_for(can_read_children)
def work(request):
    user = request.user
    campaigns = list(Campaign.objects.visible_to(user).filter(status=CampaignStatus.RUNNING))
    form = WorkFilterForm(request.GET, campaigns=campaigns, user=user)
    records = form.apply(running_records(user)).select_related(*RELATED)
    # `as_of`: a batch step over "all matching" skips records that changed after this.
    context = {"form": form, "campaigns": campaigns, "role": user.role, "as_of": timezone.now().isoformat()}
    if user.role in (Role.CHILD_SUPERVISOR, Role.DISTRICT_OFFICER):
        # Every downgrade from red or yellow in the area, for review (issue 8).
        downgrades = board.recent_downgrades(user, timezone.now())
        context["downgrades"] = list(downgrades[:DOWNGRADES_SHOWN])
        context["downgrade_count"] = downgrades.count()
        context["downgrade_days"] = board.DOWNGRADE_REVIEW_DAYS
    if user.role == Role.CHILD_DIRECTOR:
        todo = records.filter(status__in=[RecordStatus.RETURNED, RecordStatus.PENDING]).order_by(
            Case(
                When(status=RecordStatus.RETURNED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            "child__name",
            "pk",
        )
        context["page"] = paginate(request, todo)
        context["returned_count"] = todo.filter(status=RecordStatus.RETURNED).count()
        template = "discovery/work_director.html"
    elif user.role == Role.CHILD_SUPERVISOR:
        context["page"] = paginate(
            request,
            records.filter(status=RecordStatus.SCREENED)
            .prefetch_related("problems")
            .order_by("screened_at", "pk"),
        )
        template = "discovery/work_supervisor.html"
    elif user.role == Role.DISTRICT_OFFICER:
        verified = records.filter(status=RecordStatus.VERIFIED).order_by("area_id", "child__name", "pk")
        context["revisit_page"] = paginate(request, verified.filter(needs_revisit()), param="rpage")
        context["page"] = paginate(request, verified.exclude(needs_revisit()))
        template = "discovery/work_officer.html"
    else:
        template = "discovery/work_none.html"
    return render(request, template, context)
