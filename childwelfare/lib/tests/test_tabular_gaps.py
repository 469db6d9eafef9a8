"""Gaps the first users found in the import engine: an optional column missing from the
sheet, and the row count of a file with a total row and footers."""

from childwelfare.lib.spreadsheets import Table
from childwelfare.lib.tabular import Column, SheetSchema

SCHEMA = SheetSchema(
    [
        Column("name", "姓名", required=True),
        Column("flag", "确有困难", parser=lambda raw: raw == "是", empty=False),
    ]
)


def test_an_optional_column_missing_from_the_sheet_gets_its_empty_value():
    table = Table(rows=[["姓名"], ["王小明"]])
    validation = SCHEMA.validate(table)
    assert validation.ok
    assert validation.plans == [(2, {"name": "王小明", "flag": False})]


def test_the_progress_counts_data_rows_not_the_total_row_and_footers():
    table = Table(
        rows=[["名册"], ["姓名", "确有困难"], ["甲", "是"], ["乙", ""], ["合计", "2"], ["填表人：张丽"]]
    )
    seen = []
    validation = SCHEMA.validate(table, progress=lambda done, total, stage: seen.append((done, total)))
    assert validation.rows == 2
    assert seen[-1] == (2, 2)


def test_a_stored_error_reads_in_the_language_of_its_reader():
    """A roster job runs in the worker (default language); its stored errors are shown to
    whoever opens the job page, in their language (QA: English pages showed Chinese)."""
    from django.utils import translation

    from childwelfare.lib.tabular import stored_message

    table = Table(rows=[["姓名", "确有困难"], ["", "是"]])
    with translation.override("zh-hans"):
        stored = SCHEMA.validate(table).errors[0].as_stored()
    assert stored["message"] == "“姓名”不能为空"
    with translation.override("en"):
        assert stored_message(stored) == "“姓名” must not be empty"
    with translation.override("zh-hans"):
        assert stored_message(stored) == "“姓名”不能为空"
    assert stored_message({"message": "旧的错误"}) == "旧的错误"  # stored before msgids were kept
