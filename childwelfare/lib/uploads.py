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

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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


# Documents people attach to a record (conference papers, evidence): the kinds a reader can
# open, each recognised by its first bytes as well as its name, so a renamed program or web
# page is refused. Office files are zip (OOXML) or OLE containers.
DOCUMENT_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}


def document_refusal(upload, *, max_bytes: int | None = None) -> str | None:
    """Why an uploaded document is refused, or None when it may be kept: empty, larger than
    `max_bytes` (default upload_max_bytes()), a name ending in none of DOCUMENT_SIGNATURES'
    suffixes, or content that does not start as that kind does. The reason is a translated
    sentence for the form. Reads the first bytes and rewinds the file."""
    from django.utils.translation import gettext as _

    limit = max_bytes or upload_max_bytes()
    name = getattr(upload, "name", "") or ""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if not upload.size:
        return _("文件是空的。")
    if upload.size > limit:
        return _("文件超过 %(mb)s MB。") % {"mb": limit // (1024 * 1024)}
    signatures = DOCUMENT_SIGNATURES.get(suffix)
    if signatures is None:
        return _("不支持的文件类型，请上传 PDF、Excel、文字文档或图片。")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        return _("文件内容与扩展名 %(suffix)s 不符。") % {"suffix": suffix}
    return None
