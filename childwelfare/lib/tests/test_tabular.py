"""The row-import engine (lib.tabular): headers, title and total rows, row numbers as Excel
shows them, cell checks, duplicates, the error cap, all-or-nothing, the error report, and
real files of every format users send."""

import io
import zipfile
from datetime import date

import openpyxl
import pytest
from django.contrib.auth.models import Group

from childwelfare.lib.dates import parse_date
from childwelfare.lib.errors import DomainError
from childwelfare.lib.spreadsheets import SpreadsheetError, Table, read_table
from childwelfare.lib.tabular import (
    CellError,
    Column,
    RowRefused,
    SheetSchema,
    mask_id_number,
    write_error_report,
)
from childwelfare.registry.tests.rosters import WRITERS

ID = "320102201503040017"  # a made-up number; the engine does not check it (no parser)


def _count(raw):
    value = int(float(raw))
    if value < 0:
        raise CellError("人数不能为负数", code="negative")
    return value


SCHEMA = SheetSchema(
    [
        Column(
            "id_number", "身份证号", ("公民身份号码", "身份证号码"), required=True, unique=True, masked=True
        ),
        Column("name", "姓名", ("儿童姓名",), required=True, max_length=10),
        Column("visited_on", "走访日期", ("排查日期",), parser=parse_date, empty=None),
        Column("count", "人数", parser=_count, empty=0),
        Column("notes", "备注", max_length=20),
    ]
)


def table(*rows):
    return Table(rows=[list(row) for row in rows])


def errors_of(validation):
    return [(e.row, e.column, e.code) for e in validation.errors]


def test_header_below_title_rows_matched_by_synonyms_in_any_order():
    result = SCHEMA.validate(
        table(
            ["玄武区排查情况表"],
            ["填报单位：梅园新村街道", "", "2026年11月"],
            [],
            ["备注", " 儿童 姓名* ", "公民身份号码：", "排查日期"],
            ["", "王小明", ID, "2026-11-20"],
        )
    )
    assert result.header.row_index == 3
    assert result.labels["name"] == "儿童 姓名*" and result.labels["id_number"] == "公民身份号码："
    assert errors_of(result) == []
    assert result.plans == [
        # "count" is not in this sheet: an optional column missing reads as its empty value.
        (5, {"id_number": ID, "name": "王小明", "visited_on": date(2026, 11, 20), "count": 0, "notes": ""})
    ]


def test_missing_required_column_names_it():
    with pytest.raises(SpreadsheetError, match="缺少必需的列 身份证号") as caught:
        SCHEMA.validate(table(["姓名", "备注"], ["王", ""]))
    assert isinstance(caught.value, DomainError) and caught.value.code == "no_header"


def test_total_row_ends_the_data_and_the_footer_is_ignored():
    result = SCHEMA.validate(
        table(
            ["身份证号", "姓名"],
            [ID, "王小明"],
            [],  # blank rows are skipped, not counted
            ["320102201503040025", "李小红"],
            ["合计", "2人"],
            ["填表人：张丽", "", "联系电话：83001234"],
            ["=SUM(A1)", "审核人：赵"],  # would be an error as data
        )
    )
    assert errors_of(result) == [] and result.rows == 2
    assert [number for number, _plan in result.plans] == [2, 4]


@pytest.mark.parametrize("total", ["合计", "总计", "合 计", "小计", "共2人", "总数"])
def test_every_total_row_wording(total):
    result = SCHEMA.validate(table(["身份证号", "姓名"], [ID, "王"], [total], ["=1+1", "footer"]))
    assert result.ok and result.rows == 1


def test_row_numbers_are_the_spreadsheets_and_required_cells():
    result = SCHEMA.validate(
        table(["名册"], [], ["身份证号", "姓名", "走访日期"], [ID, "", "2026-11-31"], ["", "李", ""])
    )
    assert errors_of(result) == [
        (4, "姓名", "required"),
        (4, "走访日期", "invalid"),
        (5, "身份证号", "required"),
    ]
    assert result.errors[0].message == "“姓名”不能为空"
    assert "2026-11-31" in result.errors[1].message and result.errors[1].value == "2026-11-31"
    assert result.plans == []


