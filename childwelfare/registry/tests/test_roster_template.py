"""The roster template users fill in (issue 9): read back with openpyxl, the ID-number columns
are text, the drop-downs hold exactly what the importer accepts, the example row is marked
and never imported, the notes sheet names every column; a filled template imports."""

import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from childwelfare.accounts.services import system_user
from childwelfare.areas.models import Area
from childwelfare.lib.idnumber import make_number
from childwelfare.lib.spreadsheets import read_table
from childwelfare.registry.importing import TEMPLATE_COLUMNS, import_roster, roster_schema
from childwelfare.registry.importing.columns import EXAMPLE_ID_NUMBER
from childwelfare.registry.importing.template import roster_choices
from childwelfare.registry.models import Child
from childwelfare.testing import people as named

from .rosters import write_csv, write_xls

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 29)


def download(client, people) -> bytes:
    client.force_login(people["officer_xuanwu"])
    response = client.get(reverse("registry:import_upload") + "?template=1")
    assert response.status_code == 200
    return response.content


def validation_lists(book) -> dict[str, list[str]]:
    """header -> the values of the list validation on its column (ranges resolved)."""
    sheet = book.worksheets[0]
    headers = {cell.column_letter: cell.value for cell in sheet[1]}
    found = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list"
        letter = str(validation.sqref).split(":")[0].rstrip("0123456789")
        source = validation.formula1
        if "!" in source:
            name, cells = source.split("!")
            options = book[name.strip("'")]
            values = [c.value for row in options[cells.replace("$", "")] for c in row]
        else:
            values = source.strip('"').split(",")
        found[headers[letter]] = values
    return found


def test_the_template_has_text_id_columns_dropdowns_an_example_and_notes(client, people):
    book = openpyxl.load_workbook(io.BytesIO(download(client, people)))
    sheet = book["儿童名册"]
    headers = [cell.value for cell in sheet[1]]
    assert headers == TEMPLATE_COLUMNS
    for header in ("公民身份号码", "监护人身份证号", "监护人联系电话"):
        letter = sheet.cell(row=1, column=headers.index(header) + 1).column_letter
        assert sheet.column_dimensions[letter].number_format == "@"
        assert sheet[f"{letter}3"].number_format == "@" and sheet[f"{letter}500"].number_format == "@"
    assert sheet.freeze_panes == "A2"

    lists = validation_lists(book)
    assert set(lists) == {"性别", "民族", "儿童类别", "就学状况", "与儿童关系"}
    assert lists["性别"] == ["男", "女"]
    assert len(lists["民族"]) == 58 and lists["民族"][:2] == ["汉族", "蒙古族"] and "基诺族" in lists["民族"]
    assert "农村留守儿童" in lists["儿童类别"] and "事实无人抚养儿童" in lists["儿童类别"]
    assert lists == roster_choices()
    assert book["选项"].sheet_state == "hidden"

    # Every value a drop-down offers is one the importer's parser takes.
    schema = roster_schema(TODAY)
    parsers = {column.header: column.parser for column in schema.columns}
    for header, values in lists.items():
        for value in values:
            if parsers[header]:
                parsers[header](value)

    example = [cell.value for cell in sheet[2]]
    assert str(example[0]).startswith("示例")
    assert example[headers.index("公民身份号码")] == EXAMPLE_ID_NUMBER

    notes = book["填写说明"]
    text = "\n".join(str(c.value) for row in notes.iter_rows() for c in row if c.value)
    for header in TEMPLATE_COLUMNS:
        assert header in text
    assert "必填" in text and "选填" in text and "2016/5/1" in text and "示例" in text


def filled_template(content: bytes) -> openpyxl.Workbook:
    """The downloaded template with two children typed below the example row."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book["儿童名册"]
    headers = [cell.value for cell in sheet[1]]
    kids = [
        ("王小明", make_number("320102", date(2015, 3, 4), 1, "M"), "男", "农村留守儿童"),
        ("李小红", make_number("320102", date(2016, 7, 8), 2, "F"), "女", "其他困境儿童"),
    ]
    for line, (name, number, gender, category) in enumerate(kids, start=3):
        values = {
            "序号": line - 2,
            "姓名": name,
            "性别": gender,
            "公民身份号码": number,
            "民族": "汉族",
            "所属社区": "梅园社区",
            "儿童类别": category,
            "就学状况": "在校",
            "监护人姓名": "王大山",
            "与儿童关系": "祖父",
        }
        for header, value in values.items():
            sheet.cell(row=line, column=headers.index(header) + 1, value=value)
    return book


def test_a_filled_template_imports_and_its_example_row_does_not(client, people, tmp_path):
    book = filled_template(download(client, people))
    path = tmp_path / "filled.xlsx"
    book.save(path)
    street = Area.objects.get(code=named.MEIYUAN_STREET)

    result = import_roster(read_table(path), street, actor=system_user(), today=TODAY)

    assert result.errors == [] and result.written
    assert (result.rows, result.created, result.skipped_examples) == (2, 2, [2])
    assert sorted(Child.objects.values_list("name", flat=True)) == ["李小红", "王小明"]
    assert not Child.objects.filter(name="张小明").exists()


@pytest.mark.parametrize("writer", ["xls", "csv"])
def test_the_filled_template_saved_as_xls_or_csv_imports_too(client, people, tmp_path, writer):
    sheet = filled_template(download(client, people))["儿童名册"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(max_row=4)]
    path = (
        write_xls(tmp_path / "filled.xls", rows)
        if writer == "xls"
        else write_csv(tmp_path / "filled.csv", rows, "gbk")
    )
    street = Area.objects.get(code=named.MEIYUAN_STREET)
    result = import_roster(read_table(path), street, actor=system_user(), today=TODAY)
    assert result.errors == [] and (result.created, result.skipped_examples) == (2, [2])


def test_an_example_row_whose_mark_was_removed_is_refused_not_imported(client, people, tmp_path):
    book = filled_template(download(client, people))
    book["儿童名册"]["A2"] = 9
    path = tmp_path / "unmarked.xlsx"
    book.save(path)
    street = Area.objects.get(code=named.MEIYUAN_STREET)

    result = import_roster(read_table(path), street, actor=system_user(), today=TODAY)

    assert (2, "example_id_number") in [(e.row, e.code) for e in result.errors]
    assert not result.written and not Child.objects.exists()
