"""Reads of intake (issue 10, part "intake"): the list's rows (page and export alike), the
report states the list filters on, and the reporter as a reader may see it. A reporter's
name or contact leaves this module only through `reporter_of`, which logs every view."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, OuterRef, Q
from django.utils import translation
from django.utils.translation import gettext as _

from childwelfare.audit.models import AccessAction
from childwelfare.audit.services import log_access
from childwelfare.deadlines.models import Deadline
from childwelfare.lib.paging import SortMap

from .choices import CaseSource, IntakeStatus
from .forms.intake import IntakeFilterForm
from .models import Intake, MandatoryReport
from .permissions import can_view_reporter
from .services.intake import ACK_RULE, reporter_hash

INTAKE_SORTS = SortMap(
    {
        "received": ("received_at", "pk"),
        "source": ("source", "-received_at", "pk"),
        "status": ("status", "-received_at", "pk"),
        "area": ("area_id", "-received_at", "pk"),
    },
    default="-received",
)


def overdue_ack() -> Exists:
    """Exists over the running, overdue acknowledgment deadline of the row's report (the
    engine decides lateness; nothing is stored)."""
    return Exists(
        Deadline.objects.overdue().filter(
            rule=ACK_RULE,
            subject_type=ContentType.objects.get_for_model(MandatoryReport),
            subject_id=OuterRef("report__pk"),
        )
    )


def report_state_filter(state: str) -> Q:
    """未受理 (unacknowledged), 逾期未受理 (overdue), 待反馈 (awaiting_feedback) as a filter
    over intakes."""
    reports = Q(source=CaseSource.MANDATORY_REPORT)
    if state == "unacknowledged":
        return reports & Q(report__acknowledged_at__isnull=True)
    if state == "overdue":
        return reports & Q(overdue_ack())
    if state == "awaiting_feedback":
        return reports & Q(report__acknowledged_at__isnull=False, report__outcome_told_at__isnull=True)
    return Q()


def search_filter(text: str, user) -> Q:
    """Unit, child's name, descriptions, police receipt number; the reporter's exact name
    (through its keyed hash) only for users allowed to see reporters — for anyone else a
    reporter's name finds nothing it would not find without it."""
    q = (
        Q(report__unit_name__icontains=text)
        | Q(child__name__icontains=text)
        | Q(child_description__icontains=text)
        | Q(description__icontains=text)
        | Q(report__police_receipt_no=text)
    )
    if can_view_reporter(user):
        digest = reporter_hash(text)
        if digest:
            q |= Q(report__reporter_name_hash=digest)
    return q


def listed_intakes(user, query):
    """(filter form, intakes) of the list for `query`: the page's and its export's rows,
    scoped, filtered and in the page's order."""
    form = IntakeFilterForm(query, user=user)
    intakes = Intake.objects.visible_to(user).select_related("area", "child", "report", "case")
    if form.is_valid():
        data = form.cleaned_data
        intakes = form.filter_by_area(intakes)
        if data.get("source"):
            intakes = intakes.filter(source=data["source"])
        if data.get("status"):
            intakes = intakes.filter(status=data["status"])
        if data.get("report"):
            intakes = intakes.filter(report_state_filter(data["report"]))
        start, end = form.day_range()
        if start:
            intakes = intakes.filter(received_at__gte=start)
        if end:
            intakes = intakes.filter(received_at__lt=end)
        if data.get("q"):
            intakes = intakes.filter(search_filter(data["q"].strip(), user))
    intakes = intakes.annotate(ack_overdue=overdue_ack(), report_pk=F("report__pk"))
    return form, INTAKE_SORTS.read_query(query).apply(intakes)


def report_counts(user) -> dict[str, int]:
    """{"unacknowledged", "overdue", "awaiting_feedback"}: the report work list's sizes in
    the user's scope."""
    intakes = Intake.objects.visible_to(user)
    return {
        state: intakes.filter(report_state_filter(state)).count()
        for state in ("unacknowledged", "overdue", "awaiting_feedback")
    }


def confidential() -> str:
    return _("保密")


def reporter_of(report: MandatoryReport, user, *, request=None, log: bool = True) -> dict:
    """{"name", "contact", "shown"}: the reporter as `user` may see them — the stored values
    for users allowed (can_view_reporter), each such view logged (audit, view_reporter) unless
    `log` is False because the caller logs a batch; else 保密 for both."""
    if not can_view_reporter(user):
        return {"name": confidential(), "contact": confidential(), "shown": False}
    if log:
        log_reporter_view(user, [report], request=request)
    return {"name": report.reporter_name or "—", "contact": report.reporter_contact or "—", "shown": True}


def log_reporter_view(user, reports, *, request=None, how: str = "") -> None:
    """One access-log entry per report whose reporter `user` saw (never the name itself)."""
    with translation.override("zh-hans"):
        for report in reports:
            detail = _("强制报告报告人身份：%(unit)s%(how)s") % {"unit": report.unit_name, "how": how}
            log_access(
                user=user, action=AccessAction.VIEW_REPORTER, obj=report, detail=str(detail), request=request
            )


OPEN = (IntakeStatus.RECEIVED, IntakeStatus.ACKNOWLEDGED)
