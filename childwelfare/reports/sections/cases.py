"""Figures of case management (issue 10) for the dashboard: cases by status and by key-case
class, conferences held in the period and their open actions.

"As of" the day: cases opened on or before `date_to`, by their present status (a case's
earlier statuses are events, not columns: the dashboard answers "where do the cases opened
by then stand"); the key-case classes count the cases open on the day (opened by it, not
closed by it); open actions are those of conference decisions open or in progress now."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from childwelfare.cases.choices import ActionStatus, CaseStatus, ConferenceStatus, KeyCaseClass
from childwelfare.cases.models import Case, CaseAction, CaseKeyClass, Conference

from .. import units
from ..figures import Column, Figure, TallySpec, register

CASE_COLUMNS = (
    Column(_("个案编号"), lambda case: case.number),
    Column(_("儿童"), lambda case: case.child.name),
    Column(_("立案日期"), lambda case: case.opened_on),
    Column(_("状态"), lambda case: case.get_status_display()),
)


def _case_url(case) -> str:
    return reverse("cases:case_detail", args=[case.pk])


def _label_of(choices):
    def label(arg: str):
        try:
            return choices(arg).label
        except ValueError as exc:
            raise LookupError(arg) from exc

    return label


def _opened_by(period):
    return Case.objects.filter(child__area__code__areaprefix=period.area_code, opened_on__lte=period.date_to)


def _cases_in_status(period, arg):
    _label_of(CaseStatus)(arg)
    return _opened_by(period).filter(status=arg).order_by("-opened_on", "-pk")


def _cases_by_status(period, scoped):
    rows = scoped(_opened_by(period)).order_by().values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


register(
    Figure(
        key="cases.by_status",
        label=_("个案办理状态"),
        records=_cases_in_status,
        values=_cases_by_status,
        columns=CASE_COLUMNS,
        detail_url=_case_url,
        arg_label=_label_of(CaseStatus),
        unit=units.ITEMS,
        note=_("截止日期当日或之前立案的个案，按当前状态分列。"),
        select_related=("child",),
        tally=TallySpec(records=_opened_by, area="child__area_id", arg="status"),
    )
)


def _open_on(period):
    return _opened_by(period).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=period.date_to))


def _cases_of_class(period, arg):
    _label_of(KeyCaseClass)(arg)
    classed = CaseKeyClass.objects.filter(key_class=arg).values("case_id")
    return _open_on(period).filter(pk__in=classed).order_by("-opened_on", "-pk")


def _classes_of_open_cases(period):
    return CaseKeyClass.objects.filter(case__in=_open_on(period).values("pk"))


def _cases_by_class(period, scoped):
    rows = (
        CaseKeyClass.objects.filter(case__in=scoped(_open_on(period)).values("pk"))
        .order_by()
        .values("key_class")
        .annotate(n=Count("case_id", distinct=True))
    )
    return {row["key_class"]: row["n"] for row in rows}


register(
    Figure(
        key="cases.by_key_class",
        label=_("重点个案分类"),
        records=_cases_of_class,
        values=_cases_by_class,
        columns=CASE_COLUMNS,
        detail_url=_case_url,
        arg_label=_label_of(KeyCaseClass),
        unit=units.ITEMS,
        note=_("截止日期当日在办（已立案、未结案）的个案，按重点个案分类分列；一件个案可属多个分类。"),
        select_related=("child",),
        tally=TallySpec(
            records=_classes_of_open_cases,
            area="case__child__area_id",
            arg="key_class",
            value=lambda period: Count("case_id", distinct=True),
        ),
    )
)


def _conferences_held(period, arg):
    return Conference.objects.filter(
        area__code__areaprefix=period.area_code,
        status=ConferenceStatus.HELD,
        held_at__date__gte=period.date_from,
        held_at__date__lte=period.date_to,
    ).order_by("-held_at", "-pk")


register(
    Figure(
        key="conferences.held",
        label=_("已召开的个案会商"),
        records=_conferences_held,
        columns=(
            Column(_("会商主题"), lambda conference: conference.title),
            Column(_("会商时间"), lambda conference: conference.held_at),
            Column(_("区划"), lambda conference: conference.area.name),
        ),
        detail_url=lambda conference: reverse("cases:conference_detail", args=[conference.pk]),
        unit=units.MEETINGS,
        note=_("起止日期内召开（状态为已召开）的个案会商。"),
        select_related=("area",),
    )
)


def _open_actions(period, arg):
    return CaseAction.objects.filter(
        case__child__area__code__areaprefix=period.area_code,
        decision__isnull=False,
        status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS],
        created_at__date__lte=period.date_to,
    ).order_by("due_on", "pk")


register(
    Figure(
        key="conferences.open_actions",
        label=_("会商决定的未完成任务"),
        records=_open_actions,
        columns=(
            Column(_("任务"), lambda action: action.title),
            Column(_("个案编号"), lambda action: action.case.number),
            Column(_("完成期限"), lambda action: action.due_on),
            Column(_("状态"), lambda action: action.get_status_display()),
        ),
        detail_url=lambda action: reverse("cases:action_detail", args=[action.pk]),
        unit=units.ACTIONS,
        note=_("会商决定确定的任务中，截止日期当日或之前布置、当前待办或办理中的。"),
        select_related=("case",),
    )
)
