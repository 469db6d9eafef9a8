"""Documents written as export jobs: a file that is not a declared list (lib.exporting) but is
made whole by a function — the annual work report's workbook and PDF (issue 12). They use
the same job (ExportJob: progress, the owner's download, EXPORT_KEEP_DAYS) as a large list:

    register_document(Document("reports.annual_pdf", _("年度工作报告（PDF）"), write_annual_pdf))
    job = start_export_job(document("reports.annual_pdf"), user=user, query=query,
                           url_kwargs={}, full=False, total=6)

`write(job, progress) -> (download name, bytes)`: the job's `query` (a QueryDict) says what
to write, for the job's owner with their rights of now; progress(done, total) as it goes.
Registered by the owning app's AppConfig.ready() (exports imports no feature app).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Document:
    """`key` (ExportJob.key), `title` (the job page's title), `write` (module docstring)."""

    key: str
    title: Any
    write: Callable


_DOCUMENTS: dict[str, Document] = {}


def register_document(doc: Document) -> Document:
    """Declare a document export; registering a key again replaces it (ready() may run twice)."""
    _DOCUMENTS[doc.key] = doc
    return doc


def document(key: str) -> Document | None:
    """The registered document `key`, or None (then the key is a declared list)."""
    return _DOCUMENTS.get(key)
