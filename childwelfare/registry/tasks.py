"""Background jobs of the child file (django-tasks). make run starts a database worker;
with TASKS_IMMEDIATE=1 a job runs inside the request that enqueued it."""

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from childwelfare.audit.services import log_import
from childwelfare.lib.errors import DomainError
from childwelfare.lib.spreadsheets import read_table

from .importing import import_roster
from .models import RosterImport

# What a job that crashed says (its traceback goes to the log, not to the user).
FAILED = DomainError(_("处理失败，请联系管理员"), code="import_failed")


@task()
def run_roster_import(import_id: int) -> str:
    """Run one uploaded roster (RosterImport) to its end, keeping its progress in the row
    so the job page can show it; the uploaded file is deleted afterwards. Returns the final
    status."""
    job = RosterImport.objects.select_related("area", "created_by").get(pk=import_id)
    if job.is_finished:
        return job.status
    RosterImport.objects.filter(pk=job.pk).update(status=RosterImport.Status.RUNNING, stage="read")

    def progress(done: int, total: int, stage: str) -> None:
        RosterImport.objects.filter(pk=job.pk).update(processed=done, total=total, stage=stage)

    table = None
    try:
        with job.file.open("rb") as handle:
            table = read_table(handle, job.filename)
        result = import_roster(
            table, job.area, actor=job.created_by, dry_run=job.dry_run, progress=progress, roster_import=job
        )
    except DomainError as exc:  # SpreadsheetError (unreadable, no header), RosterImportError
        if table is None:
            # import_roster logs every attempt it sees; a file that could not be read, here.
            log_import(
                user=job.created_by, what=job.filename, refused=str(exc), obj=job, area_code=job.area_id
            )
        _finish(
            job,
            RosterImport.Status.REJECTED,
            errors=[{"row": None, "column": "", "value": "", **exc.as_stored()}],
        )
        return RosterImport.Status.REJECTED
    except Exception:
        _finish(
            job,
            RosterImport.Status.FAILED,
            errors=[{"row": None, "column": "", "value": "", **FAILED.as_stored()}],
        )
        raise
    if result.errors:
        status = RosterImport.Status.REJECTED
    elif job.dry_run:
        status = RosterImport.Status.CHECKED
    else:
        status = RosterImport.Status.SUCCEEDED
    summary = {
        "rows": result.rows,
        "error_count": result.error_count,
        "unchanged": result.unchanged,
        "new_communities": result.new_communities,
        "possible_duplicates": result.possible_duplicates[:500],
    }
    _finish(
        job,
        status,
        errors=[error.as_stored() for error in result.errors],
        summary=summary,
        created_count=result.created,
        updated_count=result.updated,
    )
    return status


def _finish(job: RosterImport, status: str, **fields) -> None:
    RosterImport.objects.filter(pk=job.pk).update(
        status=status, finished_at=timezone.now(), stage="", processed=F("total"), **fields
    )
    if job.file:
        # The roster holds children's data: keep the outcome, not the file.
        job.file.delete(save=False)
        RosterImport.objects.filter(pk=job.pk).update(file="")
