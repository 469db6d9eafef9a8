"""The access log for those who check it: every full view of an ID number, every export,
download and import attempt, every ID number found registered elsewhere; newest first,
filtered by person, days and kind; each entry says what was seen and from which address."""

from django.shortcuts import render

from childwelfare.access.guards import page_for
from childwelfare.areas.models import Area
from childwelfare.lib.paging import SortMap, paginate

from .forms import AccessLogFilterForm
from .labels import object_labels
from .models import AccessLog
from .permissions import can_read_access_log

# Newest first by default (lib.paging).
ACCESS_LOG_SORTS = SortMap(
    {
        "at": ("at", "pk"),
        "user": ("user__username", "-at", "-pk"),
        "action": ("action", "-at", "-pk"),
        "area": ("area_code", "-at", "-pk"),
    },
    default="-at",
)


@page_for(can_read_access_log)
def access_log(request):
    entries = AccessLog.objects.visible_to(request.user)
    form = AccessLogFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        entries = form.filter(entries)
    elif form.is_bound:
        # A filter that is not valid shows its errors and no rows, never the unfiltered list
        # (an auditor would take it for the filtered one).
        entries = entries.none()
    page = paginate(request, entries.select_related("user"), sorting=ACCESS_LOG_SORTS.read(request))
    labels = object_labels(page, request.user)
    area_names = dict(
        Area.objects.filter(code__in={e.area_code for e in page if e.area_code}).values_list("code", "name")
    )
    for entry in page:
        entry.label = labels.get((entry.object_type, entry.object_id), "")
        entry.area_name = area_names.get(entry.area_code, entry.area_code)
    return render(request, "audit/access_log.html", {"page": page, "form": form})
