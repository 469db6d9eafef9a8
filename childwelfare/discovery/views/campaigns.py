"""Screening campaigns (专项排查): the list, creation by a district officer or city
administrator, start and close, and the campaign page with its progress board and figures
(drill-down district → street → community → records)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from childwelfare.access.guards import deny_unless, get_visible_or_404, page_for
from childwelfare.accounts.permissions import can_read_children
from childwelfare.areas.models import Area
from childwelfare.lib.errors import add_to_form
from childwelfare.lib.forms import posted_version
from childwelfare.lib.paging import SortMap, paginate
from childwelfare.registry.choices import Category
from childwelfare.submissions.once import submits_once

from .. import board, permissions, services
from ..choices import Colour, RecordStatus
from ..forms import CampaignForm, RecordFilterForm
from ..models import Campaign, ScreeningRecord
from ..services import DiscoveryError

# Area code length of each level of the board (DOMAIN.md §9: district, street, community).
LEVELS = {"district": 6, "street": 9, "community": 12}


def visible_campaign(request, pk) -> Campaign:
    return get_visible_or_404(Campaign.objects.select_related("area", "created_by"), request.user, pk=pk)


def _may_manage(user) -> bool:
    return permissions.can_manage_campaigns(user, user.area_id or "")


# The campaigns list, the latest start first (lib.paging).
CAMPAIGN_SORTS = SortMap(
    {
        "start": ("-year", "-start_date", "-pk"),
        "name": ("name", "pk"),
        "area": ("area_id", "-start_date", "-pk"),
        "status": ("status", "-start_date", "-pk"),
    },
    default="start",
)


@page_for(can_read_children)
def campaign_list(request):
    campaigns = Campaign.objects.visible_to(request.user).select_related("area")
    page = paginate(request, campaigns, sorting=CAMPAIGN_SORTS.read(request))
    progress = {
        row["campaign"]: row
        for row in ScreeningRecord.objects.visible_to(request.user)
        .filter(campaign__in=[c.pk for c in page.object_list])
        .values("campaign")
        .annotate(total=Count("id"), confirmed=Count("id", filter=Q(status=RecordStatus.CONFIRMED)))
        .order_by()
    }
    for campaign in page.object_list:
        row = progress.get(campaign.pk, {"total": 0, "confirmed": 0})
        campaign.total = row["total"]
        campaign.confirmed = row["confirmed"]
        campaign.percent = int(row["confirmed"] * 100 / row["total"]) if row["total"] else 0
    return render(
        request,
        "discovery/campaign_list.html",
        {"page": page, "may_manage": _may_manage(request.user), "today": timezone.localdate()},
    )


@login_required
@submits_once
def campaign_create(request):
    if not _may_manage(request.user):
        raise PermissionDenied
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.create_campaign(
                actor=request.user,
                name=data["name"].strip(),
                year=data["year"],
                area=data["area"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                target_categories=data["target_categories"],
                sample_rate=form.sample_rate,
            )
        except DiscoveryError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("专项排查已创建（草稿）。确认无误后请启动。"))
            return redirect("discovery:campaign_detail", pk=campaign.pk)
    return render(request, "discovery/campaign_form.html", {"form": form})


@require_POST
@login_required
def campaign_start(request, pk):
    campaign = visible_campaign(request, pk)
    deny_unless(permissions.can_manage_campaigns(request.user, campaign.area_id))
    try:
        created = services.start_campaign(
            campaign, actor=request.user, expected_version=posted_version(request)
        )
    except DiscoveryError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            ngettext(
                "专项排查已启动，生成排查记录 %(count)d 条。",
                "专项排查已启动，生成排查记录 %(count)d 条。",
                created,
            )
            % {"count": created},
        )
    return redirect("discovery:campaign_detail", pk=campaign.pk)


@require_POST
@login_required
def campaign_close(request, pk):
    campaign = visible_campaign(request, pk)
    deny_unless(permissions.can_manage_campaigns(request.user, campaign.area_id))
    try:
        services.close_campaign(campaign, actor=request.user, expected_version=posted_version(request))
    except DiscoveryError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("专项排查已结束。"))
    return redirect("discovery:campaign_detail", pk=campaign.pk)


def _base_code(campaign: Campaign, user) -> str:
    """The widest area the user sees of the campaign: the deeper of the campaign's area and
    the user's own (a director sees their community of a district-wide campaign)."""
    own = user.area_id or ""
    return own if own.startswith(campaign.area_id) else campaign.area_id


def _group_length(code: str, level: str) -> int:
    wanted = LEVELS.get(level)
    if wanted and wanted > len(code):
        return wanted
    for length in (6, 9, 12):
        if length > len(code):
            return length
    return 12


