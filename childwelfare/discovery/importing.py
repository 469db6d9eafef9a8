"""Screening results from a spreadsheet (排查结果导入): step 1 of a campaign for many records at
once, on the shared import engine (childwelfare.lib.tabular) like the roster: header
synonyms, title rows, the total row ending the data (a footer such as 填表人 below it is
ignored), every bad row reported (row, column, value, message), and nothing written unless
every row is valid. Each row then goes through services.screen_record, so the roles, areas
and state machine are exactly those of the screening form."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.audit.services import logged_import
from childwelfare.lib.dates import EventDateError, check_event_date, parse_date
from childwelfare.lib.idnumber import keyed_hash, parse
from childwelfare.lib.spreadsheets import Table, cell_text
from childwelfare.lib.tabular import CellError, Column, Row, RowError, RowRefused, SheetSchema

from . import permissions
from .choices import RecordStatus, VisitMode
from .models import Campaign, RiskItem, ScreeningRecord
from .risk import current_item_set
from .services import VISIT_FIELDS, DiscoveryError, screen_record

MODES = {
    "入户": VisitMode.HOME,
    "入户走访": VisitMode.HOME,
    "家访": VisitMode.HOME,
    "到校": VisitMode.SCHOOL,
    "到校走访": VisitMode.SCHOOL,
    "电话": VisitMode.PHONE,
    "电话访问": VisitMode.PHONE,
}
YES = {"是", "有", "Y", "YES", "TRUE", "√", "1"}
NO = {"否", "无", "N", "NO", "FALSE", "", "0"}
TEXT_FIELDS = [name for name in VISIT_FIELDS if name != "mode"]


@dataclass
class ScreeningImportResult:
    """rows: data rows read; screened: records screened (0 unless written); errors: the
    first 1,000 RowErrors (error_count has them all); written: whether anything was."""

    rows: int = 0
    screened: int = 0
    child_ids: list[int] = field(default_factory=list)  # the children screened (after a write)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    written: bool = False

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "screened": self.screened,
            "errors": [e.as_dict() for e in self.errors],
            "error_count": self.error_count,
            "written": self.written,
        }


def _mode(raw: Any) -> str:
    mode = MODES.get(cell_text(raw))
    if mode is None:
        raise CellError(_("走访方式应为 入户、到校 或 电话"), code="bad_mode")
    return mode


def _yes_no(raw: Any) -> bool:
    flag = cell_text(raw).upper()
    if flag not in YES | NO:
        raise CellError(_("应填“是”或“否”"), code="not_yes_no")
    return flag in YES


# A masked number (320102********1234) in the pre-filled template of a user without the
# full-ID permission: the row is identified by its 排查记录编号 instead.
MASKED = "masked"


def _id_number(raw: Any, *, today: date) -> str:
    text = cell_text(raw)
    if "*" in text:
        return MASKED
    return parse(text, today=today).number


def _record_number(raw: Any) -> int:
    text = cell_text(raw)
    if not text.isdigit() or len(text) > 12:
        raise CellError(_("排查记录编号应为数字，请保留模板中的编号"), code="bad_record_number")
    return int(text)


def _distinct_number(number: str) -> Any:
    """The uniqueness key of an ID number cell: masked cells are never duplicates."""
    return object() if number == MASKED else number


def screening_schema(today: date) -> SheetSchema:
    """The columns of a screening-results sheet; ID numbers are judged as of `today`.
    A row is identified by its 排查记录编号 (the pre-filled template's first column) or, when
    the sheet has none, by the full ID number. Headers are data (what the sheets say), so
    they are not translated."""
    text = {"max_length": 2000}
    return SheetSchema(
        [
            Column("record", "排查记录编号", ("记录编号",), parser=_record_number, unique=True, empty=None),
            Column("name", "姓名", ("儿童姓名",), max_length=50),
            Column(
                "id_number",
                "公民身份号码",
                ("身份证号", "身份证号码", "儿童身份证号"),
                parser=lambda raw: _id_number(raw, today=today),
                unique=_distinct_number,
                masked=True,
            ),
            Column("visited_on", "走访日期", ("排查日期", "入户日期"), parser=parse_date, required=True),
            Column("mode", "走访方式", ("排查方式",), parser=_mode, empty=VisitMode.HOME),
            Column("living_situation", "生活状况", ("生活情况",), **text),
            Column("guardianship", "监护情况", ("监护状况",), **text),
            Column("schooling", "就学情况", ("就学状况",), **text),
            Column("hukou", "户籍情况", ("户籍状况",), **text),
            Column("health", "健康状况", ("健康情况",), **text),
            Column("safety", "安全情况", ("安全状况",), **text),
            Column("items", "风险情形", ("存在的风险情形", "四色评估情形"), **text),
            Column("not_eligible", "不符合政策但确有困难", ("政策外困难",), parser=_yes_no, empty=False),
            Column("suspected_category_change", "疑似类别变化", max_length=200),
            Column("notes", "备注", **text),
        ]
    )


TEMPLATE_COLUMNS = screening_schema(date.today()).template_headers


def import_screening_results(
    table: Table,
    campaign: Campaign,
    *,
    actor,
    dry_run: bool = False,
    today: date | None = None,
    filename: str = "",
    request=None,
) -> ScreeningImportResult:
    """Validate every row, then (unless `dry_run` or any error) screen each record through
    services.screen_record in one transaction. A DiscoveryError from screen_record (e.g.
    someone screened it meanwhile) rolls everything back and becomes that row's error.
    Raises SpreadsheetError without a header. Every attempt is in the access log, whatever
    its outcome (issue 13 §9; `request` gives the client address)."""
    what = f"排查结果 {campaign.name} {filename[:100]}".strip()
    return logged_import(
        lambda: _import_screening_results(table, campaign, actor=actor, dry_run=dry_run, today=today),
        user=actor,
        what=what,
        dry_run=dry_run,
        obj=campaign,
        request=request,
    )


def _import_screening_results(
    table: Table, campaign: Campaign, *, actor, dry_run: bool, today: date | None
) -> ScreeningImportResult:
    today = today or timezone.localdate()
    schema = screening_schema(today)
    item_set = current_item_set(today)
    items = {item.label: item for item in RiskItem.objects.filter(item_set=item_set)}
    visible = list(
        ScreeningRecord.objects.filter(campaign=campaign)
        .visible_to(actor)
        .select_related("child", "campaign")
    )
    records = {r.child.id_hash: r for r in visible}
    by_pk = {r.pk: r for r in visible}

    def find_record(row: Row):
        """The row's record, by 排查记录编号 when given, else by the full ID number."""
        id_number = row.get("id_number")
        if row.has_error("record") or row.has_error("id_number"):
            return None
        number = row.get("record")
        if number is not None:
            record = by_pk.get(number)
            if record is None:
                row.error(
                    "record", _("本次排查中没有此排查记录，或不在您的管辖范围内"), code="not_in_campaign"
                )
            elif (
                id_number
                and id_number != MASKED
                and keyed_hash(id_number, settings.ID_HASH_KEY) != (record.child.id_hash)
            ):
                row.error("id_number", _("身份证号与排查记录编号对应的儿童不一致"), code="record_mismatch")
                return None
            return record
        if id_number == MASKED:
            row.error(
                "id_number", _("身份证号已脱敏：请保留模板中的“排查记录编号”列"), code="masked_without_record"
            )
            return None
        if not id_number:
            row.error("id_number", _("“公民身份号码”和“排查记录编号”不能都为空"), value="", code="required")
            return None
        record = records.get(keyed_hash(id_number, settings.ID_HASH_KEY))
        if record is None:
            row.error("id_number", _("本次排查中没有此儿童，或不在您的管辖范围内"), code="not_in_campaign")
        return record

    def check_row(row: Row):
        record = find_record(row)
        if record is not None:
            name = row.get("name", "")
            if name and name != record.child.name:
                row.error(
                    "name",
                    _("姓名与档案中的“%(name)s”不一致"),
                    code="name_mismatch",
                    params={"name": record.child.name},
                )
            if record.status not in (RecordStatus.PENDING, RecordStatus.RETURNED):
                row.error(
                    "id_number",
                    _("该记录为“%(status)s”，不能再导入排查结果"),
                    code="already_screened",
                    params={"status": record.get_status_display()},
                )
            elif not permissions.can_screen(actor, record.child.area_id):
                row.error("id_number", _("只有本村（居）儿童主任可以排查该儿童"), code="not_the_director")
        visited_on = row.get("visited_on")
        try:
            check_event_date(
                visited_on,
                label=_("走访日期"),
                field="visited_on",
                birth_date=record.child.birth_date if record is not None else None,
                today=today,
            )
        except EventDateError as exc:
            row.fail("visited_on", exc)
        else:
            if visited_on and visited_on < campaign.start_date:
                row.error(
                    "visited_on",
                    _("走访日期早于排查开始日期%(date)s"),
                    code="before_campaign",
                    params={"date": campaign.start_date.isoformat()},
                )
        chosen = []
        # Items are separated by 、 ； or new lines (item names themselves contain commas).
        for part in [p.strip() for p in re.split(r"[、；;\n]", row.get("items", "")) if p.strip()]:
            item = items.get(part)
            if item is None:
                row.error(
                    "items",
                    _("不是评估指标 v%(version)s 中的情形"),
                    value=part,
                    code="unknown_item",
                    params={"version": item_set.version},
                )
            else:
                chosen.append(item.pk)
        if record is None:
            return None
        return (
            row.number,
            record,
            {
                "visited_on": visited_on,
                "mode": row.get("mode"),
                "item_ids": chosen,
                "in_difficulty_not_eligible": row.get("not_eligible"),
                **{key: row.get(key, "") for key in TEXT_FIELDS},
            },
        )

    screened_children: list[int] = []

    def write(plans) -> int:
        for number, record, fields in plans:
            try:
                screen_record(record, actor=actor, expected_version=record.version, **fields)
            except DiscoveryError as exc:
                raise RowRefused(number, "id_number", exc, value=record.child.id_number) from exc
            screened_children.append(record.child_id)
        return len(plans)

    validation = schema.validate(table, check_row=check_row)
    screened = schema.commit(validation, write, dry_run=dry_run)
    return ScreeningImportResult(
        rows=validation.rows,
        screened=screened or 0,
        child_ids=screened_children if validation.written else [],
        errors=validation.errors,
        error_count=validation.error_count,
        written=validation.written,
    )
