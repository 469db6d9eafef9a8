"""Figures of eligibility applications (认定申请, 民发〔2019〕62号) for the dashboard: the
applications by step on the day and those past their step's deadline (the application
list's 逾期: `benefits.applications.overdue`, township check and district confirmation 15 +
15 working days from the deadlines engine's calendar)."""

from __future__ import annotations

from django.db.models import Case, CharField, Count, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from childwelfare.benefits.applications import overdue
from childwelfare.benefits.choices import ApplicationStatus
from childwelfare.benefits.models import EligibilityApplication

from .. import units
from ..figures import Column, Figure, TallySpec, register

S = ApplicationStatus

COLUMNS = (
    Column(_("儿童"), lambda app: app.child.name),
    Column(_("申请类型"), lambda app: app.get_kind_display()),
    Column(_("申请日期"), lambda app: app.submitted_on),
    Column(_("状态"), lambda app: app.get_status_display()),
)


def _app_url(app) -> str:
    return reverse("benefits:application_detail", args=[app.pk])


def step_label(arg: str):
    try:
        return S(arg).label
    except ValueError as exc:
        raise LookupError(arg) from exc


def _submitted_by(period):
    return EligibilityApplication.objects.filter(
        child__area__code__areaprefix=period.area_code, submitted_on__lte=period.date_to
    )


def _with_step_on(applications, day):
    """Annotate `step_on`, the application's step on `day` read from the dates of its steps
    (a withdrawal has no date: a withdrawn application counts as withdrawn on any day)."""
    return applications.annotate(
        step_on=Case(
            When(confirmed_on__lte=day, then=Value(S.CONFIRMED.value)),
            When(refused_on__lte=day, then=Value(S.REFUSED.value)),
            When(status=S.WITHDRAWN, then=Value(S.WITHDRAWN.value)),
            When(verified_on__lte=day, then=Value(S.VERIFIED.value)),
            default=Value(S.SUBMITTED.value),
            output_field=CharField(),
        )
    )


def _applications_at_step(period, arg):
    step_label(arg)
    applications = _with_step_on(_submitted_by(period), period.date_to)
    return applications.filter(step_on=arg).order_by("-submitted_on", "-pk")


def _steps_on(period):
    return _with_step_on(_submitted_by(period), period.date_to)


def _applications_by_step(period, scoped):
    rows = (
        _with_step_on(scoped(_submitted_by(period)), period.date_to)
        .order_by()
        .values("step_on")
        .annotate(n=Count("pk"))
    )
    return {row["step_on"]: row["n"] for row in rows}


register(
    Figure(
        key="applications.by_step",
        label=_("认定申请办理环节"),
        records=_applications_at_step,
        values=_applications_by_step,
        columns=COLUMNS,
        detail_url=_app_url,
        arg_label=step_label,
        tally=TallySpec(records=_steps_on, area="child__area_id", arg="step_on"),
        unit=units.ITEMS,
        note=_(
            "截止日期当日或之前提出的认定申请，按截止日期当日所处环节（查验、确认、不予认定的日期）分列。"
        ),
        select_related=("child",),
    )
)


def _overdue_applications(period, arg):
    applications = EligibilityApplication.objects.filter(child__area__code__areaprefix=period.area_code)
    return (
        overdue(applications, period.date_to)
        .filter(submitted_on__lte=period.date_to)
        .order_by("-submitted_on", "-pk")
    )


register(
    Figure(
        key="applications.overdue",
        label=_("逾期未办结的认定申请"),
        records=_overdue_applications,
        columns=COLUMNS,
        detail_url=_app_url,
        tally=TallySpec(records=lambda period: _overdue_applications(period, None), area="child__area_id"),
        unit=units.ITEMS,
        note=_(
            "与认定申请列表的“逾期”相同：当前待查验且查验期限早于截止日期，或待确认且确认期限早于截止日期"
            "（乡镇查验、区县确认各15个工作日）。"
        ),
        select_related=("child",),
    )
)
