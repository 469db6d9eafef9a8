"""The one spreadsheet row-import engine (no models; imports no app).

An import declares its columns; the engine finds the header under any title rows, reads
every data row up to the total row (合计/总计…, footers such as 填表人 below it are ignored),
checks each cell (formula-like text, formulas without a computed value, control characters,
required, maximum length, the column's parser, duplicates within the file), lets the import
check the row as a whole, and keeps every problem as a `RowError` with the spreadsheet row
number the user sees in Excel. Nothing is written unless the whole file is clean: the
import's write runs inside one transaction, and only then.

    SCHEMA = SheetSchema([
        Column("id_number", "公民身份号码", ("身份证号",), parser=parse_id, required=True,
               unique=lambda parsed: parsed.number, masked=True),
        Column("policy_number", "保单号", required=True, max_length=60),
    ])
    validation = SCHEMA.validate(table, check_row=plan_row, progress=progress)
    # plan_row(row): row.get(key), row.error(key, _("…"), params=…); returns the row's plan
    validation.add_error(row_number, "id_number", _("…"), value=...)   # later, DB checks
    SCHEMA.commit(validation, write_plans)         # runs only if validation.ok

The error report (.xlsx) for users to download: `write_error_report`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .control_chars import CONTROL
from .errors import DomainError
from .idnumber import mask
from .spreadsheets import (
    Header,
    SpreadsheetError,
    Table,
    cell_text,
    find_header,
    is_blank_row,
    is_total_row,
    write_xlsx,
)

ProgressCallback = Callable[[int, int, str], None]
"""progress(done_rows, total_rows, stage) with stage "validate" or "write"."""

MAX_ERRORS = 1000
PROGRESS_EVERY = 2000
VALUE_SHOWN_MAX = 100  # characters of a cell shown beside its error
REPORT_HEADERS = (_("行号"), _("列"), _("填写内容"), _("错误说明"))
# What a template's example row says in its marked column (SheetSchema(example_column=…)):
# such a row is shown to the user as an example and never imported.
EXAMPLE_MARK = "示例"

# OWASP CSV injection: text a spreadsheet program would run as a formula. A signed plain
# number ("-5", "+8613912345678") is evaluated as that number and is harmless, and so is a
# telephone number written with its country code ("+86 139-1234-5678", "+86 (25) 8300 1234"):
# digits, spaces, hyphens and brackets name no function and no cell (issue 8 item 16).
_FORMULA_START = ("=", "+", "-", "@")
_SIGNED_NUMBER = re.compile(r"^(?:[+-]\d+(\.\d+)?|\+\d[\d ()-]*\d)$")
_CONTROL = CONTROL  # C0 controls except tab and line breaks (Alt+Enter in a cell), DEL, C1


class CellError(DomainError):
    """A parser's refusal of one cell; the engine turns it into a RowError."""

    default_code = "invalid_cell"


# Text shaped like an ID number (18 characters, the last a digit or X; or 15 digits), in any
# cell or message: shown masked whichever column it was typed in.
_ID_LIKE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
# In a message about an ID number cell, the parts of the number a check may quote (its area
# code, birth digits or date, year): blanked, so that no message adds digits to the mask.
_NUMBER_PART = re.compile(r"\d{4}-\d{2}-\d{2}|\d{4,}")


def mask_numbers(text: str) -> str:
    """`text` with every ID-number-shaped run masked as mask_id_number() does."""
    return _ID_LIKE.sub(lambda match: mask_id_number(match.group(0)), text)


def mask_id_number(text: str) -> str:
    """An ID number as shown in error lists and reports: lib.idnumber.mask (the region code
    only, e.g. "320102************"; text shorter than 10 characters all stars)."""
    return mask(str(text or ""))


