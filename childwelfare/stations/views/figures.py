"""The figures page: sites by kind, level, build type and status, projects, activities and
person-times of the user's area (or an area inside it) over a period, broken down one level
down (districts, townships) and per station."""

from __future__ import annotations

from django.shortcuts import render

from childwelfare.access.guards import page_for

from .. import figures, permissions
from ..choices import ActivityKind, BuildType, SiteKind, SiteLevel, SiteStatus
from ..forms import FiguresForm
from ..models import Site


def _labelled(counts: dict, choices) -> list[tuple[str, int]]:
    return [(label, counts.get(str(value), 0)) for value, label in choices.choices]


@page_for(permissions.can_read_sites)
def figures_page(request):
    user = request.user
    form = FiguresForm(request.GET or None, user=user)
    code = form.area_code()
    date_from, date_to = form.period()
    sites = Site.objects.visible_to(user)
    totals = figures.figures(code, date_from, date_to, kinds=None, sites=sites)
    workstations = figures.figures(code, date_from, date_to, sites=sites)
    group_length = next((n for n in (6, 9, 12) if n > len(code)), 12)
    context = {
        "form": form,
        "totals": totals,
        "workstations": workstations,
        "by_kind": _labelled(totals.by_kind, SiteKind),
        "by_level": _labelled(totals.by_level, SiteLevel),
        "by_build_type": _labelled(totals.by_build_type, BuildType),
        "by_status": _labelled(totals.by_status, SiteStatus),
        "by_activity_kind": [
            (
                label,
                totals.activities_by_kind.get(str(value), 0),
                totals.person_times_by_kind.get(str(value), 0),
            )
            for value, label in ActivityKind.choices
        ],
        "areas": figures.figures_by_area(
            code, date_from, date_to, group_length=group_length, kinds=None, sites=sites
        )
        if len(code) < 9
        else [],
        "stations": figures.figures_by_station(code, date_from, date_to, sites=sites),
    }
    return render(request, "stations/figures.html", context)
