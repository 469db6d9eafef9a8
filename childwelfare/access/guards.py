"""The one guard style of every view (issue 7):

- not signed in → the login page;
- a record outside the user's scope, or missing → 404, the same page for both;
- a page or action the user's role may not use → 403 (the Chinese 403 page).

    @page_for(can_read_children)
    def child_detail(request, pk):
        child = get_visible_or_404(Child.objects.select_related("area"), request.user, pk=pk)
        deny_unless(can_edit_children(request.user))
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import (
    MultipleObjectsReturned,
    ObjectDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.http import Http404


def get_visible_or_404(source, user, **lookup):
    """One record of `source` (a model or a QuerySet whose model declares a Scope) that
    `user` may see, found by `lookup`. Raises Http404 when it is missing, outside scope, or
    the lookup value is malformed, all alike."""
    queryset = source._default_manager.all() if isinstance(source, type) else source
    try:
        return queryset.visible_to(user).get(**lookup)
    except (ObjectDoesNotExist, MultipleObjectsReturned, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc


def deny_unless(allowed: bool) -> None:
    """Raise PermissionDenied (the 403 page) unless `allowed`."""
    if not allowed:
        raise PermissionDenied


def page_for(predicate: Callable[..., bool]) -> Callable:
    """View decorator: signed in (else the login page) and `predicate(user)` true (else 403)."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            deny_unless(predicate(request.user))
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
