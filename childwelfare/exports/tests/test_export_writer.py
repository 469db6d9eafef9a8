"""lib.exporting's writer (issue 9): title row, frozen header, widths that fit, dates as
date cells, money as 0.00 with a hand-computed total row, formula-like text as plain text
(no apostrophe), numbers masked unless the file is a full one."""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from types import SimpleNamespace

from openpyxl import load_workbook

from childwelfare.lib.exporting import (
    DATE,
    ID_NUMBER,
    MONEY,
    PHONE,
    Column,
    ExportList,
    Selection,
    column_width,
    display_width,
    write_export,
)
from childwelfare.lib.idnumber import make_number, mask

NUMBER = make_number("320102", date(2015, 3, 4), 1, "M")

EXPORT = ExportList(
    key="test",
    title="测试清单",
    filename="测试清单",
    columns=[
        Column("姓名", lambda o: o.name, width=10),
        Column("身份证号", lambda o: o.id_number, kind=ID_NUMBER),
        Column("电话", lambda o: o.phone, kind=PHONE),
        Column("日期", lambda o: o.day, kind=DATE),
        Column("金额（元）", lambda o: o.amount, kind=MONEY),
        Column("备注", lambda o: o.notes, width=30),
    ],
    select=lambda user, query: Selection(None),
    allowed=lambda user: True,
)
ROWS = [
    SimpleNamespace(
        name="王小明", id_number=NUMBER, phone="13912345678", day=date(2026, 3, 1), amount=Decimal("1234.50"),
        notes="=HYPERLINK(\"http://evil.example\",\"点我\")",
    ),
    SimpleNamespace(name="李四", id_number=NUMBER, phone="", day=None, amount=Decimal("0.05"), notes="+1+1"),
    SimpleNamespace(name="张三", id_number="", phone="", day=date(2026, 12, 1), amount=Decimal("99.45"), notes="@SUM(A1)"),
]  # fmt: skip


def written(*, full=False):
    buffer = BytesIO()
    count = write_export(buffer, EXPORT, ROWS, title="测试清单｜区划：玄武区", full=full)
    buffer.seek(0)
    return count, load_workbook(buffer).active


def test_title_row_frozen_header_and_widths():
    count, sheet = written()
    assert count == 3
    assert sheet["A1"].value == "测试清单｜区划：玄武区" and sheet["A1"].font.b
    assert [cell.value for cell in sheet[2]] == ["姓名", "身份证号", "电话", "日期", "金额（元）", "备注"]
    assert sheet.freeze_panes == "A3"  # the title row and the header stay in view
    assert sheet.column_dimensions["A"].width == 10
    assert sheet.column_dimensions["F"].width == 30
    # A header wider than its kind's width widens its column: 金额（元） is 5 wide characters.
    assert display_width("金额（元）") == 10
    assert column_width(Column("一二三四五六七八", str, kind=DATE)) == 18


def test_dates_are_date_cells():
    _count, sheet = written()
    cell = sheet["D3"]
    assert cell.is_date and cell.value == datetime(2026, 3, 1)
    assert sheet["D4"].value is None


def test_money_is_a_number_in_0_00_with_a_total_row():
    _count, sheet = written()
    amounts = [sheet.cell(row=row, column=5) for row in (3, 4, 5)]
    assert [cell.value for cell in amounts] == [1234.5, 0.05, 99.45]
    assert all(cell.number_format == "0.00" and cell.data_type == "n" for cell in amounts)
    total = sheet.cell(row=6, column=5)
    # 1,234.50 + 0.05 + 99.45 = 1,334.00
    assert (sheet.cell(row=6, column=1).value, total.value, total.number_format) == ("合计", 1334, "0.00")
    assert sheet.max_row == 6


def test_formula_like_text_is_plain_text_without_an_apostrophe():
    _count, sheet = written()
    for row, text in ((3, '=HYPERLINK("http://evil.example","点我")'), (4, "+1+1"), (5, "@SUM(A1)")):
        cell = sheet.cell(row=row, column=6)
        assert (cell.value, cell.data_type) == (text, "s")
        assert not cell.quotePrefix
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


def test_numbers_are_masked_unless_the_file_is_full():
    _count, sheet = written()
    assert (sheet["B3"].value, sheet["C3"].value) == (mask(NUMBER), "139****5678")
    _count, sheet = written(full=True)
    assert (sheet["B3"].value, sheet["C3"].value) == (NUMBER, "13912345678")
