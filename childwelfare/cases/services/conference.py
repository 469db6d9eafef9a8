"""Case conferences (会商, issue 10): convening one on difficult cases, its papers, attendance
and the quorum, the minutes, a decision per case whose actions departments carry out (on the
deadline engine), and the convener's formal reminder (督办) of an action.

Rule of the quorum: at least CONFERENCE_QUORUM_DEPARTMENTS (default 3) invited departments
present (本市会商制度; a setting, copied onto each conference when it is convened).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.access.scope import OutOfScope, ensure_visible
from childwelfare.accounts.choices import Department
from childwelfare.areas.choices import Level
from childwelfare.deadlines.models import Deadline
from childwelfare.lib.uploads import DOCUMENT_SIGNATURES, UploadRefused, check_attachment, upload_max_bytes
from childwelfare.lib.versions import claim_version
from childwelfare.workflow.services import transition

from .. import permissions
from ..choices import ActionStatus, CaseStatus, ConferenceStatus, OwnerKind
from ..models import (
    ActionReminder,
    Case,
    CaseAction,
    Conference,
    ConferenceCase,
    ConferenceDecision,
    ConferencePaper,
    ConferenceParticipant,
)
from .common import CaseConflict, CaseError
from .opening import add_action

TEXT_MAX = 2000
# Owners a conference decision assigns actions to (a person is a case plan's owner).
DECISION_OWNER_KINDS = (OwnerKind.DEPARTMENT, OwnerKind.UNIT, OwnerKind.STATION)


def default_quorum() -> int:
    """Departments that must be present: setting CONFERENCE_QUORUM_DEPARTMENTS (default 3)."""
    return max(1, int(getattr(settings, "CONFERENCE_QUORUM_DEPARTMENTS", 3)))


def convening_areas(user):
    """The areas `user` may convene for (areas.Area queryset): a district officer's district,
    the city administrator's city; the system user any district or city."""
    from childwelfare.areas.models import Area

    if not permissions.can_convene(user):
        return Area.objects.none()
    levels = (Level.CITY, Level.DISTRICT)
    if not user.area_id:
        return Area.objects.filter(level__in=levels)
    return Area.objects.filter(code=user.area_id, level__in=levels)


def agenda_candidates(user, area_code: str) -> QuerySet[Case]:
    """Cases `user` may put on a conference over `area_code`: visible to them, of a child in
    that area, not closed."""
    return (
        Case.objects.visible_to(user)
        .filter(child__area__code__areaprefix=area_code)
        .exclude(status=CaseStatus.CLOSED)
        .select_related("child")
    )


def _deny_unless_manager(conference: Conference, actor) -> None:
    ensure_visible(conference, actor)
    if not permissions.can_manage_conference(actor, conference):
        raise CaseError(_("只有召集会商的区民政部门或市级管理员可以办理。"), code="not_convener")


def _clean_text(value: str, field: str, label) -> str:
    text = (value or "").strip()
    if len(text) > TEXT_MAX:
        raise CaseError(
            _("%(label)s最多%(limit)s字。"),
            code="too_long",
            field=field,
            params={"label": label, "limit": TEXT_MAX},
        )
    return text


