"""Roster import (名册导入): a district's or street's spreadsheet of children → the child file.

All-or-nothing: every row is validated first; one bad row means nothing is written, and
the caller gets every bad row (row number as the spreadsheet shows it, column, value,
message in Chinese). Importing the same file again updates, never duplicates: a child is
identified by the keyed hash of the ID number. Writes are set-based (bulk_create /
bulk_update with history), never a save() per row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from childwelfare.accounts.permissions import can_edit_children, can_manage_areas
from childwelfare.areas.choices import Level
from childwelfare.areas.models import Area
from childwelfare.areas.services import next_community_code
from childwelfare.lib.dates import age_on, parse_date
from childwelfare.lib.idnumber import IDNumberError, keyed_hash, parse
from childwelfare.lib.spreadsheets import (
    Table,
    cell_text,
    find_header,
    is_blank_row,
    is_total_row,
)

from .choices import (
    ALLOWANCE_CATEGORIES,
    CATEGORY_SYNONYMS,
    ETHNIC_GROUPS,
    RELATION_SYNONYMS,
    SCHOOL_STATUS_SYNONYMS,
    Category,
    Gender,
    Relation,
)
from .models import CategorySpell, Child, FamilyMember
from .services import category_problem, derived_child_fields, name_problem

# field -> accepted header names; the first is the name used in templates and messages.
COLUMNS: dict[str, list[str]] = {
    "seq": ["序号", "编号", "序"],
    "name": ["姓名", "儿童姓名"],
    "gender": ["性别", "儿童性别"],
    "id_number": ["公民身份号码", "身份证号", "身份证号码", "儿童身份证号", "儿童身份证号码", "身份证"],
    "birth_date": ["出生日期", "出生年月日", "出生年月", "生日"],
    "ethnicity": ["民族"],
    "hukou": ["户籍地", "户籍所在地", "户籍地址", "户口所在地"],
    "address": ["现住址", "现居住地址", "居住地址", "家庭住址", "现居住地"],
    "street": ["所属街道", "乡镇（街道）", "乡镇(街道)", "街道", "乡镇", "所属乡镇（街道）", "所属乡镇"],
    "community": [
        "所属社区",
        "村（居）",
        "村(居)",
        "所属村（居）",
        "所属村(居)",
        "社区",
        "村居",
        "所属村居",
        "所属村（社区）",
    ],
    "category": ["儿童类别", "类别", "困境类别", "儿童类型"],
    "category_date": ["类别认定日期", "认定日期", "认定时间"],
    "school_status": ["就学状况", "就学情况", "在学情况", "就读情况"],
    "guardian_name": ["监护人姓名", "监护人"],
    "guardian_relation": ["与儿童关系", "监护人与儿童关系", "与儿童的关系", "关系"],
    "guardian_id": ["监护人身份证号", "监护人身份证号码", "监护人公民身份号码"],
    "guardian_phone": ["监护人联系电话", "联系电话", "监护人电话", "联系方式", "监护人手机号"],
    "notes": ["备注"],
}
REQUIRED = ["name", "id_number"]
TEMPLATE_COLUMNS = [names[0] for names in COLUMNS.values()]

_CATEGORY_LOOKUP = {alias: code for code, aliases in CATEGORY_SYNONYMS.items() for alias in aliases}
_RELATION_LOOKUP = {alias: code for code, aliases in RELATION_SYNONYMS.items() for alias in aliases}
_SCHOOL_LOOKUP = sorted(
    ((alias, code) for code, aliases in SCHOOL_STATUS_SYNONYMS.items() for alias in aliases),
    key=lambda pair: -len(pair[0]),
)
_GENDER_LOOKUP = {"男": Gender.MALE, "女": Gender.FEMALE, "M": Gender.MALE, "F": Gender.FEMALE}
_SPLIT = re.compile(r"[、,，;；/／\s]+")
_PHONE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\d{7,8})$")
_ETHNIC = set(ETHNIC_GROUPS)
# An ID number a spreadsheet turned into a number and a CSV then wrote as 3.20102201401021E+17.
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")
NOTES_MAX = 500

ProgressCallback = Callable[[int, int, str], None]


@dataclass
class RowError:
    row: int
    column: str
    value: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message}


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    new_communities: list[str] = field(default_factory=list)
    possible_duplicates: list[dict] = field(default_factory=list)
    written: bool = False
    labels: dict[str, str] = field(default_factory=dict)  # field -> header text in this file

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [error.as_dict() for error in self.errors],
            "new_communities": self.new_communities,
            "possible_duplicates": self.possible_duplicates,
            "written": self.written,
        }


class RosterImportError(ValueError):
    """The import cannot start at all (no permission, area outside scope, unreadable file)."""


@dataclass
class _Row:
    number: int
    child: dict[str, Any]
    id_hash: str
    community: str  # area code, or "new:<street code>:<name>" for a community to create
    categories: list[tuple[str, date | None]]
    guardian: dict[str, Any] | None


class _AreaIndex:
    """Finds the community of a row by name under the roster's area, and the hukou area by
    the longest district/street name contained in the hukou text."""

    def __init__(self, area: Area, may_create: bool):
        self.area = area
        self.may_create = may_create
        city = area.code[:4]
        # Only the roster's own subtree: a community's roster cannot name its neighbours.
        within = Area.objects.filter(code__startswith=area.code)
        self.communities: dict[str, list[Area]] = {}
        self.streets: dict[str, list[Area]] = {}
        for item in within.filter(level__in=[Level.STREET, Level.COMMUNITY]):
            target = self.communities if item.level == Level.COMMUNITY else self.streets
            target.setdefault(item.name, []).append(item)
        places = Area.objects.filter(code__startswith=city, level__in=[Level.DISTRICT, Level.STREET])
        names = sorted(((p.name, p.code) for p in places if len(p.name) >= 2), key=lambda pair: -len(pair[0]))
        self.hukou_codes = dict(names)
        self.hukou_pattern = re.compile("|".join(re.escape(name) for name, _ in names)) if names else None

    def hukou_area(self, text: str) -> str | None:
        if not text or self.hukou_pattern is None:
            return None
        codes = [self.hukou_codes[match.group(0)] for match in self.hukou_pattern.finditer(text)]
        return max(codes, key=len) if codes else None  # the most specific division named

    def community(self, name: str, street_name: str) -> tuple[str | None, str]:
        """Returns (code or planned key, error message). "梅园新村街道梅园社区" in the
        community column is read as street + community."""
        if self.area.level == Level.COMMUNITY:
            if not name or name in (self.area.name, f"{self.area.parent.name}{self.area.name}"):
                return self.area.code, ""
            return None, f"“{name}”不是{self.area.name}：本名册只能包含{self.area.name}的儿童"
        if not name:
            return None, "所属社区为空"
        if not street_name:
            for known in sorted(self.streets, key=len, reverse=True):
                if name.startswith(known) and len(name) > len(known):
                    street_name, name = known, name[len(known) :]
                    break
        street = None
        if street_name:
            found = self.streets.get(street_name, [])
            if self.area.level == Level.STREET and street_name == self.area.name:
                found = [self.area]
            if not found:
                return None, f"乡镇（街道）“{street_name}”不在{self.area.name}范围内"
            street = found[0]
        elif self.area.level == Level.STREET:
            street = self.area
        candidates = self.communities.get(name, [])
        if street is not None:
            candidates = [c for c in candidates if c.code.startswith(street.code)]
        if len(candidates) == 1:
            return candidates[0].code, ""
        if len(candidates) > 1:
            return (
                None,
                f"“{name}”在{self.area.name}下有{len(candidates)}个同名村居，请填写所属街道列加以区分",
            )
        where = street.name if street else self.area.name
        if not self.may_create:
            return None, f"“{name}”不是{where}下已登记的村（居），请联系区民政部门添加"
        if street is None:
            return None, f"“{name}”不是{where}下已登记的村（居）；新增村居请填写所属街道列或按街道导入"
        return f"new:{street.code}:{name}", ""


def _text(cells: list[Any], header_columns: dict[str, int], key: str) -> str:
    index = header_columns.get(key)
    if index is None or index >= len(cells):
        return ""
    return cell_text(cells[index])


def _raw(cells: list[Any], header_columns: dict[str, int], key: str) -> Any:
    index = header_columns.get(key)
    if index is None or index >= len(cells):
        return None
    return cells[index]


def _school(text: str) -> tuple[str, str]:
    for alias, code in _SCHOOL_LOOKUP:
        if text.startswith(alias):
            rest = text[len(alias) :].strip(" （）()：:,，")
            return code, rest
    return "", ""


def validate_table(
    table: Table,
    area: Area,
    *,
    actor,
    today: date | None = None,
    progress: ProgressCallback | None = None,
) -> tuple[ImportResult, list[_Row]]:
    """Validate every row of a roster. Returns the result (with errors) and the clean rows.

    Raises SpreadsheetError when no header row is found.
    """
    today = today or timezone.localdate()
    header = find_header(table, COLUMNS, REQUIRED)
    labels = {key: header.labels.get(key, COLUMNS[key][0]) for key in COLUMNS}
    columns = header.columns
    index = _AreaIndex(area, may_create=can_manage_areas(actor))
    result = ImportResult(labels=labels)
    rows: list[_Row] = []
    seen: dict[str, int] = {}
    data = table.rows[header.row_index + 1 :]
    total = len(data)
    for offset, cells in enumerate(data):
        number = header.row_index + 2 + offset
        if progress and offset % 2000 == 0:
            progress(offset, total, "validate")
        if is_blank_row(cells):
            continue
        if is_total_row(cells):
            break  # the total row ends the data: what follows is a footer (填表人, 日期…)
        result.rows += 1
        errors: list[RowError] = []

        def error(key: str, value: Any, message: str, *, _number=number, _errors=errors) -> None:
            _errors.append(RowError(_number, labels[key], cell_text(value), message))

        name = _text(cells, columns, "name")
        if problem := name_problem(name):
            error("name", name, problem)

        raw_id = _raw(cells, columns, "id_number")
        parsed = None
        if isinstance(raw_id, float) or _SCIENTIFIC.match(cell_text(raw_id)):
            error("id_number", raw_id, "身份证号被存成了数字，末几位已丢失；请把该列设为“文本”格式后重新填写")
        else:
            try:
                parsed = parse(cell_text(raw_id), today=today)
            except IDNumberError as exc:
                error("id_number", raw_id, str(exc))

        gender_text = _text(cells, columns, "gender")
        gender = _GENDER_LOOKUP.get(gender_text.upper() if gender_text else "", None)
        if gender_text and gender is None:
            error("gender", gender_text, "性别应为“男”或“女”")
        elif parsed and gender and gender != parsed.gender:
            shown = "男" if parsed.gender == Gender.MALE else "女"
            error("gender", gender_text, f"性别与身份证号（第17位）表示的“{shown}”不一致")

        raw_birth = _raw(cells, columns, "birth_date")
        if cell_text(raw_birth):
            try:
                birth = parse_date(raw_birth)
                if parsed and birth != parsed.birth_date:
                    error(
                        "birth_date",
                        raw_birth,
                        f"出生日期与身份证号中的{parsed.birth_date.isoformat()}不一致",
                    )
            except ValueError as exc:
                error("birth_date", raw_birth, str(exc))
        if parsed and age_on(parsed.birth_date, today) >= 18:
            error(
                "id_number",
                raw_id,
                f"按身份证号出生日期{parsed.birth_date.isoformat()}，已满18周岁，不是儿童",
            )

        ethnicity = _text(cells, columns, "ethnicity")
        if ethnicity and not ethnicity.endswith("族") and ethnicity + "族" in _ETHNIC:
            ethnicity += "族"
        if ethnicity and ethnicity not in _ETHNIC and ethnicity not in {"其他", "外国血统"}:
            error("ethnicity", ethnicity, "不是规范的民族名称")

        notes = _text(cells, columns, "notes")
        if len(notes) > NOTES_MAX:
            error("notes", notes[:20] + "…", f"备注过长（{len(notes)}字，最多{NOTES_MAX}字）")
        community, message = index.community(
            _text(cells, columns, "community"), _text(cells, columns, "street")
        )
        if message:
            error("community", _text(cells, columns, "community"), message)

        categories: list[tuple[str, date | None]] = []
        category_text = _text(cells, columns, "category")
        category_date = None
        raw_category_date = _raw(cells, columns, "category_date")
        if cell_text(raw_category_date):
            try:
                category_date = parse_date(raw_category_date)
                if category_date > today:
                    error("category_date", raw_category_date, "类别认定日期晚于今天")
            except ValueError as exc:
                error("category_date", raw_category_date, str(exc))
        for part in _SPLIT.split(category_text):
            if not part:
                continue
            code = _CATEGORY_LOOKUP.get(part)
            if code is None:
                error("category", category_text, f"无法识别的儿童类别“{part}”")
            elif all(existing != code for existing, _ in categories):
                categories.append((code, category_date))
        paid = [code for code, _ in categories if code in ALLOWANCE_CATEGORIES]
        if len(paid) > 1:
            error(
                "category",
                category_text,
                "同一时期只能享受一项基本生活保障（孤儿、事实无人抚养、重病重残只能选一）",
            )
        elif parsed:
            for code, start in categories:
                problem = category_problem(parsed.birth_date, code, start or today, None, actor=actor)
                if problem:
                    error(
                        "category_date" if "早于出生日期" in problem else "category", category_text, problem
                    )

        school_text = _text(cells, columns, "school_status")
        school_status, school_name = _school(school_text) if school_text else ("", "")
        if school_text and not school_status:
            error("school_status", school_text, "就学状况应为 学龄前、在校、辍学 或 未入学")

        guardian = None
        guardian_name = _text(cells, columns, "guardian_name")
        relation_text = _text(cells, columns, "guardian_relation")
        guardian_id_text = _text(cells, columns, "guardian_id")
        phone = re.sub(r"[\s\u3000]", "", _text(cells, columns, "guardian_phone"))
        if phone and not _PHONE.match(phone):
            error("guardian_phone", phone, "联系电话格式不正确（手机号11位，座机如025-83001234）")
        if guardian_name or guardian_id_text or relation_text:
            if not guardian_name:
                error("guardian_name", "", "填写了监护人信息但监护人姓名为空")
            relation = _RELATION_LOOKUP.get(relation_text, Relation.OTHER)
            guardian_id = ""
            if guardian_id_text:
                raw_gid = _raw(cells, columns, "guardian_id")
                if isinstance(raw_gid, float):
                    error(
                        "guardian_id",
                        raw_gid,
                        "监护人身份证号被存成了数字，末几位已丢失；请把该列设为“文本”格式",
                    )
                else:
                    try:
                        guardian_id = parse(guardian_id_text, allow_15=True, today=today).number
                    except IDNumberError as exc:
                        error("guardian_id", guardian_id_text, str(exc))
            guardian = {
                "name": guardian_name,
                "relation": relation,
                "id_number": guardian_id or None,
                "phone": phone,
                "relation_text": relation_text if relation_text not in _RELATION_LOOKUP else "",
            }

        id_hash = ""
        if parsed:
            id_hash = keyed_hash(parsed.number, settings.ID_HASH_KEY)
            if id_hash in seen:
                error("id_number", raw_id, f"与第{seen[id_hash]}行的身份证号重复")
            else:
                seen[id_hash] = number

        if errors:
            result.errors.extend(errors)
            continue
        hukou_text = _text(cells, columns, "hukou")
        child = {
            "name": name,
            "gender": parsed.gender,
            "id_number": parsed.number,
            "birth_date": parsed.birth_date,
            "ethnicity": ethnicity,
            "hukou_address": hukou_text[:200],
            "hukou_area_id": index.hukou_area(hukou_text),
            "address": _text(cells, columns, "address")[:200],
            "school_status": school_status,
            "school_name": school_name[:100],
            "notes": _text(cells, columns, "notes"),
            "phone": "" if guardian else phone,
        }
        rows.append(_Row(number, child, id_hash, community, categories, guardian))
    if result.rows == 0:
        result.errors.append(RowError(header.row_index + 2, "", "", "表头下没有数据行"))
    if progress:
        progress(total, total, "validate")
    return result, rows


def _chunks(items: list, size: int = 5000):
    for start in range(0, len(items), size):
        yield items[start : start + size]


_UPDATABLE = [
    "name",
    "gender",
    "ethnicity",
    "hukou_address",
    "hukou_area_id",
    "address",
    "area_id",
    "school_status",
    "school_name",
    "notes",
    "phone",
]


def import_roster(
    table: Table,
    area: Area,
    *,
    actor,
    dry_run: bool = False,
    today: date | None = None,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Validate a roster and, if every row is valid and not `dry_run`, write it.

    `area` is the district, street or community the roster belongs to; it must lie inside
    the actor's area. Raises RosterImportError (no permission / area outside scope) or
    SpreadsheetError (no header row). Row problems are returned in `result.errors`, and then
    nothing is written. Source of the rules: issue "Foundation", roster import.
    """
    if not can_edit_children(actor):
        raise RosterImportError("您没有导入儿童名册的权限")
    if actor.area_id and not area.code.startswith(actor.area_id):
        raise RosterImportError(f"“{area.name}”不在您的管辖范围内")
    if area.level < Level.DISTRICT:
        raise RosterImportError("名册须按区、街道或村居导入，请选择区（县）或更下级的区划")
    today = today or timezone.localdate()
    result, rows = validate_table(table, area, actor=actor, today=today, progress=progress)

    existing: dict[str, Child] = {}
    hashes = [row.id_hash for row in rows]
    for chunk in _chunks(hashes):
        for child in Child.objects.filter(id_hash__in=chunk).select_related(None):
            existing[child.id_hash] = child
    scope = actor.area_id or ""
    spells: dict[int, list[tuple[str, date, date | None]]] = {}
    for chunk in _chunks([child.pk for child in existing.values()]):
        for child_id, *spell in CategorySpell.objects.filter(child_id__in=chunk).values_list(
            "child_id", "category", "start_date", "end_date"
        ):
            spells.setdefault(child_id, []).append(tuple(spell))
    for row in rows:
        child = existing.get(row.id_hash)
        target = row.community.split(":")[1] if row.community.startswith("new:") else row.community
        if child is not None and not child.area_id.startswith(scope):
            result.errors.append(
                RowError(
                    row.number,
                    result.labels["id_number"],
                    row.child["id_number"][:6] + "…",
                    "该儿童已在您管辖范围以外登记，请联系上级民政部门",
                )
            )
        elif not target.startswith(scope):
            result.errors.append(
                RowError(row.number, result.labels["community"], target, "所属社区不在您的管辖范围内")
            )
        elif child is not None:
            for category, start in row.categories:
                held = spells.get(child.pk, [])
                if any(
                    c == category and s <= (start or today) and (e is None or e >= (start or today))
                    for c, s, e in held
                ):
                    continue  # already holds it: nothing to add
                problem = category_problem(
                    child.birth_date, category, start or today, None, actor=actor, other_spells=held
                )
                if problem:
                    result.errors.append(
                        RowError(row.number, result.labels["category"], Category(category).label, problem)
                    )
    result.errors.sort(key=lambda error: error.row)
    result.new_communities = sorted(
        {row.community.split(":", 2)[2] for row in rows if row.community.startswith("new:")}
    )
    result.possible_duplicates = _possible_duplicates(rows, existing)
    if result.errors:
        result.created = result.updated = 0
        return result
    result.created = sum(1 for row in rows if row.id_hash not in existing)
    if dry_run:
        # What the write would do, without writing: the rows' values are applied to the
        # children in memory only.
        for row in rows:
            child = existing.get(row.id_hash)
            if child is not None:
                code = row.community if not row.community.startswith("new:") else ""
                if _apply_row(child, dict(row.child, area_id=code or child.area_id)):
                    result.updated += 1
                else:
                    result.unchanged += 1
        return result
    if progress:
        progress(0, len(rows), "write")
    with transaction.atomic():
        _write(rows, existing, result, actor=actor, today=today)
    result.written = True
    if progress:
        progress(len(rows), len(rows), "write")
    return result


