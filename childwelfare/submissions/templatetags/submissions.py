"""Template tags of the submissions app.

{% load submissions %}
<form method="post">{% csrf_token %}{% form_token %} …      a creating form (once.py)
<body {% session_attributes %}>                              base.html only (forms.js)
"""

from __future__ import annotations

import time

from django import template
from django.conf import settings
from django.utils.html import format_html

from childwelfare.accounts.middleware import SIGNED_IN_AT

from ..once import FIELD, issue_form_token

register = template.Library()


@register.simple_tag(takes_context=True)
def form_token(context) -> str:
    """A hidden input with a new one-time token for the form it stands in."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, issue_form_token(user))


@register.simple_tag(takes_context=True)
def session_attributes(context) -> str:
    """The <body> attributes forms.js reads, for a signed-in user only: `data-user` (the
    user's id, the key of their local drafts), `data-session-idle` (seconds a session
    lasts without a request, SESSION_COOKIE_AGE) and `data-session-left` (seconds until the
    absolute end, SESSION_ABSOLUTE_SECONDS after sign-in). Empty for anyone signed out,
    which tells forms.js not to restore or keep drafts on that page."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    idle = int(settings.SESSION_COOKIE_AGE)
    signed_in_at = request.session.get(SIGNED_IN_AT) or int(time.time())
    left = max(0, int(signed_in_at + settings.SESSION_ABSOLUTE_SECONDS - time.time()))
    return format_html(
        'data-user="{}" data-session-idle="{}" data-session-left="{}"', user.pk, idle, min(left, 10**9)
    )
