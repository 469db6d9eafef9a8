"""Reading and writing the spreadsheets (台账) the work arrives in. No models here.

Reading: .xlsx, .xls and .ods through python-calamine (Rust, fast); .csv in UTF-8, UTF-8
with BOM or GBK/GB18030 through the csv module. Writing: .xlsx through openpyxl's
write-only mode, with every text cell escaped against formula injection.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from python_calamine import CalamineWorkbook

from .control_chars import strip_control
from .errors import DomainError

FORMATS = {".xlsx", ".xlsm", ".xls", ".ods", ".csv"}
# Text starting with these is taken as a formula by spreadsheet programs (OWASP CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_TOTAL_ROW = re.compile(r"^\s*(合\s*计|总\s*计|小\s*计|共\s*\d+\s*人|总数|合计人数)")


MAX_ROWS = 200_000  # data rows of one import (a district roster is about 100,000)
MAX_SHEET_ROWS = MAX_ROWS + 1_000  # title rows, header, total row and footers around them


class SpreadsheetError(DomainError):
    """The file as a whole cannot be read (format, encoding, damage, no header row)."""

    default_code = "unreadable_file"


class SpreadsheetTooLarge(SpreadsheetError):
    """The file declares (or unpacks to) more than an import may read (lib.sheet_guard)."""

    default_code = "sheet_too_large"


@dataclass
class Table:
    """Rows of one sheet. `rows[i]` is spreadsheet row `i + 1` (as the user sees it).

    `formulas`: (row index, column index), both 0-based, of the cells holding a formula
    whose result the file does not store (an .xlsx written by a program, not opened and
    saved in Excel); those cells read as empty. Only found in .xlsx/.xlsm files.
    `formula_texts`: the same cells → their formula as the user typed it ("=A2").
    """

    rows: list[list[Any]]
    sheet_name: str = ""
    formulas: set[tuple[int, int]] = field(default_factory=set)
    formula_texts: dict[tuple[int, int], str] = field(default_factory=dict)


@dataclass
class Header:
    """Where the header row is and which column holds each field (0-based column index)."""

    row_index: int
    columns: dict[str, int] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # field -> header text as written
    unknown: list[str] = field(default_factory=list)


def decode_csv(data: bytes) -> str:
    """CSV bytes → text: UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK,
    what Excel on Chinese Windows saves). Raises SpreadsheetError if neither fits."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError(_("CSV 文件编码无法识别（应为 UTF-8 或 GBK）"), code="csv_encoding")


def sniff_format(data: bytes) -> str | None:
    """The spreadsheet format the bytes hold whatever the file is called: ".xlsx" (a zip with
    xl/workbook.xml), ".ods" (a zip whose mimetype is OpenDocument spreadsheet), ".xls" (an
    OLE2 compound file), or None (not a workbook: text, or something else)."""
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return ".xls"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "xl/workbook.xml" in names:
                    return ".xlsx"
                if "mimetype" in names and b"opendocument.spreadsheet" in archive.read("mimetype"):
                    return ".ods"
        except (zipfile.BadZipFile, OSError, KeyError):
            return None
    return None


def read_table(source: str | Path | IO[bytes], filename: str | None = None) -> Table:
    """The first sheet of a spreadsheet file as rows of cell values.

    `source` is a path or a binary file object; `filename` gives the format when `source`
    is a file object. Cell values are str, int, float, bool, date, datetime or None; CSV
    cells are all str. A file named .csv that holds a workbook (.xlsx, .ods, .xls: see
    `sniff_format`) is read as that workbook. Raises SpreadsheetError for an unknown format or
    an unreadable file.
    """
    name = filename or (str(source) if isinstance(source, (str, Path)) else getattr(source, "name", ""))
    suffix = Path(name).suffix.lower()
    if suffix not in FORMATS:
        raise SpreadsheetError(
            _("不支持的文件格式“%(format)s”，请上传 .xlsx、.xls、.ods 或 .csv 文件"),
            code="unknown_format",
            params={"format": suffix or name},
        )
    data = Path(source).read_bytes() if isinstance(source, (str, Path)) else source.read()
    if not data:
        raise SpreadsheetError(_("文件为空"), code="empty_file")
    if suffix == ".csv":
        # A workbook saved or renamed as .csv is read as what it is, not refused as text in
        # an unknown encoding.
        suffix = sniff_format(data) or suffix
    if suffix == ".csv":
        return Table(rows=_csv_rows(decode_csv(data)), sheet_name="")
    from .sheet_guard import check_declared_size, check_extent

    check_declared_size(data, suffix)  # before calamine allocates what the file declares
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        # The range calamine built (for .xls the only check before it): refused before
        # a Python object is made for each of its cells.
        check_extent(sheet.total_height, sheet.total_width)
        rows = sheet.to_python(skip_empty_area=False)
    except SpreadsheetTooLarge:
        raise
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise SpreadsheetError(
            _("无法读取文件（%(format)s），文件可能已损坏或格式与扩展名不符"),
            code="damaged_file",
            params={"format": suffix},
        ) from exc
    sheet_name = sheet.name
    del sheet, workbook  # calamine's own copy of the cells, freed before the rows are used
    table = Table(rows=[row if isinstance(row, list) else list(row) for row in rows], sheet_name=sheet_name)
    if suffix in (".xlsx", ".xlsm"):
        table.formula_texts = uncached_formula_texts(data)
        table.formulas = set(table.formula_texts)
        for row_index, _column in table.formulas:
            while len(table.rows) <= row_index:  # a row holding only such formulas
                table.rows.append([])
    return table


