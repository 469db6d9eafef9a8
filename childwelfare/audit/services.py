from .models import AccessAction, AccessLog


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def log_access(
    *,
    user,
    action: AccessAction | str,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    detail: str = "",
    row_count: int | None = None,
    request=None,
) -> AccessLog:
    """Record who saw or moved children's data, when and how much (issue: Foundation, privacy).

    `obj`, when given, fills object_type and object_id from a model instance.
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    return AccessLog.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
        row_count=row_count,
        ip_address=client_ip(request),
    )
