"""Helpers shared by the discovery pages: the safe "back to" address and the messages of a
refused or conflicting step. Access: childwelfare.access.guards; pagination: lib.paging."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from ..services import ConflictError, DiscoveryError


def next_url(request, default: str) -> str:
    """The `next` address of a form (same site only), or `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def step_failure(obj, posted_version: int | None, error: DiscoveryError) -> tuple[str, bool]:
    """The message for a refused step and whether it was a conflict.

    A conflict is a ConflictError, or any refusal of a record whose version moved on since
    the user loaded the page (someone else acted first, so the step no longer applies): the
    user is told so, with the record's current state. `obj` is refreshed from the database.
    """
    obj.refresh_from_db()
    moved_on = posted_version is not None and posted_version != obj.version
    if isinstance(error, ConflictError) or moved_on:
        return (
            _("其他人已先处理了这条记录，您的提交没有保存。当前状态：%(status)s。")
            % {"status": obj.get_status_display()},
            True,
        )
    return str(error), False
