"""The annual work report page (reports:annual) and its files (reports:annual_export): a
year and an area within the user's scope (default: last year, the user's own area); every
number links to the list behind it (reports:figure). The workbook and the PDF are written by
a background export job (exports app: progress, the owner's download): the PDF takes
WeasyPrint seconds and the report of a large city a few more."""

from __future__ import annotations

from django.http import QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from childwelfare.access.guards import page_for
from childwelfare.areas.filters import area_choices, user_area_root
from childwelfare.areas.models import Area
from childwelfare.audit.models import AccessAction
from childwelfare.audit.services import log_access
from childwelfare.exports.documents import document
from childwelfare.exports.services import return_path_of, start_export_job
from childwelfare.submissions.once import submits_once

from .. import permissions
from ..annual import SECTIONS, annual_report
from ..annual_files import PDF_KEY, XLSX_KEY
from ..forms import AnnualReportForm

FORMATS = {"xlsx": XLSX_KEY, "pdf": PDF_KEY}


def _areas(user) -> list[tuple[str, str]]:
    root = user_area_root(user)
    own = [(root, name) for name in Area.objects.filter(code=root).values_list("name", flat=True)]
    return own + area_choices(user)


def _page(request, form):
    today = timezone.localdate()
    period = form.period(today)
    report = annual_report(period, user=request.user) if period else None
    context = {
        "form": form,
        "report": report,
        "parts": [(section, section.chart()) for section in report.sections] if report else [],
        "areas": _areas(request.user),
        "may_export": permissions.can_export_reports(request.user),
        # Every year the form accepts (2000 … this year), so the one shown is always selected.
        "years": list(range(today.year, 1999, -1)),
        "selected_area": form.data.get("area") or user_area_root(request.user),
        "selected_year": str(form.data.get("year") or (period.date_to.year if period else "")),
    }
    return render(request, "reports/annual.html", context)


@page_for(permissions.can_read_reports)
def annual_page(request):
    form = AnnualReportForm(request.GET, user=request.user, today=timezone.localdate())
    return _page(request, form)


@require_http_methods(["POST"])
@page_for(permissions.can_export_reports)
@submits_once
def annual_export(request):
    """Start the job writing the report's workbook (format=xlsx) or PDF (format=pdf) and go
    to its page; a second click while it runs goes to the same job. An invalid year, area
    or format shows the report page again with the values sent."""
    form = AnnualReportForm(request.POST, user=request.user, today=timezone.localdate())
    key = FORMATS.get(request.POST.get("format", ""))
    period = form.period()
    if period is None or key is None:
        if key is None and form.is_valid():
            form.add_error(None, _("请选择导出格式"))
        return _page(request, form)
    query = QueryDict(mutable=True)
    query.update({"year": str(period.date_to.year), "area": period.area_code})
    doc = document(key)
    job = start_export_job(
        doc,
        user=request.user,
        query=query,
        url_kwargs={},
        full=False,
        total=len(SECTIONS) + 1,
        return_path=return_path_of(request),
    )
    if not job.reused:
        with translation.override("zh-hans"):
            detail = f"{doc.title}；{period.date_to.year}；{period.area_code}"
        log_access(
            user=request.user,
            action=AccessAction.EXPORT,
            object_type="reports.annual",
            detail=detail,
            area_code=period.area_code,
            request=request,
        )
    return redirect("exports:job", pk=job.pk)
