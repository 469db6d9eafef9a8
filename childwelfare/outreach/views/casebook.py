"""The casebook (案例库): search by collection, kind, category, problem, measure and keywords
found inside the text; one entry's page."""

from __future__ import annotations

from django.shortcuts import render

from childwelfare.access.guards import get_visible_or_404, page_for
from childwelfare.lib.paging import SortMap, paginate

from .. import permissions
from ..forms import CasebookFilterForm
from ..models import CasebookEntry, Collection
from ..querysets import search_casebook

CASEBOOK_SORTS = SortMap(
    {
        "year": ("-year", "collection_id", "number", "pk"),
        "title": ("title", "pk"),
        "number": ("collection_id", "number", "pk"),
    },
    default="year",
)


def listed_entries(user, query):
    """(form, entries) of the casebook page for `query`: the page and its export agree."""
    form = CasebookFilterForm(query or None, collections=Collection.objects.order_by("-year", "name"))
    entries = CasebookEntry.objects.visible_to(user).select_related("collection")
    if form.is_valid():
        entries = search_casebook(entries, **form.cleaned_data)
    return form, CASEBOOK_SORTS.read_query(query).apply(entries)


@page_for(permissions.can_read_casebook)
def casebook(request):
    form, entries = listed_entries(request.user, request.GET)
    page = paginate(request, entries, sorting=CASEBOOK_SORTS.read(request))
    return render(
        request, "outreach/casebook.html", {"form": form, "page": page, "q": request.GET.get("q", "")}
    )


@page_for(permissions.can_read_casebook)
def casebook_entry(request, pk):
    entry = get_visible_or_404(CasebookEntry.objects.select_related("collection"), request.user, pk=pk)
    return render(request, "outreach/casebook_entry.html", {"entry": entry})
