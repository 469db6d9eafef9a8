"""合并重复档案: the side-by-side page where a district officer (or the city) picks, field by
field, which of two files' values survives (registry.merging). `?other=<pk>` names the
second file; without it the page lists the visible files with the same name and birth date."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from childwelfare.access.guards import deny_unless, get_visible_or_404
from childwelfare.submissions.once import submits_once

from ..choices import FileStatus
from ..merging import (
    MERGE_FIELDS,
    MERGED,
    SURVIVOR,
    MergeRefused,
    can_merge,
    default_choices,
    merge_children,
    merge_conflicts,
)
from ..models import Child
from ..services import RegistryConflict, RegistryError


def _shown(child: Child, name: str) -> str:
    """A field's value as the page shows it (ID numbers masked, choices by label)."""
    if name == "id_number":
        return child.masked_id
    display = getattr(child, f"get_{name}_display", None)
    if display is not None:
        return str(display() or "—")
    value = getattr(child, name)
    if name in ("area", "hukou_area"):
        return value.full_name if value else "—"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value) if value not in (None, "") else "—"


def _int(text) -> int | None:
    return int(text) if str(text or "").isdigit() else None


@login_required
@submits_once
def child_merge(request, pk):
    survivor = get_visible_or_404(Child.objects.select_related("area", "hukou_area"), request.user, pk=pk)
    deny_unless(can_merge(request.user, survivor.area_id))
    other_pk = _int(request.POST.get("other") or request.GET.get("other"))
    visible = Child.objects.visible_to(request.user).exclude(status=FileStatus.MERGED)
    candidates = list(
        visible.filter(name=survivor.name, birth_date=survivor.birth_date)
        .exclude(pk=survivor.pk)
        .select_related("area")
    )
    context = {"survivor": survivor, "candidates": candidates, "other": None}
    if other_pk is None:
        return render(request, "registry/child_merge.html", context)
    other = get_visible_or_404(Child.objects.select_related("area", "hukou_area"), request.user, pk=other_pk)
    choices = default_choices(survivor, other)
    error = None
    if request.method == "POST":
        posted = {name: request.POST.get(f"choice_{name}") for name in MERGE_FIELDS}
        choices.update({name: value for name, value in posted.items() if value in (SURVIVOR, MERGED)})
        try:
            merge_children(
                survivor,
                other,
                actor=request.user,
                choices=choices,
                survivor_version=_int(request.POST.get("survivor_version")),
                merged_version=_int(request.POST.get("merged_version")),
            )
        except (RegistryError, RegistryConflict) as exc:
            error = exc
        else:
            messages.success(request, _merged_message(other, survivor))
            return redirect("registry:child_detail", pk=survivor.pk)
    rows = [
        {
            "name": name,
            "label": Child._meta.get_field(name).verbose_name,
            "survivor": _shown(survivor, name),
            "merged": _shown(other, name),
            "choice": choices[name],
            "same": _shown(survivor, name) == _shown(other, name),
        }
        for name in MERGE_FIELDS
    ]
    context.update(
        other=other,
        rows=rows,
        conflicts=error.conflicts if isinstance(error, MergeRefused) else merge_conflicts(survivor, other),
        error=error,
    )
    return render(request, "registry/child_merge.html", context)


def _merged_message(other, survivor) -> str:
    from django.utils.translation import gettext as _

    return _("档案 #%(other)s 已合并至本档案，相关记录已转入") % {"other": other.pk, "survivor": survivor.pk}
