"""Screening results from a spreadsheet (排查结果导入): step 1 of a campaign for many records at
once, with the same rules as the child roster import — header synonyms, title and total rows
skipped, every bad row reported (row, column, value, message in Chinese), and nothing written
unless every row is valid. Each row then goes through services.screen_record, so the roles,
areas and state machine are exactly those of the screening form."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from childwelfare.lib.dates import parse_date
from childwelfare.lib.idnumber import IDNumberError, keyed_hash, parse
from childwelfare.lib.spreadsheets import Table, cell_text, find_header, is_blank_row, is_total_row
from childwelfare.registry.importing import RowError

from . import permissions
from .choices import RecordStatus, VisitMode
from .models import Campaign, RiskItem, ScreeningRecord
from .risk import current_item_set
from .services import DiscoveryError, screen_record

COLUMNS: dict[str, list[str]] = {
    "name": ["姓名", "儿童姓名"],
    "id_number": ["公民身份号码", "身份证号", "身份证号码", "儿童身份证号"],
    "visited_on": ["走访日期", "排查日期", "入户日期"],
    "mode": ["走访方式", "排查方式"],
    "living_situation": ["生活状况", "生活情况"],
    "guardianship": ["监护情况", "监护状况"],
    "schooling": ["就学情况", "就学状况"],
    "hukou": ["户籍情况", "户籍状况"],
    "health": ["健康状况", "健康情况"],
    "safety": ["安全情况", "安全状况"],
    "items": ["风险情形", "存在的风险情形", "四色评估情形"],
    "not_eligible": ["不符合政策但确有困难", "政策外困难"],
    "suspected_category_change": ["疑似类别变化"],
    "notes": ["备注"],
}
REQUIRED = ["id_number", "visited_on"]
TEMPLATE_COLUMNS = [names[0] for names in COLUMNS.values()]
MODES = {
    "入户": VisitMode.HOME,
    "入户走访": VisitMode.HOME,
    "家访": VisitMode.HOME,
    "到校": VisitMode.SCHOOL,
    "到校走访": VisitMode.SCHOOL,
    "电话": VisitMode.PHONE,
    "电话访问": VisitMode.PHONE,
}
YES = {"是", "有", "Y", "YES", "√", "1"}
NO = {"否", "无", "N", "NO", "", "0"}
TEXT_FIELDS = [
    "living_situation",
    "guardianship",
    "schooling",
    "hukou",
    "health",
    "safety",
    "suspected_category_change",
    "notes",
]


@dataclass
class ScreeningImportResult:
    rows: int = 0
    screened: int = 0
    errors: list[RowError] = field(default_factory=list)
    written: bool = False

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "screened": self.screened,
            "errors": [e.as_dict() for e in self.errors],
            "written": self.written,
        }


def import_screening_results(
    table: Table, campaign: Campaign, *, actor, dry_run: bool = False, today: date | None = None
) -> ScreeningImportResult:
    """Validate every row, then (unless `dry_run` or any error) screen each record through
    services.screen_record in one transaction. Raises SpreadsheetError without a header."""
    today = today or timezone.localdate()
    header = find_header(table, COLUMNS, REQUIRED)
    label = {key: header.labels.get(key, names[0]) for key, names in COLUMNS.items()}
    cols = header.columns
    item_set = current_item_set(today)
    items = {item.label: item for item in RiskItem.objects.filter(item_set=item_set)}
    records = {
        r.child.id_hash: r
        for r in ScreeningRecord.objects.filter(campaign=campaign)
        .visible_to(actor)
        .select_related("child", "campaign")
    }
    result = ScreeningImportResult()
    plans = []
    seen: dict[str, int] = {}

    def text(cells, key):
        index = cols.get(key)
        return cell_text(cells[index]) if index is not None and index < len(cells) else ""

    def raw(cells, key):
        index = cols.get(key)
        return cells[index] if index is not None and index < len(cells) else None

    for offset, cells in enumerate(table.rows[header.row_index + 1 :]):
        number = header.row_index + 2 + offset
        if is_blank_row(cells) or is_total_row(cells):
            continue
        result.rows += 1
        errors = []

        def error(key, value, message, _n=number, _e=errors):
            _e.append(RowError(_n, label[key], cell_text(value), message))

        record = None
        try:
            id_number = parse(text(cells, "id_number"), today=today).number
            id_hash = keyed_hash(id_number, settings.ID_HASH_KEY)
            record = records.get(id_hash)
            if id_hash in seen:
                error("id_number", id_number, f"与第{seen[id_hash]}行重复")
                record = None
            elif record is None:
                error("id_number", id_number, "本次排查中没有此儿童，或不在您的管辖范围内")
            else:
                seen[id_hash] = number
        except IDNumberError as exc:
            error("id_number", text(cells, "id_number"), str(exc))
        if record is not None:
            name = text(cells, "name")
            if name and name != record.child.name:
                error("name", name, f"姓名与档案中的“{record.child.name}”不一致")
            if record.status not in (RecordStatus.PENDING, RecordStatus.RETURNED):
                error(
                    "id_number",
                    text(cells, "id_number"),
                    f"该记录为“{record.get_status_display()}”，不能再导入排查结果",
                )
            elif not permissions.can_screen(actor, record.area_id):
                error("id_number", text(cells, "id_number"), "只有本村（居）儿童主任可以排查该儿童")
        visited_on = None
        try:
            visited_on = parse_date(raw(cells, "visited_on"))
            if visited_on > today:
                error("visited_on", raw(cells, "visited_on"), "走访日期晚于今天")
            elif visited_on < campaign.start_date:
                error(
                    "visited_on",
                    raw(cells, "visited_on"),
                    f"走访日期早于排查开始日期{campaign.start_date.isoformat()}",
                )
        except ValueError as exc:
            error("visited_on", raw(cells, "visited_on"), str(exc))
        mode_text = text(cells, "mode")
        mode = MODES.get(mode_text, VisitMode.HOME if not mode_text else None)
        if mode is None:
            error("mode", mode_text, "走访方式应为 入户、到校 或 电话")
        chosen = []
        # Items are separated by 、 ； or new lines (item names themselves contain commas).
        for part in [p for p in re.split(r"[、；;\n]", text(cells, "items")) if p.strip()]:
            item = items.get(part.strip())
            if item is None:
                error("items", part, f"不是评估指标 v{item_set.version} 中的情形")
            else:
                chosen.append(item.pk)
        flag = text(cells, "not_eligible").upper()
        if flag not in YES | NO:
            error("not_eligible", flag, "应填“是”或“否”")
        if errors:
            result.errors.extend(errors)
            continue
        plans.append(
            (
                number,
                record,
                visited_on,
                mode,
                chosen,
                flag in YES,
                {key: text(cells, key) for key in TEXT_FIELDS},
            )
        )
    if result.errors or dry_run:
        return result
    with transaction.atomic():
        for number, record, visited_on, mode, chosen, not_eligible, fields in plans:
            try:
                screen_record(
                    record,
                    actor=actor,
                    expected_version=record.version,
                    visited_on=visited_on,
                    item_ids=chosen,
                    in_difficulty_not_eligible=not_eligible,
                    mode=mode,
                    **fields,
                )
            except DiscoveryError as exc:  # e.g. someone screened it meanwhile: all or nothing
                transaction.set_rollback(True)
                result.errors.append(RowError(number, label["id_number"], record.child.name, str(exc)))
                return result
    result.screened = len(plans)
    result.written = True
    return result