@transaction.atomic
def convene_conference(
    *,
    actor,
    area,
    title: str,
    held_at: datetime,
    cases: Iterable[Case],
    departments: Iterable[str],
    units: Iterable[str] = (),
    place: str = "",
    agenda: str = "",
    quorum: int | None = None,
) -> Conference:
    """Convene a conference (status planned) over `area` (a district, or the city) on
    `cases`, inviting `departments` (accounts.choices.Department values) and `units` (names:
    a school, a workstation, a hospital…).

    `quorum`: departments that must be present (default: default_quorum()). Raises CaseError:
    "not_convener" when `actor` may not convene for `area`, "area_level" for an area that is
    neither a district nor the city, "title_required", "no_cases" / "case_outside_area" /
    "case_closed" for the agenda, "no_departments", "invalid_choice" for an unknown
    department, "quorum_above_invited" when the quorum exceeds the departments invited.
    """
    if area.level not in (Level.CITY, Level.DISTRICT):
        raise CaseError(_("会商只能由区或市召集。"), code="area_level", field="area")
    if not (permissions.can_convene(actor) and convening_areas(actor).filter(code=area.code).exists()):
        raise CaseError(_("您不能为该区划召集会商。"), code="not_convener", field="area")
    title = (title or "").strip()
    if not title:
        raise CaseError(_("请填写会商主题。"), code="title_required", field="title")
    agenda_cases = list(dict.fromkeys(cases))
    if not agenda_cases:
        raise CaseError(_("请至少选择一个会商个案。"), code="no_cases", field="cases")
    for case in agenda_cases:
        try:
            ensure_visible(case, actor)
        except OutOfScope as exc:
            raise CaseError(
                _("个案 %(number)s 不在您的辖区。"),
                code="case_outside_area",
                field="cases",
                params={"number": case.number},
            ) from exc
        if not case.child.area_id.startswith(area.code):
            raise CaseError(
                _("个案 %(number)s 不在召集区划内。"),
                code="case_outside_area",
                field="cases",
                params={"number": case.number},
            )
        if case.status == CaseStatus.CLOSED:
            raise CaseError(
                _("个案 %(number)s 已结案，不能列入会商。"),
                code="case_closed",
                field="cases",
                params={"number": case.number},
            )
    invited = list(dict.fromkeys(departments))
    for value in invited:
        if value not in Department.values:
            raise CaseError(
                _("部门无效：%(value)s"), code="invalid_choice", field="departments", params={"value": value}
            )
    if not invited:
        raise CaseError(_("请至少邀请一个部门。"), code="no_departments", field="departments")
    quorum = default_quorum() if quorum is None else int(quorum)
    if quorum < 1:
        raise CaseError(_("最少到会部门数至少为1。"), code="quorum_too_small", field="quorum")
    if quorum > len(invited):
        raise CaseError(
            _("最少到会部门数（%(quorum)s）不能多于邀请的部门数（%(invited)s）。"),
            code="quorum_above_invited",
            field="quorum",
            params={"quorum": quorum, "invited": len(invited)},
        )
    unit_names = list(dict.fromkeys(name.strip()[:100] for name in units if name and name.strip()))
    conference = Conference(
        area=area,
        title=title[:200],
        held_at=held_at,
        place=(place or "").strip()[:200],
        convener=actor,
        quorum=quorum,
        agenda=_clean_text(agenda, "agenda", _("议程")),
    )
    conference._history_user = actor
    conference.save()
    ConferenceParticipant.objects.bulk_create(
        [ConferenceParticipant(conference=conference, department=value) for value in invited]
        + [ConferenceParticipant(conference=conference, unit_name=name) for name in unit_names]
    )
    ConferenceCase.objects.bulk_create(
        [ConferenceCase(conference=conference, case=case) for case in agenda_cases]
    )
    return conference


@transaction.atomic
def add_paper(conference: Conference, *, actor, upload) -> ConferencePaper:
    """Share a paper with the participants before the conference: kept under MEDIA_ROOT
    (outside the web root, served only through the scoped download view). Raises CaseError
    "not_convener", "conference_cancelled", or "bad_file" (lib.uploads.check_attachment with
    DOCUMENT_SIGNATURES: empty, too large, a type not accepted or content not matching its
    name)."""
    _deny_unless_manager(conference, actor)
    if conference.status == ConferenceStatus.CANCELLED:
        raise CaseError(_("会商已取消。"), code="conference_cancelled")
    try:
        name = check_attachment(upload, signatures=DOCUMENT_SIGNATURES, max_bytes=upload_max_bytes())
    except UploadRefused as refused:
        raise CaseError(
            _("材料不能上传：%(reason)s"), code="bad_file", field="file", params={"reason": str(refused)}
        ) from refused
    return ConferencePaper.objects.create(
        conference=conference, file=upload, name=name, size=upload.size, uploaded_by=actor
    )


def departments_present(conference: Conference) -> int:
    """How many invited departments came (units such as a school are not departments)."""
    return (
        conference.participants.filter(attended=True)
        .exclude(department="")
        .values("department")
        .distinct()
        .count()
    )


def quorum_error(present: int, needed: int) -> CaseError:
    """The refusal of a conference without its quorum, naming both numbers."""
    return CaseError(
        _("到会部门 %(present)s 个，少于规定的 %(needed)s 个，会商不能记录为已召开。"),
        code="quorum_not_met",
        params={"present": present, "needed": needed},
    )


