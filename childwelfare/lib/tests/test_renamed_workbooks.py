"""A workbook saved or renamed as .csv (users do: "另存为" picks the name, or a mail gateway
renames attachments) is read as the workbook it is, not refused as text in an unknown
encoding; real files of each format, written by the libraries users' tools use."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from childwelfare.lib.spreadsheets import SpreadsheetError, read_table, sniff_format
from childwelfare.registry.tests.rosters import write_csv, write_ods, write_xls, write_xlsx

ROWS = [["姓名", "性别"], ["王小明", "男"], ["李小红", "女"]]


@pytest.mark.parametrize("writer", [write_xlsx, write_xls, write_ods], ids=["xlsx", "xls", "ods"])
def test_a_workbook_named_csv_is_read_as_the_workbook(writer):
    with tempfile.TemporaryDirectory() as folder:
        real = writer(Path(folder) / f"roster.{writer.__name__.removeprefix('write_')}", ROWS)
        renamed = real.rename(Path(folder) / "roster.csv")
        table = read_table(renamed)
    assert [[str(cell) for cell in row[:2]] for row in table.rows[:3]] == ROWS


def test_sniffing_names_each_format_and_leaves_text_alone():
    with tempfile.TemporaryDirectory() as folder:
        for writer, expected in ((write_xlsx, ".xlsx"), (write_xls, ".xls"), (write_ods, ".ods")):
            path = writer(Path(folder) / f"t.{expected[1:]}", ROWS)
            assert sniff_format(path.read_bytes()) == expected
        text = write_csv(Path(folder) / "t.csv", ROWS, "gbk")
        assert sniff_format(text.read_bytes()) is None
        assert read_table(text).rows[1] == ["王小明", "男"]


def test_binary_that_is_no_workbook_still_gets_the_encoding_message():
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "photo.csv"
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
        with pytest.raises(SpreadsheetError) as raised:
            read_table(path)
    assert raised.value.code == "csv_encoding"
