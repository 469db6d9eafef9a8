"""The district's follow-up lists (DOMAIN.md §5): red children without an open case, and red
or yellow children without an active care measure."""

from __future__ import annotations

from django.db.models import F, OuterRef, Subquery
from django.shortcuts import render
from django.utils import timezone

from childwelfare.access.guards import page_for
from childwelfare.accounts.permissions import can_edit_children, can_read_children
from childwelfare.lib.paging import SortMap, paginate
from childwelfare.registry.models import Child

from .. import board
from ..models import RiskAssessment

LISTS = ("case", "measure")


def attention_children(user, which: str, today):
    children = Child.objects.visible_to(user).open_files()
    if which == "case":
        return board.needs_a_case(children)
    return board.without_active_measure(children, today)


# Community by community, names in pinyin order (lib.paging).
ATTENTION_SORTS = SortMap(
    {
        "area": ("area_id", "name_sort", "pk"),
        "name": ("name_sort", "pk"),
        "assessed": (F("assessed_on").asc(nulls_last=True), "pk"),
    },
    default="area",
)


@page_for(can_read_children)
def attention(request):
    today = timezone.localdate()
    which = request.GET.get("list", "case")
    if which not in LISTS:
        which = "case"
    latest = RiskAssessment.objects.filter(child=OuterRef("pk")).order_by("-assessed_on", "-id")
    children = (
        attention_children(request.user, which, today)
        .annotate(assessed_on=Subquery(latest.values("assessed_on")[:1]))
        .select_related("area")  # the community's stored full name
    )
    counts = board.attention_counts(Child.objects.visible_to(request.user).open_files(), today)
    page = paginate(request, children, sorting=ATTENTION_SORTS.read(request), count=counts[which])
    return render(
        request,
        "discovery/attention.html",
        {
            "page": page,
            "list": which,
            "counts": counts,
            "today": today,
            # 立案 on the red list opens the intake form (issue 10; its roles are the editors').
            "may_open_case": can_edit_children(request.user),
        },
    )
