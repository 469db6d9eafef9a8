"""状态变更记录: every state change of the platform's records, for those who check them
(the same people as the access log: auditors, district officers, the city administrator),
inside their area, newest first, searchable by person, date range, kind and area."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from childwelfare.accounts.choices import Role
from childwelfare.areas.models import Area

from .forms import EventFilterForm
from .models import TransitionEvent

PAGE_SIZE = 50
READERS = (Role.AUDITOR, Role.DISTRICT_OFFICER, Role.CITY_ADMIN)


def may_read_events(user) -> bool:
    """Who may open the events page (as audit's access log): an active auditor, district
    officer or city administrator, or a superuser."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.role in READERS


@login_required
def events(request):
    if not may_read_events(request.user):
        raise PermissionDenied
    listed = TransitionEvent.objects.visible_to(request.user)
    form = EventFilterForm(request.GET or None, user=request.user)
    if form.is_bound and form.is_valid():
        listed = form.filter(listed)
    page = Paginator(listed.select_related("actor"), PAGE_SIZE).get_page(request.GET.get("page"))
    codes = {event.area_code for event in page}
    area_names = dict(Area.objects.filter(code__in=codes).values_list("code", "name"))
    for event in page:
        event.area_name = area_names.get(event.area_code, event.area_code)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workflow/events.html",
        {"page": page, "form": form, "query": query.urlencode()},
    )