@dataclass(frozen=True)
class Column:
    """One declared column of an import.

    key: the name the import uses for the value; header: the Chinese header (template and
    messages when the file has no such column; plain text, not translated: it is what the
    users' spreadsheets say, whatever the interface language); synonyms: other accepted headers (spaces,
    full-width brackets and a trailing * or ： are ignored when matching).
    parser(raw) -> value: called with the raw cell (str, int, float, bool, date, datetime)
    of a non-empty cell; raises CellError (or ValueError, whose text becomes the message).
    Without a parser the value is the trimmed text. An empty cell gets `empty`.
    required: the header must be present and every data row must fill the cell.
    max_length: longer text (after trimming) is a row error naming both lengths, never cut.
    unique: True, or a function value -> key; two rows with the same key are an error on
    the later row naming the earlier one.
    masked: an ID number column; its values are shown as mask_id_number() in errors.
    """

    key: str
    header: str
    synonyms: tuple[str, ...] = ()
    parser: Callable[[Any], Any] | None = None
    required: bool = False
    max_length: int | None = None
    unique: bool | Callable[[Any], Hashable] = False
    masked: bool = False
    empty: Any = ""

    @property
    def names(self) -> list[str]:
        return [self.header, *self.synonyms]


@dataclass
class RowError:
    """One problem of one row: `row` as Excel shows it (None for the whole file), `column`
    the header as written in the file, `value` the cell as shown to the user (masked for
    ID numbers, at most VALUE_SHOWN_MAX characters), the message (a lazy translatable
    string with %(name)s params, rendered by `message`), a stable `code`, and for a
    duplicate the `other_row` holding the same key."""

    row: int | None
    column: str
    value: str
    template: Any
    code: str = "invalid"
    params: dict[str, Any] = field(default_factory=dict)
    other_row: int | None = None
    key: str = ""
    hidden: str = ""  # the unmasked value, never shown: also masked inside the message

    @property
    def message(self) -> str:
        """The rendered message, never holding an ID number: ID-shaped text is masked, and in
        a message about a masked (ID number) cell every run of four or more digits or a date
        is blanked, so that no check quotes what the mask hides (issue 13 §5)."""
        text = str(self.template)
        if self.params:
            text = text % {name: str(value) for name, value in self.params.items()}
        return self._masked(text)

    def _masked(self, text: str) -> str:
        if self.hidden and len(self.hidden) > 4:
            text = text.replace(self.hidden, mask_id_number(self.hidden))
            masked = mask_id_number(self.hidden)
            text = masked.join(
                _NUMBER_PART.sub(lambda match: "*" * len(match.group(0)), part) for part in text.split(masked)
            )
        return mask_numbers(text)

    def as_dict(self) -> dict:
        """{row, column, value, message} (+ other_row for a duplicate), JSON-ready; the
        message rendered in the active language."""
        data = {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }
        if self.other_row is not None:
            data["other_row"] = self.other_row
        return data

    def as_stored(self) -> dict:
        """as_dict() plus the msgid (`template`) and its `params` (ID numbers masked), so that
        `stored_message` renders a stored error again in the language of whoever reads it
        later (a job runs in the worker's language, not the reader's)."""
        with translation.override(settings.LANGUAGE_CODE):
            template = str(self.template)
            params = {name: self._masked(str(value)) for name, value in self.params.items()}
        return {**self.as_dict(), "template": template, "params": params}


def stored_message(data: dict | RowError) -> str:
    """The message of a stored error (RowError.as_stored()) in the active language: the msgid
    translated and filled with its parameters, or the message as stored when it has no
    msgid (older rows) or its parameters no longer fit."""
    if isinstance(data, RowError):
        return data.message
    template = data.get("template")
    if not template:
        return data.get("message", "")
    try:
        return gettext(template) % data.get("params", {}) if data.get("params") else gettext(template)
    except (KeyError, TypeError, ValueError):
        return data.get("message", "")


class RowRefused(Exception):
    """Raised by an import's write step when a service refuses one row (e.g. someone changed
    the record meanwhile): the transaction is rolled back and the row gets the error."""

    def __init__(self, row: int, key: str, error: DomainError | str, *, value: Any = None) -> None:
        self.row, self.key, self.error, self.value = row, key, error, value
        super().__init__(str(error))


