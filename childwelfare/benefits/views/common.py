"""What the benefits pages share: who may open them at all, the no-access page, dates."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from childwelfare.accounts.choices import Role
from childwelfare.accounts.permissions import can_read_children

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def no_access(request):
    """Liaisons and reviewers work only on what is assigned to them (DOMAIN.md §9): the
    benefits pages are closed to them, as the child file is."""
    return render(request, "benefits/no_access.html", status=403)


def reader_required(view):
    """Signed in, and a role that reads children in an area (the benefits pages' audience)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_read_children(request.user):
            return no_access(request)
        return view(request, *args, **kwargs)

    return wrapped


def may_see_payrolls(user) -> bool:
    """Mirrors PayrollQuerySet.visible_to: the city, district officers and auditors."""
    return user.is_superuser or user.role in (Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.AUDITOR)


def scope_chain(user) -> tuple[str, list[str]]:
    """(the user's area code, the codes of the city and district above or at it): standards
    and upratings of an area apply to everything below it."""
    code = user.area_id or ""
    return code, [code[:n] for n in (4, 6) if n <= len(code)]