@transaction.atomic
def record_attendance(
    conference: Conference, *, actor, attendance: dict[int, tuple[bool, str]], expected_version: int | None
) -> Conference:
    """Record who came: {participant id: (attended, attendee name)}; participants not named
    keep what they had. Raises CaseConflict when the conference changed since
    `expected_version`; CaseError "not_convener", "conference_cancelled", or
    "quorum_not_met" when a held conference would drop below its quorum."""
    _deny_unless_manager(conference, actor)
    claim_version(conference, expected_version, conflict=CaseConflict)
    if conference.status == ConferenceStatus.CANCELLED:
        raise CaseError(_("会商已取消。"), code="conference_cancelled")
    participants = {p.pk: p for p in conference.participants.all()}
    changed = []
    for pk, (attended, attendee) in attendance.items():
        participant = participants.get(pk)
        if participant is None:
            continue
        participant.attended = bool(attended)
        participant.attendee = (attendee or "").strip()[:50]
        changed.append(participant)
    ConferenceParticipant.objects.bulk_update(changed, ["attended", "attendee"])
    if conference.status == ConferenceStatus.HELD:
        present = departments_present(conference)
        if present < conference.quorum:
            raise quorum_error(present, conference.quorum)
    conference._history_user = actor
    conference.save()
    return conference


@transaction.atomic
def hold_conference(
    conference: Conference, *, actor, minutes: str, next_review_on: date | None, expected_version: int | None
) -> Conference:
    """Record the minutes and the next review date; a planned conference becomes held
    (workflow move planned → held), refused when fewer invited departments came than its
    quorum. A held one keeps its status and gets the new minutes.

    Raises CaseError "not_convener", "minutes_required", "quorum_not_met" (naming how many
    came and how many are needed), "conference_cancelled", "review_in_past"; CaseConflict
    for a stale `expected_version`."""
    _deny_unless_manager(conference, actor)
    minutes = _clean_text(minutes, "minutes", _("会议纪要"))
    if not minutes:
        raise CaseError(_("请填写会议纪要。"), code="minutes_required", field="minutes")
    if conference.status == ConferenceStatus.CANCELLED:
        raise CaseError(_("会商已取消。"), code="conference_cancelled")
    if next_review_on and next_review_on < timezone.localtime(conference.held_at).date():
        raise CaseError(_("下次回顾日期不能早于会商日期。"), code="review_in_past", field="next_review_on")
    if conference.status == ConferenceStatus.PLANNED:
        present = departments_present(conference)
        if present < conference.quorum:
            raise quorum_error(present, conference.quorum)
        conference._history_user = actor
        return transition(
            conference,
            ConferenceStatus.HELD,
            actor=actor,
            expected_version=expected_version,
            error=CaseError,
            conflict=CaseConflict,
            minutes=minutes,
            next_review_on=next_review_on,
        )
    claim_version(conference, expected_version, conflict=CaseConflict)
    conference.minutes, conference.next_review_on = minutes, next_review_on
    conference._history_user = actor
    conference.save()
    return conference


@transaction.atomic
def cancel_conference(
    conference: Conference, *, actor, reason: str, expected_version: int | None
) -> Conference:
    """Cancel a planned conference (workflow move planned → cancelled), with a reason kept
    on the event. Raises CaseError "not_convener", "reason_required", "illegal_transition"
    for a held one; CaseConflict for a stale version."""
    _deny_unless_manager(conference, actor)
    reason = _clean_text(reason, "reason", _("取消原因"))
    if not reason:
        raise CaseError(_("请填写取消原因。"), code="reason_required", field="reason")
    conference._history_user = actor
    return transition(
        conference,
        ConferenceStatus.CANCELLED,
        actor=actor,
        expected_version=expected_version,
        reason=reason,
        error=CaseError,
        conflict=CaseConflict,
    )


@transaction.atomic
def record_decision(
    item: ConferenceCase, *, actor, text: str, dissent: str = "", expected_version: int | None = None
) -> ConferenceDecision:
    """The conference's decision on one agenda case, with any dissent recorded; a second call
    edits it (`expected_version`: the decision's version the page showed). Raises CaseError
    "not_convener", "not_held" (decisions come from a held conference), "decision_required";
    CaseConflict for a stale version."""
    conference = item.conference
    _deny_unless_manager(conference, actor)
    if conference.status != ConferenceStatus.HELD:
        raise CaseError(_("会商召开后才能记录会商决定。"), code="not_held")
    text = _clean_text(text, "text", _("会商决定"))
    dissent = _clean_text(dissent, "dissent", _("不同意见"))
    if not text:
        raise CaseError(_("请填写会商决定。"), code="decision_required", field="text")
    decision = ConferenceDecision.objects.filter(item=item).first()
    if decision is None:
        decision = ConferenceDecision(item=item, text=text, dissent=dissent, recorded_by=actor)
    else:
        claim_version(decision, expected_version, conflict=CaseConflict)
        decision.text, decision.dissent = text, dissent
    decision._history_user = actor
    decision.save()
    return decision


