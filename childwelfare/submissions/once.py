"""Creating forms are idempotent: a form posted twice (a double click, a reload of the
answer, two tabs) creates its record once (issue 8, item 6).

How it works:

- the page renders a one-time token into the form (`{% form_token %}` from the
  `submissions` template library: `<input type="hidden" name="form_token">`), a random
  value signed with the signed-in user's id and the time it was issued;
- the view is wrapped in `@submits_once`. The first POST carrying the token claims it by
  inserting a `FormSubmission` row (its token is unique: the claim is atomic across
  processes, on SQLite and PostgreSQL alike) and then runs the view. When the view redirects
  (success, Post/Redirect/Get, or htmx's HX-Redirect) the row keeps the address; when it answers anything else (the
  form again with its errors, 403, 404, an exception) the claim is released so the same
  form can be corrected and sent again;
- a later POST with the same token runs nothing: it waits a few seconds for the first to
  finish and is sent to the first's result with the message 已提交，请勿重复提交, or, when the
  first is still running, answers 409 with that message and a link back to the page.

A POST without a token (the API, scripts, the tests that post by hand), with a token that
does not verify, or with one older than FORM_TOKEN_MAX_AGE_SECONDS (default: a day, longer
than any session) is run as before, unguarded: refusing it would lose what was typed. Rows
are deleted once their token has expired. The submit buttons also disable on submit
(static/submissions/forms.js), which stops most double clicks before they leave the browser.
"""

from __future__ import annotations

import secrets
import time
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from .models import FormSubmission

FIELD = "form_token"
_SALT = "childwelfare.submissions.form_token"
# How long a second POST waits for the first one's answer, and how often it looks.
WAIT_SECONDS = 8.0
POLL_SECONDS = 0.1


def max_age_seconds() -> int:
    """Seconds a form token stays valid (setting FORM_TOKEN_MAX_AGE_SECONDS, default 86400)."""
    return int(getattr(settings, "FORM_TOKEN_MAX_AGE_SECONDS", 24 * 60 * 60))


def issue_form_token(user) -> str:
    """A new one-time token for a form shown to `user` (a User or AnonymousUser): a random
    128-bit value (URL-safe base64) with the user's id, signed with a timestamp (text, under 100 characters)."""
    user_id = getattr(user, "pk", None) or 0
    # URL-safe base64, not hex: a hex value holds a run of 15+ digits often enough that a
    # page would carry a string shaped like a (masked) ID number (test_mask_reconstruction).
    return signing.TimestampSigner(salt=_SALT).sign(f"{user_id}.{secrets.token_urlsafe(16)}")


def read_form_token(value: str, user) -> str | None:
    """The random part of a posted token when it verifies, was issued to `user` and is not
    older than max_age_seconds(); None otherwise (the POST is then run unguarded)."""
    if not value:
        return None
    try:
        payload = signing.TimestampSigner(salt=_SALT).unsign(value, max_age=max_age_seconds())
    except signing.BadSignature:  # also SignatureExpired
        return None
    user_id, _sep, nonce = payload.partition(".")
    if user_id != str(getattr(user, "pk", None) or 0) or not nonce:
        return None
    return nonce


def _claim(nonce: str, request) -> FormSubmission | None:
    """The new claim row, or None when the token was claimed before (by this or another
    process). Expired rows are deleted on the way."""
    cutoff = timezone.now() - timedelta(seconds=max_age_seconds())
    FormSubmission.objects.filter(created_at__lt=cutoff).delete()
    user = request.user if request.user.is_authenticated else None
    try:
        with transaction.atomic():
            return FormSubmission.objects.create(token=nonce, user=user, path=request.path[:500])
    except IntegrityError:
        return None


def _result_url(response) -> str:
    """Where a successful view sent the browser: a redirect's Location, or htmx's
    HX-Redirect on a 200 (django_htmx.http.HttpResponseClientRedirect); "" otherwise."""
    if response.status_code in (301, 302, 303):
        return response.get("Location", "")
    if response.status_code == 200:
        return response.get("HX-Redirect", "")
    return ""


def _go(request, url: str):
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _answer_duplicate(request, nonce: str):
    """Waits up to WAIT_SECONDS for the first POST of `nonce`: its result with a message,
    a fresh claim when the first was released (the caller runs the view), or the 409 page."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        first = FormSubmission.objects.filter(token=nonce).values_list("result_url", flat=True).first()
        if first is None:
            claim = _claim(nonce, request)
            if claim is not None:
                return claim
        elif first:
            messages.info(request, _("已提交，请勿重复提交"))
            return _go(request, first)
        if time.monotonic() >= deadline:
            context = {"back_url": request.path}
            return render(request, "submissions/duplicate.html", context, status=409)
        time.sleep(POLL_SECONDS)


def submits_once(view):
    """Decorator of a view that creates records on POST: a POST whose `form_token` was
    already used creates nothing and is sent where the first one went (module docstring).
    The view itself is unchanged; mark its form with `{% form_token %}`."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        nonce = read_form_token(request.POST.get(FIELD, ""), request.user)
        if nonce is None:
            return view(request, *args, **kwargs)
        claim = _claim(nonce, request)
        if claim is None:
            answer = _answer_duplicate(request, nonce)
            if not isinstance(answer, FormSubmission):
                return answer
            claim = answer
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            claim.delete()
            raise
        result_url = _result_url(response)
        if result_url:
            claim.result_url = result_url[:1000]
            claim.save(update_fields=["result_url"])
        else:
            claim.delete()
        return response

    wrapped.submits_once = True
    return wrapped