class Row:
    """One data row while it is checked: `number` as Excel shows it, `values` the parsed
    value of every cell without an error (key -> value), and the raw cells."""

    def __init__(self, validation: Validation, number: int, cells: list[Any]) -> None:
        self._validation = validation
        self.number = number
        self.cells = cells
        self.values: dict[str, Any] = {}
        self.error_keys: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def raw(self, key: str) -> Any:
        index = self._validation.header.columns.get(key)
        return self.cells[index] if index is not None and index < len(self.cells) else None

    def text(self, key: str) -> str:
        return cell_text(self.raw(key))

    def has_error(self, key: str | None = None) -> bool:
        return bool(self.error_keys) if key is None else key in self.error_keys

    def error(
        self,
        key: str,
        message: Any,
        *,
        value: Any = None,
        code: str = "invalid",
        params: dict | None = None,
        other_row: int | None = None,
    ) -> None:
        """Record a problem of this row's `key` cell; `value` defaults to the cell's text."""
        self.error_keys.add(key)
        shown = self.text(key) if value is None else value
        self._validation.add_error(
            self.number, key, message, value=shown, code=code, params=params, other_row=other_row
        )

    def fail(self, key: str, exc: Exception, *, value: Any = None) -> None:
        """Record a DomainError (its message, code and params) or any exception's text."""
        if isinstance(exc, DomainError):
            self.error(key, exc.message, value=value, code=exc.code, params=exc.params)
        else:
            self.error(key, str(exc), value=value)


