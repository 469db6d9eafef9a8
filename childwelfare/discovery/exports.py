"""The discovery lists as exports (lib.exporting): the visit plan, the problems and a
campaign's screening records, each from the same rows as its page for the same query string
(views.*.listed_*). Found and registered at start-up by the exports app."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from childwelfare.access.guards import get_visible_or_404
from childwelfare.accounts.choices import Department
from childwelfare.accounts.permissions import can_read_children
from childwelfare.lib.exporting import (
    DATE,
    ID_NUMBER,
    INT,
    Column,
    ExportList,
    Selection,
    area_name_of,
    choice_label,
    describe_filters,
    local_date,
    register_export,
)

from . import permissions
from .choices import Colour, ProblemKind, ProblemStatus, RecordStatus
from .models import Campaign


def _visits(user, query) -> Selection:
    from .views.visits import listed_visits, week_end

    today = timezone.localdate()
    which, form, children = listed_visits(user, query, today)
    shown = (
        gettext("逾期未走访")
        if which == "overdue"
        else gettext("7天内应走访（至%(end)s）") % {"end": week_end(today).isoformat()}
    )
    filters = "、".join(part for part in (shown, describe_filters(form)) if part)
    return Selection.of_user(children, user, filters=filters, as_of=today)


def _days_late(child) -> int | None:
    days = (timezone.localdate() - child.next_due).days
    return days if days > 0 else None


colour = choice_label(Colour)

register_export(
    ExportList(
        key="visits",
        title=_("走访计划"),
        filename=_("走访计划"),
        columns=[
            Column(_("姓名"), lambda c: c.name, width=10),
            Column(_("身份证号"), lambda c: c.id_number, kind=ID_NUMBER),
            Column(_("出生日期"), lambda c: c.birth_date, kind=DATE),
            Column(_("所属社区"), lambda c: c.area.name, width=16),
            Column(_("颜色"), lambda c: colour(c.assessed_colour) or gettext("未评估"), width=8),
            Column(_("上次走访"), lambda c: c.last_visit, kind=DATE),
            Column(_("应访日期"), lambda c: c.next_due, kind=DATE),
            Column(_("逾期天数"), _days_late, kind=INT),
        ],
        select=_visits,
        allowed=can_read_children,
    )
)


def _problems(user, query) -> Selection:
    from .views.problems import listed_problems

    today = timezone.localdate()
    form, problems = listed_problems(user, query, today)
    return Selection.of_user(
        problems.select_related("raised_by"), user, filters=describe_filters(form), as_of=today
    )


register_export(
    ExportList(
        key="problems",
        title=_("问题清单"),
        filename=_("问题清单"),
        columns=[
            Column(_("问题类型"), lambda p: choice_label(ProblemKind)(p.kind), width=14),
            Column(_("问题描述"), lambda p: p.description, width=40),
            Column(_("儿童"), lambda p: p.child.name, width=10),
            Column(_("身份证号"), lambda p: p.child.id_number, kind=ID_NUMBER),
            Column(_("所属社区"), lambda p: p.child.area.name, width=16),
            Column(_("责任部门"), lambda p: choice_label(Department)(p.department), width=14),
            Column(_("办理期限"), lambda p: p.deadline, kind=DATE),
            Column(_("状态"), lambda p: choice_label(ProblemStatus)(p.status), width=8),
            Column(_("提出人"), lambda p: str(p.raised_by), width=10),
            Column(_("提出时间"), lambda p: local_date(p.raised_at), kind=DATE),
            Column(_("办结时间"), lambda p: local_date(p.solved_at), kind=DATE),
        ],
        select=_problems,
        allowed=permissions.can_read_problems,
    )
)


def _records(user, query, pk) -> Selection:
    from .views.campaigns import listed_records

    campaign = get_visible_or_404(Campaign.objects.select_related("area"), user, pk=pk)
    today = timezone.localdate()
    form, records = listed_records(user, campaign, query, today)
    area = form.cleaned_data.get("area", "") if form.is_valid() else ""
    return Selection(
        records,
        area=area_name_of(user) or campaign.area.name,
        area_code=area or user.area_id or campaign.area_id,
        filters="、".join(part for part in (campaign.name, describe_filters(form)) if part),
        as_of=today,
    )


def _marks(record) -> str:
    marks = []
    if record.in_sample:
        marks.append(gettext("抽样复核"))
    if record.added_during_screening:
        marks.append(gettext("新发现"))
    if record.in_difficulty_not_eligible:
        marks.append(gettext("不符合政策但确有困难"))
    return "、".join(marks)


register_export(
    ExportList(
        key="records",
        title=_("排查结果"),
        filename=_("排查结果"),
        columns=[
            Column(_("姓名"), lambda r: r.child.name, width=10),
            Column(_("身份证号"), lambda r: r.child.id_number, kind=ID_NUMBER),
            Column(_("所属社区"), lambda r: r.area.name, width=16),
            Column(_("状态"), lambda r: choice_label(RecordStatus)(r.status), width=10),
            Column(_("颜色"), lambda r: colour(r.shown_colour), width=8),
            Column(_("排查时颜色"), lambda r: colour(r.assessment.colour) if r.assessment else "", width=10),
            Column(_("排查人"), lambda r: str(r.screened_by) if r.screened_by else "", width=10),
            Column(_("排查时间"), lambda r: local_date(r.screened_at), kind=DATE),
            Column(_("标记"), _marks, width=20),
        ],
        select=_records,
        allowed=lambda user: True,  # as the page: the campaign decides (outside scope: 404)
    )
)