def test_duplicates_name_both_rows_and_id_numbers_are_masked():
    other = "32010220150304002X"
    result = SCHEMA.validate(table(["身份证号", "姓名"], [ID, "王"], [other, "李"], [ID, "赵"]))
    assert errors_of(result) == [(4, "身份证号", "duplicate")]
    error = result.errors[0]
    assert (error.row, error.other_row) == (4, 2)
    assert error.message == "与第2行的身份证号重复"
    assert error.value == "320102************" == mask_id_number(ID)
    assert error.as_dict() == {
        "row": 4,
        "column": "身份证号",
        "value": "320102************",
        "message": "与第2行的身份证号重复",
        "other_row": 2,
    }
    assert [number for number, _plan in result.plans] == [2, 3]


def test_an_id_number_inside_a_message_is_masked_too():
    def checked(row):
        row.error("id_number", "身份证号“%(number)s”不在名单中", params={"number": ID})

    result = SCHEMA.validate(table(["身份证号", "姓名"], [ID, "王"]), check_row=checked)
    assert result.errors[0].message == "身份证号“320102************”不在名单中"
    assert ID not in str(result.errors[0].as_dict())


def test_formula_like_text_is_refused_but_signed_numbers_are_not():
    rows = [["身份证号", "姓名", "备注", "人数"]]
    bad = ['=HYPERLINK("http://x","点")', "+A1", "-2+3", "@SUM(A1:A2)"]
    for index, text in enumerate(bad):
        rows.append([f"32010220150304{index:04d}", "王", text, ""])
    for index, text in enumerate(["-5", "+8613912345678", "-", "a=b"]):
        rows.append([f"32010220150305{index:04d}", "李", text, ""])
    rows.append(["320102201503069999", "赵", "", -3])  # a number cell is no formula (parser says no)
    result = SCHEMA.validate(table(*rows))
    assert errors_of(result) == [(n, "备注", "formula_text") for n in (2, 3, 4, 5)] + [
        (10, "人数", "negative")
    ]
    assert "不能以 = + - @ 开头" in result.errors[0].message
    assert result.errors[0].value == bad[0]


def test_formula_without_a_stored_result_is_reported_as_a_formula(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["身份证号", "姓名", "人数"])
    sheet.append([ID, "王", "=1+1"])  # openpyxl stores the formula, not its result
    sheet.append(["320102201503040025", "=A2", 3])
    path = tmp_path / "formulas.xlsx"
    book.save(path)
    result = SCHEMA.validate(read_table(path))
    assert errors_of(result) == [(2, "人数", "formula_without_value"), (3, "姓名", "formula_without_value")]
    assert "公式" in result.errors[1].message and "不能为空" not in result.errors[1].message


def test_a_text_formula_whose_stored_result_is_empty_is_an_empty_cell(tmp_path):
    """Excel stores =IF(A2="","",…) as <c t="str"><f>…</f><v></v></c>: a result, empty."""
    book = openpyxl.Workbook()
    book.active.append(["身份证号", "姓名", "备注"])
    book.active.append([ID, "王", '=IF(A1="","","x")'])
    written = io.BytesIO()
    book.save(written)
    path = tmp_path / "text-formula.xlsx"
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<c r="C2"><f>', b'<c r="C2" t="str"><f>')
            target.writestr(item, data)
    table = read_table(path)
    assert table.formulas == set()
    result = SCHEMA.validate(table)
    assert errors_of(result) == [] and result.plans[0][1]["notes"] == ""


def test_control_characters_are_refused_line_breaks_are_not():
    result = SCHEMA.validate(
        table(
            ["身份证号", "姓名", "备注"], [ID, "王\x07", ""], ["320102201503040025", "李", "第一行\n第二行"]
        )
    )
    assert errors_of(result) == [(2, "姓名", "control_character")]
    assert result.errors[0].value == "王"
    assert result.plans[0][1]["notes"] == "第一行\n第二行"


def test_over_long_text_is_an_error_naming_the_length_never_cut():
    result = SCHEMA.validate(
        table(["身份证号", "姓名", "备注"], [ID, "王", "很" * 21], ["320102201503040025", "李", "很" * 20])
    )
    assert errors_of(result) == [(2, "备注", "too_long")]
    assert result.errors[0].message == "备注过长（21字，最多20字）"
    assert result.plans[0][1]["notes"] == "很" * 20


def test_errors_beyond_the_cap_are_counted_not_kept():
    capped = SheetSchema(SCHEMA.columns, max_errors=5)
    rows = [["身份证号", "姓名"]] + [[f"32010220150304{n:04d}", ""] for n in range(12)]
    result = capped.validate(table(*rows))
    assert len(result.errors) == 5 and result.error_count == 12 and result.truncated
    assert [e.row for e in result.errors] == [2, 3, 4, 5, 6]
    assert not result.ok and result.plans == []


