"""The statistics' creating forms for submissions/tests/test_submit_once.py: starting the
annual report's file job (reports:annual_export) from the report page."""

from __future__ import annotations

from django.urls import reverse

from childwelfare.exports.models import ExportJob
from childwelfare.reports.annual_files import XLSX_KEY

REPORT_CASES = ["annual report file"]


def report_cases(world) -> dict:
    """{name: keyword arguments of test_submit_once.Case}."""
    return {
        "annual report file": {
            "url": reverse("reports:annual") + "?year=2023",
            "username": "officer_xuanwu",
            "count": lambda: ExportJob.objects.filter(key=XLSX_KEY).count(),
            "post_url": reverse("reports:annual_export"),
            "typed": {"format": "xlsx"},
        }
    }
