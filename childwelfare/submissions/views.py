"""The keep-alive behind the session warning's 继续工作 button, and the page for a form whose
CSRF token is stale or missing (settings.CSRF_FAILURE_VIEW), issue 8 item 5."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from childwelfare.accounts.middleware import SIGNED_IN_AT

# Posted names never written back into a page: the old CSRF token (the page has a fresh
# one) and anything that looks like a password.
_NEVER_ECHOED = ("csrfmiddlewaretoken",)


@require_POST
@login_required
def keep_alive(request):
    """Renews the session (SESSION_SAVE_EVERY_REQUEST: any request does) and answers JSON
    {"idle": seconds without a request before it ends, "left": seconds to its absolute end}.
    Anyone signed out is sent to the login page (the script reads that as expired)."""
    signed_in_at = request.session.get(SIGNED_IN_AT) or int(time.time())
    left = max(0, int(signed_in_at + settings.SESSION_ABSOLUTE_SECONDS - time.time()))
    request.session.modified = True
    return JsonResponse({"idle": int(settings.SESSION_COOKIE_AGE), "left": left})


def _echoed_values(request) -> list[tuple[str, str]]:
    """The posted (name, value) pairs to write back as hidden fields: every text value in
    order, without the old CSRF token and without passwords. Files are never echoed."""
    pairs = []
    for name, values in request.POST.lists():
        if name in _NEVER_ECHOED or "password" in name.lower():
            continue
        pairs.extend((name, value) for value in values)
    return pairs


def _sent_from_our_page(request) -> bool:
    """The post came from a page of this site: its Origin (or, without one, its Referer) is
    this host. Browsers send Origin with every cross-site POST."""
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    if not source or source == "null":
        return False
    return url_has_allowed_host_and_scheme(source, {request.get_host()}, require_https=request.is_secure())


def csrf_failure(request, reason: str = "", template_name: str = "submissions/csrf_failure.html"):
    """A friendly 403 for a form sent with a stale or missing CSRF token (typically a page
    left open past the end of its session, or opened before signing in again elsewhere).

    A signed-in user gets what they posted back as hidden fields of a form that posts to
    the same address with a fresh token (the 重新提交 button); nothing is stored on the server,
    every value is escaped by the template, files are never echoed (the page says to choose
    them again). Someone signed out gets a link to sign in; the browser's draft of the form
    (forms.js) is restored when they come back to it. `reason` (Django's technical text) is
    not shown."""
    authenticated = request.user.is_authenticated
    # Only a form sent from one of our own pages is offered again: a post forged by another
    # site (no valid token, the victim signed in) must not come back as a form carrying a
    # fresh token, one click from being sent for real.
    offer = request.method == "POST" and authenticated and _sent_from_our_page(request)
    pairs = _echoed_values(request) if offer else []
    login_url = reverse(settings.LOGIN_URL)
    back = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
        back = reverse("home")
    context = {
        "pairs": pairs,
        "offer": offer,
        "back_url": back,
        "action": request.get_full_path(),
        "had_files": bool(request.method == "POST" and request.FILES),
        "login_url": login_url,
        "next_url": request.path if request.path != login_url else reverse(settings.LOGIN_REDIRECT_URL),
    }
    return render(request, template_name, context, status=403)
