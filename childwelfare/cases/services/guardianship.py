"""Guardianship by civil affairs (民政监护; issue 10; DOMAIN.md §8; 未成年人保护法 arts. 92–94).

- Temporary (art. 92 ground, art. 93 placement): the guardian's ability is re-assessed on the
  engine's schedule (deadline rule guardianship_reassessment: 3 months, opened at the start
  and again after each assessment); the child returns to the family only when the latest
  assessment says the guardian is able; a temporary guardianship may become long-term.
- Long-term (art. 94 ground): the child becomes an institutional orphan (机构养育孤儿) from the
  start date, through the registry's paid-category path: the spell starts pending and is paid
  only after a second district officer confirms it (benefits.spells, four eyes; DOMAIN.md
  §10), counted by the payment-timing policy from the confirmation date.

Every write is by a district officer of the child's district (cases.permissions).
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from childwelfare.access.scope import ensure_visible
from childwelfare.deadlines.services import cancel_deadlines, meet_deadline, open_deadline
from childwelfare.lib.dates import check_event_date
from childwelfare.lib.versions import claim_version
from childwelfare.registry.choices import Category, FileStatus
from childwelfare.registry.models import CategorySpell
from childwelfare.registry.services import add_category, end_category

from ..choices import (
    GuardianshipEnd,
    GuardianshipKind,
    GuardianshipStatus,
    LongTermGround,
    Placement,
    TemporaryGround,
)
from ..models import Case, GuardianAssessment, Guardianship
from ..permissions import can_manage_guardianship
from .common import CaseConflict, CaseError

REASSESSMENT = "guardianship_reassessment"


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _require_manager(actor, child) -> None:
    if not can_manage_guardianship(actor, child.area_id):
        raise CaseError(_("只有儿童所在区的民政干部可以办理民政监护"), code="cannot_manage_guardianship")


def _open_reassessment(guardianship: Guardianship, start: date, actor) -> None:
    open_deadline(
        guardianship,
        REASSESSMENT,
        start=_start_of(start),
        area_code=guardianship.child.area_id,
        owner=actor,
        label=gettext_noop("临时监护 %(child)s 监护能力再评估"),
        label_params={"child": guardianship.child.name},
    )


def _check_ground(kind: str, ground: str, placement: str, placement_detail: str) -> None:
    if kind not in GuardianshipKind.values:
        raise CaseError(_("监护类型无效"), code="invalid_choice", field="kind")
    grounds = TemporaryGround if kind == GuardianshipKind.TEMPORARY else LongTermGround
    if ground not in grounds.values:
        raise CaseError(_("请选择该监护类型的法定情形"), code="invalid_ground", field="ground")
    if kind == GuardianshipKind.TEMPORARY:
        if placement not in Placement.values:
            raise CaseError(_("临时监护须选择安置方式"), code="placement_required", field="placement")
        if not placement_detail.strip():
            raise CaseError(
                _("请填写受托亲属、寄养家庭或机构名称"),
                code="placement_detail_required",
                field="placement_detail",
            )


@transaction.atomic
def register_guardianship(
    child,
    *,
    actor,
    kind: str,
    ground: str,
    started_on: date,
    decision_no: str = "",
    placement: str = "",
    placement_detail: str = "",
    follows: Guardianship | None = None,
) -> Guardianship:
    """Register civil affairs' guardianship of `child` (registry.Child in the actor's scope).

    kind: GuardianshipKind; ground: a TemporaryGround (art. 92) or LongTermGround (art. 94)
    value; placement and placement_detail (who or which institution): required for a
    temporary one (art. 93). The child's open case, if any, is linked. Temporary: the
    re-assessment deadline opens at `started_on`. Long-term: the child is given the
    institutional-orphan category from `started_on` (registry.services.add_category: pending
    until a second officer confirms it; an existing institutional-orphan spell covering the
    start is linked instead).

    Raises OutOfScope; CaseError cannot_manage_guardianship, invalid_choice, invalid_ground,
    placement_required, placement_detail_required, file_not_open, guardianship_active (the
    child is already under civil affairs' guardianship), the date's errors (started_on);
    the registry's category errors (another paid category in the period)."""
    ensure_visible(child, actor)
    _require_manager(actor, child)
    _check_ground(kind, ground, placement, placement_detail)
    if child.status != FileStatus.OPEN:
        raise CaseError(_("儿童档案已结档或已合并"), code="file_not_open")
    check_event_date(
        started_on, label=_("开始日期"), field="started_on", birth_date=child.birth_date, error=CaseError
    )
    if (
        Guardianship.objects.select_for_update()
        .filter(child=child, status=GuardianshipStatus.ACTIVE)
        .exists()
    ):
        raise CaseError(_("该儿童已在民政监护中"), code="guardianship_active")
    case = Case.objects.filter(child=child).exclude(status="closed").first()
    guardianship = Guardianship(
        child=child,
        case=case,
        kind=kind,
        ground=ground,
        placement=placement if kind == GuardianshipKind.TEMPORARY or placement in Placement.values else "",
        placement_detail=placement_detail.strip(),
        started_on=started_on,
        decision_no=decision_no.strip(),
        follows=follows,
        created_by=actor,
    )
    if kind == GuardianshipKind.LONG_TERM:
        guardianship.category_spell = _orphan_spell(child, started_on, actor)
    guardianship._history_user = actor
    guardianship.save()
    if kind == GuardianshipKind.TEMPORARY:
        _open_reassessment(guardianship, started_on, actor)
    return guardianship


def _orphan_spell(child, started_on: date, actor) -> CategorySpell:
    """The institutional-orphan spell from `started_on`: one the child already holds on that
    day (not refused), else a new one through the registry (pending: four eyes)."""
    held = (
        CategorySpell.objects.filter(child=child, category=Category.INSTITUTIONAL_ORPHAN)
        .exclude(status="refused")
        .active_on(started_on)
        .first()
    )
    if held:
        return held
    return add_category(
        child=child, actor=actor, category=Category.INSTITUTIONAL_ORPHAN, start_date=started_on
    )


@transaction.atomic
def record_assessment(
    guardianship: Guardianship,
    *,
    actor,
    assessed_on: date,
    guardian_able: bool,
    notes: str,
    expected_version: int | None = None,
) -> GuardianAssessment:
    """Record a re-assessment of the guardian's ability (temporary, active guardianship):
    meets the running re-assessment deadline and opens the next one from `assessed_on`.

    Raises CaseError cannot_manage_guardianship, not_temporary, guardianship_ended,
    notes_required, the date's errors (not before the start, not in the future);
    CaseConflict stale_version."""
    ensure_visible(guardianship, actor)
    _require_manager(actor, guardianship.child)
    _require_active_temporary(guardianship)
    check_event_date(assessed_on, label=_("评估日期"), field="assessed_on", error=CaseError)
    if assessed_on < guardianship.started_on:
        raise CaseError(_("评估日期早于监护开始日期"), code="assessed_before_start", field="assessed_on")
    if not (notes or "").strip():
        raise CaseError(_("请填写评估意见"), code="notes_required", field="notes")
    claim_version(guardianship, expected_version, conflict=CaseConflict)
    guardianship._history_user = actor
    guardianship.save(update_fields=["version"])
    assessment = GuardianAssessment.objects.create(
        guardianship=guardianship,
        assessed_on=assessed_on,
        guardian_able=guardian_able,
        notes=notes.strip(),
        assessed_by=actor,
    )
    meet_deadline(guardianship, REASSESSMENT, at=_start_of(assessed_on))
    _open_reassessment(guardianship, assessed_on, actor)
    return assessment


def _require_active_temporary(guardianship: Guardianship) -> None:
    if guardianship.status != GuardianshipStatus.ACTIVE:
        raise CaseError(_("该监护已结束"), code="guardianship_ended")
    if guardianship.kind != GuardianshipKind.TEMPORARY:
        raise CaseError(_("只有临时监护需要评估监护能力"), code="not_temporary")


def latest_assessment(guardianship: Guardianship) -> GuardianAssessment | None:
    return guardianship.assessments.order_by("-assessed_on", "-id").first()


def end_guardianship(
    guardianship: Guardianship,
    *,
    actor,
    reason: str,
    ended_on: date,
    note: str = "",
    expected_version: int | None = None,
) -> Guardianship:
    """End an active guardianship on `ended_on` for `reason` (GuardianshipEnd).

    returned (temporary only): refused (code not_assessed_able) unless the latest assessment
    says the guardian is able. long_term: use convert_to_long_term. A long-term
    guardianship's institutional-orphan spell ends the same day. Running deadlines are
    cancelled. Raises CaseError cannot_manage_guardianship, guardianship_ended,
    invalid_choice, use_convert, not_assessed_able, ended_before_start, the date's errors;
    CaseConflict stale_version."""
    if reason == GuardianshipEnd.LONG_TERM:
        raise CaseError(_("转为长期监护请使用“转为长期监护”"), code="use_convert", field="reason")
    if reason not in GuardianshipEnd.values:
        raise CaseError(_("请选择结束原因"), code="invalid_choice", field="reason")
    return _end(
        guardianship,
        actor=actor,
        reason=reason,
        ended_on=ended_on,
        note=note,
        expected_version=expected_version,
    )


@transaction.atomic
def _end(guardianship, *, actor, reason, ended_on, note, expected_version) -> Guardianship:
    ensure_visible(guardianship, actor)
    _require_manager(actor, guardianship.child)
    if guardianship.status != GuardianshipStatus.ACTIVE:
        raise CaseError(_("该监护已结束"), code="guardianship_ended")
    check_event_date(ended_on, label=_("结束日期"), field="ended_on", error=CaseError)
    if ended_on < guardianship.started_on:
        raise CaseError(_("结束日期早于监护开始日期"), code="ended_before_start", field="ended_on")
    if reason == GuardianshipEnd.RETURNED:
        if guardianship.kind != GuardianshipKind.TEMPORARY:
            raise CaseError(_("长期监护不能以“交还监护人”结束"), code="not_temporary", field="reason")
        latest = latest_assessment(guardianship)
        if latest is None or not latest.guardian_able:
            raise CaseError(
                _("须经评估监护人具备监护能力后，方可将儿童交还监护人"),
                code="not_assessed_able",
                field="reason",
            )
    claim_version(guardianship, expected_version, conflict=CaseConflict)
    guardianship.status = GuardianshipStatus.ENDED
    guardianship.ended_on = ended_on
    guardianship.end_reason = reason
    guardianship.end_note = (note or "").strip()
    guardianship._history_user = actor
    guardianship.save()
    cancel_deadlines(guardianship)
    spell = guardianship.category_spell
    if (
        spell is not None
        and (spell.end_date is None or spell.end_date > ended_on)
        and spell.start_date <= ended_on
    ):
        end_category(spell, actor=actor, end_date=ended_on, reason=str(_("民政长期监护结束")))
    return guardianship


@transaction.atomic
def convert_to_long_term(
    guardianship: Guardianship,
    *,
    actor,
    ground: str,
    started_on: date,
    decision_no: str = "",
    placement: str = "",
    placement_detail: str = "",
    expected_version: int | None = None,
) -> Guardianship:
    """A temporary guardianship becomes long-term (art. 94 ground): the temporary one ends on
    `started_on` (reason long_term) and a long-term one starts that day, following it
    (register_guardianship: the institutional-orphan category, pending). Returns the new one.
    Raises the errors of end_guardianship and register_guardianship."""
    if guardianship.kind != GuardianshipKind.TEMPORARY:
        raise CaseError(_("只有临时监护可以转为长期监护"), code="not_temporary")
    _end(
        guardianship,
        actor=actor,
        reason=GuardianshipEnd.LONG_TERM,
        ended_on=started_on,
        note="",
        expected_version=expected_version,
    )
    return register_guardianship(
        guardianship.child,
        actor=actor,
        kind=GuardianshipKind.LONG_TERM,
        ground=ground,
        started_on=started_on,
        decision_no=decision_no,
        placement=placement or guardianship.placement,
        placement_detail=placement_detail or guardianship.placement_detail,
        follows=guardianship,
    )


def guardianship_basis(spell) -> str:
    """registry.spell_basis source: the long-term guardianship a spell rests on, or ""."""
    found = (
        Guardianship.objects.filter(category_spell=spell, kind=GuardianshipKind.LONG_TERM)
        .values_list("decision_no", "started_on")
        .first()
    )
    if not found:
        return ""
    return str(_("民政长期监护（%(no)s，%(on)s起）") % {"no": found[0] or "—", "on": found[1].isoformat()})
