"""Hostile spreadsheets built at test (or bench) time, so none is kept on disk: the files of
issue 13 finding 2 that made python-calamine allocate hundreds of gigabytes."""

from __future__ import annotations

import io
import zipfile

from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P
from openpyxl import Workbook


def huge_dimension_xlsx() -> bytes:
    """An .xlsx (about 5 KB) with text at A1 and XFD1048576: 2^20 rows × 2^14 columns."""
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "姓名"
    sheet["XFD1048576"] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zip_bomb_xlsx(padding_mb: int = 100) -> bytes:
    """A valid small .xlsx whose sheet XML is padded with `padding_mb` MB of spaces (legal
    whitespace between rows): about 1,000 times smaller compressed than uncompressed."""
    book = Workbook()
    book.active["A1"] = "姓名"
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, tail = data.split(b"<sheetData>", 1)
                with target.open(info.filename, "w", force_zip64=True) as member:
                    member.write(head + b"<sheetData>")
                    block = b" " * (1024 * 1024)
                    for _ in range(padding_mb):
                        member.write(block)
                    member.write(tail)
            else:
                target.writestr(info, data)
    return out.getvalue()


def repeated_rows_ods(rows: int = 1_048_575, columns: int = 1_024) -> bytes:
    """An .ods (about 1.5 KB) whose second row, one filled cell repeated over `columns`
    columns, is repeated `rows` times."""
    document = OpenDocumentSpreadsheet()
    table = Table(name="Sheet1")
    header = TableRow()
    for text in ("姓名", "公民身份号码"):
        cell = TableCell(valuetype="string")
        cell.addElement(P(text=text))
        header.addElement(cell)
    table.addElement(header)
    repeated = TableRow(numberrowsrepeated=rows)
    cell = TableCell(valuetype="string", numbercolumnsrepeated=columns)
    cell.addElement(P(text="x"))
    repeated.addElement(cell)
    table.addElement(repeated)
    document.spreadsheet.addElement(table)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()
