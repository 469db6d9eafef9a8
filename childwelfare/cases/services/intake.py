"""Intake (接案登记) from every source and the mandatory report (强制报告): issue 10, part
"intake"; DOMAIN.md §7.

Every intake ends in one of three ways: it opens a case (cases.services.opening.open_case,
with the intake's source), it is linked to the child's case already open, or it is closed as
不予立案 with a reason. A mandatory report also runs two clocks on the deadline engine:
mandatory_report_ack (opened when the report is recorded, from its receipt; met on
acknowledgment) and mandatory_report_feedback (opened on acknowledgment; met when the
reporting unit is told the outcome; rule in cases/intake_deadlines.py).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from childwelfare.access.scope import ensure_visible
from childwelfare.deadlines.services import meet_deadline, open_deadline
from childwelfare.lib.idnumber import keyed_hash
from childwelfare.lib.names import check_name, normalise_name
from childwelfare.lib.uploads import check_attachment
from childwelfare.lib.versions import claim_version

from .. import permissions
from ..choices import CaseSource, CaseStatus, IntakeStatus, KeyCaseClass, ReportingUnitType, ReportSituation
from ..models import Case, Intake, IntakeAttachment, MandatoryReport
from ..models.intake import ChildIdentity
from .common import CaseConflict, CaseError
from .opening import open_case

OPEN_STATUSES = (IntakeStatus.RECEIVED, IntakeStatus.ACKNOWLEDGED)
ACK_RULE = "mandatory_report_ack"
FEEDBACK_RULE = "mandatory_report_feedback"


def reporter_hash(name: str) -> str:
    """The keyed hash (ID_HASH_KEY) of a reporter's normalised name, for an exact search by
    users allowed to see reporters; "" for no name."""
    name = normalise_name(name or "")
    return keyed_hash(f"reporter:{name}", settings.ID_HASH_KEY) if name else ""


def _check_past(moment: datetime | None, *, field: str, label, now: datetime) -> None:
    if moment is not None and moment > now:
        raise CaseError(
            _("%(label)s不能晚于现在。"), code="moment_in_future", field=field, params={"label": label}
        )


def _text(value: str | None, *, field: str, label, required: bool, limit: int) -> str:
    value = (value or "").strip()
    if required and not value:
        raise CaseError(_("请填写%(label)s。"), code="required", field=field, params={"label": label})
    if len(value) > limit:
        raise CaseError(
            _("%(label)s最多%(limit)s字。"),
            code="too_long",
            field=field,
            params={"label": label, "limit": limit},
        )
    return value


@transaction.atomic
def record_intake(
    *,
    actor,
    source: str,
    received_at: datetime,
    description: str,
    area=None,
    child=None,
    child_identity: str = ChildIdentity.REGISTERED,
    child_description: str = "",
    problem=None,
    _report: bool = False,
) -> Intake:
    """Register an intake (status 待受理) from `source` (CaseSource) received at `received_at`
    (aware, not ahead of now). The child is a registered file in `actor`'s scope (`child`;
    the intake's area is then the child's community), or not yet known: `child_identity`
    "new" or "unknown", described in `child_description`, handled in `area` (an Area in the
    actor's scope, usually the district that received it). `problem`: the discovery Problem
    it escalates (source discovery_problem), of the same child.

    Raises CaseError: invalid_choice (source or identity), use_report_form (a mandatory
    report goes through record_mandatory_report), required, too_long, moment_in_future,
    area_missing, not_allowed (the actor may not record intakes in that area),
    problem_mismatch; access.scope errors for a child or problem outside the actor's scope.
    """
    now = timezone.now()
    if source not in CaseSource.values:
        raise CaseError(
            _("案件来源无效：%(value)s"), code="invalid_choice", field="source", params={"value": source}
        )
    if source == CaseSource.MANDATORY_REPORT and not _report:
        raise CaseError(_("强制报告请通过强制报告登记表登记。"), code="use_report_form", field="source")
    if child_identity not in ChildIdentity.values:
        raise CaseError(
            _("儿童身份无效：%(value)s"),
            code="invalid_choice",
            field="child_identity",
            params={"value": child_identity},
        )
    description = _text(description, field="description", label=_("事由"), required=True, limit=2000)
    if child is not None:
        ensure_visible(child, actor)
        area, child_identity, child_description = child.area, ChildIdentity.REGISTERED, ""
    else:
        if child_identity == ChildIdentity.REGISTERED:
            raise CaseError(
                _("请选择已登记的儿童，或说明儿童尚未登记、身份不明。"), code="required", field="child"
            )
        child_description = _text(
            child_description, field="child_description", label=_("儿童情况"), required=True, limit=2000
        )
        if area is None:
            raise CaseError(_("请选择所属区划。"), code="area_missing", field="area")
    if not permissions.can_record_intake(actor, area.code):
        raise CaseError(_("您不能在该区划登记接案。"), code="not_allowed", field="area")
    if received_at is None:
        raise CaseError(
            _("请填写%(label)s。"), code="required", field="received_at", params={"label": _("接收时间")}
        )
    _check_past(received_at, field="received_at", label=_("接收时间"), now=now)
    if problem is not None:
        ensure_visible(problem, actor)
        if child is None or problem.child_id != child.pk:
            raise CaseError(_("发现的问题与所选儿童不符。"), code="problem_mismatch", field="problem")
    intake = Intake(
        source=source,
        received_at=received_at,
        area=area,
        child=child,
        child_identity=child_identity,
        child_description=child_description,
        description=description,
        problem=problem,
        recorded_by=actor,
    )
    intake._history_user = actor
    intake.save()
    return intake


@transaction.atomic
def record_mandatory_report(
    *,
    actor,
    received_at: datetime,
    description: str,
    unit_name: str,
    unit_type: str,
    situations: Iterable[str],
    harm_found_at: datetime,
    area=None,
    child=None,
    child_identity: str = ChildIdentity.REGISTERED,
    child_description: str = "",
    reporter_name: str = "",
    reporter_contact: str = "",
    police_reported_at: datetime | None = None,
    police_receipt_no: str = "",
) -> MandatoryReport:
    """Register a mandatory report: its intake (source mandatory_report, see record_intake
    for the child, the area and their errors) and the report — reporting unit and its type
    (ReportingUnitType), the reporter's name and contact (confidential, stored encrypted,
    never in the change history), the situations (ReportSituation codes, at least one), when
    the harm was found, when it was reported to the police and the police receipt number.
    Opens the acknowledgment deadline (rule mandatory_report_ack, from `received_at`).

    Raises CaseError besides record_intake's: invalid_choice (unit type, situation),
    situations_missing, found_after_received, police_before_found, police_time_missing (a
    receipt number without the time), moment_in_future; PersonNameError for a reporter name
    that is not a name.
    """
    now = timezone.now()
    unit_name = _text(unit_name, field="unit_name", label=_("报告单位"), required=True, limit=100)
    if unit_type not in ReportingUnitType.values:
        raise CaseError(
            _("报告单位类型无效：%(value)s"),
            code="invalid_choice",
            field="unit_type",
            params={"value": unit_type},
        )
    codes = sorted(set(situations or ()), key=lambda code: int(code) if str(code).isdigit() else 99)
    if not codes:
        raise CaseError(_("请至少选择一种报告情形。"), code="situations_missing", field="situations")
    for code in codes:
        if code not in ReportSituation.values:
            raise CaseError(
                _("报告情形无效：%(value)s"),
                code="invalid_choice",
                field="situations",
                params={"value": code},
            )
    name = check_name(reporter_name, field="reporter_name") if (reporter_name or "").strip() else ""
    contact = _text(
        reporter_contact, field="reporter_contact", label=_("报告人联系方式"), required=False, limit=50
    )
    receipt = _text(
        police_receipt_no, field="police_receipt_no", label=_("公安受案回执号"), required=False, limit=50
    )
    if harm_found_at is None:
        raise CaseError(
            _("请填写%(label)s。"), code="required", field="harm_found_at", params={"label": _("发现时间")}
        )
    _check_past(harm_found_at, field="harm_found_at", label=_("发现时间"), now=now)
    if received_at is not None and harm_found_at > received_at:
        raise CaseError(_("发现时间不能晚于接收时间。"), code="found_after_received", field="harm_found_at")
    if police_reported_at is not None:
        _check_past(police_reported_at, field="police_reported_at", label=_("向公安报案时间"), now=now)
        if police_reported_at < harm_found_at:
            raise CaseError(
                _("向公安报案时间不能早于发现时间。"), code="police_before_found", field="police_reported_at"
            )
    elif receipt:
        raise CaseError(
            _("填写了回执号，请同时填写向公安报案时间。"),
            code="police_time_missing",
            field="police_reported_at",
        )
    intake = record_intake(
        actor=actor,
        source=CaseSource.MANDATORY_REPORT,
        received_at=received_at,
        description=description,
        area=area,
        child=child,
        child_identity=child_identity,
        child_description=child_description,
        _report=True,
    )
    report = MandatoryReport(
        intake=intake,
        unit_name=unit_name,
        unit_type=unit_type,
        reporter_name=name,
        reporter_contact=contact,
        reporter_name_hash=reporter_hash(name),
        situations=codes,
        harm_found_at=harm_found_at,
        police_reported_at=police_reported_at,
        police_receipt_no=receipt,
    )
    report._history_user = actor
    report.save()
    open_deadline(
        report,
        ACK_RULE,
        start=received_at,
        area_code=intake.area_id,
        label=gettext_noop("强制报告受理：%(unit)s"),
        label_params={"unit": unit_name},
    )
    return report


def _acknowledge(report: MandatoryReport, *, actor, at: datetime) -> None:
    """Mark `report` acknowledged at `at` by `actor` (no checks: callers check)."""
    report.acknowledged_at = at
    report.acknowledged_by = actor
    report._history_user = actor
    report.save(update_fields=["acknowledged_at", "acknowledged_by", "version"])
    meet_deadline(report, ACK_RULE, at=at)
    open_deadline(
        report,
        FEEDBACK_RULE,
        start=at,
        area_code=report.intake.area_id,
        label=gettext_noop("强制报告结果反馈：%(unit)s"),
        label_params={"unit": report.unit_name},
    )


def _report_of(intake: Intake) -> MandatoryReport | None:
    try:
        return intake.report
    except MandatoryReport.DoesNotExist:
        return None


@transaction.atomic
def acknowledge_report(report: MandatoryReport, *, actor, expected_version: int | None) -> MandatoryReport:
    """The district acknowledges a mandatory report (受理) now: meets its acknowledgment
    deadline (on time or late, as the engine's due moment says) and starts the outcome
    feedback deadline; the intake becomes 已受理 if it was 待受理.

    Raises CaseError: not_allowed (not a district officer of the report's area),
    already_acknowledged; CaseConflict (stale_version) when the page was stale.
    """
    ensure_visible(report, actor)
    if not permissions.can_acknowledge_report(actor, report):
        raise CaseError(_("只有该区的区民政干部可以受理强制报告。"), code="not_allowed")
    claim_version(report, expected_version, conflict=CaseConflict)
    if report.acknowledged_at is not None:
        raise CaseError(
            _("该报告已于 %(at)s 受理。"),
            code="already_acknowledged",
            params={"at": timezone.localtime(report.acknowledged_at)},
        )
    now = timezone.now()
    _acknowledge(report, actor=actor, at=now)
    intake = report.intake
    if intake.status == IntakeStatus.RECEIVED:
        claim_version(intake, None, conflict=CaseConflict)
        intake.status = IntakeStatus.ACKNOWLEDGED
        intake._history_user = actor
        intake.save(update_fields=["status", "version"])
    return report


@transaction.atomic
def record_report_outcome(
    report: MandatoryReport, *, actor, expected_version: int | None, outcome: str, told_at: datetime
) -> MandatoryReport:
    """Record that the reporting unit was told the outcome (`outcome`, told at `told_at`,
    aware, not ahead of now and not before the acknowledgment) by `actor`; meets the feedback
    deadline at `told_at`. A second call corrects the text and time.

    Raises CaseError: not_allowed, not_acknowledged, required, too_long, moment_in_future,
    told_before_ack; CaseConflict (stale_version).
    """
    ensure_visible(report, actor)
    if not permissions.can_acknowledge_report(actor, report):
        raise CaseError(_("只有该区的区民政干部可以反馈处理结果。"), code="not_allowed")
    claim_version(report, expected_version, conflict=CaseConflict)
    if report.acknowledged_at is None:
        raise CaseError(_("请先受理该报告。"), code="not_acknowledged")
    outcome = _text(outcome, field="outcome", label=_("处理结果"), required=True, limit=2000)
    if told_at is None:
        raise CaseError(
            _("请填写%(label)s。"), code="required", field="outcome_told_at", params={"label": _("反馈时间")}
        )
    _check_past(told_at, field="outcome_told_at", label=_("反馈时间"), now=timezone.now())
    if told_at < report.acknowledged_at.replace(second=0, microsecond=0):
        raise CaseError(_("反馈时间不能早于受理时间。"), code="told_before_ack", field="outcome_told_at")
    report.outcome = outcome
    report.outcome_told_at = told_at
    report.outcome_told_by = actor
    report._history_user = actor
    report.save(update_fields=["outcome", "outcome_told_at", "outcome_told_by", "version"])
    meet_deadline(report, FEEDBACK_RULE, at=told_at)
    return report


def _decide(intake: Intake, *, actor, expected_version: int | None) -> MandatoryReport | None:
    """The common checks of a decision on `intake`; claims its version. Returns its report."""
    ensure_visible(intake, actor)
    if not permissions.can_decide_intake(actor, intake):
        raise CaseError(_("只有该区的区民政干部可以处理接案。"), code="not_allowed")
    claim_version(intake, expected_version, conflict=CaseConflict)
    if intake.status not in OPEN_STATUSES:
        raise CaseError(
            _("该接案已处理（%(status)s）。"),
            code="intake_decided",
            params={"status": intake.get_status_display()},
        )
    report = _report_of(intake)
    now = timezone.now()
    if report is not None and report.acknowledged_at is None:
        # Deciding on a report acknowledges it: the district has taken it up.
        claim_version(report, None, conflict=CaseConflict)
        _acknowledge(report, actor=actor, at=now)
    intake.decided_by = actor
    intake.decided_at = now
    intake._history_user = actor
    return report


@transaction.atomic
def open_case_for_intake(
    intake: Intake, *, actor, expected_version: int | None, key_classes: Iterable[str] = (), summary: str = ""
) -> tuple[Case, bool]:
    """Open a case for the intake's child with the intake's source (open_case; the actor is
    its case worker), or — when the child already has a case that is not closed — link the
    intake to that case. Returns (case, linked). The intake becomes 已立案或并案; a report
    not yet acknowledged is acknowledged now.

    Raises CaseError: not_allowed (not a district officer of the intake's area),
    intake_decided, child_unknown (no registered child yet: attach_child first), and
    open_case's errors (invalid_choice for a key class); CaseConflict (stale_version).
    """
    if intake.child_id is None:
        ensure_visible(intake, actor)
        raise CaseError(_("儿童尚未确认身份，请先关联儿童档案再立案。"), code="child_unknown", field="child")
    for value in key_classes:
        if value not in KeyCaseClass.values:
            raise CaseError(
                _("重点个案分类无效：%(value)s"),
                code="invalid_choice",
                field="key_classes",
                params={"value": value},
            )
    _decide(intake, actor=actor, expected_version=expected_version)
    existing = Case.objects.filter(child_id=intake.child_id).exclude(status=CaseStatus.CLOSED).first()
    if existing is None:
        case = open_case(
            intake.child,
            source=intake.source,
            worker=actor,
            actor=actor,
            key_classes=key_classes,
            summary=(summary or intake.description)[:2000],
        )
        linked = False
    else:
        case, linked = existing, True
    intake.case = case
    intake.status = IntakeStatus.LINKED
    intake.save(update_fields=["case", "status", "decided_by", "decided_at", "version"])
    return case, linked


@transaction.atomic
def decline_intake(intake: Intake, *, actor, expected_version: int | None, reason: str) -> Intake:
    """Close the intake as 不予立案 with `reason` (required). A report not yet acknowledged
    is acknowledged now (the reporting unit is still told the outcome).

    Raises CaseError: not_allowed, intake_decided, required, too_long; CaseConflict.
    """
    reason = _text(reason, field="reason", label=_("不予立案理由"), required=True, limit=2000)
    _decide(intake, actor=actor, expected_version=expected_version)
    intake.status = IntakeStatus.NO_CASE
    intake.decision_reason = reason
    intake.save(update_fields=["status", "decision_reason", "decided_by", "decided_at", "version"])
    return intake


@transaction.atomic
def attach_child(intake: Intake, child, *, actor, expected_version: int | None) -> Intake:
    """The hook for a child identified after the intake: attach the registered file `child`
    (or the provisional record of an unknown-identity child, which is a Child too) to an
    intake recorded without one; the intake moves to the child's community. The intake keeps
    how the child was first known (child_identity) and its description.

    Raises CaseError: not_allowed, child_already_known, intake_decided; CaseConflict; scope
    errors for a child outside the actor's scope.
    """
    ensure_visible(intake, actor)
    ensure_visible(child, actor)
    if not permissions.can_record_intake(actor, intake.area_id):
        raise CaseError(_("您不能修改该接案。"), code="not_allowed")
    claim_version(intake, expected_version, conflict=CaseConflict)
    if intake.child_id is not None:
        raise CaseError(_("该接案已关联儿童。"), code="child_already_known", field="child")
    if intake.status not in OPEN_STATUSES:
        raise CaseError(
            _("该接案已处理（%(status)s）。"),
            code="intake_decided",
            params={"status": intake.get_status_display()},
        )
    intake.child = child
    intake.area_id = child.area_id
    intake._history_user = actor
    intake.save(update_fields=["child", "area", "version"])
    report = _report_of(intake)
    if report is not None:
        # The deadlines follow the intake to the child's area (its officers see them).
        from django.contrib.contenttypes.models import ContentType

        from childwelfare.deadlines.models import Deadline

        Deadline.objects.running().filter(
            subject_type=ContentType.objects.get_for_model(MandatoryReport), subject_id=report.pk
        ).update(area_code=child.area_id)
    return intake


def add_attachment(intake: Intake, *, actor, upload) -> IntakeAttachment:
    """Store `upload` (an UploadedFile) with the intake under MEDIA_ROOT (never served by a
    static URL: the scoped view serves it), named by a random stem with the checked
    extension; the original name is kept for display.

    Raises CaseError not_allowed; lib.uploads.UploadRefused for an empty, too large or
    wrong-type file (lib.uploads.check_attachment).
    """
    ensure_visible(intake, actor)
    if not permissions.can_record_intake(actor, intake.area_id):
        raise CaseError(_("您不能为该接案上传附件。"), code="not_allowed", field="file")
    name = check_attachment(upload, field="file")
    attachment = IntakeAttachment(intake=intake, name=name, size=upload.size, uploaded_by=actor)
    stored = f"{uuid.uuid4().hex}{os.path.splitext(name)[1].lower()}"
    with transaction.atomic():
        attachment.file.save(stored, upload, save=False)
        try:
            attachment.save()
        except Exception:
            attachment.file.delete(save=False)
            raise
    return attachment
