"""The screening-results template (排查结果模板) pre-filled with the user's pending children:
one row per record of the campaign the user may screen (待排查 or 已退回, within scope), with
its 排查记录编号 (which identifies the row when imported), the child's name and ID number
(masked unless the user holds the full-ID permission), drop-downs for the answer columns
built from what the importer accepts, and the notes sheet (lib.fillin)."""

from __future__ import annotations

from typing import IO

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from childwelfare.lib.fillin import TemplateColumn, write_fillin_template
from childwelfare.lib.idnumber import mask

from . import permissions
from .choices import RecordStatus
from .importing import MODES, TEMPLATE_COLUMNS
from .models import Campaign, RiskItem, ScreeningRecord
from .risk import current_item_set

YES_NO = ["是", "否"]


def pending_records(campaign: Campaign, user) -> list[ScreeningRecord]:
    """The campaign's records `user` may screen now: 待排查 or 已退回, visible to the user,
    of a community where the user is the child director (discovery.permissions.can_screen),
    ordered by community and name."""
    records = (
        ScreeningRecord.objects.filter(campaign=campaign)
        .visible_to(user)
        .filter(Q(status=RecordStatus.PENDING) | Q(status=RecordStatus.RETURNED))
        .select_related("child")
        .order_by("child__area_id", "child__name_pinyin", "pk")
    )
    return [record for record in records if permissions.can_screen(user, record.child.area_id)]


def _columns(item_labels: list[str]) -> list[TemplateColumn]:
    notes = {
        "排查记录编号": (_("系统预填，用于对应排查记录，请勿修改"), False, True),
        "姓名": (_("系统预填，请勿修改"), False, True),
        "公民身份号码": (_("系统预填（可能已脱敏），请勿修改"), False, True),
        "走访日期": (_("必填，不早于排查开始日期、不晚于今天，如 2026-11-30"), True, True),
        "走访方式": (_("从下拉列表选择：入户、到校 或 电话"), False, True),
        "风险情形": (_("从下拉列表选择评估指标；有多项的，用顿号分隔"), False, False),
        "不符合政策但确有困难": (_("是 或 否，不填为否"), False, True),
    }
    choices = {
        "走访方式": list(dict.fromkeys(["入户", "到校", "电话", *MODES])),
        "风险情形": item_labels,
        "不符合政策但确有困难": YES_NO,
    }
    columns = []
    for header in TEMPLATE_COLUMNS:
        note, required, strict = notes.get(header, (_("文字说明，2000字以内"), False, True))
        columns.append(
            TemplateColumn(
                header,
                choices=choices.get(header, ()),
                strict=strict,
                text=header in ("排查记录编号", "公民身份号码"),
                required=required,
                note=note,
                width=22 if header in ("公民身份号码", "风险情形") else 14,
            )
        )
    return columns


def write_screening_template(target: str | IO[bytes], campaign: Campaign, user, *, full_id: bool) -> int:
    """Write the pre-filled template of `campaign` for `user` to `target`; ID numbers in full
    only when `full_id` (the caller checked the permission and logs the download). Returns
    the number of children pre-filled."""
    today = timezone.localdate()
    item_set = current_item_set(today)
    labels = list(RiskItem.objects.filter(item_set=item_set).values_list("label", flat=True))
    records = pending_records(campaign, user)
    rows = []
    for record in records:
        values = {
            "排查记录编号": str(record.pk),
            "姓名": record.child.name,
            "公民身份号码": record.child.id_number if full_id else mask(record.child.id_number),
        }
        rows.append([values.get(header, "") for header in TEMPLATE_COLUMNS])
    return write_fillin_template(
        target,
        _columns(labels),
        sheet_title="排查结果",
        rows=rows,
        notes=[
            _("%(campaign)s 排查结果填写说明") % {"campaign": campaign.name},
            _("已预填您负责的待排查儿童（%(n)s人）。每行一名儿童，请勿修改前三列。") % {"n": len(rows)},
            _("未走访的儿童请整行删除；全部行校验通过才会写入。"),
            _("建议先勾选“只校验，不写入”试运行，确认无误后在结果页点击“确认导入”。"),
        ],
    )
