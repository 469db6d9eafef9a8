"""The roster template users fill in (名册模板): the importer's own columns (TEMPLATE_COLUMNS),
ID-number and phone columns as text, drop-down lists built from the values the importer
accepts (so the two cannot drift), one example row marked 示例 (skipped by the importer:
lib.tabular EXAMPLE_MARK, and its ID number refused anywhere, columns.EXAMPLE_ID_NUMBER),
and the notes sheet (填写说明)."""

from __future__ import annotations

from datetime import date
from typing import IO

from django.utils.translation import gettext as _

from childwelfare.lib.fillin import TemplateColumn, write_fillin_template
from childwelfare.lib.tabular import EXAMPLE_MARK

from ..choices import CATEGORY_SYNONYMS, RELATION_SYNONYMS, SCHOOL_STATUS_SYNONYMS
from .columns import _GENDER_LOOKUP, ETHNICITY_CHOICES, EXAMPLE_ID_NUMBER, TEMPLATE_COLUMNS

DATE_FORMATS = "2016-05-01、2016/5/1、2016.5.1、20160501、2016年5月1日"


def roster_choices() -> dict[str, list[str]]:
    """Template header -> the drop-down's values, each one the importer accepts: the
    Chinese genders, the ethnic groups, and the first (standard) name of each category,
    school status and relation."""
    return {
        "性别": [word for word in _GENDER_LOOKUP if not word.isascii()],
        "民族": list(ETHNICITY_CHOICES),
        "儿童类别": [names[0] for names in CATEGORY_SYNONYMS.values()],
        "就学状况": [names[0] for names in SCHOOL_STATUS_SYNONYMS.values()],
        "与儿童关系": [names[0] for names in RELATION_SYNONYMS.values()],
    }


def _notes() -> dict[str, tuple[str, bool, bool, bool]]:
    """header -> (note, required, text format, strict drop-down)."""
    return {
        "序号": (_("可不填。示例行此列为“示例”，导入时跳过；填写时可删除示例行"), False, False, True),
        "姓名": (_("儿童姓名：汉字、·或英文字母"), True, False, True),
        "性别": (_("男 或 女；须与身份证号第17位一致"), False, False, True),
        "公民身份号码": (_("18位身份证号（末位可为X）。本列已设为文本格式，请勿改为数字"), True, True, True),
        "出生日期": (_("可不填；填写的须与身份证号一致。日期格式：%(formats)s"), False, False, True),
        "民族": (_("从下拉列表选择，如 汉族"), False, False, True),
        "户籍地": (_("户籍地址，如 江苏省南京市玄武区梅园新村街道"), False, False, True),
        "现住址": (_("现居住地址"), False, False, True),
        "所属街道": (_("所属乡镇（街道），按区导入时须填写"), False, False, True),
        "所属社区": (
            _("所属村（居），须为已登记的名称；未登记的名称不会自动新增，试运行会列出并提示相近的名称"),
            False,
            False,
            True,
        ),
        "儿童类别": (
            _("从下拉列表选择；有多个类别的，用顿号分隔（如 留守儿童、低保家庭儿童）"),
            False,
            False,
            False,
        ),
        "类别认定日期": (_("可不填（按导入当日）。日期格式：%(formats)s"), False, False, True),
        "就学状况": (
            _("从下拉列表选择；在校的可在后面加学校名称，如 在校（梅园小学五年级）"),
            False,
            False,
            False,
        ),
        "监护人姓名": (_("填写了监护人其他信息的，须填写姓名"), False, False, True),
        "与儿童关系": (_("从下拉列表选择；其他关系可直接填写"), False, False, False),
        "监护人身份证号": (_("18位或15位。本列已设为文本格式"), False, True, True),
        "监护人联系电话": (_("手机号或带区号的固定电话。本列已设为文本格式"), False, True, True),
        "备注": (_("500字以内"), False, False, True),
    }


def roster_template_columns() -> list[TemplateColumn]:
    """The template's columns, in TEMPLATE_COLUMNS order."""
    choices = roster_choices()
    notes = _notes()
    columns = []
    for header in TEMPLATE_COLUMNS:
        note, required, text, strict = notes.get(header, ("", False, False, True))
        columns.append(
            TemplateColumn(
                header,
                choices=choices.get(header, ()),
                strict=strict,
                text=text,
                required=required,
                note=note % {"formats": DATE_FORMATS} if "%(formats)s" in note else note,
                width=22 if text else 12,
            )
        )
    return columns


def example_row() -> list:
    """The example row, in TEMPLATE_COLUMNS order (never imported)."""
    values = {
        "序号": f"{EXAMPLE_MARK}（导入时跳过）",
        "姓名": "张小明",
        "性别": "男",
        "公民身份号码": EXAMPLE_ID_NUMBER,
        "出生日期": date(2016, 5, 1),
        "民族": "汉族",
        "户籍地": "XX省XX市XX区XX街道",
        "现住址": "XX街道XX社区1幢1单元101室",
        "所属街道": "XX街道",
        "所属社区": "XX社区",
        "儿童类别": "农村留守儿童",
        "类别认定日期": date(2024, 3, 1),
        "就学状况": "在校（XX小学三年级）",
        "监护人姓名": "张大山",
        "与儿童关系": "祖父",
        "监护人身份证号": "",
        "监护人联系电话": "13900000000",
        "备注": "",
    }
    return [values.get(header, "") for header in TEMPLATE_COLUMNS]


def write_roster_template(target: str | IO[bytes]) -> None:
    """The roster template (.xlsx) to `target`."""
    write_fillin_template(
        target,
        roster_template_columns(),
        sheet_title="儿童名册",
        example=example_row(),
        notes=[
            _("儿童名册填写说明"),
            _("每行一名儿童；表头请勿修改。第2行是示例（序号列为“示例”），导入时自动跳过，也可删除。"),
            _("必填列：姓名、公民身份号码。全部行校验通过才会写入；同一名册重复导入只会更新，不会重复建档。"),
            _("身份证号、电话列已设为文本格式：从其他表格粘贴时请用“选择性粘贴—数值”，以免变成科学计数法。"),
            _("日期可写作：%(formats)s") % {"formats": DATE_FORMATS},
            _("建议先勾选“只校验，不写入”试运行，确认无误后在结果页点击“确认导入”。"),
        ],
    )
