"""Every list users work from exports what its page lists (issue 9): the same rows for the
same filters and scope (row count and a sample row), masked ID numbers by default, full
ones only on explicit request by a user with the permission (else 403), each export logged
with the list, its filters and its row count; a title row and a frozen header; the file
named in the page's language."""

from datetime import date
from decimal import Decimal
from io import BytesIO
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from childwelfare.areas.models import Area
from childwelfare.audit.models import AccessAction, AccessLog
from childwelfare.audit.services import log_access
from childwelfare.benefits.choices import InsuranceKind
from childwelfare.benefits.insurance import generate_roster
from childwelfare.benefits.models import AllowanceStandard, InsuranceScheme, PayrollLine
from childwelfare.benefits.payroll import run_payroll
from childwelfare.discovery.choices import ProblemStatus
from childwelfare.lib.idnumber import mask
from childwelfare.registry.choices import Category
from childwelfare.testing import people as named
from childwelfare.testing.factories import (
    CampaignFactory,
    CategorySpellFactory,
    ChildFactory,
    EligibilityApplicationFactory,
    ProblemFactory,
    ScreeningRecordFactory,
)

pytestmark = pytest.mark.django_db


def workbook(response):
    assert response.status_code == 200, response.status_code
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(BytesIO(b"".join(response.streaming_content))).active


def data_rows(sheet):
    """The rows below the title row and the header, without a 合计 row."""
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    return [row for row in rows if row[0] != "合计"]


def page_count(client, url, query):
    return client.get(url, query).context["page"].paginator.count


def check_same_as_page(client, page_url, export_url, query, *, name_column=0):
    """The export holds as many rows as the page says (the page first: an export is itself
    an entry of the access log)."""
    page = client.get(page_url, query).context["page"]
    sheet = workbook(client.get(export_url, query))
    rows = data_rows(sheet)
    assert len(rows) == page.paginator.count
    return sheet, rows, list(page.object_list)


@pytest.fixture
def problems(people):
    mine = ProblemFactory(child=ChildFactory(name="王问题", area_id=named.MEIYUAN))
    ProblemFactory(child=ChildFactory(name="李已办", area_id=named.MEIYUAN), status=ProblemStatus.SOLVED)
    ProblemFactory(child=ChildFactory(name="陈鼓楼", area_id=named.NINGHAI))  # another district
    return mine


def test_problems_export_is_the_page_for_the_same_filters(client, people, problems):
    client.force_login(people["officer_xuanwu"])
    url, export_url = reverse("discovery:problem_list"), reverse("discovery:problem_export")
    sheet, rows, page = check_same_as_page(client, url, export_url, {})
    assert len(rows) == 2  # 鼓楼区's problem is in neither
    sheet, rows, page = check_same_as_page(client, url, export_url, {"status": "open"})
    [row] = rows
    assert row[2] == page[0].child.name == "王问题"
    assert row[3] == mask(problems.child.id_number)  # masked by default
    assert sheet["G3"].is_date and sheet["G3"].value.date() == problems.deadline
    title = sheet["A1"].value
    assert (
        title.startswith("问题清单｜区划：玄武区") and "状态：待办理" in title and "导出人：李文静" in title
    )
    assert sheet.freeze_panes == "A3"
    log = AccessLog.objects.filter(action=AccessAction.EXPORT).latest("at")
    assert (log.user, log.row_count, log.object_type) == (people["officer_xuanwu"], 1, "discovery.problem")
    assert "问题清单" in log.detail and "状态：待办理" in log.detail and "身份证号已脱敏" in log.detail


def test_full_numbers_only_on_request_with_the_permission_and_logged(client, people, problems):
    export_url = reverse("discovery:problem_export")
    client.force_login(people["supervisor_meiyuan"])  # no "view full ID" permission
    assert client.get(export_url, {"full": "1"}).status_code == 403
    assert not AccessLog.objects.filter(action=AccessAction.EXPORT).exists()
    client.force_login(people["officer_xuanwu"])
    [row, _solved] = data_rows(workbook(client.get(export_url)))
    assert row[3] == mask(problems.child.id_number)
    [row, _solved] = data_rows(workbook(client.get(export_url, {"full": "1"})))
    assert row[3] == problems.child.id_number
    log = AccessLog.objects.filter(action=AccessAction.EXPORT).latest("at")
    assert "含完整身份证号" in log.detail and log.row_count == 2


