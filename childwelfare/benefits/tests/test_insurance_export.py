"""The roster file for the insurer (issue 8, item 10): the insurer's columns under a title row
(what, area, cut-off, exported by), a frozen header, dates as dates, removed children left
out; ID and phone numbers masked by default, in full only through the logged full export of
an officer who may see full ID numbers."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from childwelfare.areas.models import Area
from childwelfare.audit.models import AccessAction, AccessLog
from childwelfare.benefits.choices import InsuranceKind
from childwelfare.benefits.insurance import generate_roster, remove_enrolment
from childwelfare.benefits.models import InsuranceEnrolment, InsuranceScheme
from childwelfare.registry.choices import Category, Relation
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory, FamilyMemberFactory

pytestmark = pytest.mark.django_db

CUT_OFF = date(2026, 3, 1)
HEADER = [
    "序号",
    "姓名",
    "性别",
    "公民身份号码",
    "出生日期",
    "参保类别",
    "险种",
    "所属区（县）",
    "所属街道（乡镇）",
    "监护人",
    "联系电话",
    "起保日期",
]


@pytest.fixture
def roster(people):
    """张小雨 (born 2014-06-01, grandmother 王桂兰 13912345678) and 李小军 of 梅园社区 on
    the 2026 roster with cut-off 2026-03-01; 李小军 removed afterwards."""
    scheme = InsuranceScheme.objects.create(
        name="困境儿童意外伤害保险", kind=InsuranceKind.ACCIDENT, categories=[Category.SCATTERED_ORPHAN]
    )
    zhang = ChildFactory(
        name="张小雨",
        gender="F",
        birth_date=date(2014, 6, 1),
        area_id=named.MEIYUAN,
        category=Category.SCATTERED_ORPHAN,
    )
    FamilyMemberFactory(child=zhang, name="王桂兰", relation=Relation.GRANDMOTHER, phone="13912345678")
    ChildFactory(name="李小军", area_id=named.MEIYUAN, category=Category.SCATTERED_ORPHAN)
    officer = people["officer_xuanwu"]
    generate_roster(scheme, year=2026, area=Area.objects.get(code=named.XUANWU), as_of=CUT_OFF, actor=officer)
    remove_enrolment(InsuranceEnrolment.objects.get(child__name="李小军"), actor=officer, reason="重复参保")
    return scheme, zhang


def sheet_of(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ).active


def test_the_default_export_is_masked_in_the_insurers_columns_and_logged(client, people, roster):
    scheme, zhang = roster
    client.force_login(people["officer_xuanwu"])
    response = client.get(reverse("benefits:insurance_export", args=[scheme.pk]) + "?year=2026")
    sheet = sheet_of(response)
    title = sheet["A1"].value
    for part in (
        "困境儿童意外伤害保险",
        "2026年参保名单",
        "玄武区",
        "名单截止日：2026-03-01",
        "导出人：李文静",
    ):
        assert part in title, part
    assert [cell.value for cell in sheet[2]] == HEADER
    assert sheet.freeze_panes == "A3"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    assert len(rows) == 1  # 李小军 was removed
    row = dict(zip(HEADER, rows[0], strict=True))
    assert row["序号"] == 1 and row["姓名"] == "张小雨" and row["性别"] == "女"
    assert row["公民身份号码"] == zhang.id_number[:6] + "*" * 12
    assert row["出生日期"] == datetime(2014, 6, 1) and sheet["E3"].is_date
    assert (row["参保类别"], row["险种"]) == ("社会散居孤儿", "意外伤害保险")
    assert (row["所属区（县）"], row["所属街道（乡镇）"]) == ("玄武区", "梅园新村街道")
    assert row["监护人"] == "王桂兰"
    assert row["联系电话"] == "139****5678"
    # 起保日期: the later of the cut-off and 1 January 2026.
    assert row["起保日期"] == datetime(2026, 3, 1) and sheet["L3"].is_date
    log = AccessLog.objects.get(action=AccessAction.EXPORT)
    assert (log.user, log.row_count, log.area_code) == (people["officer_xuanwu"], 1, named.XUANWU)
    assert "困境儿童意外伤害保险" in log.detail and "身份证号和电话已脱敏" in log.detail


def test_the_full_export_is_a_logged_action_of_an_officer_who_may_see_full_numbers(client, people, roster):
    scheme, zhang = roster
    officer = people["officer_xuanwu"]
    client.force_login(officer)
    url = reverse("benefits:insurance_export_full", args=[scheme.pk])
    assert client.get(url + "?year=2026").status_code == 405
    sheet = sheet_of(client.post(url, {"year": 2026}))
    assert sheet["D3"].value == zhang.id_number and sheet["K3"].value == "13912345678"
    assert "完整身份证号" in sheet["A1"].value
    log = AccessLog.objects.get(action=AccessAction.EXPORT)
    assert "含完整身份证号和电话" in log.detail and log.row_count == 1

    # Without the full-ID permission: refused, nothing logged.
    officer.user_permissions.clear()
    client.force_login(type(officer).objects.get(pk=officer.pk))
    assert client.post(url, {"year": 2026}).status_code == 403
    assert AccessLog.objects.filter(action=AccessAction.EXPORT).count() == 1


def test_who_may_export(client, people, roster):
    scheme, _ = roster
    client.force_login(people["director_meiyuan"])  # reads the roster; does not deal with insurers
    assert (
        client.get(reverse("benefits:insurance_export", args=[scheme.pk]) + "?year=2026").status_code == 403
    )
    assert (
        client.post(reverse("benefits:insurance_export_full", args=[scheme.pk]), {"year": 2026}).status_code
        == 403
    )
    client.force_login(people["officer_gulou"])  # sees no child of 玄武区: an empty file
    sheet = sheet_of(client.get(reverse("benefits:insurance_export", args=[scheme.pk]) + "?year=2026"))
    assert sheet.max_row == 2
