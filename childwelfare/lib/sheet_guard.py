"""Hostile spreadsheets: what a file declares is checked before any parser sees it, and the
parser itself runs in a child process whose memory and time are capped (no models).

A 1.6 KB .xlsx with cells at A1 and XFD1048576 makes python-calamine allocate
1,048,576 × 16,384 cells × 32 bytes (549,755,813,888 bytes) and abort the process; a zip
bomb or an .ods row repeated a million times does the same (issue 13, finding 2). So:

- `check_declared_size(data, suffix)` refuses, from the bytes alone and without building any
  sheet: an archive whose members uncompress to more than `MAX_UNCOMPRESSED_BYTES` or with a
  compression ratio past `MAX_COMPRESSION_RATIO`; an .xlsx sheet whose <dimension ref> or
  whose cell references reach past `MAX_ROWS` rows, `MAX_COLUMNS` columns or `MAX_CELLS`
  cells; an .ods table whose repeated rows/columns (table:number-rows-repeated,
  table:number-columns-repeated) of filled cells do the same.
- `read_table_isolated(data, filename)` runs `spreadsheets.read_table` in `python -m
  childwelfare.lib.sheet_guard` with RLIMIT_AS and RLIMIT_CPU set, and gets the Table back
  pickled on stdout. A child that dies (abort, MemoryError, killed by the limit) becomes a
  SpreadsheetError; the calling process goes on. The child's peak RSS is logged (INFO,
  logger childwelfare.lib.sheet_guard).

Limits are module constants; the child's caps come from settings SPREADSHEET_MEMORY_MB
(default 1536) and SPREADSHEET_SECONDS (default 300).
"""

from __future__ import annotations

import io
import logging
import pickle
import re
import subprocess
import sys
import tempfile
import threading
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from django.utils.translation import gettext_lazy as _

from .errors import DomainError
from .spreadsheets import MAX_ROWS, MAX_SHEET_ROWS, SpreadsheetError, SpreadsheetTooLarge

MAX_COLUMNS = 1_000
MAX_CELLS = 10_000_000  # rows × columns of the sheet's rectangle: about 320 MB in calamine
MAX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200  # a real sheet compresses 5–30 times, a bomb of one byte 1,000
RATIO_CHECKED_FROM_BYTES = 8 * 1024 * 1024  # small members may compress far better, harmlessly
CHUNK_BYTES = 1024 * 1024

logger = logging.getLogger(__name__)
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]*)(\d*)(?::([A-Z]+)(\d+))?\"")
_CELL_REF = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"([A-Z]{1,3})(\d{1,7})\"")
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def check_extent(rows: int, columns: int) -> None:
    """Raises SpreadsheetTooLarge when a sheet of `rows` × `columns` is past the limits."""
    if rows > MAX_SHEET_ROWS:
        raise SpreadsheetTooLarge(
            _("表格行数过多（%(rows)s行，最多%(max)s行）；请分成几个文件上传，或删除末尾的空行"),
            code="too_many_rows",
            params={"rows": rows, "max": MAX_ROWS},
        )
    if columns > MAX_COLUMNS:
        raise SpreadsheetTooLarge(
            _("表格列数过多（%(columns)s列，最多%(max)s列）；请删除右侧的空列"),
            code="too_many_columns",
            params={"columns": columns, "max": MAX_COLUMNS},
        )
    if rows * columns > MAX_CELLS:
        raise SpreadsheetTooLarge(
            _("表格范围过大（%(rows)s行 × %(columns)s列）；请删除多余的行和列后再上传"),
            code="too_many_cells",
            params={"rows": rows, "columns": columns},
        )


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def _archive_too_large() -> SpreadsheetTooLarge:
    return SpreadsheetTooLarge(
        _("文件解压后过大或压缩比异常，可能是恶意构造的文件，已拒绝读取"), code="archive_too_large"
    )


def _check_archive(archive: zipfile.ZipFile) -> None:
    """Declared sizes of every member (what zipfile reads back is held to them)."""
    total = 0
    for info in archive.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECKED_FROM_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise _archive_too_large()
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _archive_too_large()


def _scan_xlsx_sheet(archive: zipfile.ZipFile, name: str) -> None:
    """The <dimension ref> and every cell reference of one worksheet, read in 1 MB chunks."""
    rows = columns = 0
    tail = b""
    with archive.open(name) as member:
        while chunk := member.read(CHUNK_BYTES):
            text = tail + chunk
            for match in _DIMENSION.finditer(text):
                first_col, first_row, last_col, last_row = match.groups()
                columns = max(columns, _column_number(last_col or first_col or b"A"))
                rows = max(rows, int(last_row or first_row or 0))
            for match in _CELL_REF.finditer(text):
                columns = max(columns, _column_number(match.group(1)))
                rows = max(rows, int(match.group(2)))
            check_extent(rows, columns)
            tail = text[-200:]  # a tag cut in two by the chunk boundary


