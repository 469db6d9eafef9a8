"""Serving a declared export (lib.exporting): the file of a selection, its name and title,
its access-log entry, and the background job of a large one.

Rule (issue 9): an export over EXPORT_JOB_THRESHOLD rows (default 3,000) runs as a job; its
file is kept EXPORT_KEEP_DAYS days (default 3) for the person who asked for it, then
deleted with the job (purge_old_exports, run whenever a job is queued or run).
"""

from __future__ import annotations

from datetime import timedelta
from typing import IO
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from childwelfare.audit.models import AccessAction
from childwelfare.audit.services import log_access
from childwelfare.lib.exporting import ExportList, Selection, title_line, write_export

from .models import ExportJob


def job_threshold() -> int:
    """Rows above which an export runs as a background job (setting EXPORT_JOB_THRESHOLD)."""
    return getattr(settings, "EXPORT_JOB_THRESHOLD", 3000)


def keep_days() -> int:
    """Days an export job's file is kept (setting EXPORT_KEEP_DAYS)."""
    return getattr(settings, "EXPORT_KEEP_DAYS", 3)


def select(export: ExportList, user, query: QueryDict, url_kwargs: dict) -> Selection:
    """The export's Selection for `user` and the list page's query string. Raises Http404
    for a record outside the user's scope (the select function's own guard)."""
    return export.select(user, query, **url_kwargs)


def download_name(export: ExportList, selection: Selection) -> str:
    """问题清单_玄武区_2026-12-01.xlsx on a Chinese page, problem_list_玄武区_2026-12-01.xlsx on
    an English one (the stem is translated, lower case with underscores; the area's name is
    data)."""
    stem = str(export.filename)
    if stem.isascii():  # "Problem list" → problem_list
        stem = "_".join(stem.lower().split())
    parts = [stem]
    if selection.area:
        parts.append(selection.area)
    parts.append((selection.as_of or timezone.localdate()).isoformat())
    return "_".join(parts).replace("/", "-") + ".xlsx"


def write_selection(
    target: str | IO[bytes],
    export: ExportList,
    selection: Selection,
    *,
    user,
    full: bool,
    count: int,
    progress=None,
) -> tuple[int, str]:
    """Write the export of `selection` to `target`; returns (rows written, title row)."""
    language = "zh-hans" if export.chinese_cells else translation.get_language()
    with translation.override(language):
        title = title_line(export, selection, user=user, at=timezone.now(), full=full, count=count)
        written = write_export(
            target, export, export.objects(selection), title=title, full=full, progress=progress
        )
    return written, title


def log_export(
    export: ExportList,
    user,
    query: QueryDict,
    url_kwargs: dict,
    *,
    full: bool,
    rows: int,
    request=None,
    job=None,
) -> None:
    """One access-log entry for an export (in Chinese, like every log detail): what list,
    its filters, how many rows, masked or full, and the job that writes it when there is one."""
    with translation.override("zh-hans"):
        selection = select(export, user, query, url_kwargs)
        parts = [str(export.title)]
        if selection.area:
            parts.append(_("区划：%(area)s") % {"area": selection.area})
        if selection.filters:
            parts.append(_("筛选：%(filters)s") % {"filters": selection.filters})
        if export.has_numbers:
            parts.append(_("含完整身份证号") if full else _("身份证号已脱敏"))
        if job is not None:
            parts.append(_("后台导出任务 %(id)s") % {"id": job.pk})
        detail = "；".join(parts)
    log_access(
        user=user,
        action=AccessAction.EXPORT,
        object_type=selection.queryset.model._meta.label_lower,
        detail=detail,
        row_count=rows,
        area_code=selection.area_code or getattr(user, "area_id", "") or "",
        request=request,
    )


RETURN_PATH_MAX = 500  # ExportJob.return_path's length


def return_path_of(request) -> str:
    """The page an export was started from, for its job page's 返回 link: the request's
    `back` parameter (GET or POST), else its Referer, reduced to a local path with its query
    string ("/children/?q=王"). "" when there is none, when it names another site or scheme,
    is not a plain local path (`//host`), is no page of the site or an export's own, or is
    longer than RETURN_PATH_MAX characters."""
    candidate = request.POST.get("back") or request.GET.get("back") or request.headers.get("Referer") or ""
    if not url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    parts = urlsplit(candidate)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if not path.startswith("/") or path.startswith(("//", "/\\")) or len(path) > RETURN_PATH_MAX:
        return ""
    try:
        served = resolve(parts.path)
    except Resolver404:
        return ""
    return "" if served.namespace == "exports" else path


def start_export_job(
    export: ExportList,
    *,
    user,
    query: QueryDict,
    url_kwargs: dict,
    full: bool,
    total: int,
    return_path: str = "",
) -> ExportJob:
    """Record a large export as a job of `user` and queue it (tasks.run_export) once
    committed. Returns the job, whose page shows the progress and, when ready, the file.

    The same export asked for again while its job is still queued or running (a double
    click, a reload of the link) returns that job, marked `reused`, instead of queueing a
    second one: the requests are serialised on the user's row. `return_path`: the page it
    was started from (return_path_of), the job page's 返回 link; a reused job keeps its own."""
    purge_old_exports()
    fail_stale_exports()
    fields = {
        "created_by": user,
        "key": export.key,
        "query": query.urlencode(),
        "url_kwargs": url_kwargs,
        "full": full,
        "language": translation.get_language() or "zh-hans",
    }
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        unfinished = (
            ExportJob.objects.filter(status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING])
            .filter(created_at__gte=timezone.now() - export_job_timeout())
            .filter(**{name: value for name, value in fields.items() if name != "url_kwargs"})
        )
        for job in unfinished:
            if job.url_kwargs == url_kwargs:
                job.reused = True
                return job
        job = ExportJob.objects.create(
            **fields, title=str(export.title)[:200], total=total, return_path=return_path[:RETURN_PATH_MAX]
        )
    job.reused = False
    from .tasks import run_export

    transaction.on_commit(lambda: run_export.enqueue(job.pk))
    return job


def export_job_timeout() -> timedelta:
    """How long an export job may stay queued or running: setting
    EXPORT_JOB_TIMEOUT_MINUTES (default 60; 100,000 rows take a few minutes, BENCHMARKS.md)."""
    return timedelta(minutes=getattr(settings, "EXPORT_JOB_TIMEOUT_MINUTES", 60))


def fail_stale_exports() -> int:
    """Mark failed every export job still queued or running past export_job_timeout(): its
    worker died or was stopped and nobody will finish it, so its page says 生成失败 and the
    same export asked again makes a new job. Called when a job is queued and when a job's
    page is viewed. Returns how many."""
    cutoff = timezone.now() - export_job_timeout()
    return ExportJob.objects.filter(
        status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING], created_at__lt=cutoff
    ).update(status=ExportJob.Status.FAILED, finished_at=timezone.now())


def purge_old_exports() -> int:
    """Delete export jobs older than keep_days() and their files. Returns how many."""
    cutoff = timezone.now() - timedelta(days=keep_days())
    old = list(ExportJob.objects.filter(created_at__lt=cutoff))
    for job in old:
        if job.file:
            job.file.delete(save=False)
        job.delete()
    return len(old)