def _possible_duplicates(rows: list[_Row], existing: dict[str, Child]) -> list[dict]:
    """Same name and birth date on a different ID number (in the file or already registered)."""
    keys = {(row.child["name"], row.child["birth_date"]): row for row in rows}
    in_file = {row.id_hash for row in rows}  # pairs inside the file are reported below, once
    found = []
    names = {name for name, _ in keys}
    for chunk in _chunks(sorted(names), 2000):
        for child in Child.objects.filter(name__in=chunk).only(
            "id", "name", "birth_date", "id_hash", "area_id"
        ):
            row = keys.get((child.name, child.birth_date))
            if row is not None and child.id_hash not in in_file:
                found.append(
                    {
                        "row": row.number,
                        "name": child.name,
                        "birth_date": child.birth_date.isoformat(),
                        "child_id": child.pk,
                    }
                )
    by_key: dict[tuple[str, date], list[_Row]] = {}
    for row in rows:
        by_key.setdefault((row.child["name"], row.child["birth_date"]), []).append(row)
    for (name, birth), group in by_key.items():
        if len(group) > 1:
            for row in group[1:]:
                found.append(
                    {
                        "row": row.number,
                        "name": name,
                        "birth_date": birth.isoformat(),
                        "other_row": group[0].number,
                    }
                )
    return sorted(found, key=lambda item: item["row"])


