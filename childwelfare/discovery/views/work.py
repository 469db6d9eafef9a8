"""Work lists of the three steps, per role (DOMAIN.md §6, §9): the child director's pending
and returned records, the supervisor's screened records to accept or return, and the
district officer's verified records — the sample to re-visit, the rest to confirm, many at
once. Only running campaigns; only records inside the user's area."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Case, IntegerField, Q, Value, When
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from childwelfare.access.guards import page_for
from childwelfare.accounts.choices import Role
from childwelfare.accounts.permissions import can_read_children
from childwelfare.lib.paging import paginate

from .. import board, permissions, services
from ..choices import CampaignStatus, RecordStatus
from ..forms import WorkFilterForm
from ..models import Campaign, ScreeningRecord
from ..services import DiscoveryError
from .common import next_url, step_failure

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
    context = {"form": form, "campaigns": campaigns, "role": user.role}
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


def _may_confirm(user) -> bool:
    return permissions.can_confirm(user, user.area_id or "")


@require_POST
@page_for(_may_confirm)
def confirm_many(request):
    """Confirm the ticked records, each through services.confirm_record with the version the
    officer saw (`records` values are "pk:version"); report which could not be and why."""
    confirmed = 0
    failures: list[str] = []
    for value in request.POST.getlist("records"):
        pk, _sep, version = value.partition(":")
        if not (pk.isdigit() and version.isdigit()):
            continue
        record = running_records(request.user).select_related("child", "campaign").filter(pk=pk).first()
        if record is None:
            failures.append(_("记录 %(pk)s：不存在或不在您的辖区") % {"pk": pk})
            continue
        try:
            services.confirm_record(record, actor=request.user, expected_version=int(version))
        except DiscoveryError as error:
            message, _conflict = step_failure(record, int(version), error)
            failures.append(_("%(name)s：%(message)s") % {"name": record.child.name, "message": message})
        else:
            confirmed += 1
    if confirmed:
        messages.success(request, _("已确认 %(count)d 条记录。") % {"count": confirmed})
    if failures:
        messages.error(
            request,
            _("%(count)d 条记录未能确认：%(list)s")
            % {"count": len(failures), "list": _("；").join(failures)},
        )
    if not confirmed and not failures:
        messages.warning(request, _("请先勾选要确认的记录。"))
    return redirect(next_url(request, reverse("discovery:work")))
