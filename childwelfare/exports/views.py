"""The export of every declared list (lib.exporting) and the pages of a large export's job.

`export_view(key)` makes the view of one list: the same rule as the list page (the list's
`allowed`, else 403; a record outside scope 404), the same scoped and filtered rows for the
same query string; ID and phone numbers masked unless `full=1` is asked by a user who may
see full numbers (else 403). Small exports stream at once; over EXPORT_JOB_THRESHOLD rows a
background job writes the file and the user is sent to its page. Every export is logged.
A job's pages and file are its owner's only: anyone else gets 404.
"""

from __future__ import annotations

import mimetypes
import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from childwelfare.access.guards import deny_unless
from childwelfare.accounts.permissions import can_view_full_id
from childwelfare.audit.models import AccessAction
from childwelfare.audit.services import log_access
from childwelfare.lib.exporting import export_list

from .models import ExportJob
from .services import (
    download_name,
    fail_stale_exports,
    job_threshold,
    log_export,
    return_path_of,
    select,
    start_export_job,
    write_selection,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def may_export_full(user, export) -> bool:
    """Whether `user` may ask for `export` with full ID and phone numbers."""
    return export.has_numbers and can_view_full_id(user)


def export_view(key: str):
    """The view serving the declared list `key` (URL arguments go to its select function)."""

    @never_cache
    @login_required
    def view(request, **url_kwargs):
        export = export_list(key)
        user = request.user
        deny_unless(export.allowed(user))
        full = request.GET.get("full") == "1"
        if full:
            deny_unless(may_export_full(user, export))
        query = request.GET.copy()
        for name in ("full", "page", "size", "back"):
            query.pop(name, None)
        selection = select(export, user, query, url_kwargs)
        count = selection.queryset.count()
        if count > job_threshold():
            job = start_export_job(
                export,
                user=user,
                query=query,
                url_kwargs=url_kwargs,
                full=full,
                total=count,
                return_path=return_path_of(request),
            )
            if not job.reused:  # a second click goes to the same job, logged once
                log_export(export, user, query, url_kwargs, full=full, rows=count, request=request, job=job)
            return redirect("exports:job", pk=job.pk)
        handle = tempfile.TemporaryFile()
        written, _title = write_selection(handle, export, selection, user=user, full=full, count=count)
        log_export(export, user, query, url_kwargs, full=full, rows=written, request=request)
        handle.seek(0)
        return FileResponse(
            handle, as_attachment=True, filename=download_name(export, selection), content_type=XLSX
        )

    view.export_key = key
    return view


def _own_job(request, pk) -> ExportJob:
    """The user's own job; anyone else's, or a missing one, is 404 (the same page)."""
    job = ExportJob.objects.filter(pk=pk, created_by_id=request.user.pk).first()
    if job is None:
        raise Http404
    return job


@login_required
def job_page(request, pk):
    """The job's progress (refreshed by htmx until it ends) and, when ready, its download."""
    fail_stale_exports()
    return render(request, "exports/job.html", {"job": _own_job(request, pk)})


@login_required
def job_progress(request, pk):
    job = _own_job(request, pk)
    if job.is_finished and not request.htmx:
        return redirect("exports:job", pk=pk)
    response = render(request, "exports/_job_progress.html", {"job": job})
    if job.is_finished:
        response["HX-Refresh"] = "true"
    return response


@never_cache
@login_required
def job_download(request, pk):
    """The job's file, for its owner, once ready (logged as a download)."""
    job = _own_job(request, pk)
    if job.status != ExportJob.Status.READY or not job.file:
        raise Http404
    log_access(
        user=request.user,
        action=AccessAction.DOWNLOAD,
        object_type=f"export.{job.key}",
        object_id=str(job.pk),
        detail=job.title,
        row_count=job.total,
        area_code=job.area_code,
        request=request,
    )
    content_type = mimetypes.guess_type(job.filename)[0] or XLSX  # a document may be a PDF
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.filename, content_type=content_type
    )