def add_decision_action(
    decision: ConferenceDecision,
    *,
    actor,
    title: str,
    owner_kind: str,
    due_on: date,
    department: str = "",
    owner_unit: str = "",
    detail: str = "",
) -> CaseAction:
    """An action carrying out `decision`, assigned to a department (its liaison sees it) or a
    unit/workstation, due on `due_on`; the deadline engine tracks it (opening.add_action,
    rule case_action). Raises CaseError "not_convener", "title_required", "owner_kind"
    (a person is not a conference's owner), and add_action's errors ("owner_missing",
    "due_in_past", "case_closed")."""
    _deny_unless_manager(decision.item.conference, actor)
    title = (title or "").strip()
    if not title:
        raise CaseError(_("请填写任务。"), code="title_required", field="title")
    if owner_kind not in DECISION_OWNER_KINDS:
        raise CaseError(_("会商任务须分派给部门、单位或工作站。"), code="owner_kind", field="owner_kind")
    if owner_kind == OwnerKind.DEPARTMENT and department and department not in Department.values:
        raise CaseError(
            _("部门无效：%(value)s"), code="invalid_choice", field="department", params={"value": department}
        )
    return add_action(
        decision.item.case,
        title=title[:200],
        owner_kind=owner_kind,
        due_on=due_on,
        actor=actor,
        department=department if owner_kind == OwnerKind.DEPARTMENT else "",
        owner_unit="" if owner_kind == OwnerKind.DEPARTMENT else (owner_unit or "").strip()[:100],
        detail=_clean_text(detail, "detail", _("任务说明")),
        decision=decision,
    )


@transaction.atomic
def remind_action(action: CaseAction, *, actor, text: str) -> ActionReminder:
    """A formal reminder (督办) of an action of a conference decision, by the office that
    convened it: recorded, and counted on the action (reminder_count, shown to the liaison).
    Raises CaseError "not_convener", "not_conference_action", "reminder_text_required",
    "action_finished" (done or cancelled actions need none)."""
    ensure_visible(action, actor)
    if action.decision_id is None:
        raise CaseError(_("只有会商任务可以在此督办。"), code="not_conference_action")
    _deny_unless_manager(action.decision.item.conference, actor)
    text = _clean_text(text, "text", _("督办意见"))
    if not text:
        raise CaseError(_("请填写督办意见。"), code="reminder_text_required", field="text")
    if action.status in (ActionStatus.DONE, ActionStatus.CANCELLED):
        raise CaseError(
            _("该任务已%(status)s，无需督办。"),
            code="action_finished",
            params={"status": action.get_status_display()},
        )
    claim_version(action, None, conflict=CaseConflict)
    action.reminder_count += 1
    action._history_user = actor
    action._change_reason = "督办"
    action.save()
    return ActionReminder.objects.create(action=action, text=text, issued_by=actor)


# --- reads -------------------------------------------------------------------------------------


def conference_actions(conference: Conference) -> QuerySet[CaseAction]:
    """The actions of the conference's decisions (not scoped: callers add visible_to)."""
    return CaseAction.objects.filter(decision__item__conference=conference)


def overdue_action_ids(now: datetime | None = None) -> QuerySet:
    """Ids of actions whose case_action deadline is overdue at `now` (the engine's reading;
    nothing stored)."""
    return (
        Deadline.objects.overdue(now)
        .filter(rule="case_action", subject_type=ContentType.objects.get_for_model(CaseAction))
        .values("subject_id")
    )


def overdue_actions(actions: QuerySet[CaseAction], now: datetime | None = None) -> QuerySet[CaseAction]:
    """Of `actions`, those overdue by the deadline engine."""
    return actions.filter(pk__in=overdue_action_ids(now))


def with_action_counts(
    conferences: QuerySet[Conference], *, department: str = "", now: datetime | None = None
) -> QuerySet[Conference]:
    """Conferences annotated with `action_count`, `open_count` (open or in progress) and
    `overdue_count` of their decisions' actions (of `department` only, when given: a
    liaison's figures)."""
    path = "agenda_cases__decision__actions"
    mine = Q(**{f"{path}__department": department}) if department else Q()
    running = Q(**{f"{path}__status__in": [ActionStatus.OPEN, ActionStatus.IN_PROGRESS]})
    late = Q(**{f"{path}__pk__in": overdue_action_ids(now)})
    return conferences.annotate(
        action_count=Count(path, filter=mine or None, distinct=True),
        open_count=Count(path, filter=mine & running, distinct=True),
        overdue_count=Count(path, filter=mine & late, distinct=True),
    )
