"""Exports of the lists users work from (issue 9, "Spreadsheets in and out"): one mechanism.

An app declares each list once, in its `exports.py` (found by the exports app at start-up):

    register_export(ExportList(
        key="problems", title=_("问题清单"), filename=_("问题清单"),
        columns=[Column(_("姓名"), lambda p: p.child.name, width=10),
                 Column(_("身份证号"), lambda p: p.child.id_number, kind=ID_NUMBER),
                 Column(_("期限"), lambda p: p.deadline, kind=DATE), ...],
        select=problem_selection, allowed=can_read_problems))

`select(user, query, **url_kwargs)` returns the Selection of the page: the SAME scoped and
filtered queryset the list page shows for the same query string, with the words for the
title row and the access log. The exports app (childwelfare.exports) serves it: a small
export streams at once, a large one runs as a background job. This module writes the
workbook: a title row (what, area, as of, exported by), a frozen header, declared column
widths, dates as date cells, money as numbers in the format 0.00 with a total row, ID and
phone numbers masked unless the file is a full one, and text that a spreadsheet would take
for a formula written as a plain text cell (no apostrophe shown). It imports no app.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .control_chars import strip_control
from .idnumber import mask
from .phones import mask_phone
from .spreadsheets import plain_text, sheet_value

TEXT, DATE, MONEY, INT, ID_NUMBER, PHONE = "text", "date", "money", "int", "id_number", "phone"
KINDS = {TEXT, DATE, MONEY, INT, ID_NUMBER, PHONE}
MONEY_FORMAT = "0.00"
DATE_FORMAT = "yyyy-mm-dd"
CHUNK_SIZE = 2000  # rows fetched per query when a queryset is streamed
PROGRESS_EVERY = 1000  # rows between two progress reports
# Widths in Excel's character units: a CJK character counts two.
DEFAULT_WIDTHS = {TEXT: 14, DATE: 12, MONEY: 12, INT: 8, ID_NUMBER: 21, PHONE: 14}
MAX_WIDTH = 60


@dataclass(frozen=True)
class Column:
    """One column of an export: `header` (a lazy translation), `value(obj)` the cell value
    for one object, `kind` one of KINDS (ID_NUMBER and PHONE hold the full number; the
    writer masks it unless the file is a full one), `width` in character units (0: from the
    kind and the header)."""

    header: Any
    value: Callable[[Any], Any]
    kind: str = TEXT
    width: int = 0

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass
class Selection:
    """What one export holds: `queryset` (scoped and filtered exactly as the page), `area`
    (the area's name for the title row), `area_code` (for the access log: whose auditors
    read the entry), `filters` (the filters in words, or ""), `as_of` (the date the list is
    as of), `extra` (anything the rows need besides the objects)."""

    queryset: QuerySet
    area: str = ""
    area_code: str = ""
    filters: str = ""
    as_of: date | None = None
    extra: dict = field(default_factory=dict)

    @classmethod
    def of_user(cls, queryset: QuerySet, user, *, filters: str = "", as_of: date | None = None) -> Selection:
        """A selection titled with the user's own area (name and code): the usual case."""
        return cls(
            queryset, area=area_name_of(user), area_code=user.area_id or "", filters=filters, as_of=as_of
        )


@dataclass(frozen=True)
class ExportList:
    """A list that can be exported. `key` names it in URLs and jobs; `title` says what it is
    (title row, access log); `filename` is the download name's stem (translated: Chinese on
    Chinese pages, English on English ones); `select` builds the Selection (see the module
    docstring); `allowed(user)` who may export it at all (the page's own rule); `rows`
    (optional) turns a Selection into the objects the columns read, else the queryset is
    streamed in chunks; `chinese_cells`: cells stay in Chinese whatever the page language
    (the roster, which is imported again)."""

    key: str
    title: Any
    filename: Any
    columns: list[Column]
    select: Callable[..., Selection]
    allowed: Callable[[Any], bool]
    rows: Callable[[Selection], Iterable[Any]] | None = None
    chinese_cells: bool = False

    def objects(self, selection: Selection) -> Iterable[Any]:
        if self.rows is not None:
            return self.rows(selection)
        return in_chunks(selection.queryset)

    @property
    def has_numbers(self) -> bool:
        """Whether the list shows ID or phone numbers (masked unless full)."""
        return any(column.kind in (ID_NUMBER, PHONE) for column in self.columns)


_LISTS: dict[str, ExportList] = {}


def register_export(export: ExportList) -> ExportList:
    """Declare a list that can be exported; registering a key again replaces it."""
    _LISTS[export.key] = export
    return export


def export_list(key: str) -> ExportList:
    """The declared list. Raises KeyError for an unknown key."""
    return _LISTS[key]


def registered_exports() -> dict[str, ExportList]:
    return dict(_LISTS)


def display_width(text: str) -> int:
    """Width of `text` in Excel character units: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def column_width(column: Column) -> int:
    """The declared width, else the kind's default, never narrower than the header."""
    width = column.width or DEFAULT_WIDTHS[column.kind]
    return min(MAX_WIDTH, max(width, display_width(str(column.header)) + 2))


class _Cells:
    """Turns a column's value into a cell, reusing one style object per kind."""

    def __init__(self, sheet, *, full: bool):
        self.sheet = sheet
        self.full = full

    def make(self, column: Column, value: Any) -> Any:
        kind = column.kind
        if value is None or value == "":
            return None
        if kind == ID_NUMBER:
            # A note in words instead of a number (无身份证号（未落户）) is written as it is.
            value = str(value) if self.full or not str(value).isascii() else mask(str(value))
        elif kind == PHONE:
            value = str(value) if self.full else mask_phone(str(value))
        if kind == MONEY and isinstance(value, (Decimal, int, float)):
            cell = WriteOnlyCell(self.sheet, value=Decimal(value))
            cell.number_format = MONEY_FORMAT
            return cell
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        if isinstance(value, (date, int, float, Decimal)) and not isinstance(value, bool):
            return value  # openpyxl gives a date its yyyy-mm-dd format itself
        return sheet_value(self.sheet, str(value))


