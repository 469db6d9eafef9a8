"""The outreach records of the URL × role matrix (testing/tests/test_url_matrix.py calls
`outreach_records` from its setUpTestData): a city publicity campaign, a call being scored
with a submission of 玄武区 (M) and of 鼓楼区 (N), each with an attachment and assigned to
reviewer_nanjing, a published call of the year before, and a casebook entry."""

from __future__ import annotations

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from childwelfare.areas.models import Area
from childwelfare.outreach.models import CasebookEntry, Collection
from childwelfare.outreach.services import calls
from childwelfare.outreach.services.publicity import create_campaign
from childwelfare.outreach.services.scoring import assign_reviewer, publish_results
from childwelfare.testing import people as named


def _pdf(name: str) -> SimpleUploadedFile:
    """A real one-page PDF (the pages that read every answer parse PDFs)."""
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    data = io.BytesIO()
    writer.write(data)
    return SimpleUploadedFile(name, data.getvalue(), content_type="application/pdf")


def outreach_records(users: dict, today: date) -> dict:
    """{record kind: [(variant label, pk, area code)]} for the matrix (area None: city-wide)."""
    admin, reviewer = users["admin_nanjing"], users["reviewer_nanjing"]
    campaign = create_campaign(
        actor=admin,
        year=today.year,
        theme="未成年人保护宣传月",
        start_date=date(today.year, 6, 1),
        end_date=date(today.year, 6, 30),
    )

    def call_of(year):
        call = calls.create_call(actor=admin, year=year, title=f"{year}年度征集", deadline=date(year, 6, 30))
        calls.add_criterion(call, actor=admin, name="实效性", weight=1)
        return calls.open_call(call, actor=admin)

    call = call_of(today.year)
    submissions = {
        label: calls.submit(
            call,
            actor=users[officer],
            kind="project",
            title=f"{label}项目",
            area=Area.objects.get(code=code),
            text="项目做法",
            attachments=[_pdf(f"{label}.pdf")],
        )
        for label, officer, code in (
            ("M", "officer_xuanwu", named.XUANWU),
            ("N", "officer_gulou", named.GULOU),
        )
    }
    assignments = {
        label: assign_reviewer(submission, reviewer=reviewer, actor=admin)
        for label, submission in submissions.items()
    }
    call = calls.start_scoring(call, actor=admin)
    published = publish_results(calls.start_scoring(call_of(today.year - 1), actor=admin), actor=admin)
    entry = CasebookEntry.objects.create(
        collection=Collection.objects.create(name="困境儿童个案 50 例"),
        number=1,
        kind="case",
        year=today.year,
        title="监护缺失个案",
        text="某某长期处于监护缺失状态。",
    )
    return {
        "publicity_campaign": [("C", campaign.pk, None)],
        "call": [("C", call.pk, None)],
        "published_call": [("C", published.pk, None)],
        "submission": [(label, s.pk, s.area_id) for label, s in submissions.items()],
        "attachment": [(label, s.attachments.get().pk, s.area_id) for label, s in submissions.items()],
        "assignment": [(label, a.pk, submissions[label].area_id) for label, a in assignments.items()],
        "casebook_entry": [("C", entry.pk, None)],
    }
