"""The access log for those who check it: every full view of an ID number, every export and
every import, newest first, filtered by action and user."""

from django.shortcuts import render

from childwelfare.access.guards import page_for
from childwelfare.lib.paging import paginate

from .models import AccessAction, AccessLog
from .permissions import can_read_access_log


@page_for(can_read_access_log)
def access_log(request):
    entries = AccessLog.objects.visible_to(request.user)
    action = request.GET.get("action", "")
    if action in AccessAction.values:
        entries = entries.filter(action=action)
    who = request.GET.get("user", "").strip()
    if who:
        entries = entries.filter(user__username__icontains=who) | entries.filter(
            user__full_name__icontains=who
        )
    page = paginate(request, entries.select_related("user"))
    return render(
        request,
        "audit/access_log.html",
        {"page": page, "actions": AccessAction.choices, "action": action, "who": who},
    )
