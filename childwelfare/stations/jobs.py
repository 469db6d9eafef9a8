"""The activity import as a background job (registry.jobs, kind "activities")."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from childwelfare.registry.jobs import JobOutcome

from .importing import import_activities
from .models import Site


def run_activity_job(job, table, progress) -> JobOutcome:
    """Import the activities of job.params["site"] as the job's uploader (all or nothing;
    permission and scope checked again now: the job may run later than its upload)."""
    site = Site.objects.select_related("area").get(pk=job.params["site"])
    progress(0, len(table.rows), "validate")
    result = import_activities(table, site, actor=job.created_by, dry_run=job.dry_run, filename=job.filename)
    return JobOutcome(
        rows=result.rows,
        created=result.created,
        errors=result.errors,
        error_count=result.error_count,
        summary={"activities": result.created},
    )


def site_link(job) -> tuple[str, str]:
    return reverse("stations:site_detail", args=[job.params["site"]]), _("返回阵地")
