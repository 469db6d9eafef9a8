"""Photos of activities: checked by size and by what the bytes are (not by the name or the
browser's word), stored under MEDIA_ROOT, which the web server does not serve; shown only
through the scoped view stations:photo."""

from __future__ import annotations

import io

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from childwelfare.access.scope import ensure_visible

from . import permissions
from .models import Activity, ActivityPhoto
from .services import StationError

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTOS_PER_ACTIVITY = 9
# Leading bytes of the formats accepted → (content type, file suffix, Pillow format).
SIGNATURES = (
    (b"\xff\xd8\xff", ("image/jpeg", "jpg", "JPEG")),
    (b"\x89PNG\r\n\x1a\n", ("image/png", "png", "PNG")),
)


def photo_kind(head: bytes) -> tuple[str, str, str] | None:
    """(content type, suffix, Pillow format) of a JPEG or PNG by its first bytes, else None."""
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    return None


def check_photo(upload) -> tuple[str, str]:
    """(content type, suffix) of an uploaded photo. Raises StationError (photo_too_large past
    PHOTO_MAX_BYTES, photo_bad_type unless the bytes are a JPEG or PNG image that Pillow can
    read)."""
    if upload.size > PHOTO_MAX_BYTES:
        raise StationError(
            _("照片不能超过%(mb)sMB"),
            code="photo_too_large",
            field="photo",
            params={"mb": PHOTO_MAX_BYTES // 2**20},
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    kind = photo_kind(data[:16])
    if kind is None:
        raise StationError(_("照片只能是JPEG或PNG格式"), code="photo_bad_type", field="photo")
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != kind[2]:
                raise ValueError(image.format)
            image.verify()
    except Exception as exc:
        raise StationError(_("照片文件已损坏或不是图片"), code="photo_bad_type", field="photo") from exc
    return kind[0], kind[1]


@transaction.atomic
def add_photo(activity: Activity, *, actor, upload) -> ActivityPhoto:
    """Attach a photo to `activity` (at most PHOTOS_PER_ACTIVITY). Raises StationError
    (not_allowed, too_many_photos, photo_too_large, photo_bad_type), OutOfScope."""
    ensure_visible(activity, actor)
    if not permissions.can_record_work(actor, activity.site):
        raise StationError(_("您没有权限进行此操作"), code="not_allowed")
    if activity.photos.count() >= PHOTOS_PER_ACTIVITY:
        raise StationError(
            _("每项活动最多%(n)s张照片"),
            code="too_many_photos",
            field="photo",
            params={"n": PHOTOS_PER_ACTIVITY},
        )
    content_type, suffix = check_photo(upload)
    upload.name = f"activity-{activity.pk}.{suffix}"  # never the uploaded name
    return ActivityPhoto.objects.create(
        activity=activity, file=upload, content_type=content_type, size=upload.size, uploaded_by=actor
    )
