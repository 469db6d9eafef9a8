import io
from datetime import date, datetime

import pytest

from childwelfare.lib.dates import add_years, age_on, birthday_in_year, parse_date
from childwelfare.lib.pinyin import pinyin_keys
from childwelfare.lib.spreadsheets import (
    SpreadsheetError,
    Table,
    decode_csv,
    escape_formula,
    find_header,
    is_total_row,
    read_table,
    write_xlsx,
)


@pytest.mark.parametrize(
    "text", ["2015-03-04", "2015/3/4", "2015.3.4", "2015年3月4日", "2015年03月04日", "20150304", " 2015-3-4 "]
)
def test_parse_date_notations(text):
    assert parse_date(text) == date(2015, 3, 4)


def test_parse_date_cells_and_errors():
    assert parse_date(datetime(2015, 3, 4, 0, 0)) == date(2015, 3, 4)
    assert parse_date(date(2015, 3, 4)) == date(2015, 3, 4)
    for bad in ["2015-02-29", "3/4/2015", "", "明年"]:
        with pytest.raises(ValueError, match="不是有效日期"):
            parse_date(bad)


def test_ages_and_29_february():
    assert age_on(date(2008, 11, 29), date(2026, 11, 28)) == 17
    assert age_on(date(2008, 11, 29), date(2026, 11, 29)) == 18
    assert birthday_in_year(date(2008, 2, 29), 2026) == date(2026, 2, 28)
    assert birthday_in_year(date(2008, 2, 29), 2028) == date(2028, 2, 29)
    assert add_years(date(2008, 2, 29), 18) == date(2026, 2, 28)


def test_pinyin_keys():
    assert pinyin_keys("王小明") == ("wangxiaoming", "wxm")
    assert pinyin_keys("欧阳娜娜") == ("ouyangnana", "oynn")


def test_csv_encodings():
    assert decode_csv("姓名".encode("utf-8-sig")) == "姓名"
    assert decode_csv("姓名".encode("gbk")) == "姓名"
    assert decode_csv("䶮".encode("gb18030")) == "䶮"
    with pytest.raises(SpreadsheetError, match="编码无法识别"):
        decode_csv(b"\xff\xfe\x00\xd8\x00")


def test_unknown_format_and_damaged_file():
    with pytest.raises(SpreadsheetError, match="不支持的文件格式"):
        read_table(io.BytesIO(b"x"), "roster.pdf")
    with pytest.raises(SpreadsheetError, match="无法读取文件"):
        read_table(io.BytesIO(b"this is not a spreadsheet"), "roster.xlsx")
    with pytest.raises(SpreadsheetError, match="文件为空"):
        read_table(io.BytesIO(b""), "roster.csv")


def test_header_found_below_title_rows_and_total_rows_recognised():
    table = Table(
        rows=[["某区名册"], [], ["序号", " 姓 名 ", "身份证号码*"], [1, "王", "x"], ["合计", "共1人"]]
    )
    header = find_header(table, {"name": ["姓名"], "id": ["公民身份号码", "身份证号码"]}, ["name", "id"])
    assert header.row_index == 2 and header.columns == {"name": 1, "id": 2}
    assert is_total_row(table.rows[4]) and is_total_row(["", "共 12 人"]) and not is_total_row([1, "王"])
    with pytest.raises(SpreadsheetError, match="缺少必需的列 公民身份号码"):
        find_header(Table(rows=[["姓名"]]), {"name": ["姓名"], "id": ["公民身份号码"]}, ["name", "id"])


def test_formula_injection_escaped_on_write():
    assert escape_formula("=1+1") == "'=1+1"
    assert escape_formula("@SUM(A1)") == "'@SUM(A1)"
    assert escape_formula("王小明") == "王小明"
    assert escape_formula(-3) == -3
    buffer = io.BytesIO()
    write_xlsx(buffer, ["姓名"], [['=HYPERLINK("http://x")'], ["+1"]])
    buffer.seek(0)
    table = read_table(buffer, "out.xlsx")
    # Plain text cells (issue 9): read back as typed, no apostrophe, and no formula in them.
    assert table.rows == [["姓名"], ['=HYPERLINK("http://x")'], ["+1"]]
    assert table.formulas == set()
