"""Case management on the child's timeline (registry.timeline providers). Each part of case
management keeps its own section. A fixed number of queries per child file."""

from __future__ import annotations

from django.utils.translation import gettext as _

from childwelfare.registry.timeline import TimelineEvent

# --- intake and mandatory reports (part "intake") ------------------------------------------


def intake_events(child, user):
    """The child's intakes and mandatory reports: received, acknowledged, decided, outcome
    told. The reporter never appears (not even for users allowed to see reporters: the
    report's own page is where a view is logged); the reporting unit does."""
    from .choices import CaseSource, IntakeStatus
    from .models import Intake

    intakes = Intake.objects.filter(child=child).select_related(
        "recorded_by", "decided_by", "case", "report", "report__acknowledged_by", "report__outcome_told_by"
    )
    for intake in intakes:
        report = (
            intake.report
            if intake.source == CaseSource.MANDATORY_REPORT and hasattr(intake, "report")
            else None
        )
        if report is not None:
            title = _("强制报告：%(unit)s（%(type)s）") % {
                "unit": report.unit_name,
                "type": report.get_unit_type_display(),
            }
        else:
            title = _("接案登记：%(source)s") % {"source": intake.get_source_display()}
        yield TimelineEvent(
            at=intake.received_at,
            kind="cases.intake",
            title=title,
            detail=intake.description[:200],
            actor=str(intake.recorded_by),
        )
        if report is not None and report.acknowledged_at:
            yield TimelineEvent(
                at=report.acknowledged_at,
                kind="cases.intake",
                title=_("强制报告已受理"),
                actor=str(report.acknowledged_by or ""),
            )
        if intake.decided_at:
            if intake.status == IntakeStatus.LINKED and intake.case_id:
                title = _("接案已立案或并案：%(number)s") % {"number": intake.case.number}
                detail = ""
            else:
                title, detail = _("接案不予立案"), intake.decision_reason[:200]
            yield TimelineEvent(
                at=intake.decided_at,
                kind="cases.intake",
                title=title,
                detail=detail,
                actor=str(intake.decided_by),
            )
        if report is not None and report.outcome_told_at:
            yield TimelineEvent(
                at=report.outcome_told_at,
                kind="cases.intake",
                title=_("已向报告单位反馈处理结果"),
                detail=report.outcome[:200],
                actor=str(report.outcome_told_by or ""),
            )
