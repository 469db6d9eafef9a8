"""The roster's declared columns (headers with synonyms, parsers, lengths) for lib.tabular."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from childwelfare.lib.dates import check_event_date, parse_date
from childwelfare.lib.idnumber import IDNumber, make_number, normalise, parse
from childwelfare.lib.names import normalise_name
from childwelfare.lib.phones import PhoneError, parse_phone
from childwelfare.lib.spreadsheets import cell_text
from childwelfare.lib.tabular import CellError, Column, SheetSchema

from ..choices import (
    ALLOWANCE_CATEGORIES,
    CATEGORY_SYNONYMS,
    ETHNIC_GROUPS,
    RELATION_SYNONYMS,
    SCHOOL_STATUS_SYNONYMS,
    Gender,
)
from ..services import name_refusal
from .parents import parent_columns

_CATEGORY_LOOKUP = {alias: code for code, aliases in CATEGORY_SYNONYMS.items() for alias in aliases}
RELATION_LOOKUP = {alias: code for code, aliases in RELATION_SYNONYMS.items() for alias in aliases}
_SCHOOL_LOOKUP = sorted(
    ((alias, code) for code, aliases in SCHOOL_STATUS_SYNONYMS.items() for alias in aliases),
    key=lambda pair: -len(pair[0]),
)
_GENDER_LOOKUP = {
    "男": Gender.MALE,
    "女": Gender.FEMALE,
    "M": Gender.MALE,
    "F": Gender.FEMALE,
    "MALE": Gender.MALE,
    "FEMALE": Gender.FEMALE,
}
_SPLIT = re.compile(r"[、,，;；/／\s]+")
# The values the 民族 column accepts, in the template's drop-down order.
ETHNICITY_CHOICES = [*ETHNIC_GROUPS, "其他", "外国血统"]
_ETHNIC = set(ETHNICITY_CHOICES)
# The template's example row (importing.template) carries this number: valid in form, so the
# example shows what a number looks like, and refused wherever it is typed, so an example
# row whose 示例 mark was removed is never imported as a child.
EXAMPLE_ID_NUMBER = make_number("110101", date(2016, 5, 1), 99, "M")
# An ID number a spreadsheet turned into a number and a CSV then wrote as 3.20102201401021E+17.
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")
NOTES_MAX = 500
SCHOOL_NAME_MAX = 100  # Child.school_name


def _name(raw: Any) -> str:
    """The name in its stored form (lib.names: the same rule as the forms)."""
    text = cell_text(raw)
    if refusal := name_refusal(text):
        raise CellError(refusal.message, code=refusal.code, params=refusal.params)
    return normalise_name(text)


def _gender(raw: Any) -> str:
    gender = _GENDER_LOOKUP.get(cell_text(raw).upper())
    if gender is None:
        raise CellError(_("性别应为“男”或“女”"), code="bad_gender")
    return gender


def _id_number(raw: Any, *, today: date, allow_15: bool = False, whose: str = "child") -> IDNumber:
    if isinstance(raw, float) or _SCIENTIFIC.match(cell_text(raw)):
        if whose == "child":
            raise CellError(
                _("身份证号被存成了数字，末几位已丢失；请把该列设为“文本”格式后重新填写"), code="id_as_number"
            )
        raise CellError(
            _("监护人身份证号被存成了数字，末几位已丢失；请把该列设为“文本”格式"), code="id_as_number"
        )
    if normalise(cell_text(raw)) == EXAMPLE_ID_NUMBER:
        raise CellError(
            _("这是模板示例行中的身份证号：请删除示例行，或填写本人的身份证号"), code="example_id_number"
        )
    return parse(cell_text(raw), allow_15=allow_15, today=today)


def _ethnicity(raw: Any) -> str:
    text = cell_text(raw)
    if not text.endswith("族") and text + "族" in _ETHNIC:
        text += "族"
    if text not in _ETHNIC:
        raise CellError(_("不是规范的民族名称"), code="bad_ethnicity")
    return text


def _categories(raw: Any) -> list[str]:
    """Category codes of a cell such as "事实无人抚养、低保家庭儿童", each once."""
    codes: list[str] = []
    for part in _SPLIT.split(cell_text(raw)):
        if not part:
            continue
        code = _CATEGORY_LOOKUP.get(part)
        if code is None:
            raise CellError(_("无法识别的儿童类别“%(part)s”"), code="bad_category", params={"part": part})
        if code not in codes:
            codes.append(code)
    if len([code for code in codes if code in ALLOWANCE_CATEGORIES]) > 1:
        raise CellError(
            _("同一时期只能享受一项基本生活保障（孤儿、事实无人抚养、重病重残只能选一）"),
            code="two_allowances",
        )
    return codes


def _not_after_today(raw: Any, *, today: date) -> date:
    """The category's start date, checked by lib.dates.check_event_date (the forms' rule;
    the birth date is checked with the row, registry.importing.rows)."""
    return check_event_date(
        parse_date(raw), label=_("类别认定日期"), field="category_date", today=today, error=CellError
    )


def _school(raw: Any) -> tuple[str, str]:
    """(school status code, school name) of e.g. "在校（梅园小学五年级）"."""
    text = cell_text(raw)
    for alias, code in _SCHOOL_LOOKUP:
        if text.startswith(alias):
            rest = text[len(alias) :].strip(" （）()：:,，")
            if len(rest) > SCHOOL_NAME_MAX:
                raise CellError(
                    _("学校名称过长（%(length)s字，最多%(max)s字）"),
                    code="too_long",
                    params={"length": len(rest), "max": SCHOOL_NAME_MAX},
                )
            return code, rest
    raise CellError(_("就学状况应为 学龄前、在校、辍学 或 未入学"), code="bad_school_status")


def _phone(raw: Any) -> str:
    """The number in its stored form (lib.phones.parse_phone: the same rule as the forms)."""
    try:
        return parse_phone(cell_text(raw))
    except PhoneError as exc:
        raise CellError(exc.message, code=exc.code, params=exc.params) from exc


def roster_schema(today: date) -> SheetSchema:
    """The roster's columns; ID numbers and dates are judged as of `today`.
    The first header of each column is the template's (see TEMPLATE_COLUMNS). Headers are
    data (what Chinese spreadsheets say), so they are not translated."""

    def child_id(raw):
        return _id_number(raw, today=today)

    def guardian_id(raw):
        return _id_number(raw, today=today, allow_15=True, whose="guardian")

    def category_date(raw):
        return _not_after_today(raw, today=today)

    return SheetSchema(
        [
            Column("seq", "序号", ("编号", "序")),
            Column("name", "姓名", ("儿童姓名",), parser=_name, required=True, max_length=50),
            Column("gender", "性别", ("儿童性别",), parser=_gender),
            Column(
                "id_number",
                "公民身份号码",
                ("身份证号", "身份证号码", "儿童身份证号", "儿童身份证号码", "身份证"),
                parser=child_id,
                required=True,
                unique=lambda parsed: parsed.number,
                masked=True,
            ),
            Column(
                "birth_date", "出生日期", ("出生年月日", "出生年月", "生日"), parser=parse_date, empty=None
            ),
            Column("ethnicity", "民族", parser=_ethnicity, max_length=20),
            Column("hukou", "户籍地", ("户籍所在地", "户籍地址", "户口所在地"), max_length=200),
            Column("address", "现住址", ("现居住地址", "居住地址", "家庭住址", "现居住地"), max_length=200),
            Column(
                "street",
                "所属街道",
                ("乡镇（街道）", "乡镇(街道)", "街道", "乡镇", "所属乡镇（街道）", "所属乡镇"),
                max_length=100,
            ),
            Column(
                "community",
                "所属社区",
                (
                    "村（居）",
                    "村(居)",
                    "所属村（居）",
                    "所属村(居)",
                    "社区",
                    "村居",
                    "所属村居",
                    "所属村（社区）",
                ),
                max_length=100,
            ),
            Column("category", "儿童类别", ("类别", "困境类别", "儿童类型"), parser=_categories, empty=[]),
            Column(
                "category_date", "类别认定日期", ("认定日期", "认定时间"), parser=category_date, empty=None
            ),
            Column(
                "school_status",
                "就学状况",
                ("就学情况", "在学情况", "就读情况"),
                parser=_school,
                empty=("", ""),
            ),
            Column("guardian_name", "监护人姓名", ("监护人",), parser=_name, max_length=50),
            Column(
                "guardian_relation",
                "与儿童关系",
                ("监护人与儿童关系", "与儿童的关系", "关系"),
                max_length=30,
            ),
            Column(
                "guardian_id",
                "监护人身份证号",
                ("监护人身份证号码", "监护人公民身份号码"),
                parser=guardian_id,
                masked=True,
                empty=None,
            ),
            Column(
                "guardian_phone",
                "监护人联系电话",
                ("联系电话", "监护人电话", "联系方式", "监护人手机号"),
                parser=_phone,
            ),
            Column("notes", "备注", max_length=NOTES_MAX),
            *parent_columns(),
        ],
        example_column="seq",
    )


_SCHEMA = roster_schema(date.today())
# field -> accepted header names; the first is the name used in templates and messages.
COLUMNS: dict[str, list[str]] = {column.key: column.names for column in _SCHEMA.columns}
REQUIRED = [column.key for column in _SCHEMA.columns if column.required]
# The optional parent columns (importing.parents) are recognised but kept out of the
# template, which matches the child list's export (registry.exports.EXPORT_COLUMNS).
PARENT_COLUMNS = [column.header for column in parent_columns()]
TEMPLATE_COLUMNS = [header for header in _SCHEMA.template_headers if header not in PARENT_COLUMNS]
