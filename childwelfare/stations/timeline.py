"""Station activities on a child's timeline: every activity the child took part in, at a
site the viewer sees. One query per child file."""

from django.utils.translation import gettext as _

from childwelfare.registry.timeline import TimelineEvent

from .models import Activity


def activity_events(child, user):
    activities = Activity.objects.visible_to(user).filter(children=child).select_related("site", "created_by")
    for activity in activities:
        yield TimelineEvent(
            at=activity.held_on,
            kind="stations.activity",
            title=_("参加阵地活动：%(title)s（%(kind)s）")
            % {"title": activity.title, "kind": activity.get_kind_display()},
            detail=activity.site.name,
            actor=str(activity.created_by),
        )
