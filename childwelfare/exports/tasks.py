"""The background job of a large export (django-tasks; make run starts the worker)."""

from __future__ import annotations

import tempfile
from pathlib import PurePath

from django.core.files import File
from django.core.files.base import ContentFile
from django.db.models import F
from django.http import QueryDict
from django.utils import timezone, translation
from django_tasks import task

from childwelfare.lib.exporting import export_list

from .documents import document
from .models import ExportJob
from .services import download_name, purge_old_exports, select, write_selection


@task()
def run_export(job_id: int) -> str:
    """Write the file of one export job, streaming the rows (openpyxl write-only mode, the
    queryset read in chunks: constant memory), with its progress kept in the row. The rows
    are selected again for the job's owner with their rights of now. Returns the status."""
    purge_old_exports()
    job = ExportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None or job.is_finished:
        return job.status if job else "gone"
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING)
    if document(job.key) is not None:
        return _run_document(job)
    export = export_list(job.key)

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(processed=done)

    try:
        with translation.override(job.language):
            selection = select(export, job.created_by, QueryDict(job.query), job.url_kwargs)
            total = selection.queryset.count()
            ExportJob.objects.filter(pk=job.pk).update(total=total)
            with tempfile.TemporaryFile() as handle:
                written, title = write_selection(
                    handle,
                    export,
                    selection,
                    user=job.created_by,
                    full=job.full,
                    count=total,
                    progress=progress,
                )
                handle.seek(0)
                name = download_name(export, selection)
                job.file.save(f"export-{job.pk}.xlsx", File(handle), save=False)
    except Exception:
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.FAILED, finished_at=timezone.now())
        raise
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.READY,
        finished_at=timezone.now(),
        file=job.file.name,
        filename=name[:255],
        processed=written,
        total=written,
        area_code=selection.area_code,
    )
    return ExportJob.Status.READY


def _run_document(job: ExportJob) -> str:
    """Write a document export (exports.documents) for the job's owner, keeping its progress."""

    def progress(done: int, total: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(processed=done, total=total)

    try:
        with translation.override(job.language):
            name, data = document(job.key).write(job, progress)
        job.file.save(f"export-{job.pk}{PurePath(name).suffix}", ContentFile(data), save=False)
    except Exception:
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.FAILED, finished_at=timezone.now())
        raise
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.READY,
        finished_at=timezone.now(),
        file=job.file.name,
        filename=name[:255],
        processed=F("total"),  # the file written is the last step
    )
    return ExportJob.Status.READY
