"""The annual work report as files (issue 12): a workbook with one sheet per section
(lib.spreadsheets.write_xlsx_sheets) and a PDF with its charts (lib.pdf, WeasyPrint, the
documents' CJK fonts). Both are written as export jobs (exports.documents): the job's query
holds `year` and `area`, the report is computed for the job's owner with their rights of
now.
"""

from __future__ import annotations

import io

from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from childwelfare.accounts.policy import within
from childwelfare.exports.documents import Document
from childwelfare.lib.errors import DomainError
from childwelfare.lib.pdf import html_to_pdf
from childwelfare.lib.spreadsheets import SheetSpec, write_xlsx_sheets

from .annual import AnnualReport, annual_report
from .figures import Period

XLSX_KEY = "reports.annual_xlsx"
PDF_KEY = "reports.annual_pdf"


def _title_rows(report: AnnualReport, printed_by: str) -> list[str]:
    return [
        report.title,
        _("区划：%(area)s（%(code)s）") % {"area": report.area_name, "code": report.period.area_code},
        _("统计期间：%(start)s 至 %(end)s")
        % {"start": report.period.date_from.isoformat(), "end": report.period.date_to.isoformat()},
        _("导出：%(who)s %(when)s")
        % {"who": printed_by, "when": timezone.localtime().strftime("%Y-%m-%d %H:%M")},
    ]


def annual_xlsx(report: AnnualReport, *, printed_by: str = "") -> bytes:
    """The workbook: one sheet per section (named by the section's title), a row per number:
    指标, 数值 (a number cell), 单位, 指标代码 (the stable key of --json)."""
    headers = [_("指标"), _("数值"), _("单位"), _("指标代码")]
    sheets = [
        SheetSpec(
            section.title,
            headers,
            [[row.label, row.value, row.unit, row.flat_key] for row in section.rows],
            title_rows=_title_rows(report, printed_by),
            freeze_header=True,
        )
        for section in report.sections
    ]
    target = io.BytesIO()
    write_xlsx_sheets(target, sheets)
    return target.getvalue()


def annual_pdf(report: AnnualReport, *, printed_by: str = "") -> bytes:
    """The PDF: documents/base.html's header and page counter, a table per section and its
    chart (standalone SVG). Raises lib.pdf.PDFUnavailable without WeasyPrint's libraries."""
    context = {
        "title": report.title,
        "area_name": report.area_name,
        "as_of": report.period.date_to,
        "printed_by": printed_by,
        "printed_at": timezone.localtime(),
        "signatures": [],
        "report": report,
        "parts": [(section, section.chart(standalone=True)) for section in report.sections],
    }
    return html_to_pdf(render_to_string("reports/documents/annual.html", context), styled=True)


def file_name(report: AnnualReport, suffix: str) -> str:
    return f"{report.title}.{suffix}".replace("/", "-")


def _report_of_job(job, progress) -> AnnualReport:
    """The report the job asks for, for its owner; a year or area no longer theirs refuses."""
    query = QueryDict(job.query)
    user = job.created_by
    try:
        year = int(query.get("year", ""))
    except ValueError as exc:
        raise DomainError(gettext_lazy("年度无效"), code="annual_year") from exc
    code = query.get("area", "")
    if not within(user, code):
        raise DomainError(gettext_lazy("所选区划不在本辖区内"), code="outside")
    return annual_report(
        Period.year(code, year), user=user, progress=lambda done, total: progress(done, total + 1)
    )


def _printed_by(job) -> str:
    return getattr(job.created_by, "display_name", "") or job.created_by.get_username()


def write_annual_xlsx(job, progress) -> tuple[str, bytes]:
    report = _report_of_job(job, progress)
    data = annual_xlsx(report, printed_by=_printed_by(job))
    return file_name(report, "xlsx"), data


def write_annual_pdf(job, progress) -> tuple[str, bytes]:
    report = _report_of_job(job, progress)
    data = annual_pdf(report, printed_by=_printed_by(job))
    return file_name(report, "pdf"), data


DOCUMENTS = (
    Document(XLSX_KEY, gettext_lazy("年度工作报告（Excel）"), write_annual_xlsx),
    Document(PDF_KEY, gettext_lazy("年度工作报告（PDF）"), write_annual_pdf),
)
