"""Case management on the child's timeline (registry.timeline providers). Each part adds
its own section."""

from django.utils.translation import gettext as _

from childwelfare.registry.timeline import TimelineEvent

# --- guardianship -------------------------------------------------------------------------


def guardianship_events(child, user):
    """TimelineEvents of the child's guardianships by civil affairs: each start, assessment
    and end (two queries). Readers of the child file see them (the child page's own check)."""
    from .models import GuardianAssessment, Guardianship

    guardianships = list(Guardianship.objects.filter(child=child).select_related("created_by"))
    for g in guardianships:
        detail = g.get_placement_display() if g.placement else ""
        if g.placement_detail:
            detail = f"{detail}：{g.placement_detail}" if detail else g.placement_detail
        yield TimelineEvent(
            at=g.started_on,
            kind="cases.guardianship.start",
            title=_("开始%(kind)s") % {"kind": g.get_kind_display()},
            detail=" ".join(part for part in (g.decision_no, detail) if part),
            actor=_actor(g.created_by),
        )
        if g.ended_on:
            yield TimelineEvent(
                at=g.ended_on,
                kind="cases.guardianship.end",
                title=_("%(kind)s结束：%(reason)s")
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
            title=_("监护能力评估：%(result)s")
            % {"result": _("具备监护能力") if a.guardian_able else _("尚不具备监护能力")},
            detail=a.notes,
            actor=_actor(a.assessed_by),
        )


def _actor(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username
