"""Activities from a spreadsheet (活动批量导入) for one site, on the shared import engine
(lib.tabular) like the roster: header synonyms, title rows, a total row ending the data,
the template's example row skipped, every bad row reported (row, column, value, message),
and nothing written unless every row is valid. Each row is then written by
services.record_activity, so the rules are those of the activity form."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from childwelfare.audit.services import logged_import
from childwelfare.lib.fillin import TemplateColumn, write_fillin_template
from childwelfare.lib.idnumber import keyed_hash, parse
from childwelfare.lib.spreadsheets import Table, cell_text
from childwelfare.lib.tabular import CellError, Column, Row, RowError, RowRefused, SheetSchema
from childwelfare.registry.models import Child

from .choices import ActivityKind
from .models import Project, Site
from .services import StationError, check_activity, record_activity

KINDS = {str(label): value for value, label in ActivityKind.choices}
# The service's field → the sheet's column.
FIELD_COLUMNS = {
    "held_on": "held_on",
    "person_times": "person_times",
    "project": "project",
    "children": "children",
}


def _kind(raw: Any) -> str:
    kind = KINDS.get(cell_text(raw))
    if kind is None:
        raise CellError(_("活动类型应为：%(kinds)s"), code="bad_kind", params={"kinds": "、".join(KINDS)})
    return kind


def _person_times(raw: Any) -> int:
    text = cell_text(raw)
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit() or int(text) < 1 or len(text) > 7:
        raise CellError(_("服务人次应为正整数"), code="person_times_not_positive")
    return int(text)


def _date(raw: Any) -> date:
    from childwelfare.lib.dates import parse_date

    return parse_date(raw)


def _id_numbers(raw: Any, *, today: date) -> list[str]:
    numbers = []
    for part in re.split(r"[、，,；;\s]+", cell_text(raw)):
        if part:
            numbers.append(parse(part, today=today).number)
    return numbers


def activity_schema(today: date) -> SheetSchema:
    """The columns of an activity sheet. Headers are data (what the sheets say): not
    translated."""
    return SheetSchema(
        [
            Column("held_on", "活动日期", ("日期",), parser=_date, required=True),
            Column("kind", "活动类型", ("类型",), parser=_kind, required=True),
            Column("title", "活动名称", ("名称", "活动主题"), required=True, max_length=200),
            Column("person_times", "服务人次", ("人次", "参与人次"), parser=_person_times, required=True),
            Column("project", "所属项目", ("项目名称",), max_length=200),
            Column(
                "children",
                "参与儿童身份证号",
                ("儿童身份证号",),
                parser=lambda raw: _id_numbers(raw, today=today),
                masked=True,
                empty=[],
            ),
            Column("notes", "备注", max_length=2000),
        ],
        example_column="title",
    )


TEMPLATE_COLUMNS = activity_schema(date(2000, 1, 1)).template_headers


@dataclass
class ActivityImportResult:
    rows: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    written: bool = False


def import_activities(
    table: Table, site: Site, *, actor, dry_run: bool = False, today: date | None = None, filename: str = ""
) -> ActivityImportResult:
    """Validate every row of `table` as an activity of `site`, then (unless `dry_run` or any
    error) write them all in one transaction through services.record_activity. Raises
    SpreadsheetError without a header, StationError when `actor` may not record the site's
    work. Every attempt is in the access log."""
    return logged_import(
        lambda: _import(table, site, actor=actor, dry_run=dry_run, today=today),
        user=actor,
        what=f"活动导入 {site.name} {filename[:100]}".strip(),
        dry_run=dry_run,
        obj=site,
    )


def _import(table: Table, site: Site, *, actor, dry_run: bool, today: date | None) -> ActivityImportResult:
    from . import permissions

    if not permissions.can_record_work(actor, site):
        raise StationError(_("您没有权限进行此操作"), code="not_allowed")
    today = today or timezone.localdate()
    schema = activity_schema(today)
    projects = {p.name: p for p in Project.objects.filter(site=site).order_by("pk")}
    visible = Child.objects.visible_to(actor)

    def check_row(row: Row):
        project = None
        name = row.get("project", "")
        if name:
            project = projects.get(name)
            if project is None:
                row.error(
                    "project",
                    _("该阵地没有名为“%(name)s”的项目"),
                    code="unknown_project",
                    params={"name": name},
                )
        children = []
        for number in row.get("children", []) or []:
            child = visible.filter(id_hash=keyed_hash(number, settings.ID_HASH_KEY)).first()
            if child is None:
                row.error(
                    "children", _("您的辖区没有该身份证号的在册儿童"), value=number, code="unknown_child"
                )
            else:
                children.append(child)
        if row.has_error("held_on") or row.has_error("person_times"):
            return None
        try:
            check_activity(
                site,
                actor=actor,
                held_on=row.get("held_on"),
                person_times=row.get("person_times"),
                project=project,
                children=children,
                today=today,
            )
        except StationError as exc:
            row.fail(FIELD_COLUMNS.get(exc.field or "", "held_on"), exc)
        return {
            "held_on": row.get("held_on"),
            "kind": row.get("kind"),
            "title": row.get("title", ""),
            "person_times": row.get("person_times"),
            "project": project,
            "children": children,
            "notes": row.get("notes", ""),
            "row": row.number,
        }

    def write(plans) -> int:
        for plan in plans:
            number = plan.pop("row")
            try:
                record_activity(site, actor=actor, **plan)
            except StationError as exc:
                raise RowRefused(number, FIELD_COLUMNS.get(exc.field or "", "title"), exc) from exc
        return len(plans)

    validation = schema.validate(table, check_row=check_row)
    created = schema.commit(validation, write, dry_run=dry_run)
    return ActivityImportResult(
        rows=validation.rows,
        created=created or 0,
        errors=validation.errors,
        error_count=validation.error_count,
        written=validation.written,
    )


def write_activity_template(target: str | IO[bytes], site: Site) -> int:
    """The template to fill in for `site`: its columns, drop-downs of the activity kinds and
    the site's project names, an example row and the notes sheet (lib.fillin)."""
    notes = {
        "活动日期": (_gettext("必填，不晚于今天，如 2026-06-01"), True),
        "活动类型": (_gettext("必填，从下拉列表选择"), True),
        "活动名称": (_gettext("必填，200字以内"), True),
        "服务人次": (_gettext("必填，正整数"), True),
        "所属项目": (_gettext("可不填；填写时须为本阵地已登记的项目名称"), False),
        "参与儿童身份证号": (
            _gettext("可不填；在册儿童的身份证号，多名用顿号分隔，须在本阵地服务区域内"),
            False,
        ),
        "备注": (_gettext("可不填"), False),
    }
    choices = {
        "活动类型": list(KINDS),
        "所属项目": list(Project.objects.filter(site=site).values_list("name", flat=True)),
    }
    columns = [
        TemplateColumn(
            header,
            choices=choices.get(header, ()),
            strict=header == "活动类型",
            text=header == "参与儿童身份证号",
            required=notes[header][1],
            note=notes[header][0],
            width=24 if header in ("活动名称", "参与儿童身份证号") else 14,
        )
        for header in TEMPLATE_COLUMNS
    ]
    example = ["2026-06-01", "文体活动", "示例：六一游园会", 30, "", "", ""]
    return write_fillin_template(
        target,
        columns,
        sheet_title="活动",
        example=example,
        notes=[
            _gettext("%(site)s 活动导入填写说明") % {"site": site.name},
            _gettext("每行一项活动；灰色示例行不会导入。全部行校验通过才会写入。"),
        ],
    )
