"""The insurer's policy-number import as a background job (registry.jobs, kind "policies")."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from childwelfare.registry.jobs import JobOutcome

from .insurance import import_policy_numbers
from .models import InsuranceScheme


def run_policies_job(job, table, progress) -> JobOutcome:
    """Import the policy numbers of job.params {"scheme": InsuranceScheme id, "year": int}
    as the job's uploader (import_policy_numbers: all or nothing, permission checked there,
    every attempt in the access log). Raises InsuranceError (no permission) or
    SpreadsheetError (no header row)."""
    scheme = InsuranceScheme.objects.get(pk=job.params["scheme"])
    progress(0, len(table.rows), "validate")
    result = import_policy_numbers(
        table, scheme, year=int(job.params["year"]), actor=job.created_by, filename=job.filename
    )
    return JobOutcome(
        rows=result.rows, updated=result.updated, errors=result.errors, error_count=result.error_count
    )


def scheme_link(job) -> tuple[str, str]:
    """Where a finished policy-number job leads: back to its scheme and year."""
    url = reverse("benefits:insurance_scheme", args=[job.params["scheme"]]) + f"?year={job.params['year']}"
    return url, _("返回参保名单")
