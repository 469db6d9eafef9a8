"""Writing the access log, and the client address it records (also used by django-axes)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from ipware import get_client_ip

from childwelfare.lib.errors import DomainError

from .models import AccessAction, AccessLog


def client_ip(request) -> str | None:
    """The address of the client that sent `request`, or None.

    Directly exposed (the default), REMOTE_ADDR. Behind one reverse proxy
    (DJANGO_BEHIND_PROXY, settings.BEHIND_PROXY) REMOTE_ADDR is the proxy's, and the client is
    the right-most address of X-Forwarded-For, the one the proxy appended itself (anything to
    its left was sent by the client and may be forged); resolved by django-ipware. Also
    AXES_CLIENT_IP_CALLABLE, so that login lockouts are keyed by the same address.
    """
    if request is None:
        return None
    if getattr(settings, "BEHIND_PROXY", False):
        # proxy_count=0, not strict: the last hop of the chain is the client seen by the proxy.
        address, _routable = get_client_ip(
            request, proxy_count=0, strict=False, request_header_order=["HTTP_X_FORWARDED_FOR"]
        )
        if address:
            return address
    return request.META.get("REMOTE_ADDR") or None


def area_of(obj) -> str:
    """The area code of a record, by its model's declared Scope (the first path):
    "child__area__code" reads obj.child.area_id. Empty when the model declares none."""
    scope = getattr(type(obj), "scope", None)
    if scope is None:
        return ""
    parts = scope.paths[0].split("__")
    if parts[-1] == "code" and len(parts) > 1:
        parts = [*parts[:-2], f"{parts[-2]}_id"]
    value = obj
    for part in parts:
        value = getattr(value, part, None)
        if value is None:
            return ""
    return str(value)


def log_access(
    *,
    user,
    action: AccessAction | str,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    detail: str = "",
    row_count: int | None = None,
    area_code: str = "",
    request=None,
) -> AccessLog:
    """Record who saw or moved children's data, when and how much (issue: Foundation, privacy;
    issue 13 §9).

    `obj`, when given, fills object_type and object_id from a model instance, and area_code
    from its declared scope (area_of); pass `area_code` for data without one record (an
    export's or an import's area). Auditors of that area read the entry (AccessLog.scope).
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        area_code = area_code or area_of(obj)
    return AccessLog.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
        row_count=row_count,
        area_code=area_code or "",
        ip_address=client_ip(request),
    )


def log_import(
    *,
    user,
    what: str,
    rows: int = 0,
    error_count: int = 0,
    written: bool = False,
    dry_run: bool = False,
    refused: str = "",
    obj=None,
    object_type: str = "",
    area_code: str = "",
    request=None,
) -> AccessLog:
    """Log one import attempt, whatever came of it (issue 13 §9): written, checked only (dry
    run), rejected for row errors, or refused before reading (`refused`: the reason). `what`
    names the import and file; the outcome is appended in Chinese, like every log detail."""
    with translation.override("zh-hans"):
        if refused:
            outcome = _("被拒绝：%(reason)s") % {"reason": refused}
        elif written:
            outcome = _("已导入")
        elif error_count:
            outcome = _("有%(n)s处错误，未导入") % {"n": error_count}
        elif dry_run:
            outcome = _("只校验，未写入")
        else:
            outcome = _("未导入")
        detail = f"{what}；{outcome}"
    return log_access(
        user=user,
        action=AccessAction.IMPORT,
        obj=obj,
        object_type=object_type,
        detail=detail,
        row_count=rows,
        area_code=area_code,
        request=request,
    )


def logged_import(run: Callable[[], Any], *, user, what: str, dry_run: bool = False, **where) -> Any:
    """Run an import (`run()`, returning a result with `rows`, `error_count` and `written`)
    and log the attempt whatever comes of it (log_import): a DomainError refusal is logged
    with its reason and raised again. `where` is log_import's obj / object_type / area_code
    / request. Returns run()'s result."""
    try:
        result = run()
    except DomainError as exc:
        log_import(user=user, what=what, refused=str(exc), dry_run=dry_run, **where)
        raise
    log_import(
        user=user,
        what=what,
        rows=result.rows,
        error_count=result.error_count,
        written=result.written,
        dry_run=dry_run,
        **where,
    )
    return result