def title_line(
    export: ExportList, selection: Selection, *, user, at: datetime, full: bool, count: int
) -> str:
    """The title row in the active language: what, area, as of, the filters, how many rows,
    who exported it and when, and whether numbers are masked."""
    from django.utils import timezone

    parts = [
        str(export.title),
        _("区划：%(area)s") % {"area": selection.area or _("全部")},
        _("截至：%(date)s") % {"date": (selection.as_of or timezone.localdate(at)).isoformat()},
    ]
    if selection.filters:
        parts.append(_("筛选：%(filters)s") % {"filters": selection.filters})
    parts.append(ngettext("共 %(n)s 条", "共 %(n)s 条", count) % {"n": count})
    parts.append(
        _("导出人：%(user)s %(at)s")
        % {
            "user": getattr(user, "display_name", None) or str(user),
            "at": f"{timezone.localtime(at):%Y-%m-%d %H:%M}",
        }
    )
    if export.has_numbers:
        parts.append(_("含完整身份证号") if full else _("身份证号已脱敏"))
    return "｜".join(str(part) for part in parts)


def write_export(
    target: str | IO[bytes],
    export: ExportList,
    objects: Iterable[Any],
    *,
    title: str,
    full: bool = False,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write one sheet to `target` (a path or a binary file) in openpyxl's write-only mode:
    constant memory whatever the number of rows. Row 1 is `title` (bold), row 2 the header
    (bold, frozen with the title above it), then one row per object, and when the list has
    money columns a total row (合计) with each money column's sum (Decimal, exact).
    `progress(done)` is called every PROGRESS_EVERY rows. Returns the number of data rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(export.title)[:31])
    for index, column in enumerate(export.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column_width(column)
    sheet.freeze_panes = "A3"
    bold = Font(bold=True)
    title_cell = plain_text(sheet, strip_control(title))
    title_cell.font = bold
    sheet.append([title_cell])
    header = []
    for column in export.columns:
        cell = plain_text(sheet, str(column.header))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    cells = _Cells(sheet, full=full)
    money = [i for i, column in enumerate(export.columns) if column.kind == MONEY]
    totals = dict.fromkeys(money, Decimal("0"))
    count = 0
    for obj in objects:
        row = []
        for index, column in enumerate(export.columns):
            value = column.value(obj)
            if index in totals and isinstance(value, (Decimal, int)):
                totals[index] += value
            row.append(cells.make(column, value))
        sheet.append(row)
        count += 1
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)
    if money:
        label = WriteOnlyCell(sheet, value=_("合计"))
        label.font = bold
        total_row: list[Any] = [label] + [None] * (len(export.columns) - 1)
        for index, amount in totals.items():
            cell = WriteOnlyCell(sheet, value=amount)
            cell.number_format = MONEY_FORMAT
            cell.font = bold
            total_row[index] = cell
        sheet.append(total_row)
    workbook.save(target)
    if progress is not None:
        progress(count)
    return count


def iterate_rows(export: ExportList, selection: Selection) -> Iterator[Any]:
    """The objects of a selection as the export reads them (for tests and the benchmark)."""
    yield from export.objects(selection)


def in_chunks(queryset: QuerySet, size: int = CHUNK_SIZE) -> Iterator[Any]:
    """The objects of `queryset` in its order, read `size` at a time: the ids first (one
    query, a few MB for 100,000 rows), then each chunk by its ids, every read finished before
    the rows are handed on. Unlike QuerySet.iterator(), no cursor stays open while the
    caller writes (an export job's progress): on SQLite in WAL mode a connection that still
    holds an old read snapshot cannot write once another connection has committed (every
    page view saves its session), and the job died with "database is locked"."""
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        found = {obj.pk: obj for obj in queryset.filter(pk__in=chunk)}
        yield from (found[pk] for pk in chunk if pk in found)


def describe_filters(form) -> str:
    """A bound filter form's valid, non-empty filters in words, in the active language:
    "状态：待处理、只看逾期". Choice fields give their label, booleans their own label;
    empty when the form is invalid or nothing is asked."""
    if form is None or not form.is_bound or not form.is_valid():
        return ""
    parts = []
    for name, value in form.cleaned_data.items():
        if value in (None, "", False, [], ()):
            continue
        field_ = form.fields[name]
        if value is True:
            parts.append(str(field_.label))
            continue
        choices = dict(getattr(field_, "choices", ()) or ())
        shown = choices.get(value, choices.get(str(value), value))
        label = field_.label or name
        parts.append(f"{label}：{shown}")
    return "、".join(str(part) for part in parts)


def area_name_of(user) -> str:
    """The name of the user's area for a title row ("" for one without an area)."""
    area = getattr(user, "area", None) if getattr(user, "area_id", None) else None
    return area.name if area is not None else ""


def local_date(moment: datetime | None) -> date | None:
    """An aware timestamp as the local calendar date (a date cell), None stays None."""
    if moment is None:
        return None
    from django.utils import timezone

    return timezone.localdate(moment)


def choice_label(choices) -> Callable[[Any], str]:
    """value → its label in the active language, for a TextChoices class ("" for empty)."""

    def label(value) -> str:
        if value in (None, ""):
            return ""
        try:
            return str(choices(value).label)
        except ValueError:
            return str(value)

    return label
