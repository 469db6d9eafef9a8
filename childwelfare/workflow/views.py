"""状态变更记录: every state change of the platform's records, for those who check them
(the same people as the access log: auditors, district officers, the city administrator),
inside their area, newest first, searchable by person, date range, kind and area."""

from django.shortcuts import render

from childwelfare.access.guards import page_for
from childwelfare.areas.models import Area
from childwelfare.audit.permissions import can_read_access_log
from childwelfare.lib.paging import SortMap, paginate

from .forms import EventFilterForm
from .models import TransitionEvent

# Newest first by default (lib.paging).
EVENT_SORTS = SortMap(
    {
        "at": ("at", "id"),
        "actor": ("actor__username", "-at", "-id"),
        "kind": ("kind", "-at", "-id"),
        "area": ("area_code", "-at", "-id"),
    },
    default="-at",
)


@page_for(can_read_access_log)
def events(request):
    listed = TransitionEvent.objects.visible_to(request.user)
    form = EventFilterForm(request.GET or None, user=request.user)
    if form.is_bound and form.is_valid():
        listed = form.filter(listed)
    elif form.is_bound:
        # A filter that is not valid shows its errors and no rows, never the unfiltered list
        # (an auditor would take it for the filtered one).
        listed = listed.none()
    page = paginate(request, listed.select_related("actor"), sorting=EVENT_SORTS.read(request))
    codes = {event.area_code for event in page}
    area_names = dict(Area.objects.filter(code__in=codes).values_list("code", "name"))
    for event in page:
        event.area_name = area_names.get(event.area_code, event.area_code)
    return render(request, "workflow/events.html", {"page": page, "form": form})
