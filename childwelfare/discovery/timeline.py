"""Discovery events on the child's timeline: visits, colour assessments, screening steps,
problems and care measures. A fixed number of queries per child file."""

from django.utils.translation import gettext as _

from childwelfare.registry.timeline import TimelineEvent

from .models import CareMeasure, ProblemAction, RiskAssessment, ScreeningRecord, Visit


def discovery_events(child, user):
    for visit in Visit.objects.filter(child=child).select_related("visitor"):
        title = _("抽样复访") if visit.is_sample_revisit else _("走访")
        detail = "；".join(
            text for text in (visit.living_situation, visit.guardianship, visit.safety, visit.notes) if text
        )
        yield TimelineEvent(
            at=visit.visited_on,
            kind="discovery.visit",
            title=_("%(title)s（%(mode)s）") % {"title": title, "mode": visit.get_mode_display()},
            detail=detail[:200],
            actor=str(visit.visitor),
        )
    for assessment in RiskAssessment.objects.filter(child=child).select_related("assessor", "item_set"):
        yield TimelineEvent(
            at=assessment.assessed_on,
            kind=f"discovery.colour.{assessment.colour}",
            title=_("风险评估：%(colour)s") % {"colour": assessment.get_colour_display()},
            detail=_("得分 %(score)s（指标版本 v%(version)s）%(emergency)s")
            % {
                "score": assessment.score,
                "version": assessment.item_set.version,
                "emergency": _("，存在紧急情形") if assessment.is_emergency else "",
            },
            actor=str(assessment.assessor),
        )
    records = ScreeningRecord.objects.filter(child=child).select_related(
        "campaign", "screened_by", "verified_by", "returned_by", "confirmed_by"
    )
    for record in records:
        steps = [
            (record.screened_at, _("排查"), record.screened_by, ""),
            (record.returned_at, _("退回重新排查"), record.returned_by, record.return_reason),
            (record.verified_at, _("核实"), record.verified_by, ""),
            (record.confirmed_at, _("确认"), record.confirmed_by, ""),
        ]
        for at, step, who, detail in steps:
            if at:
                yield TimelineEvent(
                    at=at,
                    kind="discovery.screening",
                    title=f"{record.campaign.name}：{step}",
                    detail=detail,
                    actor=str(who or ""),
                )
    actions = ProblemAction.objects.filter(problem__child=child).select_related("problem", "actor")
    labels = {
        "raised": _("登记问题"),
        "solved": _("问题办结"),
        "closed": _("问题销号"),
        "reopened": _("问题退回重办"),
    }
    for action in actions:
        yield TimelineEvent(
            at=action.at,
            kind="discovery.problem",
            title=_("%(action)s：%(kind)s（%(department)s）")
            % {
                "action": labels.get(action.kind, _("问题办理")),
                "kind": action.problem.get_kind_display(),
                "department": action.problem.get_department_display(),
            },
            detail=action.text[:200],
            actor=str(action.actor),
        )
    for measure in CareMeasure.objects.filter(child=child).select_related("created_by"):
        yield TimelineEvent(
            at=measure.start_date,
            kind="discovery.care",
            title=_("帮扶措施：%(type)s") % {"type": measure.get_measure_type_display()},
            detail=f"{measure.provider_name} {measure.description}"[:200],
            actor=str(measure.created_by),
        )
