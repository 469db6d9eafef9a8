"""The annual report's files and command on the hand-built city (annual_world): the workbook
(one sheet per section, the numbers as number cells), the PDF (Chinese text extractable, the
figures and a chart present), `manage.py annual_report` (Chinese lines; --json with stable
keys; a clear Chinese error for an unknown area) and the job that writes the files."""

from __future__ import annotations

import io
import json
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from childwelfare.audit.models import AccessLog
from childwelfare.exports.models import ExportJob
from childwelfare.lib.pdf import PDFUnavailable
from childwelfare.reports.annual import annual_report
from childwelfare.reports.annual_files import PDF_KEY, XLSX_KEY, annual_pdf, annual_xlsx
from childwelfare.reports.figures import Period
from childwelfare.testing.factories import named_user
from childwelfare.testing.pdf import glyph_report, pdf_text

from .annual_world import CITY, XUANWU, build_world


class AnnualFilesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_world()
        cls.report = annual_report(Period.year(CITY, 2023))

    def test_the_workbook_has_a_sheet_per_section_with_the_numbers(self):
        book = load_workbook(io.BytesIO(annual_xlsx(self.report, printed_by="测试")))
        self.assertEqual(book.sheetnames, [section.title[:31] for section in self.report.sections])
        sheet = book["三、未成年人保护工作站"]
        rows = {row[3]: row[1] for row in sheet.iter_rows(values_only=True) if row and len(row) > 3}
        self.assertEqual(rows["stations.workstations"], 5)
        self.assertEqual(rows["stations.by_build_type.upgraded"], 1)
        self.assertEqual(rows["stations.person_times"], 87)
        calls = {
            row[3]: row[1]
            for row in book["五、优秀案例和项目征集"].iter_rows(values_only=True)
            if len(row) > 3
        }
        self.assertEqual(calls["outreach.call_submissions"], 9)
        self.assertEqual(calls["outreach.casebook_cases"], 3)
        self.assertEqual(sheet["A1"].value, "2023年度南京市未成年人保护工作报告")

    def test_the_pdf_has_the_chinese_text_the_figures_and_the_charts(self):
        try:
            data = annual_pdf(self.report, printed_by="测试")
        except PDFUnavailable:  # pragma: no cover - CI installs pango (README "Printing")
            self.skipTest("WeasyPrint's libraries are not installed")
        text = pdf_text(data)
        for expected in (
            "2023年度南京市未成年人保护工作报告",
            "三、未成年人保护工作站",
            "五、优秀案例和项目征集",
        ):
            self.assertIn(expected, text)
        self.assertIn("工作站建成以来服务人次", text)
        self.assertIn("87", text)
        self.assertIn("未保工作站建设方式", text)  # the chart's title, drawn as SVG text
        self.assertEqual(glyph_report(data).missing, 0)

    def test_the_command_prints_chinese_lines_and_stable_json(self):
        out = StringIO()
        call_command("annual_report", "2023", "--area", XUANWU, stdout=out)
        lines = out.getvalue().splitlines()
        self.assertEqual(lines[0], "2023年度玄武区未成年人保护工作报告")
        self.assertIn("  未成年人保护工作站（关爱之家）：4个", lines)
        self.assertIn("  其中：提档升级：1个", lines)
        out = StringIO()
        call_command("annual_report", "2023", "--area", CITY, "--json", stdout=out)
        values = json.loads(out.getvalue())
        self.assertEqual(values["stations.workstations"], 5)
        self.assertEqual(values["stations.by_build_type.new"], 1)
        self.assertEqual(values["stations.by_level.provincial"], 3)
        self.assertEqual(values["outreach.june_month_years"], 4)
        self.assertEqual(values["outreach.call_selected_projects"], 2)
        self.assertEqual(set(values), set(self.report.flat()))

    def test_an_unknown_area_is_a_chinese_error(self):
        with self.assertRaisesMessage(CommandError, "未知的区划代码：9999"):
            call_command("annual_report", "2023", "--area", "9999", stdout=StringIO())


class AnnualJobTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_world()

    def start(self, username, fmt, **extra):
        self.client.force_login(named_user(username))
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(reverse("reports:annual_export"), {"year": 2023, "format": fmt, **extra})

    def test_the_job_writes_the_workbook_for_its_owner_who_downloads_it(self):
        response = self.start("officer_xuanwu", "xlsx")
        job = ExportJob.objects.get(key=XLSX_KEY)
        self.assertRedirects(response, reverse("exports:job", args=[job.pk]), fetch_redirect_response=False)
        self.assertEqual(job.status, ExportJob.Status.READY)
        self.assertEqual(job.filename, "2023年度玄武区未成年人保护工作报告.xlsx")
        # QA: the finished job counted 5 / 6 "rows" (sections): now its steps, to the end.
        self.assertEqual((job.processed, job.total), (job.total, job.total))
        page = self.client.get(reverse("exports:job", args=[job.pk]))
        self.assertContains(page, reverse("exports:job_download", args=[job.pk]))
        self.assertContains(page, f"{job.total} / {job.total} 步")
        download = self.client.get(reverse("exports:job_download", args=[job.pk]))
        book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
        rows = {
            row[3]: row[1]
            for row in book["三、未成年人保护工作站"].iter_rows(values_only=True)
            if len(row) > 3
        }
        self.assertEqual(rows["stations.workstations"], 4)  # 玄武区's, not the city's 5
        self.assertTrue(
            AccessLog.objects.filter(object_type="reports.annual", user__username="officer_xuanwu")
        )
        # Someone else's job is a 404.
        self.client.force_login(named_user("officer_gulou"))
        self.assertEqual(self.client.get(reverse("exports:job", args=[job.pk])).status_code, 404)

    def test_the_pdf_job(self):
        self.start("admin_nanjing", "pdf")
        job = ExportJob.objects.get(key=PDF_KEY)
        if job.status == ExportJob.Status.FAILED:  # pragma: no cover - without pango
            self.skipTest("WeasyPrint's libraries are not installed")
        self.assertEqual(job.status, ExportJob.Status.READY)
        download = self.client.get(reverse("exports:job_download", args=[job.pk]))
        self.assertEqual(download["Content-Type"], "application/pdf")
        self.assertIn("南京市", pdf_text(b"".join(download.streaming_content)))

    def test_another_area_or_format_starts_nothing_and_keeps_the_values(self):
        for extra in ({"area": "320106"}, {"format": "doc"}, {"year": "20x3"}):
            with self.subTest(extra=extra):
                response = self.start(
                    "officer_xuanwu", "xlsx" if "format" not in extra else extra.pop("format"), **extra
                )
                self.assertEqual(response.status_code, 200)
                self.assertFalse(ExportJob.objects.exists())

    def test_an_auditor_reads_the_report_but_starts_no_job(self):
        self.client.force_login(named_user("auditor_xuanwu"))
        page = self.client.get(reverse("reports:annual"), {"year": 2023})
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, reverse("reports:annual_export"))
        self.assertEqual(self.start("auditor_xuanwu", "xlsx").status_code, 403)
