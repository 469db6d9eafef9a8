"""Spreadsheet templates users fill in (填报模板): a data sheet with a bold frozen header,
columns kept as text where a number would be ruined (an 18-digit ID number becomes
3.2e17), drop-down lists (data validation) built from the values the importer accepts, an
optional example row, pre-filled rows, and a notes sheet (填写说明). No models.

    write_fillin_template(buffer, [
        TemplateColumn("公民身份号码", text=True, required=True, note="18位"),
        TemplateColumn("性别", choices=["男", "女"]),
    ], rows=[...], example=[...], sheet_title="儿童名册")

A drop-down's values are written to a hidden sheet (选项) and referenced by range, so a
list longer than Excel's 255 characters of inline list (the 56 ethnic groups) works the
same as a short one. Text is escaped against formula injection as in write_xlsx.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .spreadsheets import escape_formula

TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"
CHOICES_SHEET = "选项"
NOTES_SHEET = "填写说明"
PREPARED_ROWS = 1000  # rows below the header whose text columns are formatted as text cell by cell
_EXAMPLE_FILL = PatternFill("solid", fgColor="FFF2CC")


@dataclass(frozen=True)
class TemplateColumn:
    """One column of a template: header (data, not translated: what the importer reads);
    choices: the drop-down's values (empty: none); strict: other values are refused by the
    spreadsheet program (False: it warns, for a column that also takes free text or several
    values); text: the column is formatted as text ('@'); required; note: what to fill in,
    for the notes sheet; width in characters."""

    header: str
    choices: Sequence[str] = ()
    strict: bool = True
    text: bool = False
    required: bool = False
    note: str = ""
    width: int = 12


def write_fillin_template(
    target: str | IO[bytes],
    columns: Sequence[TemplateColumn],
    *,
    sheet_title: str,
    rows: Iterable[Sequence[Any]] = (),
    example: Sequence[Any] | None = None,
    notes: Sequence[str] = (),
) -> int:
    """Write the template: the data sheet (header, then `example` in a shaded row if
    given, then `rows`), the hidden choices sheet, and the notes sheet (`notes` lines,
    then one line per column: header, required or not, accepted values, note). Returns the
    number of `rows` written."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title[:31]
    bold = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = bold
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(column.width, len(column.header) * 2 + 2)
        if column.text:
            sheet.column_dimensions[letter].number_format = TEXT_FORMAT
    sheet.freeze_panes = "A2"
    line = 2
    if example is not None:
        for index, value in enumerate(example, start=1):
            _put(sheet, line, index, value).fill = _EXAMPLE_FILL
        line += 1
    count = 0
    for row in rows:
        for index, value in enumerate(row, start=1):
            _put(sheet, line, index, value)
        line += 1
        count += 1
    last = max(line, 2) + PREPARED_ROWS
    for index, column in enumerate(columns, start=1):
        if column.text:  # the column style is not applied by every program: each cell too
            for number in range(2, last):
                sheet.cell(row=number, column=index).number_format = TEXT_FORMAT
    _add_choices(book, sheet, columns, last)
    _add_notes(book, columns, notes)
    book.save(target)
    return count


def _put(sheet, row: int, column: int, value: Any):
    cell = sheet.cell(row=row, column=column, value=escape_formula(value))
    if isinstance(value, date):
        cell.number_format = DATE_FORMAT
    return cell


def _add_choices(book: Workbook, sheet, columns: Sequence[TemplateColumn], last: int) -> None:
    with_choices = [(i, c) for i, c in enumerate(columns, start=1) if c.choices]
    if not with_choices:
        return
    options = book.create_sheet(CHOICES_SHEET)
    options.sheet_state = "hidden"
    for place, (index, column) in enumerate(with_choices, start=1):
        letter = get_column_letter(place)
        options.cell(row=1, column=place, value=column.header)
        for number, value in enumerate(column.choices, start=2):
            options.cell(row=number, column=place, value=value)
        source = f"'{CHOICES_SHEET}'!${letter}$2:${letter}${len(column.choices) + 1}"
        validation = DataValidation(
            type="list",
            formula1=source,
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop" if column.strict else "warning",
            errorTitle=column.header,
            error=(
                _("请从下拉列表中选择")
                if column.strict
                else _("不在下拉列表中；如确需填写其他内容，请选“是”继续（见“填写说明”）")
            ),
            promptTitle=column.header,
            prompt=column.note[:255] if column.note else None,
            showInputMessage=bool(column.note),
        )
        target = get_column_letter(index)
        validation.add(f"{target}2:{target}{last}")
        sheet.add_data_validation(validation)


def _add_notes(book: Workbook, columns: Sequence[TemplateColumn], notes: Sequence[str]) -> None:
    sheet = book.create_sheet(NOTES_SHEET)
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    for text in notes:
        sheet.append([escape_formula(text)])
    if notes:
        sheet.append([])
    headers = [_("列名"), _("是否必填"), _("可填写的值"), _("说明")]
    sheet.append(headers)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for column in columns:
        values = "、".join(column.choices) if column.choices else ""
        sheet.append(
            [column.header, _("必填") if column.required else _("选填"), values, escape_formula(column.note)]
        )
        for cell in sheet[sheet.max_row]:
            cell.alignment = wrap
    for letter, width in zip("ABCD", (18, 10, 50, 60), strict=True):
        sheet.column_dimensions[letter].width = width