def test_download_names_follow_the_page_language(client, people, problems):
    client.force_login(people["officer_xuanwu"])
    today = timezone.localdate().isoformat()
    response = client.get(reverse("discovery:problem_export"))
    assert unquote(response["Content-Disposition"]).endswith(f"问题清单_玄武区_{today}.xlsx")
    client.cookies["django_language"] = "en"
    response = client.get(reverse("discovery:problem_export"))
    assert unquote(response["Content-Disposition"]).endswith(f"problem_list_玄武区_{today}.xlsx")


def test_a_liaison_exports_their_department_only(client, people, problems):
    ProblemFactory(child=ChildFactory(area_id=named.MEIYUAN), department="health")
    client.force_login(people["liaison_education_xuanwu"])
    _sheet, rows, _page = check_same_as_page(
        client, reverse("discovery:problem_list"), reverse("discovery:problem_export"), {}
    )
    assert sorted(row[2] for row in rows) == ["李已办", "王问题"]


def test_visit_plan_export_is_the_page(client, people):
    for name in ("甲访", "乙访"):
        child = ChildFactory(name=name, area_id=named.MEIYUAN)
        CategorySpellFactory(child=child, category=Category.RURAL_LEFT_BEHIND, start_date=date(2024, 1, 1))
    client.force_login(people["director_meiyuan"])
    sheet, rows, page = check_same_as_page(
        client, reverse("discovery:visit_list"), reverse("discovery:visit_export"), {"list": "week"}
    )
    assert len(rows) == 2 and rows[0][0] == page[0].name
    assert sheet["G3"].is_date  # 应访日期
    assert "7天内应走访" in sheet["A1"].value
    sheet, rows, page = check_same_as_page(
        client,
        reverse("discovery:visit_list"),
        reverse("discovery:visit_export"),
        {"list": "week", "q": "乙"},
    )
    assert [row[0] for row in rows] == ["乙访"]


def test_campaign_records_export_is_the_page_and_outside_scope_404(client, people):
    campaign = CampaignFactory()
    for name in ("甲查", "乙查"):
        ScreeningRecordFactory(campaign=campaign, child=ChildFactory(name=name, area_id=named.MEIYUAN))
    client.force_login(people["director_meiyuan"])
    page_url = reverse("discovery:record_list", args=[campaign.pk])
    export_url = reverse("discovery:record_export", args=[campaign.pk])
    _sheet, rows, page = check_same_as_page(client, page_url, export_url, {"q": "甲"})
    assert [row[0] for row in rows] == ["甲查"] == [record.child.name for record in page]
    client.force_login(people["officer_gulou"])
    assert client.get(export_url).status_code == 404


def test_applications_export_is_the_page(client, people):
    for name in ("甲申", "乙申"):
        EligibilityApplicationFactory(child=ChildFactory(name=name, area_id=named.MEIYUAN))
    EligibilityApplicationFactory(child=ChildFactory(name="丙鼓", area_id=named.NINGHAI))
    client.force_login(people["officer_xuanwu"])
    sheet, rows, page = check_same_as_page(
        client, reverse("benefits:application_list"), reverse("benefits:application_export"), {}
    )
    assert len(rows) == 2 and rows[0][0] == page[0].child.name
    assert sheet["F3"].is_date and sheet["F3"].value.date() == page[0].submitted_on