def _lines(text: str) -> Iterable[str]:
    """The lines of `text` with their endings, one at a time (io.StringIO would hold a
    second, four-bytes-a-character copy of a 50 MB file)."""
    start, length = 0, len(text)
    while start < length:
        end = text.find("\n", start)
        end = length if end == -1 else end + 1
        yield text[start:end]
        start = end


def _csv_rows(text: str) -> list[list[str]]:
    """The rows of CSV text. Raises SpreadsheetError past MAX_SHEET_ROWS rows and for a
    field longer than the csv module's limit (128 KB) or a malformed line, naming the line."""
    reader = csv.reader(_lines(text))
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
            if len(rows) > MAX_SHEET_ROWS:
                raise SpreadsheetTooLarge(
                    _("表格行数过多（超过%(max)s行）；请分成几个文件上传"),
                    code="too_many_rows",
                    params={"max": MAX_ROWS},
                )
    except csv.Error as exc:
        raise SpreadsheetError(
            _("CSV 文件第%(line)s行无法读取：单元格内容过长（超过 128 KB）或引号不配对"),
            code="csv_malformed",
            params={"line": reader.line_num},
        ) from exc
    return rows


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")
_ANY_FORMULA = re.compile(rb"<(\w+:)?f[\s>/]")


def uncached_formulas(data: bytes) -> set[tuple[int, int]]:
    """(row, column), 0-based, of the first sheet's cells that hold a formula (<f>) but no
    stored result (<v>) in an .xlsx file's bytes. Returns an empty set for a file that is
    not a readable .xlsx (calamine has already judged it)."""
    return set(uncached_formula_texts(data))


