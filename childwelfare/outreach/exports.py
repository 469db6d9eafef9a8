"""A campaign's events and a call's submissions as exports (lib.exporting), from the same
rows as their pages for the same query string. Found at start-up by the exports app."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.access.guards import get_visible_or_404
from childwelfare.lib.exporting import (
    DATE,
    INT,
    Column,
    ExportList,
    Selection,
    choice_label,
    local_date,
    register_export,
)

from . import permissions
from .choices import EventKind, Law, SubmissionKind, SubmissionStatus
from .models import Call, PublicityCampaign


def _events(user, query, pk) -> Selection:
    from .views.publicity import listed_events

    campaign = get_visible_or_404(PublicityCampaign.objects.all(), user, pk=pk)
    return Selection.of_user(
        listed_events(user, query, campaign), user, filters=str(campaign), as_of=timezone.localdate()
    )


def _laws(event) -> str:
    label = choice_label(Law)
    return "、".join(label(law) for law in event.laws)


register_export(
    ExportList(
        key="publicity_events",
        title=_("宣传活动场次"),
        filename=_("宣传活动场次"),
        columns=[
            Column(_("日期"), lambda e: e.held_on, kind=DATE),
            Column(_("形式"), lambda e: choice_label(EventKind)(e.kind), width=16),
            Column(_("名称"), lambda e: e.title, width=24),
            Column(_("主办区域"), lambda e: e.area.name, width=12),
            Column(_("主办单位"), lambda e: e.organiser, width=16),
            Column(_("地点"), lambda e: e.place, width=24),
            Column(_("受众人次"), lambda e: e.audience, kind=INT),
            Column(_("发放宣传品份数"), lambda e: e.materials, kind=INT),
            Column(_("宣传的法律"), _laws, width=28),
        ],
        select=_events,
        allowed=permissions.can_read_publicity,
    )
)


def _submissions(user, query, pk) -> Selection:
    from .views.calls import listed_submissions

    call = get_visible_or_404(Call.objects.all(), user, pk=pk)
    return Selection.of_user(
        listed_submissions(user, query, call), user, filters=str(call), as_of=timezone.localdate()
    )


register_export(
    ExportList(
        key="call_submissions",
        title=_("申报材料"),
        filename=_("申报材料"),
        columns=[
            Column(_("类型"), lambda s: choice_label(SubmissionKind)(s.kind), width=10),
            Column(_("标题"), lambda s: s.title, width=36),
            Column(_("申报单位"), lambda s: s.submitter, width=16),
            Column(_("申报时间"), lambda s: local_date(s.submitted_at), kind=DATE),
            Column(_("状态"), lambda s: choice_label(SubmissionStatus)(s.status), width=8),
            Column(_("得分"), lambda s: str(s.score) if s.score is not None else "", width=8),
            Column(_("名次"), lambda s: s.rank, kind=INT),
            Column(_("入选"), lambda s: _("是") if s.selected else "", width=6),
        ],
        select=_submissions,
        allowed=lambda user: permissions.can_read_submissions(user) and not permissions.is_reviewer(user),
    )
)
