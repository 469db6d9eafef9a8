"""Uploads refused while they stream in (no models; issue 13 finding 3).

Settings: FILE_UPLOAD_HANDLERS = ["childwelfare.lib.uploads.BoundedUploadHandler", …] and
UPLOAD_MAX_BYTES (default 50 MB). The handler counts the bytes of every uploaded file as
they arrive; past the limit it stops the upload (StopUpload with connection_reset, so the
rest of the body is never read), marks the request, and the view answers 413 through
`oversize_response(request)`, called after its permission check:

    deny_unless(permissions.can_import(request.user, area))
    if (refused := oversize_response(request)) is not None:
        return refused
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .errors import DomainError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def upload_max_bytes() -> int:
    """The most bytes one uploaded file may have: setting UPLOAD_MAX_BYTES."""
    return int(getattr(settings, "UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


class BoundedUploadHandler(FileUploadHandler):
    """Passes each chunk on to the next handler until a file passes upload_max_bytes();
    then sets `request.upload_refused_bytes` (the limit) and stops reading the body.
    A request whose declared Content-Length is past the limit by more than 1 MB (room for
    the form's other fields) is stopped before its first file byte is read."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.limit = upload_max_bytes()
        self.declared_too_large = content_length > self.limit + 1024 * 1024
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if getattr(self, "declared_too_large", False):
            self._refuse()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > getattr(self, "limit", upload_max_bytes()):
            self._refuse()
        return raw_data

    def file_complete(self, file_size: int):
        return None  # the next handler (memory or temporary file) builds the file

    def _refuse(self) -> None:
        if self.request is not None:
            self.request.upload_refused_bytes = self.limit
        raise StopUpload(connection_reset=True)


def oversize_response(request: HttpRequest) -> HttpResponse | None:
    """A 413 page when BoundedUploadHandler stopped this request's upload, else None. Reads
    the body if nothing has yet (the CSRF check usually has)."""
    if request.method == "POST":
        request.FILES  # noqa: B018 - parsing the body runs the upload handlers
    limit = getattr(request, "upload_refused_bytes", None)
    if limit is None:
        return None
    context = {"limit_mb": limit // (1024 * 1024), "back": request.path}
    return render(request, "413.html", context, status=413)


# --- attachments: size and type (issue 10, intake) ------------------------------------------
# Documents a person attaches to a record (a report, a photo, a scanned letter): extension →
# the leading bytes its content must start with. The extension alone is a claim; the bytes
# are checked so a renamed executable or HTML page is refused.
ATTACHMENT_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


def attachment_max_bytes() -> int:
    """The most bytes one attachment may have: setting ATTACHMENT_MAX_BYTES (default 10 MB),
    never more than upload_max_bytes()."""
    return min(int(getattr(settings, "ATTACHMENT_MAX_BYTES", ATTACHMENT_MAX_BYTES)), upload_max_bytes())


class UploadRefused(DomainError):
    """An uploaded file refused for its size or type; nothing was stored."""


def check_attachment(upload, *, field: str = "file", signatures=None, max_bytes: int | None = None) -> str:
    """The file name to keep for `upload` (a Django UploadedFile), checked: at most
    `max_bytes` (default attachment_max_bytes()) and not empty; its extension one of
    `signatures` (default ATTACHMENT_SIGNATURES: PDF, JPEG, PNG, Word .docx, Excel .xlsx) and
    its first bytes those of that type. Raises UploadRefused on `field`: upload_empty,
    upload_too_large (params limit_mb), upload_type (params name, allowed). Reads at most 16
    bytes and rewinds the file."""
    signatures = ATTACHMENT_SIGNATURES if signatures is None else signatures
    limit = attachment_max_bytes() if max_bytes is None else max_bytes
    name = os.path.basename(str(upload.name or "")).strip()[:200] or "file"
    if not upload.size:
        raise UploadRefused(_("文件为空。"), code="upload_empty", field=field)
    if upload.size > limit:
        raise UploadRefused(
            _("文件超过 %(limit_mb)s MB，请压缩或拆分后上传。"),
            code="upload_too_large",
            field=field,
            params={"limit_mb": max(1, limit // (1024 * 1024))},
        )
    extension = os.path.splitext(name)[1].lower()
    allowed = "、".join(sorted({ext.lstrip(".").upper() for ext in signatures}))
    refused = UploadRefused(
        _("“%(name)s”不是允许的文件类型（允许：%(allowed)s）。"),
        code="upload_type",
        field=field,
        params={"name": name, "allowed": allowed},
    )
    if extension not in signatures:
        raise refused
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in signatures[extension]):
        raise refused
    return name


# Papers shared before a case conference (issue 10): the attachment types, plus the older
# Word and Excel files (OLE containers) that departments still send.
DOCUMENT_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    **ATTACHMENT_SIGNATURES,
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}
