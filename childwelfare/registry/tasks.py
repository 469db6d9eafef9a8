"""Background jobs of the child file (django-tasks). make run starts a database worker;
with TASKS_IMMEDIATE=1 a job runs inside the request that enqueued it."""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from childwelfare.audit.services import log_import
from childwelfare.lib.dbstats import refresh_quietly
from childwelfare.lib.errors import DomainError
from childwelfare.lib.sheet_guard import read_table_isolated

from .importing import import_roster
from .jobs import JobOutcome, import_kind
from .models import RosterImport

# What a job that crashed says (its traceback goes to the log, not to the user).
FAILED = DomainError(_("处理失败，请联系管理员"), code="import_failed")
INTERRUPTED = DomainError(
    _("处理中断（处理进程已停止或超时），未导入任何数据；请重新上传"), code="import_interrupted"
)


@task()
def run_import(import_id: int) -> str:
    """Run one uploaded import job (RosterImport, of any registered kind: registry.jobs) to
    its end, keeping its progress in the row so the job page can show it; the file is read
    in a memory-capped child process and deleted afterwards. Returns the final status."""
    fail_stale_imports()
    job = RosterImport.objects.select_related("area", "created_by").get(pk=import_id)
    if job.is_finished:
        return job.status
    RosterImport.objects.filter(pk=job.pk).update(status=RosterImport.Status.RUNNING, stage="read")

    def progress(done: int, total: int, stage: str) -> None:
        RosterImport.objects.filter(pk=job.pk).update(processed=done, total=total, stage=stage)

    table = None
    try:
        # In a child process with capped memory: a hostile file fails this job, not the worker.
        table = read_table_isolated(job.file.path, job.filename)
        outcome = import_kind(job.kind).runner(job, table, progress)
    except DomainError as exc:  # SpreadsheetError (unreadable, too large, no header), a refusal
        if table is None:
            # The importers log every attempt they see; a file that could not be read, here.
            log_import(
                user=job.created_by, what=job.filename, refused=str(exc), obj=job, area_code=job.area_id
            )
        # A file whose reader died is a failed job; one refused by a rule is a rejected one.
        status = RosterImport.Status.FAILED if exc.code == "parser_died" else RosterImport.Status.REJECTED
        _finish(job, status, errors=[{"row": None, "column": "", "value": "", **exc.as_stored()}])
        return status
    except Exception:
        _finish(
            job,
            RosterImport.Status.FAILED,
            errors=[{"row": None, "column": "", "value": "", **FAILED.as_stored()}],
        )
        raise
    if outcome.errors:
        status = RosterImport.Status.REJECTED
    elif job.dry_run:
        status = RosterImport.Status.CHECKED
    else:
        status = RosterImport.Status.SUCCEEDED
    _finish(
        job,
        status,
        errors=[error.as_stored() for error in outcome.errors],
        summary={"rows": outcome.rows, "error_count": outcome.error_count, **outcome.summary},
        created_count=outcome.created,
        updated_count=outcome.updated,
        # A dry run that passed keeps its file for 确认导入 (services.confirm_import), until
        # expire_dry_run_files deletes it.
        keep_file=status == RosterImport.Status.CHECKED,
    )
    if status == RosterImport.Status.SUCCEEDED:
        refresh_quietly()  # SQLite's planner statistics after a bulk write (lib.dbstats)
    return status


# Jobs queued under the former name before the deploy still run.
run_roster_import = run_import


def run_roster_job(job: RosterImport, table, progress) -> JobOutcome:
    """The roster kind's runner (registry.jobs): import_roster into the job's area, as of
    the job's `as_of` param when it has one."""
    as_of = (job.params or {}).get("as_of")
    result = import_roster(
        table,
        job.area,
        actor=job.created_by,
        dry_run=job.dry_run,
        progress=progress,
        roster_import=job,
        as_of=date.fromisoformat(as_of) if as_of else None,
        create_communities=(job.params or {}).get("create_communities", []),
    )
    return JobOutcome(
        rows=result.rows,
        created=result.created,
        updated=result.updated,
        errors=result.errors,
        error_count=result.error_count,
        summary={
            "unchanged": result.unchanged,
            "pending_spells": result.pending_spells,
            "new_communities": result.new_communities,
            "new_community_rows": {k: v[:50] for k, v in result.new_community_rows.items()},
            "community_suggestions": result.community_suggestions,
            "skipped_examples": result.skipped_examples,
            "possible_duplicates": result.possible_duplicates[:500],
        },
    )


def _finish(job: RosterImport, status: str, *, keep_file: bool = False, **fields) -> None:
    RosterImport.objects.filter(pk=job.pk).update(
        status=status, finished_at=timezone.now(), stage="", processed=F("total"), **fields
    )
    if job.file and not keep_file:
        # The roster holds children's data: keep the outcome, not the file.
        job.file.delete(save=False)
        RosterImport.objects.filter(pk=job.pk).update(file="")


def job_timeout() -> timedelta:
    """How long a job may stay running: setting IMPORT_JOB_TIMEOUT_MINUTES (default 120; a
    roster of 200,000 rows runs in a few minutes, see BENCHMARKS.md)."""
    return timedelta(minutes=getattr(settings, "IMPORT_JOB_TIMEOUT_MINUTES", 120))


def fail_stale_imports() -> int:
    """Mark failed every import job still running past job_timeout() after its upload:
    its worker died (killed, out of memory) and nobody will finish it. Its file is deleted.
    Called when a worker starts a job and when a job page is viewed (and expires the dry
    runs' files: expire_dry_run_files). Returns how many."""
    expire_dry_run_files()
    cutoff = timezone.now() - job_timeout()
    stale = list(RosterImport.objects.filter(status=RosterImport.Status.RUNNING, created_at__lt=cutoff))
    for job in stale:
        _finish(
            job,
            RosterImport.Status.FAILED,
            errors=[{"row": None, "column": "", "value": "", **INTERRUPTED.as_stored()}],
        )
    return len(stale)


def confirm_window() -> timedelta:
    """How long a dry run's file is kept for 确认导入: setting IMPORT_CONFIRM_HOURS (24)."""
    return timedelta(hours=getattr(settings, "IMPORT_CONFIRM_HOURS", 24))


def expire_dry_run_files() -> int:
    """Delete the files of dry runs finished longer than confirm_window() ago and not
    confirmed (a confirmed one handed its file to its import). Returns how many."""
    cutoff = timezone.now() - confirm_window()
    old = list(RosterImport.objects.filter(dry_run=True, finished_at__lt=cutoff).exclude(file=""))
    for job in old:
        job.file.delete(save=False)
        RosterImport.objects.filter(pk=job.pk).update(file="")
    return len(old)
