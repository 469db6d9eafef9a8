"""Registration conflicts (登记冲突): ID numbers tried in the district but registered outside
the area of whoever tried them; the district officers' work list (issue 13 §4)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from childwelfare.access.guards import deny_unless, get_visible_or_404, page_for
from childwelfare.lib.paging import SortMap, paginate

from ..conflicts import ConflictError, handle_conflict
from ..models import RegistrationConflict
from ..permissions import can_handle_registration_conflicts

# Newest first by default (lib.paging).
CONFLICT_SORTS = SortMap(
    {
        "created": ("created_at", "pk"),
        "area": ("area_id", "-created_at", "-pk"),
        "source": ("source", "-created_at", "-pk"),
        "status": ("status", "-created_at", "-pk"),
    },
    default="-created",
)


@page_for(can_handle_registration_conflicts)
def conflict_list(request):
    status = request.GET.get("status", RegistrationConflict.Status.OPEN)
    conflicts = RegistrationConflict.objects.visible_to(request.user).select_related(
        "actor", "area", "handled_by"
    )
    if status in RegistrationConflict.Status.values:
        conflicts = conflicts.filter(status=status)
    return render(
        request,
        "registry/conflict_list.html",
        {
            "page": paginate(request, conflicts, sorting=CONFLICT_SORTS.read(request)),
            "status": status,
            "statuses": RegistrationConflict.Status.choices,
        },
    )


@require_POST
@login_required
def conflict_handle(request, pk):
    conflict = get_visible_or_404(RegistrationConflict, request.user, pk=pk)
    deny_unless(can_handle_registration_conflicts(request.user, conflict.area_id))
    try:
        handle_conflict(
            conflict,
            actor=request.user,
            dismiss=request.POST.get("outcome") == "dismiss",
            note=request.POST.get("note", "")[:1000],
        )
    except ConflictError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("登记冲突已处理"))
    return redirect("registry:conflict_list")
