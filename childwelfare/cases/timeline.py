"""Case management events on the child's timeline (issue 10). Each part adds its provider."""

from django.utils.translation import gettext as _

from childwelfare.registry.timeline import TimelineEvent

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
            title = _("个案会商：%(title)s") % {"title": conference.title}
        elif conference.status == "cancelled":
            title = _("个案会商已取消：%(title)s") % {"title": conference.title}
        else:
            title = _("安排个案会商：%(title)s") % {"title": conference.title}
        yield TimelineEvent(
            at=conference.held_at,
            kind="cases.conference",
            title=title,
            detail=_("个案 %(number)s；地点：%(place)s")
            % {"number": item.case.number, "place": conference.place or "—"},
            actor=str(conference.convener),
        )
    decisions = ConferenceDecision.objects.filter(item__case__child=child).select_related(
        "item__conference", "recorded_by"
    )
    for decision in decisions:
        detail = decision.text
        if decision.dissent:
            detail = _("%(decision)s；不同意见：%(dissent)s") % {
                "decision": decision.text,
                "dissent": decision.dissent,
            }
        yield TimelineEvent(
            at=decision.recorded_at,
            kind="cases.conference_decision",
            title=_("会商决定：%(title)s") % {"title": decision.item.conference.title},
            detail=detail[:300],
            actor=str(decision.recorded_by),
        )