def uncached_formula_texts(data: bytes) -> dict[tuple[int, int], str]:
    """uncached_formulas() with each cell's formula as typed ("=A2"; a shared formula's
    follower cells, which hold no text of their own, give "="). Empty for a file that is not
    a readable .xlsx."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            first = book.find(f"{_MAIN}sheets/{_MAIN}sheet")
            rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
            target = next(
                rel.get("Target", "")
                for rel in rels.iter(f"{_PKG_REL}Relationship")
                if rel.get("Id") == first.get(f"{_REL}id")
            )
            path = target.lstrip("/") if target.startswith("/") else "xl/" + target
            if not _has_formula(archive, path):  # most files: no formula, no parsing
                return {}
            found: dict[tuple[int, int], str] = {}
            for _event, element in ElementTree.iterparse(archive.open(path)):
                if element.tag != f"{_MAIN}c":
                    continue
                formula = element.find(f"{_MAIN}f")
                value = element.find(f"{_MAIN}v")
                # An empty <v> is a stored result only for a text formula (t="str"), e.g.
                # =IF(A1="","",…); openpyxl writes an empty <v> on a number cell.
                empty = value is None or (not (value.text or "") and element.get("t") != "str")
                if formula is not None and empty:
                    match = _CELL_REF.match(element.get("r", ""))
                    if match:
                        cell = (int(match.group(2)) - 1, _column_index(match.group(1)))
                        found[cell] = "=" + (formula.text or "")
                element.clear()
            return found
    except (KeyError, StopIteration, AttributeError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}


def _has_formula(archive: zipfile.ZipFile, path: str) -> bool:
    """Whether a sheet's XML holds an <f> element, read in 1 MB chunks (a 100,000-row sheet
    is over 100 MB of XML: never held whole)."""
    tail = b""
    with archive.open(path) as member:
        while chunk := member.read(1024 * 1024):
            if _ANY_FORMULA.search(tail + chunk):
                return True
            tail = chunk[-8:]
    return False


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def cell_text(value: Any) -> str:
    """A cell as trimmed text. Whole floats lose their '.0'; dates become ISO text."""
    if type(value) is str:  # most cells: the checks below are for the other types
        return value.replace("\u3000", " ").strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).replace("\u3000", " ").strip()


def _clean_label(text: str) -> str:
    return re.sub(r"[\s\u3000*＊:：]", "", text).replace("（", "(").replace("）", ")")


def find_header(
    table: Table, aliases: dict[str, Sequence[str]], required: Sequence[str], scan_rows: int = 15
) -> Header:
    """Find the header row among the first `scan_rows` rows: the first row in which every
    required field's name (or a synonym) appears. Title rows above it are skipped.

    `aliases` maps a field to its accepted header names. Raises SpreadsheetError naming the
    missing columns when no row qualifies.
    """
    lookup = {_clean_label(alias): fieldname for fieldname, names in aliases.items() for alias in names}
    best: Header | None = None
    for index, row in enumerate(table.rows[:scan_rows]):
        header = Header(row_index=index)
        for col, value in enumerate(row):
            label = cell_text(value)
            if not label:
                continue
            fieldname = lookup.get(_clean_label(label))
            if fieldname and fieldname not in header.columns:
                header.columns[fieldname] = col
                header.labels[fieldname] = label
            elif not fieldname:
                header.unknown.append(label)
        if all(name in header.columns for name in required):
            return header
        if best is None or len(header.columns) > len(best.columns):
            best = header
    missing = [str(aliases[name][0]) for name in required if best is None or name not in best.columns]
    raise SpreadsheetError(
        _("未找到表头：缺少必需的列 %(columns)s（表头须在前%(scan_rows)s行内）"),
        code="no_header",
        params={"columns": "、".join(missing), "scan_rows": scan_rows},
    )


def is_total_row(cells: Iterable[Any]) -> bool:
    """A 合计 / 总计 / 共N人 row below the data."""
    texts = [cell_text(value) for value in list(cells)[:3]]
    return any(_TOTAL_ROW.match(text) for text in texts if text)


def is_blank_row(cells: Iterable[Any]) -> bool:
    return all(cell_text(value) == "" for value in cells)


def escape_formula(value: Any) -> Any:
    """A value for a text output read by a spreadsheet (CSV): text loses its control
    characters, and text that a spreadsheet would run as a formula gets a leading apostrophe
    (OWASP). Other values unchanged. An .xlsx writer uses sheet_value instead: a plain text
    cell shows no apostrophe."""
    if isinstance(value, str):
        value = strip_control(value)
        if value.startswith(_FORMULA_STARTS):
            return "'" + value
    return value


def plain_text(sheet, text: str) -> WriteOnlyCell:
    """A write-only cell holding `text` typed as a string, even when it starts like a formula
    (=, +, -, @): a spreadsheet shows it as written — no apostrophe — and never runs it."""
    cell = WriteOnlyCell(sheet, value=None)
    cell._value = text  # assigning .value would type "=…" as a formula
    cell.data_type = "s"
    return cell


def sheet_value(sheet, value: Any) -> Any:
    """A value as every .xlsx writer puts it in a cell (issue 9): text loses its control
    characters (openpyxl refuses them, issue 13 finding 8), and text a spreadsheet would run
    as a formula becomes a plain text cell (plain_text); other values unchanged."""
    if isinstance(value, str):
        value = strip_control(value)
        if value.startswith(_FORMULA_STARTS):
            return plain_text(sheet, value)
    return value


def write_xlsx(
    target: str | Path | IO[bytes],
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_title: str = "Sheet1",
    title_rows: Sequence[str] = (),
    freeze_header: bool = False,
) -> int:
    """Write one sheet: a bold header row, then `rows`. Text that looks like a formula is
    written as a plain text cell (sheet_value); dates stay dates. `title_rows`: lines of bold text above the header
    (what the file is, its area, its date, who exported it); `freeze_header`: the title
    rows and the header stay in view while scrolling. Returns the number of data rows
    written."""
    return write_xlsx_sheets(
        target,
        [SheetSpec(sheet_title, headers, rows, title_rows=title_rows, freeze_header=freeze_header)],
    )


@dataclass
class SheetSpec:
    """One sheet of write_xlsx_sheets: its title (cut to Excel's 31 characters), header,
    rows, title rows and frozen header, as write_xlsx's arguments."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    title_rows: Sequence[str] = ()
    freeze_header: bool = False


def write_xlsx_sheets(target: str | Path | IO[bytes], sheets: Sequence[SheetSpec]) -> int:
    """Write a workbook of several sheets, each as write_xlsx writes its one. Returns the
    number of data rows written over all sheets."""
    workbook = Workbook(write_only=True)
    count = 0
    for spec in sheets:
        sheet = workbook.create_sheet(title=spec.title[:31])
        if spec.freeze_header:
            sheet.freeze_panes = f"A{len(spec.title_rows) + 2}"
        for text in spec.title_rows:
            cell = plain_text(sheet, strip_control(text))
            cell.font = Font(bold=True)
            sheet.append([cell])
        header_cells = []
        for text in spec.headers:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = Font(bold=True)
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in spec.rows:
            sheet.append([sheet_value(sheet, value) for value in row])
            count += 1
    workbook.save(target)
    return count
