"""Hostile spreadsheets (issue 13 findings 2, 3, 8): refused by what they declare before any
parser runs, parsed in a child process whose memory is capped, oversize CSV fields and
control characters as clear errors; uploads refused while they stream in."""

import io
import os

import pytest
from django import forms
from django.core.files.uploadhandler import StopUpload
from django.test import RequestFactory
from openpyxl import load_workbook

from childwelfare.lib import sheet_guard
from childwelfare.lib.forms import ServiceForm
from childwelfare.lib.sheet_guard import SpreadsheetTooLarge, check_declared_size, read_table_isolated
from childwelfare.lib.spreadsheets import SpreadsheetError, read_table, write_xlsx
from childwelfare.lib.tabular import write_error_report
from childwelfare.lib.uploads import BoundedUploadHandler, oversize_response
from childwelfare.testing.hostile_sheets import huge_dimension_xlsx, repeated_rows_ods, zip_bomb_xlsx


def test_a_tiny_xlsx_reaching_xfd1048576_is_refused_before_parsing():
    data = huge_dimension_xlsx()
    assert len(data) < 10_000
    with pytest.raises(SpreadsheetTooLarge) as caught:
        check_declared_size(data, ".xlsx")
    assert caught.value.code == "too_many_rows"
    assert "1048576" in str(caught.value)


def test_a_zip_bomb_is_refused_by_its_compression_ratio():
    data = zip_bomb_xlsx(padding_mb=40)  # 40 MB of XML in about 40 KB
    assert len(data) < 200_000
    with pytest.raises(SpreadsheetTooLarge) as caught:
        check_declared_size(data, ".xlsx")
    assert caught.value.code == "archive_too_large"


def test_an_ods_row_repeated_a_million_times_is_refused():
    data = repeated_rows_ods()
    assert len(data) < 3_000
    with pytest.raises(SpreadsheetTooLarge) as caught:
        check_declared_size(data, ".ods")
    assert caught.value.code == "too_many_rows"
    # A few repeated rows are an ordinary sheet and read as such.
    assert len(read_table(io.BytesIO(repeated_rows_ods(rows=5, columns=3)), "a.ods").rows) == 6


@pytest.mark.parametrize(
    ("build", "filename"),
    [(huge_dimension_xlsx, "a.xlsx"), (lambda: zip_bomb_xlsx(40), "b.xlsx"), (repeated_rows_ods, "c.ods")],
)
def test_hostile_files_fail_in_the_child_and_the_caller_lives_on(build, filename):
    with pytest.raises(SpreadsheetError) as caught:
        read_table_isolated(build(), filename)
    assert caught.value.code in {"too_many_rows", "archive_too_large"}
    assert os.getpid() and read_table_isolated(b"a,b\n1,2\n", "ok.csv").rows == [["a", "b"], ["1", "2"]]


def test_a_parser_past_its_memory_cap_dies_alone(settings):
    """The cap itself, whatever the declared-size checks let through: 150,000 rows of 20
    cells need more than 150 MB as Python objects, so the child dies of MemoryError; the
    caller gets a clear error and goes on."""
    data = "\n".join(",".join([f"abcdefgh{i}"] * 20) for i in range(150_000)).encode()
    settings.SPREADSHEET_MEMORY_MB = 150
    with pytest.raises(SpreadsheetError) as caught:
        read_table_isolated(data, "big.csv")
    assert caught.value.code == "parser_died"
    assert "超出了内存或时间限制" in str(caught.value)
    settings.SPREADSHEET_MEMORY_MB = 1024
    assert read_table_isolated(b"a\n1\n", "ok.csv").rows == [["a"], ["1"]]


def test_a_csv_field_over_128_kb_is_a_file_error_not_a_crash():
    data = ("姓名,备注\n王小明," + "x" * 200_000 + "\n").encode()
    with pytest.raises(SpreadsheetError) as caught:
        read_table(io.BytesIO(data), "a.csv")
    assert caught.value.code == "csv_malformed" and "第2行" in str(caught.value)


def test_csv_rows_are_capped(monkeypatch):
    from childwelfare.lib import spreadsheets

    monkeypatch.setattr(spreadsheets, "MAX_SHEET_ROWS", 10)
    with pytest.raises(SpreadsheetTooLarge):
        read_table(io.BytesIO(b"a\n" * 11), "a.csv")
    assert len(read_table(io.BytesIO(b"a\n" * 10), "a.csv").rows) == 10


def test_control_characters_are_stripped_by_every_xlsx_writer():
    buffer = io.BytesIO()
    write_xlsx(buffer, ["备注"], [["需\x0b关注\x00"], ["=1+1"]])
    sheet = load_workbook(buffer).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1:] == [("需关注",), ("=1+1",)]
    assert sheet["A3"].data_type == "s"  # a plain text cell, no apostrophe (issue 9)


def test_an_error_report_with_a_control_character_is_written():
    buffer = io.BytesIO()
    errors = [{"row": 3, "column": "备注", "value": "a\x0bb", "message": "“备注”含有\x1b控制字符"}]
    assert write_error_report(buffer, errors) == 1
    rows = list(load_workbook(buffer).active.iter_rows(values_only=True))
    assert rows[1] == (3, "备注", "ab", "“备注”含有控制字符")


class NoteForm(ServiceForm):
    notes = forms.CharField(widget=forms.Textarea)
    tags = forms.MultipleChoiceField(choices=[("a", "a")], required=False)


def test_every_form_strips_control_characters_but_keeps_line_breaks():
    form = NoteForm({"notes": "第一行\x0b\r\n第二\x07行\t止", "tags": ["a\x0b"]})
    form.is_valid()
    assert form.cleaned_data["notes"] == "第一行\r\n第二行\t止"
    assert form.errors.get("tags") is None


def _handler(request, limit):
    handler = BoundedUploadHandler(request)
    handler.handle_raw_input(None, request.META, limit // 2, b"x")
    handler.new_file("file", "a.csv", "text/csv", None)
    return handler


def test_the_upload_handler_stops_the_body_past_the_limit(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    request = RequestFactory().post("/")
    handler = _handler(request, 1000)
    assert handler.receive_data_chunk(b"x" * 600, 0) == b"x" * 600
    with pytest.raises(StopUpload) as caught:
        handler.receive_data_chunk(b"x" * 600, 600)
    assert caught.value.connection_reset  # the rest of the body is never read
    assert request.upload_refused_bytes == 1000
    response = oversize_response(request)
    assert response.status_code == 413 and "文件过大" in response.content.decode()


def test_a_declared_length_past_the_limit_is_stopped_before_the_first_file_byte(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    request = RequestFactory().post("/")
    handler = BoundedUploadHandler(request)
    handler.handle_raw_input(None, request.META, 5 * 1024 * 1024, b"x")
    with pytest.raises(StopUpload):
        handler.new_file("file", "a.csv", "text/csv", None)
    assert oversize_response(RequestFactory().post("/")) is None


def test_the_limits_are_what_the_module_says():
    assert sheet_guard.MAX_ROWS == 200_000 and sheet_guard.MAX_CELLS == 10_000_000
