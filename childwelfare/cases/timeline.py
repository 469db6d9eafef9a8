"""Case management on the child's timeline (registry.timeline providers), one per part.

# --- caseflow ------------------------------------------------------------------------------
The case's own log (CaseEvent, written by cases.services.caseflow.record_case_event) and its
opening. Other parts log to a case with

    record_case_event(case, "conference_decision", actor=user, subject=..., text=...)

after registering the kind's title once: `register_case_event_kind("conference_decision",
_("会商决定"))`. Two queries per child file.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from childwelfare.registry.timeline import TimelineEvent, actor_name

from .models import Case, CaseEvent

# kind → title; a move's title names its statuses.
CASE_EVENT_TITLES = {
    "moved": _("个案状态变更"),
    "reopened": _("重新开案"),
    "approval_requested": _("提请审批"),
    "approval_approved": _("审批通过"),
    "approval_returned": _("审批退回"),
    "goal_added": _("添加服务目标"),
    "goal_achieved": _("服务目标达成"),
    "goal_reopened": _("服务目标改为未达成"),
    "action_added": _("添加任务"),
    "action_progress": _("任务进展"),
    "action_done": _("任务完成"),
    "action_reopened": _("任务重新办理"),
    "note": _("进展记录"),
    "transfer_proposed": _("随儿童迁移待接收"),
    "transfer_accepted": _("迁入地已接收"),
    "transfer_refused": _("迁入地拒绝接收"),
    "transfer_cancelled": _("迁移已撤回"),
}


def register_case_event_kind(kind: str, title) -> None:
    """Name a kind of case event (a lazy translation) for the case page and the timeline."""
    CASE_EVENT_TITLES.setdefault(kind, title)


def event_title(event: CaseEvent) -> str:
    """What the event says in one line: "个案 GA…：评估 → 制定计划", "审批通过：个案计划"…"""
    title = str(CASE_EVENT_TITLES.get(event.kind, event.kind))
    if event.from_status and event.to_status:
        return gettext("%(title)s：%(from)s → %(to)s") % {
            "title": title,
            "from": event.get_from_status_display(),
            "to": event.get_to_status_display(),
        }
    if event.subject:
        return gettext("%(title)s：%(subject)s") % {"title": title, "subject": event.subject}
    return title


def case_events(child, user):
    cases = list(Case.objects.filter(child=child).select_related("created_by"))
    for case in cases:
        yield TimelineEvent(
            at=case.created_at,
            kind="cases.opened",
            title=gettext("开立个案 %(number)s（%(source)s）")
            % {"number": case.number, "source": case.get_source_display()},
            detail=case.summary[:200],
            actor=actor_name(case.created_by),
        )
    numbers = {case.pk: case.number for case in cases}
    for event in CaseEvent.objects.filter(case__child=child).select_related("actor"):
        yield TimelineEvent(
            at=event.at,
            kind=f"cases.{event.kind}",
            title=f"{numbers.get(event.case_id, '')} {event_title(event)}".strip(),
            detail=event.text[:200],
            actor=actor_name(event.actor),
        )


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
            title = gettext("强制报告：%(unit)s（%(type)s）") % {
                "unit": report.unit_name,
                "type": report.get_unit_type_display(),
            }
        else:
            title = gettext("接案登记：%(source)s") % {"source": intake.get_source_display()}
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
                title=gettext("强制报告已受理"),
                actor=str(report.acknowledged_by or ""),
            )
        if intake.decided_at:
            if intake.status == IntakeStatus.LINKED and intake.case_id:
                title = gettext("接案已立案或并案：%(number)s") % {"number": intake.case.number}
                detail = ""
            else:
                title, detail = gettext("接案不予立案"), intake.decision_reason[:200]
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
                title=gettext("已向报告单位反馈处理结果"),
                detail=report.outcome[:200],
                actor=str(report.outcome_told_by or ""),
            )


# --- conference (会商) -------------------------------------------------------------------------


def conference_events(child, user):
    """The conferences that discussed the child's cases (when convened for, and when held)
    and their decisions with any dissent. Two queries per child file."""
    from .models import ConferenceCase, ConferenceDecision

    items = ConferenceCase.objects.filter(case__child=child).select_related(
        "conference", "conference__convener", "case"
    )
    for item in items:
        conference = item.conference
        if conference.status == "held":
            title = gettext("个案会商：%(title)s") % {"title": conference.title}
        elif conference.status == "cancelled":
            title = gettext("个案会商已取消：%(title)s") % {"title": conference.title}
        else:
            title = gettext("安排个案会商：%(title)s") % {"title": conference.title}
        yield TimelineEvent(
            at=conference.held_at,
            kind="cases.conference",
            title=title,
            detail=gettext("个案 %(number)s；地点：%(place)s")
            % {"number": item.case.number, "place": conference.place or "—"},
            actor=str(conference.convener),
        )
    decisions = ConferenceDecision.objects.filter(item__case__child=child).select_related(
        "item__conference", "recorded_by"
    )
    for decision in decisions:
        detail = decision.text
        if decision.dissent:
            detail = gettext("%(decision)s；不同意见：%(dissent)s") % {
                "decision": decision.text,
                "dissent": decision.dissent,
            }
        yield TimelineEvent(
            at=decision.recorded_at,
            kind="cases.conference_decision",
            title=gettext("会商决定：%(title)s") % {"title": decision.item.conference.title},
            detail=detail[:300],
            actor=str(decision.recorded_by),
        )


# --- guardianship -------------------------------------------------------------------------


def guardianship_events(child, user):
    """TimelineEvents of the child's guardianships by civil affairs: each start, assessment
    and end (two queries). Readers of the child file see them (the child page's own check)."""
    from .models import GuardianAssessment, Guardianship

    guardianships = list(Guardianship.objects.filter(child=child).select_related("created_by"))
    for g in guardianships:
        detail = g.get_placement_display() if g.placement else ""
        if g.placement_detail:
            detail = f"{detail}{gettext('：')}{g.placement_detail}" if detail else g.placement_detail
        yield TimelineEvent(
            at=g.started_on,
            kind="cases.guardianship.start",
            title=gettext("开始%(kind)s") % {"kind": g.get_kind_display()},
            detail=" ".join(part for part in (g.decision_no, detail) if part),
            actor=_actor(g.created_by),
        )
        if g.ended_on:
            yield TimelineEvent(
                at=g.ended_on,
                kind="cases.guardianship.end",
                title=gettext("%(kind)s结束：%(reason)s")
                % {"kind": g.get_kind_display(), "reason": g.get_end_reason_display()},
                detail=g.end_note,
            )
    assessments = GuardianAssessment.objects.filter(guardianship__in=guardianships).select_related(
        "assessed_by"
    )
    for a in assessments:
        yield TimelineEvent(
            at=a.assessed_on,
            kind="cases.guardianship.assessment",
            title=gettext("监护能力评估：%(result)s")
            % {"result": gettext("具备监护能力") if a.guardian_able else gettext("尚不具备监护能力")},
            detail=a.notes,
            actor=_actor(a.assessed_by),
        )


def _actor(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username