def _scan_ods(archive: zipfile.ZipFile) -> None:
    """Filled rows and columns of each table of content.xml, counting repeats; elements are
    dropped once counted, so memory stays flat whatever the file's length."""
    rows = columns = width = 0
    row_filled = False
    stack: list[ElementTree.Element] = []
    with archive.open("content.xml") as member:
        for event, element in ElementTree.iterparse(member, events=("start", "end")):
            tag = element.tag
            if event == "start":
                stack.append(element)
                if tag == f"{_TABLE}table":
                    rows = columns = 0
                elif tag == f"{_TABLE}table-row":
                    width, row_filled = 0, False
                continue
            stack.pop()
            if tag in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"):
                width += int(element.get(f"{_TABLE}number-columns-repeated") or 1)
                if element.get(f"{_OFFICE}value-type") or len(element):
                    row_filled = True
                    columns = max(columns, width)
                element.clear()
            elif tag == f"{_TABLE}table-row":
                rows += int(element.get(f"{_TABLE}number-rows-repeated") or 1)
                if row_filled:
                    check_extent(rows, columns)
                if stack:
                    del stack[-1][:]  # the row's parent keeps no counted rows


def check_declared_size(data: bytes, suffix: str) -> None:
    """Refuse a file whose declared size is past the limits, before it is parsed.

    `data` is the whole file, `suffix` its lower-case extension (".xlsx", ".ods"…).
    Raises SpreadsheetTooLarge (a DomainError). .xls and .csv are not inspected here: the
    child process's caps and read_table's row limit hold them. A damaged archive is left to
    the parser, which reports it as damaged.
    """
    if suffix not in (".xlsx", ".xlsm", ".ods"):
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive)
            if suffix == ".ods":
                if "content.xml" in archive.namelist():
                    _scan_ods(archive)
                return
            for name in archive.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    _scan_xlsx_sheet(archive, name)
    except (zipfile.BadZipFile, ElementTree.ParseError, ValueError) as exc:
        if isinstance(exc, DomainError):
            raise
        return


def _settings_int(name: str, default: int) -> int:
    from django.conf import settings

    return int(getattr(settings, name, default))


def read_table_isolated(source: bytes | str | Path, filename: str):
    """`spreadsheets.read_table` of `source` (the file's bytes, or its path; `filename` gives
    the format) in a child process capped at SPREADSHEET_MEMORY_MB of address space and
    SPREADSHEET_SECONDS of CPU. Returns the Table, streamed back pickled (never held twice).

    Raises SpreadsheetError (a DomainError) for what read_table refuses, and when the child
    dies or runs out of time (code "parser_died"). The caller's process is never at risk.
    """
    memory_mb = _settings_int("SPREADSHEET_MEMORY_MB", 1536)
    seconds = _settings_int("SPREADSHEET_SECONDS", 300)
    died = SpreadsheetError(
        _(
            "文件过大或结构异常，读取时超出了内存或时间限制，已停止读取；请检查文件是否含有大量空行空列后重新上传"
        ),
        code="parser_died",
    )
    with tempfile.TemporaryDirectory(prefix="sheet-") as folder:
        if isinstance(source, bytes):
            path = Path(folder) / "upload"
            path.write_bytes(source)  # mode 0600 inside a 0700 folder
        else:
            path = Path(source)
        size = path.stat().st_size
        command = [
            sys.executable, "-m", "childwelfare.lib.sheet_guard", str(path), filename, str(memory_mb), str(seconds)
        ]  # fmt: skip
        with open(Path(folder) / "stderr", "w+b") as errors:
            process = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=errors, cwd=Path(__file__).resolve().parents[2]
            )
            watchdog = threading.Timer(seconds + 30, process.kill)  # a child that sleeps past its CPU cap
            watchdog.start()
            try:
                outcome = pickle.load(process.stdout)
            except (EOFError, pickle.UnpicklingError):
                outcome = None
            finally:
                process.stdout.close()
                returncode = process.wait()
                watchdog.cancel()
            errors.seek(0)
            peak = re.search(rb"peak_rss_kb=(\d+)", errors.read())
    if outcome is None or returncode != 0:
        raise died
    logger.info(
        "spreadsheet %s (%s bytes) read in a child process, peak RSS %s KB",
        filename[:100],
        size,
        int(peak.group(1)) if peak else "?",
    )
    kind, *payload = outcome
    if kind == "error":
        error_type, message, code, params = payload
        error = SpreadsheetTooLarge if error_type == "too_large" else SpreadsheetError
        raise error(message, code=code, params=params)
    return payload[0]


def _child_main(argv: list[str]) -> int:
    """The child: cap memory and CPU, read the file at argv[0] as named argv[1], pickle the
    outcome to stdout as it is written (no second copy in memory), then its peak RSS to
    stderr."""
    import resource

    path, filename, memory_mb, seconds = argv[0], argv[1], int(argv[2]), int(argv[3])
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
    from .spreadsheets import read_table

    try:
        outcome = ("table", read_table(path, filename))
    except SpreadsheetTooLarge as exc:
        outcome = ("error", "too_large", exc.message, exc.code, exc.params)
    except SpreadsheetError as exc:
        outcome = ("error", "unreadable", exc.message, exc.code, exc.params)
    pickle.dump(outcome, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.flush()
    sys.stderr.write(f"peak_rss_kb={_peak_rss_kb()}\n")
    return 0


def _peak_rss_kb() -> int:
    """This process's own peak RSS (VmHWM: unlike ru_maxrss, not inherited across exec)."""
    match = re.search(r"^VmHWM:\s*(\d+)", Path("/proc/self/status").read_text(), re.M)
    return int(match.group(1)) if match else 0


if __name__ == "__main__":
    # Run as the package's module, so the exception classes are the ones the parent knows.
    from childwelfare.lib.sheet_guard import _child_main as main

    sys.exit(main(sys.argv[1:]))
