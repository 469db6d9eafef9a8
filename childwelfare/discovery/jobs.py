"""The screening-results import as a background job (registry.jobs, kind "screening")."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from childwelfare.registry.importing.writer import record_imported_children
from childwelfare.registry.jobs import JobOutcome

from .choices import CampaignStatus
from .importing import import_screening_results
from .models import Campaign
from .services import DiscoveryError


def run_screening_job(job, table, progress) -> JobOutcome:
    """Import the screening results of job.params["campaign"] (a Campaign id) as the job's
    uploader (import_screening_results: all or nothing, every attempt in the access log).
    Raises DiscoveryError when the campaign is no longer running (checked again: the job may
    run later than its upload); whether the uploader may screen each child is checked per row
    by screen_record, as in the request before."""
    campaign = Campaign.objects.select_related("area").get(pk=job.params["campaign"])
    if campaign.status != CampaignStatus.RUNNING:
        raise DiscoveryError(_("专项排查未在进行中"), code="campaign_not_running")
    progress(0, len(table.rows), "validate")
    result = import_screening_results(
        table, campaign, actor=job.created_by, dry_run=job.dry_run, filename=job.filename
    )
    # The job page's link to the children it screened (the child list ?import=).
    record_imported_children(job, dict.fromkeys(result.child_ids, False))
    return JobOutcome(
        rows=result.rows,
        updated=result.screened,
        errors=result.errors,
        error_count=result.error_count,
        summary={"screened": result.screened},
    )


def campaign_link(job) -> tuple[str, str]:
    """Where a finished screening job leads: back to its campaign."""
    return reverse("discovery:campaign_detail", args=[job.params["campaign"]]), _("返回专项排查")
