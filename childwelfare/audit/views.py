"""The access log for those who check it: every full view of an ID number, every export,
download and import attempt, every ID number found registered elsewhere; newest first,
filtered by person, days and kind; each entry says what was seen and from which address."""

from django.apps import apps
from django.shortcuts import render

from childwelfare.access.guards import page_for
from childwelfare.areas.models import Area
from childwelfare.lib.exporting import export_list
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


def listed_entries(user, query):
    """(filter form, entries) of the access log for `query` (the page's and its export's rows)."""
    entries = AccessLog.objects.visible_to(user)
    form = AccessLogFilterForm(query or None)
    if form.is_bound and form.is_valid():
        entries = form.filter(entries)
    elif form.is_bound:
        # A filter that is not valid shows its errors and no rows, never the unfiltered list
        # (an auditor would take it for the filtered one).
        entries = entries.none()
    return form, ACCESS_LOG_SORTS.read_query(query).apply(entries.select_related("user"))


def _kind_of(entry) -> str:
    """What an entry about many records was about: an export's list ("export.problems" →
    问题清单, its background file), or the model's name (registry.child → 儿童)."""
    if entry.object_type.startswith("export."):
        try:
            return str(export_list(entry.object_type.removeprefix("export.")).title)
        except KeyError:
            return ""
    if entry.object_id or not entry.object_type:
        return ""
    try:
        return str(apps.get_model(entry.object_type)._meta.verbose_name_plural)
    except (LookupError, ValueError):
        return ""


def name_entries(entries, viewer) -> None:
    """Set `label` (what was seen, labels.object_labels) and `area_name` on each entry of a
    page or chunk: one query per kind of object and one for the areas, not one per row."""
    labels = object_labels(entries, viewer)
    area_names = dict(
        Area.objects.filter(code__in={e.area_code for e in entries if e.area_code}).values_list(
            "code", "name"
        )
    )
    for entry in entries:
        entry.label = labels.get((entry.object_type, entry.object_id), "") or _kind_of(entry)
        entry.area_name = area_names.get(entry.area_code, entry.area_code)


@page_for(can_read_access_log)
def access_log(request):
    form, entries = listed_entries(request.user, request.GET)
    page = paginate(request, entries, sorting=ACCESS_LOG_SORTS.read(request))
    name_entries(page, request.user)
    return render(request, "audit/access_log.html", {"page": page, "form": form})