def test_header_without_data_is_an_error():
    result = SCHEMA.validate(table(["标题"], ["身份证号", "姓名"], ["合计", "0人"]))
    assert [(e.row, e.message) for e in result.errors] == [(3, "表头下没有数据行")]


@pytest.mark.django_db
def test_progress_reports_rows_done_of_total():
    calls = []
    rows = [["身份证号", "姓名"]] + [[f"32010220150304{n:04d}", "王"] for n in range(3)]
    result = SCHEMA.validate(
        table(*rows), progress=lambda done, total, stage: calls.append((done, total, stage))
    )
    assert calls == [(0, 3, "validate"), (3, 3, "validate")]
    written = []
    SCHEMA.commit(result, written.extend, progress=lambda *call: calls.append(call))
    assert calls[-2:] == [(0, 3, "write"), (3, 3, "write")] and len(written) == 3


@pytest.mark.django_db
def test_all_or_nothing():
    def write(plans):
        for plan in plans:
            Group.objects.create(name=plan["name"])
        return len(plans)

    bad = SCHEMA.validate(table(["身份证号", "姓名"], [ID, "王"], ["320102201503040025", ""]))
    assert SCHEMA.commit(bad, write) is None and not bad.written
    assert not Group.objects.exists()  # one bad row: the good row is not written either

    good = SCHEMA.validate(table(["身份证号", "姓名"], [ID, "王"], ["320102201503040025", "李"]))
    assert SCHEMA.commit(good, write, dry_run=True) is None and not Group.objects.exists()
    assert SCHEMA.commit(good, write) == 2 and good.written
    assert set(Group.objects.values_list("name", flat=True)) == {"王", "李"}

    def refuse_second(plans):
        write(plans[:1])
        raise RowRefused(3, "name", DomainError("“%(name)s”已被占用", code="taken", params={"name": "李"}))

    Group.objects.all().delete()
    again = SCHEMA.validate(table(["身份证号", "姓名"], [ID, "王"], ["320102201503040025", "李"]))
    assert SCHEMA.commit(again, refuse_second) is None and not again.written
    assert not Group.objects.exists()  # the first row's write was rolled back
    assert [(e.row, e.column, e.code, e.message) for e in again.errors] == [
        (3, "姓名", "taken", "“李”已被占用")
    ]


def test_error_report_opens_in_excel_with_every_row_and_formulas_escaped():
    result = SCHEMA.validate(
        table(["身份证号", "姓名", "备注"], [ID, "", "=cmd|' /C calc'!A0"], [ID, "王", ""]),
    )
    buffer = io.BytesIO()
    lines = write_error_report(buffer, result.errors, error_count=result.error_count + 2)
    assert lines == 4  # three errors and the line saying more were found
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["行号", "列", "填写内容", "错误说明"]
    assert values[1] == [2, "姓名", None, "“姓名”不能为空"]
    assert values[2][:3] == [2, "备注", "=cmd|' /C calc'!A0"]  # text as typed, not a formula
    assert sheet.cell(row=3, column=3).data_type == "s"
    assert values[3] == [3, "身份证号", "320102************", "与第2行的身份证号重复"]
    assert values[4][3] == "另有 2 处错误未列出"
    # The stored dicts of a finished job give the same report.
    again = io.BytesIO()
    assert write_error_report(again, [e.as_dict() for e in result.errors]) == 3


ROWS = [
    ["南京市玄武区走访名册"],
    [],
    ["序号", "儿童姓名", "公民身份号码", "走访日期", "人数", "备注"],
    [1, "王小明", ID, date(2026, 11, 20), 2, "祖父监护"],
    [2, "李小红", "32010220150304002X", "2026/11/21", 3, ""],
    ["合计", "2人"],
    ["填表人：张丽", "", "联系电话：83001234"],
]


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_real_files_of_every_format(fmt, tmp_path):
    """.xlsx (openpyxl), .xls (xlwt), .ods (odfpy), CSV in UTF-8, UTF-8 with BOM and GBK."""
    result = SCHEMA.validate(read_table(WRITERS[fmt](tmp_path / "visits", ROWS)))
    assert errors_of(result) == [] and result.rows == 2
    assert result.plans == [
        (
            4,
            {
                "id_number": ID,
                "name": "王小明",
                "visited_on": date(2026, 11, 20),
                "count": 2,
                "notes": "祖父监护",
            },
        ),
        (
            5,
            {
                "id_number": "32010220150304002X",
                "name": "李小红",
                "visited_on": date(2026, 11, 21),
                "count": 3,
                "notes": "",
            },
        ),
    ]