@login_required
def campaign_detail(request, pk):
    """The campaign with its board. `area` narrows to an area inside the user's part of the
    campaign; `level` (district, street, community) chooses the rows, by default the level
    just below `area`. A community row leads to its records."""
    campaign = visible_campaign(request, pk)
    user = request.user
    today = timezone.localdate()
    base = _base_code(campaign, user)
    area = request.GET.get("area", "")
    if not (area.isdigit() and area.startswith(base)):
        area = base
    level = request.GET.get("level", "")
    group_length = _group_length(area, level)
    records = ScreeningRecord.objects.visible_to(user).filter(campaign=campaign, area__code__startswith=area)
    rows = board.progress_board(campaign, records, group_length=group_length)
    late_by_code: dict[str, int] = {}
    for item in (
        board.late_records(campaign, records, today).values("area_id").annotate(n=Count("id")).order_by()
    ):
        code = item["area_id"][:group_length]
        late_by_code[code] = late_by_code.get(code, 0) + item["n"]
    # Rows that skip a level (communities of a whole district) repeat names across streets:
    # say which street (or district) each belongs to.
    parent_length = {12: 9, 9: 6, 6: 4}[group_length]
    parents = {}
    if parent_length > len(area):
        codes = {row.code[:parent_length] for row in rows}
        parents = dict(Area.objects.filter(code__in=codes).values_list("code", "name"))
    for row in rows:
        row.parent_name = parents.get(row.code[:parent_length], "")
        row.late = late_by_code.get(row.code, 0)
        row.cells = [(step, RecordStatus(step).label, row.counts.get(step, 0)) for step in board.STEPS]
    totals = {step: sum(row.counts.get(step, 0) for row in rows) for step in board.STEPS}
    total = sum(totals.values())
    figures = board.campaign_figures(campaign, records)
    trail = list(
        Area.objects.filter(
            code__in=[area[:n] for n in (4, 6, 9, 12) if len(base) <= n <= len(area)]
        ).order_by("code")
    )
    context = {
        "campaign": campaign,
        "area": area,
        "base": base,
        "trail": trail,
        "level": next((name for name, n in LEVELS.items() if n == group_length), ""),
        "levels": [(name, n) for name, n in LEVELS.items() if n > len(area)],
        "rows": rows,
        "steps": [(step, RecordStatus(step).label) for step in board.STEPS],
        "total_cells": [(step, RecordStatus(step).label, totals[step]) for step in board.STEPS],
        "total": total,
        "total_percent": int(totals[RecordStatus.CONFIRMED] * 100 / total) if total else 0,
        "total_late": sum(late_by_code.values()),
        "total_sample_pending": sum(row.sample_pending for row in rows),
        "figures": figures,
        "colours": [
            (colour, Colour(colour).label, figures.colours.get(colour, 0)) for colour in Colour.values
        ],
        "categories": [Category(c).label for c in campaign.target_categories if c in Category.values],
        "may_manage": permissions.can_manage_campaigns(user, campaign.area_id),
        "group_length": group_length,
        "today": today,
        "is_late": today > campaign.end_date,
    }
    return render(request, "discovery/campaign_detail.html", context)


# A campaign's records, community by community, names in pinyin order (lib.paging).
RECORD_SORTS = SortMap(
    {
        "area": ("area_id", "child__name_sort", "pk"),
        "name": ("child__name_sort", "pk"),
        "status": ("status", "area_id", "child__name_sort", "pk"),
        "colour": ("shown_colour", "area_id", "child__name_sort", "pk"),
        "screened": (F("screened_at").asc(nulls_last=True), "pk"),
    },
    default="area",
)


def listed_records(user, campaign, query, today):
    """(filter form, records) of a campaign's record list for `query` (the page's and its
    export's rows)."""
    form = RecordFilterForm(query)
    records = ScreeningRecord.objects.visible_to(user).filter(campaign=campaign)
    records = form.apply(records, campaign=campaign, today=today)
    # The colour each record counts with in the campaign's figures (a re-visit's, or the
    # district's decision on a mismatch), the same the colour filter reads (issue 8, QA).
    records = records.annotate(shown_colour=board.record_colour()).select_related(
        "child", "area", "assessment", "screened_by"
    )
    records = RECORD_SORTS.read_query(query).apply(records)
    return form, records


@login_required
def record_list(request, pk):
    """Records of a campaign the user sees, filtered by area, status, colour, lateness."""
    campaign = visible_campaign(request, pk)
    today = timezone.localdate()
    form, records = listed_records(request.user, campaign, request.GET, today)
    page = paginate(request, records, sorting=RECORD_SORTS.read(request))
    area_code = form.cleaned_data.get("area", "") if form.is_valid() else ""
    area = Area.objects.filter(code=area_code).first() if area_code else None
    return render(
        request,
        "discovery/record_list.html",
        {"campaign": campaign, "form": form, "page": page, "area": area, "today": today},
    )
