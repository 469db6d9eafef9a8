"""Real roster files in every format districts send (.xlsx, .xls, .ods, CSV UTF-8 / BOM / GBK),
written with the libraries a spreadsheet program's output is equivalent to."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import openpyxl
import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

HEADER = [
    "序号",
    "姓名",
    "性别",
    "身份证号",
    "出生日期",
    "民族",
    "户籍所在地",
    "现住址",
    "所属社区",
    "儿童类别",
    "类别认定日期",
    "就学状况",
    "监护人姓名",
    "与儿童关系",
    "监护人身份证号",
    "监护人联系电话",
    "备注",
]
TITLE = "南京市玄武区困境儿童名册（2026年11月）"


def with_title_and_total(rows: list[list]) -> list[list]:
    """A title row, a blank row, the header, the data and a total row, as districts send them."""
    return [[TITLE], [], HEADER, *rows, ["合计", f"共{len(rows)}人"]]


def write_xlsx(path: Path, rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_xls(path: Path, rows: list[list]) -> Path:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("名册")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, (date, datetime)):
                sheet.write(r, c, value, date_style)
            elif value is not None:
                sheet.write(r, c, value)
    book.save(str(path))
    return path


def write_ods(path: Path, rows: list[list]) -> Path:
    doc = OpenDocumentSpreadsheet()
    table = Table(name="名册")
    for row in rows:
        tr = TableRow()
        for value in row:
            if isinstance(value, date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
                cell.addElement(P(text=value.isoformat()))
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value)))
            else:
                cell = TableCell(valuetype="string")
                if value not in (None, ""):
                    cell.addElement(P(text=str(value)))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def write_csv(path: Path, rows: list[list], encoding: str) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["" if v is None else (v.isoformat() if isinstance(v, date) else v) for v in row])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


WRITERS = {
    "xlsx": lambda p, rows: write_xlsx(p.with_suffix(".xlsx"), rows),
    "xls": lambda p, rows: write_xls(p.with_suffix(".xls"), rows),
    "ods": lambda p, rows: write_ods(p.with_suffix(".ods"), rows),
    "csv-utf8": lambda p, rows: write_csv(p.with_suffix(".csv"), rows, "utf-8"),
    "csv-utf8-bom": lambda p, rows: write_csv(p.with_suffix(".csv"), rows, "utf-8-sig"),
    "csv-gbk": lambda p, rows: write_csv(p.with_suffix(".csv"), rows, "gbk"),
}
