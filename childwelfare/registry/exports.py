"""The child list as an .xlsx roster, in the same columns as the roster import template, so
an exported list can be corrected and imported again.

Rows are built from the filtered queryset in chunks of 2,000 children: each chunk costs
three queries (children with their areas, the category spells active on the date, the
guardians), whatever the number of children. ID numbers are masked unless the user may
see them in full (accounts.permissions.can_view_full_id).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from operator import itemgetter
from typing import IO, Any

from django.db.models import Prefetch, QuerySet
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from childwelfare.accounts.permissions import can_read_children
from childwelfare.areas.models import Area
from childwelfare.lib.exporting import (
    DATE,
    ID_NUMBER,
    INT,
    TEXT,
    Column,
    ExportList,
    Selection,
    in_chunks,
    register_export,
)
from childwelfare.lib.idnumber import mask
from childwelfare.lib.spreadsheets import write_xlsx

from .choices import Category, Gender, Relation, SchoolStatus, SpellStatus
from .filters import ChildFilterForm, with_active_categories
from .models import NO_ID_NUMBER, Child, FamilyMember

# The roster template's columns (registry.importing.TEMPLATE_COLUMNS), in its order.
EXPORT_COLUMNS = [
    "序号",
    "姓名",
    "性别",
    "公民身份号码",
    "出生日期",
    "民族",
    "户籍地",
    "现住址",
    "所属街道",
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
CHUNK_SIZE = 2000
JOIN = "、"


def export_queryset(queryset: QuerySet[Child], on: date) -> QuerySet[Child]:
    """The children to export with what each row needs, fetched per chunk."""
    guardians = FamilyMember.objects.filter(is_guardian=True).order_by("child_id", "id")
    return with_active_categories(
        queryset.select_related("area__parent", "hukou_area")
        .prefetch_related(Prefetch("family", queryset=guardians, to_attr="guardians"))
        .order_by("area_id", "name_sort", "pk"),
        on,
    )


def _category_dates(spells) -> Any:
    """One date cell when the categories share a start date, else the dates as text."""
    dates = sorted({spell.start_date for spell in spells})
    if not dates:
        return None
    if len(dates) == 1:
        return dates[0]
    return JOIN.join(day.isoformat() for day in dates)


def export_rows(queryset: QuerySet[Child], on: date, *, full_id: bool) -> Iterator[list[Any]]:
    """One list of cell values per child, in EXPORT_COLUMNS order. `on` picks the categories
    shown (those active on that date)."""
    shown = (lambda number: number or "") if full_id else mask
    # Labels looked up once: get_FOO_display() rebuilds its dict on every call (3 s per 5,000 rows).
    genders = {code: str(label) for code, label in Gender.choices}
    categories = {code: str(label) for code, label in Category.choices}
    school = {code: str(label) for code, label in SchoolStatus.choices}
    relations = {code: str(label) for code, label in Relation.choices}
    pending = "（{}）".format(gettext("待复核"))
    for number, child in enumerate(in_chunks(export_queryset(queryset, on)), start=1):
        spells = child.active_spells
        guardian = child.guardians[0] if child.guardians else None
        hukou = child.hukou_address or (child.hukou_area.full_name if child.hukou_area else "")
        yield [
            number,
            child.name,
            genders.get(child.gender, child.gender),
            shown(child.id_number) if child.id_number else str(NO_ID_NUMBER),
            child.birth_date,
            child.ethnicity,
            hukou,
            child.address,
            child.area.parent.name if child.area.parent_id else "",
            child.area.name,
            JOIN.join(
                categories.get(spell.category, spell.category)
                + (pending if spell.status == SpellStatus.PENDING else "")
                for spell in spells
            ),
            _category_dates(spells),
            school.get(child.school_status, child.school_status),
            guardian.name if guardian else "",
            relations.get(guardian.relation, guardian.relation) if guardian else "",
            shown(guardian.id_number) if guardian else "",
            guardian.phone if guardian else "",
            child.notes,
        ]


def write_children_xlsx(
    target: str | IO[bytes], queryset: QuerySet[Child], on: date, *, full_id: bool
) -> int:
    """Write the roster of `queryset` to `target` (path or binary file), without a title
    row; returns the number of children written. Text cells are escaped against formula
    injection by write_xlsx. Cells are in Chinese whatever the page language, as the import
    expects. (The list page's export is CHILDREN below, through lib.exporting.)"""
    with translation.override("zh-hans"):
        return write_xlsx(
            target, EXPORT_COLUMNS, export_rows(queryset, on, full_id=full_id), sheet_title="儿童名单"
        )


def _children(user, query) -> Selection:
    """The child list's rows for `query` (filters.ChildFilterForm over visible_to), as of
    the list's date; full numbers are read, and masked by the writer unless asked for."""
    form = ChildFilterForm(query, user=user)
    on = form.on_date
    children = form.apply(Child.objects.visible_to(user))
    code = form._value("area") or user.area_id or ""
    area = Area.objects.filter(code=code).only("name").first() if code else None
    filters = "、".join(
        part for part in form.describe_parts() if not part.startswith(str(form.fields["on"].label))
    )
    return Selection(children, area=area.name if area else "", area_code=code, filters=filters, as_of=on)


def _column(index: int, kind: str = TEXT, width: int = 0) -> Column:
    return Column(EXPORT_COLUMNS[index], itemgetter(index), kind=kind, width=width)


WIDTHS = {"序号": 6, "姓名": 10, "性别": 6, "民族": 8, "户籍地": 24, "现住址": 24, "儿童类别": 20, "备注": 20}
KINDS = {
    "公民身份号码": ID_NUMBER,
    "监护人身份证号": ID_NUMBER,
    "出生日期": DATE,
    "类别认定日期": DATE,
    "序号": INT,
}

CHILDREN = register_export(
    ExportList(
        key="children",
        title=_("儿童名单"),
        filename=_("儿童名单"),
        columns=[
            _column(index, KINDS.get(name, TEXT), WIDTHS.get(name, 0))
            for index, name in enumerate(EXPORT_COLUMNS)
        ],
        select=_children,
        allowed=can_read_children,
        rows=lambda selection: export_rows(selection.queryset, selection.as_of, full_id=True),
        chinese_cells=True,
    )
)