@dataclass
class Validation:
    """What the engine found in a file: `rows` data rows counted (blank rows, the total
    row and what follows not counted), `plans` [(row number, plan)] for the rows the
    import's check_row accepted, `errors` (the first `max_errors` kept, sorted by row) and
    `error_count` (all of them). `labels` maps key -> header as written in the file."""

    schema: SheetSchema
    header: Header
    labels: dict[str, str]
    rows: int = 0
    plans: list[tuple[int, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    written: bool = False
    skipped_examples: list[int] = field(default_factory=list)  # row numbers marked 示例

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def truncated(self) -> bool:
        """More errors were found than kept."""
        return self.error_count > len(self.errors)

    def add_error(
        self,
        row: int | None,
        key: str,
        message: Any,
        *,
        value: Any = "",
        code: str = "invalid",
        params: dict | None = None,
        other_row: int | None = None,
    ) -> None:
        """Record a problem of `row` in the `key` column (key "" for the row or the file).
        The value is masked for masked columns and shortened for display."""
        self.error_count += 1
        if len(self.errors) >= self.schema.max_errors:
            return
        column = self.schema.by_key.get(key)
        shown = cell_text(value) if not isinstance(value, str) else value
        hidden = ""
        if column is not None and column.masked:
            hidden, shown = shown, mask_id_number(shown)
        else:
            shown = mask_numbers(shown)
            if len(shown) > VALUE_SHOWN_MAX:
                shown = shown[:VALUE_SHOWN_MAX] + "…"
        self.errors.append(
            RowError(
                row=row,
                column=self.labels.get(key, ""),
                value=shown,
                template=message,
                code=code,
                params=dict(params or {}),
                other_row=other_row,
                key=key,
                hidden=hidden,
            )
        )

    def sort_errors(self) -> None:
        self.errors.sort(key=lambda error: error.row or 0)


class SheetSchema:
    """The declared columns of one import and the engine that reads a table by them.

    scan_rows: how many rows from the top may hold title rows and the header;
    max_errors: how many RowErrors are kept (all are counted); example_column: the key of
    the column whose cell starting with EXAMPLE_MARK (示例) marks a template's example row,
    which is skipped (not counted, listed in validation.skipped_examples).
    """

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        scan_rows: int = 15,
        max_errors: int = MAX_ERRORS,
        example_column: str | None = None,
    ):
        self.columns = list(columns)
        self.example_column = example_column
        self.by_key = {column.key: column for column in self.columns}
        self.scan_rows = scan_rows
        self.max_errors = max_errors

    @property
    def template_headers(self) -> list[str]:
        """The headers of an empty template to download, in declared order."""
        return [str(column.header) for column in self.columns]

    @property
    def aliases(self) -> dict[str, list[str]]:
        return {column.key: column.names for column in self.columns}

    def find_header(self, table: Table) -> Header:
        """Raises SpreadsheetError naming the missing required columns."""
        required = [column.key for column in self.columns if column.required]
        return find_header(table, self.aliases, required, scan_rows=self.scan_rows)

    def validate(
        self,
        table: Table,
        *,
        check_row: Callable[[Row], Any] | None = None,
        progress: ProgressCallback | None = None,
    ) -> Validation:
        """Check every data row of `table`.

        check_row(row) is called for every counted row, after the cell checks (cells with
        an error are missing from row.values, except a duplicate, which is readable); it
        may call row.error(...) and returns the row's plan (without check_row the plan is
        the dict of values). Rows without any error are kept in `plans` as (row number, plan).
        Raises SpreadsheetError (a DomainError) when no header row holds every required
        column. A file with a header and no data rows gets one error.
        """
        header = self.find_header(table)
        labels = {column.key: header.labels.get(column.key, str(column.header)) for column in self.columns}
        labels[""] = ""
        validation = Validation(schema=self, header=header, labels=labels)
        seen: dict[str, dict[Hashable, int]] = {column.key: {} for column in self.columns if column.unique}
        start = header.row_index + 1
        data = table.rows[start:]
        formulas_by_row: dict[int, dict[int, str]] = {}
        for row_index, column_index in table.formulas:
            text = table.formula_texts.get((row_index, column_index), "=")
            formulas_by_row.setdefault(row_index, {})[column_index] = text
        total = len(data)
        for offset, cells in enumerate(data):
            if progress and offset % PROGRESS_EVERY == 0:
                progress(offset, total, "validate")
            if is_total_row(cells):
                break  # the total row ends the data: what follows is a footer (填表人, 日期…)
            formulas = formulas_by_row.get(start + offset, {})
            if is_blank_row(cells) and not formulas:
                continue
            if self._is_example(header, cells):
                validation.skipped_examples.append(start + offset + 1)
                continue
            validation.rows += 1
            row = Row(validation, start + offset + 1, list(cells))
            for column in self.columns:
                self._check_cell(row, column, formulas, seen)
            plan = check_row(row) if check_row is not None else dict(row.values)
            if not row.has_error():
                validation.plans.append((row.number, plan))
        if validation.rows == 0:
            validation.add_error(header.row_index + 2, "", _("表头下没有数据行"), code="no_data")
        if progress:
            # The rows counted, not the total row and footers below them.
            progress(validation.rows, validation.rows, "validate")
        return validation

    def _is_example(self, header: Header, cells: Sequence[Any]) -> bool:
        index = header.columns.get(self.example_column) if self.example_column else None
        if index is None or index >= len(cells):
            return False
        return cell_text(cells[index]).startswith(EXAMPLE_MARK)

    def _check_cell(self, row: Row, column: Column, formulas: dict[int, str], seen: dict) -> None:
        index = row._validation.header.columns.get(column.key)
        if index is None:
            # An optional column the sheet does not have: its empty value, as for a blank cell.
            row.values[column.key] = column.empty
            return
        raw = row.cells[index] if index < len(row.cells) else None
        text = cell_text(raw)
        label = row._validation.labels[column.key]
        if not text and index in formulas:
            # Issue 8 item 17: said "姓名为空" before; the formula is quoted so the user finds it.
            formula = formulas[index][:VALUE_SHOWN_MAX]
            row.error(
                column.key,
                _(
                    "第%(row)s行「%(column)s」：单元格是公式（%(formula)s），没有计算结果，请粘贴为数值"
                    "（或在电子表格程序中打开、保存后再上传）"
                ),
                value=formula,
                code="formula_without_value",
                params={"row": row.number, "column": label, "formula": formula},
            )
            return
        if not text:
            if column.required:
                row.error(column.key, _("“%(column)s”不能为空"), code="required", params={"column": label})
            else:
                row.values[column.key] = column.empty
            return
        if isinstance(raw, str):
            if text.startswith(_FORMULA_START) and len(text) > 1 and not _SIGNED_NUMBER.match(text):
                row.error(
                    column.key,
                    _("%(column)s不能以 = + - @ 开头（会被电子表格程序当作公式）"),
                    code="formula_text",
                    params={"column": label},
                )
                return
            if _CONTROL.search(text):
                row.error(
                    column.key,
                    _("%(column)s含有控制字符（不可见字符），请删除后重新填写"),
                    value=_CONTROL.sub("", text),
                    code="control_character",
                    params={"column": label},
                )
                return
        if column.max_length is not None and len(text) > column.max_length:
            row.error(
                column.key,
                _("%(column)s过长（%(length)s字，最多%(max)s字）"),
                code="too_long",
                params={"column": label, "length": len(text), "max": column.max_length},
            )
            return
        if column.parser is None:
            value = text
        else:
            try:
                value = column.parser(raw)
            except (DomainError, ValueError) as exc:
                row.fail(column.key, exc)
                return
        if column.unique:
            key = column.unique(value) if callable(column.unique) else value
            first = seen[column.key].get(key)
            if first is not None:
                row.error(
                    column.key,
                    _("与第%(other_row)s行的%(column)s重复"),
                    code="duplicate",
                    params={"other_row": first, "column": label},
                    other_row=first,
                )
                row.values[column.key] = value  # readable, so the row's other checks still run
                return
            seen[column.key][key] = row.number
        row.values[column.key] = value

    def commit(
        self,
        validation: Validation,
        write: Callable[[list[Any]], Any],
        *,
        dry_run: bool = False,
        progress: ProgressCallback | None = None,
    ) -> Any:
        """Run write(plans) inside one transaction if the validation found no error and
        this is not a dry run; returns what write returned (None when nothing ran).

        A RowRefused raised by write rolls everything back and becomes a row error; any
        other exception propagates (after the rollback). Sets validation.written.
        """
        if not validation.ok or dry_run:
            return None
        plans = [plan for _, plan in validation.plans]
        if progress:
            progress(0, len(plans), "write")
        try:
            with transaction.atomic():
                outcome = write(plans)
        except RowRefused as refused:
            error = refused.error
            validation.add_error(
                refused.row,
                refused.key,
                error.message if isinstance(error, DomainError) else str(error),
                value=refused.value if refused.value is not None else "",
                code=error.code if isinstance(error, DomainError) else "refused",
                params=error.params if isinstance(error, DomainError) else None,
            )
            return None
        validation.written = True
        if progress:
            progress(len(plans), len(plans), "write")
        return outcome


def error_rows(errors: Iterable[RowError | dict]) -> Iterable[list[Any]]:
    """[row, column, value, message] for each error (RowError or its as_dict())."""
    for error in errors:
        data = error.as_stored() if isinstance(error, RowError) else error
        yield [data.get("row") or "", data.get("column", ""), data.get("value", ""), stored_message(data)]


def write_error_report(
    target: str | IO[bytes], errors: Iterable[RowError | dict], *, error_count: int | None = None
) -> int:
    """The downloadable error report: one .xlsx sheet with 行号, 列, 填写内容, 错误说明 and
    one line per error (text that could run as a formula is escaped). When `error_count`
    exceeds the errors given, a last line says how many more were found. Returns the
    number of lines written below the header."""
    errors = list(errors)
    lines = list(error_rows(errors))
    if error_count is not None and error_count > len(errors):
        more = error_count - len(errors)
        lines.append(
            ["", "", "", ngettext("另有 %(n)s 处错误未列出", "另有 %(n)s 处错误未列出", more) % {"n": more}]
        )
    return write_xlsx(target, [str(text) for text in REPORT_HEADERS], lines, sheet_title=str(_("错误报告")))


__all__ = [
    "EXAMPLE_MARK",
    "CellError",
    "Column",
    "ProgressCallback",
    "Row",
    "RowError",
    "RowRefused",
    "SheetSchema",
    "SpreadsheetError",
    "Validation",
    "error_rows",
    "stored_message",
    "mask_id_number",
    "mask_numbers",
    "write_error_report",
]
