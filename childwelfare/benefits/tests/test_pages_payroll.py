"""The payroll pages: a run, approval, refused re-run and logged export; a reversal linked to
the line it corrects; scope and the city's totals."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from childwelfare.audit.models import AccessAction, AccessLog
from childwelfare.benefits.choices import LineKind, PayrollStatus
from childwelfare.benefits.models import BankAccount, Payroll, PayrollLine
from childwelfare.benefits.tests.helpers import XLSX, as_user, messages_of, page, payroll_children
from childwelfare.lib.idnumber import mask
from childwelfare.registry.services import end_category
from childwelfare.testing import people as named

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def prorated(settings):
    """These amounts were computed with calendar-day proration: payment-timing mode (b)."""
    settings.PAYMENT_TIMING = "prorated"


def test_payroll_run_approve_rerun_refused_and_export(client, city):
    part, full, full_spell = payroll_children()
    for child in (part, full):  # paid to accounts (a child without one is held: test_payroll_held)
        BankAccount.objects.create(
            child=child, holder_name=child.name, bank_name="社会保障卡", account_number=child.id_number
        )
    as_user(client, city, "officer_xuanwu")
    html = page(client, reverse("benefits:payroll_month") + "?month=2026-03").content.decode()
    assert 'id="payroll-run"' in html and "正在计算，请稍候" in html  # the htmx spinner
    response = client.post(
        reverse("benefits:payroll_run"), {"month": "2026-03", "area": named.XUANWU}, HTTP_HX_REQUEST="true"
    )
    payroll = Payroll.objects.get(area_id=named.XUANWU, month=date(2026, 3, 1))
    assert response["HX-Redirect"] == reverse("benefits:payroll_detail", args=[payroll.pk])
    # 10–20 March = 11 of 31 days: 2,300 × 11 / 31 = 816.129… → 816.13; 刘小芳 2,300.00 in full.
    assert (payroll.child_count, payroll.line_count, payroll.total_amount) == (2, 2, Decimal("3116.13"))
    detail = reverse("benefits:payroll_detail", args=[payroll.pk])
    html = page(client, detail).content.decode()
    assert "3116.13 元" in html and "816.13 元" in html and "816.129032" in html and "11/31" in html
    assert "郑小宁" not in html  # 鼓楼区's child is not in 玄武区's payroll
    assert page(client, detail + "?q=lxf").context["page"].paginator.count == 1
    # Not approved yet: no bank export.
    response = client.get(reverse("benefits:payroll_export", args=[payroll.pk]), follow=True)
    assert "批准后才能导出" in " ".join(messages_of(response))

    # A draft: a second officer may approve it; the district's auditor reads it without the button.
    approve = reverse("benefits:payroll_approve", args=[payroll.pk])
    as_user(client, city, "officer2_xuanwu")
    assert approve in page(client, detail).content.decode()
    as_user(client, city, "auditor_xuanwu")
    assert approve not in page(client, detail).content.decode()
    # Nor does the officer who computed it (four eyes): a second officer approves.
    as_user(client, city, "officer_xuanwu")
    assert approve not in page(client, detail).content.decode()
    as_user(client, city, "officer2_xuanwu")

    response = client.post(approve, {"version": payroll.version}, follow=True)
    payroll.refresh_from_db()
    assert payroll.status == PayrollStatus.APPROVED
    html = response.content.decode()
    assert "批准并锁定，不能重新计算" in html and 'id="payroll-run"' not in html
    response = client.post(
        reverse("benefits:payroll_run"), {"month": "2026-03", "area": named.XUANWU}, follow=True
    )
    assert "已锁定，不能重新计算" in " ".join(messages_of(response))
    response = client.post(
        reverse("benefits:payroll_run"), {"month": "2026-03", "area": named.XUANWU}, HTTP_HX_REQUEST="true"
    )
    assert "已锁定，不能重新计算" in response.content.decode()

    response = client.get(reverse("benefits:payroll_export", args=[payroll.pk]))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content))["发放名册"]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"王小明", "刘小芳"}
    for child in (part, full):
        lines = PayrollLine.objects.filter(payroll=payroll, child=child)
        assert Decimal(str(rows[child.name][6])) == sum(line.amount for line in lines)
        assert rows[child.name][2] == child.id_number  # the officer may see full ID numbers
    assert sum(Decimal(str(r[6])) for r in rows.values()) == payroll.total_amount
    log = AccessLog.objects.get(action=AccessAction.EXPORT)
    assert (log.user, log.object_id, log.row_count) == (city["officer2_xuanwu"], str(payroll.pk), 2)
    assert log.object_type == "benefits.payroll" and "含完整身份证号" in log.detail

    # An auditor of the district may read and export, with ID numbers masked.
    as_user(client, city, "auditor_xuanwu")
    response = client.get(reverse("benefits:payroll_export", args=[payroll.pk]))
    sheet = load_workbook(io.BytesIO(response.content))["发放名册"]
    ids = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids and all(number in {mask(part.id_number), mask(full.id_number)} for number in ids)
    assert AccessLog.objects.filter(action=AccessAction.EXPORT, user=city["auditor_xuanwu"]).count() == 1


def test_payroll_reversal_is_highlighted_and_linked_to_the_line_it_corrects(client, city):
    _, full, full_spell = payroll_children()
    as_user(client, city, "officer_xuanwu")
    client.post(reverse("benefits:payroll_run"), {"month": "2026-03", "area": named.XUANWU})
    march = Payroll.objects.get(area_id=named.XUANWU, month=date(2026, 3, 1))
    as_user(client, city, "officer2_xuanwu")
    client.post(reverse("benefits:payroll_approve", args=[march.pk]), {"version": march.version})
    as_user(client, city, "officer_xuanwu")
    march_line = PayrollLine.objects.get(payroll=march, child=full)
    # Found later: 刘小芳's category ended on 15 March.
    end_category(full_spell, actor=city["officer_xuanwu"], end_date=date(2026, 3, 15), reason="更正")
    client.post(reverse("benefits:payroll_run"), {"month": "2026-04", "area": named.XUANWU})
    april = Payroll.objects.get(area_id=named.XUANWU, month=date(2026, 4, 1))
    reversal = PayrollLine.objects.get(payroll=april, kind=LineKind.REVERSAL)
    # Due for March: 2,300 × 15 / 31 = 1,112.903… → 1,112.90; paid 2,300.00 → −1,187.10.
    assert (reversal.amount, reversal.corrects) == (Decimal("-1187.10"), march_line)
    html = page(client, reverse("benefits:payroll_detail", args=[april.pk])).content.decode()
    assert 'class="line-reversal"' in html and "-1187.10 元" in html
    assert reverse("benefits:payroll_line", args=[march_line.pk]) in html
    html = page(
        client, reverse("benefits:payroll_detail", args=[april.pk]) + "?kind=reversal"
    ).content.decode()
    assert "筛选结果合计" in html and "-1187.10" in html
    html = page(client, reverse("benefits:payroll_line", args=[march_line.pk])).content.decode()
    assert reverse("benefits:payroll_line", args=[reversal.pk]) in html  # the later correction


def test_payroll_scope_and_city_totals(client, city):
    payroll_children()
    as_user(client, city, "officer_xuanwu")
    client.post(reverse("benefits:payroll_run"), {"month": "2026-03", "area": named.XUANWU})
    payroll = Payroll.objects.get()
    line = PayrollLine.objects.filter(payroll=payroll).first()
    urls = [
        reverse("benefits:payroll_detail", args=[payroll.pk]),
        reverse("benefits:payroll_line", args=[line.pk]),
        reverse("benefits:payroll_export", args=[payroll.pk]),
    ]
    as_user(client, city, "officer_gulou")
    for url in urls:
        page(client, url, 404)
    response = client.post(
        reverse("benefits:payroll_run"), {"month": "2026-03", "area": named.XUANWU}, follow=True
    )
    assert Payroll.objects.count() == 1 and Payroll.objects.get().computed_by == city["officer_xuanwu"]
    client.post(reverse("benefits:payroll_approve", args=[payroll.pk]))
    assert Payroll.objects.get().status == PayrollStatus.DRAFT
    # Roles that read no payroll: the month page is 403; a payroll's pages are those of a
    # missing record (404), so they learn nothing of it.
    for username in ("supervisor_meiyuan", "director_meiyuan"):
        as_user(client, city, username)
        page(client, reverse("benefits:payroll_month"), 403)
        for url in urls:
            page(client, url, 404)
    # The city: every district's payroll of the month, with the sum over Payroll rows.
    as_user(client, city, "admin_nanjing")
    response = page(client, reverse("benefits:payroll_month") + "?month=2026-03")
    rows = {row["area"].code: row["payroll"] for row in response.context["rows"]}
    assert len(rows) == 11 and rows[named.XUANWU] == payroll and rows[named.GULOU] is None
    assert response.context["totals"]["amount"] == Decimal("3116.13")
    assert response.context["run_form"] is None  # the city does not run district payrolls
    html = response.content.decode()
    assert urls[0] in html and "3116.13 元" in html and "未计算" in html
    page(client, urls[0])
