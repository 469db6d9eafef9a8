"""Activities from a spreadsheet (.xlsx, .xls, .csv) on the shared import engine: all or
nothing, every bad row named by row, column and value; the page runs it as a background
job whose page lists the errors; the station's staff see their own job; the template to
fill in imports as it is once filled."""

import io
from datetime import date

import pytest
from django.urls import reverse

from childwelfare.lib.spreadsheets import read_table
from childwelfare.registry.tests.rosters import WRITERS
from childwelfare.stations import services
from childwelfare.stations.importing import import_activities, write_activity_template
from childwelfare.stations.models import Activity
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory

HEADER = ["活动日期", "活动类型", "活动名称", "服务人次", "所属项目", "参与儿童身份证号", "备注"]


@pytest.fixture
def sheet(people, sites):
    services.create_project(
        sites["meiyuan"],
        actor=people["officer_xuanwu"],
        name="四点半课堂",
        kind="education",
        start_date=date(2025, 1, 1),
        status="running",
    )
    inside = ChildFactory(area_id=named.MEIYUAN, name="王小明")
    outside = ChildFactory(area_id=named.XINJIEKOU, name="李小红")
    rows = [
        ["梅园新村街道未保工作站活动台账"],
        HEADER,
        ["2025-05-01", "走访慰问", "端午走访", 12, "", inside.id_number, ""],
        ["2025/6/1", "文体活动", "六一游园", "40", "四点半课堂", "", "家长同来"],
        ["合计", "", "", 52],
    ]
    return rows, inside, outside


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "csv-gbk"])
def test_every_row_is_imported(fmt, sheet, people, sites, tmp_path):
    rows, inside, _outside = sheet
    path = WRITERS[fmt](tmp_path / "activities", rows)
    result = import_activities(read_table(path), sites["meiyuan"], actor=people["staff_meiyuan"])
    assert result.errors == [] and (result.rows, result.created) == (2, 2)
    visit, fete = Activity.objects.order_by("held_on")
    assert (visit.person_times, list(visit.children.all())) == (12, [inside])
    assert fete.project.name == "四点半课堂" and fete.held_on == date(2025, 6, 1)
    assert {a.created_by for a in (visit, fete)} == {people["staff_meiyuan"]}


def test_a_bad_row_means_nothing_is_written(sheet, people, sites, tmp_path):
    rows, _inside, outside = sheet
    rows.insert(4, ["2025-06-02", "兴趣培养", "书法班", 0, "", "", ""])  # row 5: no person-times
    rows.insert(5, ["2025-06-03", "跳舞", "舞蹈", 5, "不存在的项目", outside.id_number, ""])  # row 6
    path = WRITERS["xlsx"](tmp_path / "bad", rows)
    # The district's officer sees 李小红 (新街口街道), who is outside the station's township.
    result = import_activities(read_table(path), sites["meiyuan"], actor=people["officer_xuanwu"])
    found = {(e.row, e.column) for e in result.errors}
    assert found == {(5, "服务人次"), (6, "活动类型"), (6, "所属项目"), (6, "参与儿童身份证号")}
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert "李小红" in messages[(6, "参与儿童身份证号")]
    assert outside.id_number not in str([e.as_dict() for e in result.errors])  # masked
    assert not Activity.objects.exists()


def test_the_page_imports_as_a_job_its_uploader_sees(
    sheet, people, sites, client, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    rows, _inside, _outside = sheet
    rows[3][3] = "很多"  # row 4: not a number
    path = WRITERS["xlsx"](tmp_path / "bad", rows)
    client.force_login(people["staff_meiyuan"])
    url = reverse("stations:activity_import", args=[sites["meiyuan"].pk])
    with open(path, "rb") as handle, django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": handle})
    assert response.status_code == 302
    page = client.get(response.url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "活动导入" in text and "发现 1 处错误" in text and "服务人次应为正整数" in text
    assert not Activity.objects.exists()
    # Fixed, the same upload imports both rows.
    rows[3][3] = 40
    path = WRITERS["xlsx"](tmp_path / "good", rows)
    with open(path, "rb") as handle, django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": handle})
    assert "导入完成" in client.get(response.url).content.decode()
    assert Activity.objects.count() == 2


def test_the_filled_template_imports_and_its_example_row_is_skipped(people, sites):
    from openpyxl import load_workbook

    buffer = io.BytesIO()
    write_activity_template(buffer, sites["meiyuan"])
    buffer.seek(0)
    book = load_workbook(buffer)
    sheet = book.worksheets[0]
    sheet.append(["2025-05-04", "宣传教育", "强制报告宣讲", 30, "", "", ""])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    import tempfile

    from childwelfare.lib.spreadsheets import read_table as read

    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        handle.write(out.getvalue())
        handle.flush()
        result = import_activities(read(handle.name), sites["meiyuan"], actor=people["staff_meiyuan"])
    assert result.errors == [] and result.created == 1
    assert Activity.objects.get().title == "强制报告宣讲"


def test_staff_cannot_import_into_another_station(people, sites, tmp_path, sheet):
    from childwelfare.stations.services import StationError

    rows, _inside, _outside = sheet
    path = WRITERS["xlsx"](tmp_path / "other", rows)
    with pytest.raises(StationError):
        import_activities(read_table(path), sites["meiyuan2"], actor=people["staff_meiyuan"])
