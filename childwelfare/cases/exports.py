"""Case management lists as exports (lib.exporting), each from the same rows as its page.

# --- caseflow: the case list ----------------------------------------------------------------
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from childwelfare.discovery.choices import Colour
from childwelfare.lib.exporting import (
    DATE,
    ID_NUMBER,
    Column,
    ExportList,
    Selection,
    choice_label,
    describe_filters,
    in_chunks,
    register_export,
)

from . import permissions
from .choices import CaseSource, CaseStatus, IntakeStatus, ReportingUnitType, ReportSituation
from .permissions import can_read_intakes, can_view_reporter


def _cases(user, query) -> Selection:
    from .views.caseflow import listed_cases

    form, cases = listed_cases(user, query)
    return Selection.of_user(cases, user, filters=describe_filters(form), as_of=timezone.localdate())


def _person(user) -> str:
    return user.display_name if user else ""


register_export(
    ExportList(
        key="cases",
        title=_("个案清单"),
        filename=_("个案清单"),
        columns=[
            Column(_("个案编号"), lambda c: c.number, width=18),
            Column(_("儿童"), lambda c: c.child.name, width=10),
            Column(_("身份证号"), lambda c: c.child.id_number, kind=ID_NUMBER),
            Column(_("所属社区"), lambda c: c.child.area.name, width=16),
            Column(_("风险颜色"), lambda c: choice_label(Colour)(c.child.latest_colour), width=10),
            Column(_("状态"), lambda c: choice_label(CaseStatus)(c.status), width=10),
            Column(_("案件来源"), lambda c: choice_label(CaseSource)(c.source), width=16),
            Column(
                _("重点个案分类"),
                lambda c: "、".join(k.get_key_class_display() for k in c.key_classes.all()),
                width=24,
            ),
            Column(_("个案工作者"), lambda c: _person(c.worker), width=10),
            Column(_("督导"), lambda c: _person(c.supervisor), width=10),
            Column(_("立案日期"), lambda c: c.opened_on, kind=DATE),
            Column(_("结案日期"), lambda c: c.closed_on, kind=DATE),
        ],
        select=_cases,
        allowed=permissions.can_read_cases,
    )
)


# --- intake and mandatory reports (part "intake") ------------------------------------------


def _intakes(user, query) -> Selection:
    from .intake_lists import listed_intakes

    form, intakes = listed_intakes(user, query)
    selection = Selection.of_user(intakes, user, filters=describe_filters(form), as_of=timezone.localdate())
    selection.extra = {"user": user, "reporter": can_view_reporter(user)}
    return selection


def _intake_rows(selection: Selection):
    """The rows with the reporter as the exporting user may see them: the names for users
    allowed (each report's view logged), else 保密; never the contact."""
    from .intake_lists import log_reporter_view

    shown = selection.extra.get("reporter", False)
    for intake in in_chunks(selection.queryset):
        report = intake.report if intake.report_pk else None
        if report is None:
            intake.reporter_cell = ""
        elif shown:
            log_reporter_view(selection.extra["user"], [report], how=gettext("（导出）"))
            intake.reporter_cell = report.reporter_name or ""
        else:
            intake.reporter_cell = gettext("保密")
        yield intake


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _situations(intake) -> str:
    if not intake.report_pk:
        return ""
    return "、".join(code for code in intake.report.situations if code in ReportSituation.values)


register_export(
    ExportList(
        key="intakes",
        title=_("接案登记"),
        filename=_("接案登记"),
        columns=[
            Column(_("接收时间"), lambda i: _local(i.received_at), width=17),
            Column(_("来源"), lambda i: choice_label(CaseSource)(i.source), width=16),
            Column(_("所属区划"), lambda i: i.area.name, width=16),
            Column(_("儿童"), lambda i: i.child.name if i.child_id else gettext("未登记"), width=10),
            Column(_("事由"), lambda i: i.description, width=40),
            Column(_("报告单位"), lambda i: i.report.unit_name if i.report_pk else "", width=20),
            Column(
                _("报告单位类型"),
                lambda i: choice_label(ReportingUnitType)(i.report.unit_type) if i.report_pk else "",
                width=14,
            ),
            Column(_("报告人"), lambda i: i.reporter_cell, width=10),
            Column(_("报告情形"), _situations, width=10),
            Column(_("发现时间"), lambda i: _local(i.report.harm_found_at) if i.report_pk else "", width=17),
            Column(
                _("向公安报案时间"),
                lambda i: _local(i.report.police_reported_at) if i.report_pk else "",
                width=17,
            ),
            Column(
                _("受理时间"), lambda i: _local(i.report.acknowledged_at) if i.report_pk else "", width=17
            ),
            Column(
                _("反馈时间"), lambda i: _local(i.report.outcome_told_at) if i.report_pk else "", width=17
            ),
            Column(_("状态"), lambda i: choice_label(IntakeStatus)(i.status), width=12),
            Column(_("个案编号"), lambda i: i.case.number if i.case_id else "", width=18),
        ],
        select=_intakes,
        allowed=can_read_intakes,
        rows=_intake_rows,
    )
)
