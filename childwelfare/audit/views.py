"""The access log for those who check it: every full view of an ID number, every export and
every import, newest first, filtered by action and user."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from childwelfare.lib.paging import paginate

from .models import AccessAction, AccessLog


@login_required
def access_log(request):
    entries = AccessLog.objects.visible_to(request.user)
    if (
        request.user.role not in ("auditor", "district_officer", "city_admin")
        and not request.user.is_superuser
    ):
        raise PermissionDenied
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
