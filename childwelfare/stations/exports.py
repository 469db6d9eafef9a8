"""The activity list as an export (lib.exporting), from the same rows as its page for the
same query string (views.work.listed_activities). Found at start-up by the exports app."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from childwelfare.lib.exporting import (
    DATE,
    INT,
    Column,
    ExportList,
    Selection,
    choice_label,
    describe_filters,
    register_export,
)

from . import permissions
from .choices import ActivityKind


def _activities(user, query) -> Selection:
    from .views.work import listed_activities

    form, activities = listed_activities(user, query)
    return Selection.of_user(activities.order_by("-held_on", "-pk"), user, filters=describe_filters(form))


kind = choice_label(ActivityKind)

register_export(
    ExportList(
        key="station_activities",
        title=_("阵地活动"),
        filename=_("阵地活动"),
        columns=[
            Column(_("活动日期"), lambda a: a.held_on, kind=DATE),
            Column(_("阵地"), lambda a: a.site.name, width=28),
            Column(_("活动类型"), lambda a: kind(a.kind)),
            Column(_("活动名称"), lambda a: a.title, width=28),
            Column(_("服务人次"), lambda a: a.person_times, kind=INT),
            Column(_("所属项目"), lambda a: a.project.name if a.project else "", width=20),
            Column(_("备注"), lambda a: a.notes, width=30),
        ],
        select=_activities,
        allowed=permissions.can_read_sites,
    )
)