def test_payroll_lines_export_has_money_and_a_total_row(client, people):
    """A city standard of 1,200.00 a month for scattered orphans; two children of 梅园社区
    holding the category since 2025 (confirmed then): May 2026 pays each a whole month."""
    AllowanceStandard.objects.create(
        category=Category.SCATTERED_ORPHAN,
        area=Area.objects.get(code=named.NANJING),
        effective_from=date(2020, 1, 1),
        monthly_amount=Decimal("1200.00"),
        legal_basis="测试标准",
    )
    for name in ("甲发", "乙发"):
        child = ChildFactory(name=name, area_id=named.MEIYUAN, birth_date=date(2015, 5, 5))
        CategorySpellFactory(child=child, category=Category.SCATTERED_ORPHAN, start_date=date(2025, 1, 1))
    payroll = run_payroll(
        Area.objects.get(code=named.XUANWU), date(2026, 5, 1), actor=people["officer_xuanwu"]
    )
    client.force_login(people["officer_xuanwu"])
    page_url = reverse("benefits:payroll_detail", args=[payroll.pk])
    export_url = reverse("benefits:payroll_lines_export", args=[payroll.pk])
    sheet, rows, page = check_same_as_page(client, page_url, export_url, {})
    assert [row[0] for row in rows] == [line.child.name for line in page]
    amount_column = 11
    amounts = [sheet.cell(row=row, column=amount_column) for row in range(3, 3 + len(rows))]
    assert all(cell.number_format == "0.00" for cell in amounts)
    total_row = sheet.max_row
    assert sheet.cell(row=total_row, column=1).value == "合计"
    total = sheet.cell(row=total_row, column=amount_column)
    # The page's lines sum to the payroll's total; two whole months of 1,200.00 = 2,400.00
    # when May is all that is paid.
    assert Decimal(str(total.value)) == sum(
        line.amount for line in PayrollLine.objects.filter(payroll=payroll)
    )
    assert total.number_format == "0.00"
    may_only = [row for row in rows if row[4] == "2026-05"]
    assert sum(Decimal(str(row[10])) for row in may_only) == Decimal("2400.00")  # 1,200.00 × 2
    client.force_login(people["officer_gulou"])
    assert client.get(export_url).status_code == 404


def test_insurance_list_export_is_the_page(client, people):
    scheme = InsuranceScheme.objects.create(
        name="困境儿童意外伤害保险", kind=InsuranceKind.ACCIDENT, categories=[Category.SCATTERED_ORPHAN]
    )
    for name, code in (("甲保", named.MEIYUAN), ("乙保", named.NINGHAI)):
        child = ChildFactory(name=name, area_id=code)
        CategorySpellFactory(child=child, category=Category.SCATTERED_ORPHAN, start_date=date(2024, 1, 1))
    today = timezone.localdate()
    for actor, code in (("officer_xuanwu", named.XUANWU), ("officer_gulou", named.GULOU)):
        generate_roster(
            scheme, year=today.year, area=Area.objects.get(code=code), as_of=today, actor=people[actor]
        )
    client.force_login(people["officer_xuanwu"])
    page_url = reverse("benefits:insurance_scheme", args=[scheme.pk])
    export_url = reverse("benefits:insurance_list_export", args=[scheme.pk])
    sheet, rows, page = check_same_as_page(client, page_url, export_url, {"year": today.year})
    assert [row[0] for row in rows] == ["甲保"] == [e.child.name for e in page]
    assert rows[0][1] == mask(page[0].child.id_number)
    assert sheet["F3"].is_date


def test_access_log_export_names_what_was_seen_and_filters(client, people):
    child = ChildFactory(name="王看见", area_id=named.MEIYUAN)
    log_access(user=people["officer_xuanwu"], action=AccessAction.VIEW_FULL_ID, obj=child)
    log_access(
        user=people["admin_nanjing"],
        action=AccessAction.EXPORT,
        object_type="registry.child",
        area_code=named.XUANWU,
    )
    client.force_login(people["auditor_xuanwu"])
    page_url, export_url = reverse("audit:access_log"), reverse("exports:access_log")
    _sheet, rows, page = check_same_as_page(client, page_url, export_url, {"person": "李文静"})
    [row] = rows
    assert row[4] == f"王看见 {child.masked_id}"  # the child's name and masked ID
    assert row[2] == "李文静" and row[3] == "查看完整身份证号"
    _sheet, rows, _page = check_same_as_page(client, page_url, export_url, {"action": "export"})
    assert rows and all(row[3] == "导出" for row in rows)


def test_the_access_log_page_names_each_export_list(client, people, problems):
    client.force_login(people["officer_xuanwu"])
    client.get(reverse("discovery:problem_export"), REMOTE_ADDR="10.1.1.9")
    client.force_login(people["auditor_xuanwu"])
    [entry] = client.get(reverse("audit:access_log"), {"action": "export"}).context["page"].object_list
    assert (entry.label, entry.ip_address) == ("问题清单", "10.1.1.9")  # what list, and the client
