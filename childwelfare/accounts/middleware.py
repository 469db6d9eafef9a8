"""Site-wide protections applied to every request that reaches a view (issue 13, finding 10).

- `SecurityHeadersMiddleware`: Permissions-Policy (no camera, microphone, geolocation, …) on
  every response, and `Cache-Control: no-store` on every response produced by a view, so no
  page or file with children's data stays in a browser's or proxy's cache. Static files are
  answered by WhiteNoise higher up the stack and never reach it (they stay cacheable).
- `SessionLifetimeMiddleware`: a session ends SESSION_ABSOLUTE_SECONDS after sign-in whatever
  the activity, beside the idle limit (SESSION_COOKIE_AGE, renewed on every request).
- `PasswordChangeRequiredMiddleware`: a user whose password was set by someone else (an
  administrator created the account or reset the password: `User.must_change_password`) can
  open nothing but the password-change page until they have chosen their own.

The Content-Security-Policy header itself comes from django-csp (settings
CONTENT_SECURITY_POLICY).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

# Features no page of the platform uses: a page (or a script injected into one) may not use them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
)

# The session key holding the sign-in time (seconds since the epoch).
SIGNED_IN_AT = "signed_in_at"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        add_never_cache_headers(response)
        return response


def record_sign_in(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: the start of the absolute session lifetime."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = int(time.time())


class SessionLifetimeMiddleware:
    """Signs out a session older than SESSION_ABSOLUTE_SECONDS (counted from sign-in; a
    session from before this rule starts counting at its next request)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            signed_in_at = request.session.get(SIGNED_IN_AT)
            if signed_in_at is None:
                request.session[SIGNED_IN_AT] = now
            elif now - signed_in_at > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, _("登录时间已到，请重新登录"))
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """Sends a user who must change their password to the password-change page; only that
    page, signing out and the language switch stay open to them."""

    OPEN = ("password_change", "logout", "set_language", "admin:logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and getattr(user, "must_change_password", False):
            if request.path not in {reverse(name) for name in self.OPEN}:
                target = reverse("password_change")
                if getattr(request, "htmx", False):
                    from django_htmx.http import HttpResponseClientRedirect

                    return HttpResponseClientRedirect(target)
                return redirect(target)
        return self.get_response(request)