# Columns an empty cell leaves as they are: the file may simply not know them.
_KEEP_WHEN_EMPTY = {"ethnicity", "hukou_address", "address", "school_status", "school_name", "notes", "phone"}


def _apply_row(child: Child, fields: dict) -> bool:
    """Set the row's values on an existing child (in memory); True if anything changed."""
    changed = False
    for key in _UPDATABLE:
        value = fields[key]
        if (key in _KEEP_WHEN_EMPTY and not value) or (key == "hukou_area_id" and value is None):
            continue
        if getattr(child, key) != value:
            setattr(child, key, value)
            changed = True
    return changed


def _write(rows: list[_Row], existing: dict[str, Child], result: ImportResult, *, actor, today: date) -> None:
    reason = "名册导入"
    # New communities first, so children can point at them.
    planned: dict[str, str] = {}
    new_areas = []
    for row in rows:
        if row.community.startswith("new:") and row.community not in planned:
            _, street_code, name = row.community.split(":", 2)
            street = Area.objects.get(code=street_code)
            base = next_community_code(street)
            used = sum(1 for key in planned if key.startswith(f"new:{street_code}:"))
            code = f"{street_code}{int(base[9:]) + used:03d}"
            planned[row.community] = code
            new_areas.append(Area(code=code, name=name, level=Level.COMMUNITY, parent_id=street_code))
    Area.objects.bulk_create(new_areas)

    creates: list[Child] = []
    updates: list[Child] = []
    for row in rows:
        area_code = planned.get(row.community, row.community)
        fields = dict(row.child, area_id=area_code)
        child = existing.get(row.id_hash)
        if child is None:
            child = Child(**fields, **derived_child_fields(fields["name"], fields["id_number"]))
            creates.append(child)
            existing[row.id_hash] = child
        else:
            changed = _apply_row(child, fields)
            if changed:
                derived = derived_child_fields(child.name, child.id_number)
                child.name_pinyin, child.name_initials = derived["name_pinyin"], derived["name_initials"]
                updates.append(child)
            else:
                result.unchanged += 1
    bulk_create_with_history(
        creates, Child, batch_size=1000, default_user=actor, default_change_reason=reason
    )
    if updates:
        bulk_update_with_history(
            updates,
            Child,
            [*_UPDATABLE, "name_pinyin", "name_initials"],
            batch_size=1000,
            default_user=actor,
            default_change_reason=reason,
        )
    result.created = len(creates)
    result.updated = len(updates)

    child_ids = [existing[row.id_hash].pk for row in rows]
    open_spells: set[tuple[int, str]] = set()
    guardians: dict[tuple[int, str], FamilyMember] = {}
    for chunk in _chunks(child_ids):
        for child_id, category in (
            CategorySpell.objects.filter(child_id__in=chunk)
            .active_on(today)
            .values_list("child_id", "category")
        ):
            open_spells.add((child_id, category))
        for member in FamilyMember.objects.filter(child_id__in=chunk, is_guardian=True):
            guardians[(member.child_id, member.name)] = member
    new_spells = []
    new_members = []
    changed_members = []
    for row in rows:
        child = existing[row.id_hash]
        for category, start in row.categories:
            if (child.pk, category) not in open_spells:
                new_spells.append(
                    CategorySpell(
                        child_id=child.pk, category=category, start_date=start or today, created_by=actor
                    )
                )
                open_spells.add((child.pk, category))
        if row.guardian:
            g = row.guardian
            member = guardians.get((child.pk, g["name"]))
            id_hash = keyed_hash(g["id_number"], settings.ID_HASH_KEY) if g["id_number"] else ""
            if member is None:
                member = FamilyMember(
                    child_id=child.pk,
                    name=g["name"],
                    relation=g["relation"],
                    id_number=g["id_number"],
                    id_hash=id_hash,
                    phone=g["phone"],
                    is_guardian=True,
                    notes=f"与儿童关系：{g['relation_text']}" if g["relation_text"] else "",
                )
                new_members.append(member)
                guardians[(child.pk, g["name"])] = member
            else:
                changed = False
                for key, value in (
                    ("relation", g["relation"]),
                    ("phone", g["phone"]),
                    ("id_number", g["id_number"]),
                ):
                    if value and getattr(member, key) != value:
                        setattr(member, key, value)
                        changed = True
                if changed and member.pk:
                    member.id_hash = (
                        keyed_hash(member.id_number, settings.ID_HASH_KEY) if member.id_number else ""
                    )
                    changed_members.append(member)
    bulk_create_with_history(
        new_spells, CategorySpell, batch_size=1000, default_user=actor, default_change_reason=reason
    )
    bulk_create_with_history(
        new_members, FamilyMember, batch_size=1000, default_user=actor, default_change_reason=reason
    )
    if changed_members:
        bulk_update_with_history(
            changed_members,
            FamilyMember,
            ["relation", "phone", "id_number", "id_hash"],
            batch_size=1000,
            default_user=actor,
            default_change_reason=reason,
        )
