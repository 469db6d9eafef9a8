"""Publicity pages: the campaigns, a campaign with its events and figures, recording a
campaign and an event, and the figures over the years."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from childwelfare.access.guards import deny_unless, get_visible_or_404, page_for
from childwelfare.lib.errors import add_to_form
from childwelfare.lib.paging import SortMap, paginate
from childwelfare.submissions.once import submits_once

from .. import figures, permissions
from ..forms import CampaignForm, EventForm, organiser_areas
from ..models import PublicityCampaign, PublicityEvent
from ..services import OutreachError
from ..services.publicity import add_event, create_campaign

CAMPAIGN_SORTS = SortMap(
    {"year": ("-year", "-start_date", "-pk"), "theme": ("theme", "pk")},
    default="year",
)
EVENT_SORTS = SortMap(
    {
        "date": ("held_on", "pk"),
        "kind": ("kind", "held_on", "pk"),
        "area": ("area_id", "held_on", "pk"),
        "audience": ("-audience", "pk"),
        "materials": ("-materials", "pk"),
    },
    default="date",
)


def visible_events(user):
    return PublicityEvent.objects.visible_to(user)


def _may_add_events(user) -> bool:
    return permissions.can_add_event(user, user.area_id or "")


@page_for(permissions.can_read_publicity)
def campaign_list(request):
    campaigns = PublicityCampaign.objects.visible_to(request.user)
    page = paginate(request, campaigns, sorting=CAMPAIGN_SORTS.read(request))
    counts = {
        row["campaign"]: row
        for row in visible_events(request.user)
        .filter(campaign__in=[c.pk for c in page.object_list])
        .values("campaign")
        .annotate(events=Count("id"), audience=Sum("audience"), materials=Sum("materials"))
        .order_by()
    }
    for campaign in page.object_list:
        row = counts.get(campaign.pk, {})
        campaign.event_count = row.get("events", 0)
        campaign.audience_total = row.get("audience") or 0
        campaign.materials_total = row.get("materials") or 0
    year = timezone.localdate().year
    latest = PublicityCampaign.objects.filter(is_june_month=True, year__lte=year).order_by("-year").first()
    running = (latest.year, figures.june_month_years_running(latest.year)) if latest else None
    return render(
        request,
        "outreach/campaign_list.html",
        {"page": page, "may_create": permissions.can_manage_campaigns(request.user), "running": running},
    )


@login_required
@submits_once
def campaign_create(request):
    deny_unless(permissions.can_manage_campaigns(request.user))
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = create_campaign(actor=request.user, **form.cleaned_data)
        except OutreachError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("宣传活动已创建。"))
            return redirect("outreach:campaign_detail", pk=campaign.pk)
    return render(request, "outreach/campaign_form.html", {"form": form})


@page_for(permissions.can_read_publicity)
def campaign_detail(request, pk):
    campaign = get_visible_or_404(PublicityCampaign.objects.select_related("area"), request.user, pk=pk)
    events = visible_events(request.user).filter(campaign=campaign).select_related("area")
    page = paginate(request, events, sorting=EVENT_SORTS.read(request))
    totals = figures.publicity_totals(campaign=campaign, events=visible_events(request.user))
    context = {
        "campaign": campaign,
        "page": page,
        "totals": totals,
        "running": figures.june_month_years_running(campaign.year) if campaign.is_june_month else 0,
        "may_add": _may_add_events(request.user),
    }
    return render(request, "outreach/campaign_detail.html", context)


@login_required
@submits_once
def event_create(request, pk):
    campaign = get_visible_or_404(PublicityCampaign.objects.all(), request.user, pk=pk)
    deny_unless(_may_add_events(request.user))
    initial = {"area": organiser_areas(request.user).first(), "held_on": campaign.start_date}
    form = EventForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            add_event(campaign, actor=request.user, **form.cleaned_data)
        except OutreachError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("宣传活动场次已登记。"))
            return redirect("outreach:campaign_detail", pk=campaign.pk)
    return render(request, "outreach/event_form.html", {"form": form, "campaign": campaign})


@page_for(permissions.can_read_publicity)
def publicity_figures(request):
    """Figures over the years: per year the June month's run, events, audience, materials;
    per year and organiser area the same (the user's scope)."""
    events = visible_events(request.user)
    years = sorted(set(PublicityCampaign.objects.visible_to(request.user).values_list("year", flat=True)))
    rows = []
    for year in years:
        totals = figures.publicity_totals(year=year, events=events)
        totals["year"] = year
        totals["running"] = figures.june_month_years_running(year)
        rows.append(totals)
    by_area = figures.publicity_by_year_and_area(years[0], years[-1], events=events) if years else []
    return render(request, "outreach/publicity_figures.html", {"rows": rows, "by_area": by_area})


def listed_events(user, query, campaign):
    """The events of the campaign page for `query` (its sorting), scoped: the page and its
    export read the same rows."""
    events = visible_events(user).filter(campaign=campaign).select_related("area")
    return EVENT_SORTS.read_query(query).apply(events)
