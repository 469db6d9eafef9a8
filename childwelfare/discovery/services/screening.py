"""Home visits with their four-colour assessment, and the three steps of a screening record
(DOMAIN.md §5, §6): screen, return, verify, sample re-visit, confirm."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.accounts.choices import Department
from childwelfare.areas.choices import ancestor_codes
from childwelfare.lib.dates import check_event_date
from childwelfare.lib.idnumber import IDNumberError
from childwelfare.lib.idnumber import parse as parse_id
from childwelfare.registry.conflicts import refuse_if_registered_elsewhere
from childwelfare.registry.models import Child
from childwelfare.registry.services import add_category, create_child
from childwelfare.workflow.services import record_step, transition

from .. import permissions
from ..choices import CampaignStatus, Colour, ProblemKind, RecordStatus
from ..models import (
    Campaign,
    RiskAssessment,
    RiskItem,
    RiskItemSet,
    ScreeningRecord,
    Visit,
)
from ..risk import change_from, current_item_set, grade
from ..schedule import store_schedule
from .common import _ERRORS, VISIT_FIELDS, ConflictError, DiscoveryError, in_sample
from .problems import raise_problem

# ---- visits and assessments --------------------------------------------------------------


def _visit(child: Child, actor, visited_on: date, fields: dict, *, is_sample_revisit=False) -> Visit:
    check_event_date(
        visited_on, label=_("走访日期"), field="visited_on", birth_date=child.birth_date, error=DiscoveryError
    )
    unknown = set(fields) - set(VISIT_FIELDS)
    if unknown:
        raise TypeError(f"unknown visit fields: {sorted(unknown)}")
    visit = Visit.objects.create(
        child=child, visitor=actor, visited_on=visited_on, is_sample_revisit=is_sample_revisit, **fields
    )
    store_schedule(Child.objects.filter(pk=child.pk))
    return visit


def current_assessment(child: Child) -> RiskAssessment | None:
    """The child's latest assessment (its current colour), with its items, or None."""
    return (
        RiskAssessment.objects.filter(child=child)
        .order_by("-assessed_on", "-id")
        .prefetch_related("items")
        .first()
    )


@dataclass
class _Grading:
    """A checked grading, ready to be written after the visit it belongs to."""

    item_set: RiskItemSet
    items: list
    result: object
    previous: RiskAssessment | None
    ended: list
    reason: str


def _grading(child: Child, on: date, item_ids, *, ended_item_ids=(), downgrade_reason: str = "") -> _Grading:
    """Grade the items and check the change against the child's current assessment, before
    anything is written (issue 8, item 1): lowering the colour, or removing an emergency
    item, needs every removed item stated as no longer applying (`ended_item_ids`, pks of
    the current assessment's items) and a reason.

    Raises DiscoveryError: unknown_risk_item (field items), removed_item_unconfirmed (field
    ended_items, params items: the labels not stated), downgrade_reason_missing (field
    downgrade_reason)."""
    item_set = current_item_set(on)
    wanted = set(item_ids or [])
    items = list(RiskItem.objects.filter(pk__in=list(wanted)))
    if len(items) != len(wanted):
        raise DiscoveryError(_("评估指标不存在"), code="unknown_risk_item", field="items")
    result = grade(item_set, items)
    previous = current_assessment(child)
    ended: list = []
    reason = (downgrade_reason or "").strip()
    if previous is not None:
        change = change_from(previous.colour, previous.items.all(), result, items)
        stated = {int(pk) for pk in ended_item_ids or []}
        ended = [item for item in change.removed if item.pk in stated]
        if change.needs_statement:
            missing = [str(item) for item in change.removed if item.pk not in stated]
            if missing:
                raise DiscoveryError(
                    _("降低颜色或解除紧急情形，须逐项确认已核实不再存在并说明原因。尚未确认：%(items)s"),
                    code="removed_item_unconfirmed",
                    field="ended_items",
                    params={"items": "、".join(missing)},
                )
            if not reason:
                raise DiscoveryError(
                    _("降低颜色或解除紧急情形，须填写原因"),
                    code="downgrade_reason_missing",
                    field="downgrade_reason",
                )
    return _Grading(
        item_set=item_set, items=items, result=result, previous=previous, ended=ended, reason=reason
    )


def _assess(child: Child, actor, on: date, grading: _Grading, *, visit=None, notes="") -> RiskAssessment:
    result = grading.result
    assessment = RiskAssessment.objects.create(
        child=child,
        assessed_on=on,
        assessor=actor,
        item_set=grading.item_set,
        score=result.score,
        colour=result.colour,
        is_emergency=result.is_emergency,
        visit=visit,
        notes=notes,
        previous_colour=grading.previous.colour if grading.previous else "",
        downgrade_reason=grading.reason if grading.ended or grading.reason else "",
    )
    assessment.items.set(grading.items)
    assessment.ended_items.set(grading.ended)
    store_schedule(Child.objects.filter(pk=child.pk))
    return assessment


@transaction.atomic
def record_visit(
    *,
    child: Child,
    actor,
    visited_on: date,
    item_ids=None,
    assess: bool = True,
    ended_item_ids=(),
    downgrade_reason: str = "",
    **fields,
) -> tuple[Visit, RiskAssessment | None]:
    """A home visit outside a campaign, with a fresh four-colour assessment (colours are
    re-assessed after each visit, DOMAIN.md §5) unless `assess` is False.

    item_ids: pks of the RiskItems present; ended_item_ids: pks of items of the child's
    current assessment stated as no longer applying; downgrade_reason: why. Lowering the
    colour or ending an emergency item needs both (issue 8; errors of `_grading`), and
    nothing is written when they are missing."""
    if not permissions.can_record_visit(actor, child.area_id):
        raise DiscoveryError(_("您不能为该儿童录入走访"), code="cannot_record_visit")
    grading = (
        _grading(
            child, visited_on, item_ids, ended_item_ids=ended_item_ids, downgrade_reason=downgrade_reason
        )
        if assess
        else None
    )
    visit = _visit(child, actor, visited_on, fields)
    assessment = _assess(child, actor, visited_on, grading, visit=visit) if grading else None
    return visit, assessment


# ---- the three steps ---------------------------------------------------------------------


def _running(record: ScreeningRecord, expected_version: int) -> None:
    """The campaign runs and the record is as the actor saw it (else ConflictError)."""
    if record.campaign.status != CampaignStatus.RUNNING:
        raise DiscoveryError(_("专项排查未在进行中"), code="campaign_not_running")
    if record.version != expected_version:
        raise ConflictError(_("该记录已被他人处理，请刷新后查看最新状态"), code="stale_version")


@transaction.atomic
def screen_record(
    record: ScreeningRecord,
    *,
    actor,
    expected_version: int,
    visited_on: date,
    item_ids=(),
    in_difficulty_not_eligible: bool = False,
    ended_item_ids=(),
    downgrade_reason: str = "",
    **visit_fields,
) -> ScreeningRecord:
    """Step 1 — the child director records the visit and the colour. Allowed on a pending or
    returned record. Lowering the child's colour follows `record_visit`'s rule. Raises
    DiscoveryError / ConflictError."""
    _running(record, expected_version)
    if not permissions.can_screen(actor, record.child.area_id):
        raise DiscoveryError(_("只有本村（居）儿童主任可以排查该儿童"), code="cannot_screen")
    # Checked before the visit is written, so a refused screen leaves no visit behind.
    ScreeningRecord.workflow.check_move(record, RecordStatus.SCREENED, error=DiscoveryError)
    if visited_on < record.campaign.start_date:
        raise DiscoveryError(
            _("走访日期早于专项排查开始日期"), code="visit_before_campaign", field="visited_on"
        )
    grading = _grading(
        record.child, visited_on, item_ids, ended_item_ids=ended_item_ids, downgrade_reason=downgrade_reason
    )
    visit = _visit(record.child, actor, visited_on, visit_fields)
    assessment = _assess(record.child, actor, visited_on, grading, visit=visit)
    return transition(
        record,
        RecordStatus.SCREENED,
        actor=actor,
        expected_version=expected_version,
        **_ERRORS,
        visit=visit,
        assessment=assessment,
        in_difficulty_not_eligible=in_difficulty_not_eligible,
        screened_by=actor,
        screened_at=timezone.now(),
    )


# Days the public security bureau is given to register a child found without hukou.
HUKOU_DEADLINE_DAYS = 30


def raise_hukou_problem(child, *, actor):
    """The problem a child registered without an ID number raises by itself (issue 9): kind
    hukou (户籍), handed to public security (公安, the department that registers hukou),
    due in HUKOU_DEADLINE_DAYS days. Returns the Problem (problems.raise_problem's errors)."""
    return raise_problem(
        child=child,
        actor=actor,
        kind=ProblemKind.HUKOU,
        description=str(_("无身份证号（未落户），需协助办理户籍登记")),
        department=Department.PUBLIC_SECURITY,
        deadline=timezone.localdate() + timedelta(days=HUKOU_DEADLINE_DAYS),
    )


def add_child_during_screening(campaign: Campaign, *, actor, **child_fields) -> ScreeningRecord:
    """A child found during screening who is not yet registered: registered on the spot
    (same validation as the child file, registry.services.create_child) and added to the
    campaign as a pending record. A number held by a child outside the actor's area is
    refused without a word about that child, and recorded as a registration conflict for
    the district (registry.conflicts; issue 13 §4) — outside the transaction, so that the
    record outlives the refusal."""
    if campaign.status != CampaignStatus.RUNNING:
        raise DiscoveryError(_("专项排查未在进行中"), code="campaign_not_running")
    area = child_fields.get("area")
    code = area.code if area is not None else child_fields.get("area_id", "")
    if not code.startswith(campaign.area_id):
        raise DiscoveryError(
            _("该儿童所在社区不在本次排查范围内"), code="child_outside_campaign", field="area"
        )
    if not permissions.can_screen(actor, code):
        raise DiscoveryError(_("只有本村（居）儿童主任可以在排查中新增儿童"), code="cannot_add_child")
    category = child_fields.pop("category", None)
    try:
        number = parse_id(child_fields.get("id_number", "")).number
    except IDNumberError:
        number = None  # create_child refuses it with the reason
    if number:
        refuse_if_registered_elsewhere(number, actor=actor, area_code=code, source="screening")
    with transaction.atomic():
        child = create_child(actor=actor, reason="排查中发现", source="screening", **child_fields)
        if category:
            add_category(child=child, actor=actor, category=category, start_date=timezone.localdate())
        if not child.id_number:
            raise_hukou_problem(child, actor=actor)
        return ScreeningRecord.objects.create(
            campaign=campaign,
            child=child,
            area_id=child.area_id,
            added_during_screening=True,
            in_sample=in_sample(campaign.pk, child.pk, Decimal(campaign.sample_rate)),
        )


@transaction.atomic
def return_record(record: ScreeningRecord, *, actor, expected_version: int, reason: str) -> ScreeningRecord:
    """Step 2, negative — the supervisor returns the record to the director with a reason."""
    _running(record, expected_version)
    if not permissions.can_verify(actor, record.child.area_id):
        raise DiscoveryError(_("只有本乡镇（街道）儿童督导员可以退回"), code="cannot_return")
    if not reason.strip():
        raise DiscoveryError(_("请填写退回原因"), code="reason_missing", field="reason")
    return transition(
        record,
        RecordStatus.RETURNED,
        actor=actor,
        expected_version=expected_version,
        reason=reason.strip(),
        **_ERRORS,
        return_reason=reason.strip(),
        returned_by=actor,
        returned_at=timezone.now(),
    )


@transaction.atomic
def verify_record(record: ScreeningRecord, *, actor, expected_version: int) -> ScreeningRecord:
    """Step 2 — the supervisor accepts the director's record."""
    _running(record, expected_version)
    if not permissions.can_verify(actor, record.child.area_id):
        raise DiscoveryError(_("只有本乡镇（街道）儿童督导员可以核实"), code="cannot_verify")
    return transition(
        record,
        RecordStatus.VERIFIED,
        actor=actor,
        expected_version=expected_version,
        **_ERRORS,
        verified_by=actor,
        verified_at=timezone.now(),
    )


@transaction.atomic
def revisit_record(
    record: ScreeningRecord,
    *,
    actor,
    expected_version: int,
    visited_on: date,
    item_ids=(),
    ended_item_ids=(),
    downgrade_reason: str = "",
    **visit_fields,
) -> ScreeningRecord:
    """The sample re-visit before confirmation, recorded like any visit (with its own
    assessment, lowering the child's colour only as `record_visit` allows). Allowed on a
    verified record drawn for the sample, once. Its colour is kept on the record
    (`revisit_colour`); if it differs from the screening's, the record cannot be confirmed
    until the district resolves it (`resolve_revisit_mismatch`)."""
    _running(record, expected_version)
    if not permissions.can_revisit(actor, record.child.area_id):
        raise DiscoveryError(_("只有区民政干部或儿童督导员可以抽样复访"), code="cannot_revisit")
    if not record.in_sample:
        raise DiscoveryError(_("该记录未被抽中复核"), code="not_in_sample")
    if record.status != RecordStatus.VERIFIED:
        raise DiscoveryError(_("只有已核实的记录可以复访"), code="revisit_needs_verified")
    if record.revisit_id:
        raise DiscoveryError(_("该记录已经复访"), code="already_revisited")
    grading = _grading(
        record.child, visited_on, item_ids, ended_item_ids=ended_item_ids, downgrade_reason=downgrade_reason
    )
    visit = _visit(record.child, actor, visited_on, visit_fields, is_sample_revisit=True)
    assessment = _assess(record.child, actor, visited_on, grading, visit=visit)
    return record_step(
        record,
        "revisit",
        actor=actor,
        expected_version=expected_version,
        revisit=visit,
        revisit_colour=assessment.colour,
        **_ERRORS,
    )


def revisit_mismatch(record: ScreeningRecord) -> tuple[str, str] | None:
    """(screening colour, re-visit colour) when the sample re-visit graded the child
    differently from the screening and the district has not resolved it yet; else None."""
    if not record.revisit_colour or record.resolved_colour or not record.assessment_id:
        return None
    screened = record.assessment.colour
    return (screened, record.revisit_colour) if screened != record.revisit_colour else None


def revisit_emergencies(record: ScreeningRecord) -> list[RiskItem]:
    """The emergency items the sample re-visit found and the screening did not (compared by
    item code, so across item-set versions): what keeping the screening's colour sets aside."""
    if not record.revisit_id:
        return []
    revisit = RiskAssessment.objects.filter(visit_id=record.revisit_id).order_by("-id").first()
    if revisit is None:
        return []
    screened = set(record.assessment.items.values_list("code", flat=True)) if record.assessment_id else set()
    return [item for item in revisit.items.filter(is_emergency=True) if item.code not in screened]


@transaction.atomic
def resolve_revisit_mismatch(
    record: ScreeningRecord,
    *,
    actor,
    keep: str = "revisit",
    reason: str = "",
    ended_item_ids=(),
    expected_version: int | None = None,
) -> ScreeningRecord:
    """The district decides which colour a record whose re-visit disagrees with its
    screening counts with (issue 8, item 2): the re-visit's (`keep="revisit"`, the default)
    or, overruling it, the screening's (`keep="screening"`, which needs a reason, and each
    emergency item the re-visit found and the screening did not stated as no longer present
    — `ended_item_ids`, pks of those items — as lowering a colour on a visit does). Written
    as the record's "resolve_mismatch" step (an event with actor, time and reason); the
    child's own colour stays its latest assessment.

    Raises DiscoveryError: cannot_resolve_mismatch (not the district officer of the area),
    no_revisit_mismatch (nothing to resolve), invalid_keep (field keep), reason_missing
    (field reason), removed_item_unconfirmed (field ended_items); ConflictError if
    `expected_version` (default: the record's) is stale."""
    version = record.version if expected_version is None else expected_version
    _running(record, version)
    if not permissions.can_confirm(actor, record.area_id):
        raise DiscoveryError(_("只有区民政干部可以处理复访不一致"), code="cannot_resolve_mismatch")
    found = revisit_mismatch(record)
    if found is None:
        raise DiscoveryError(_("该记录没有待处理的复访不一致"), code="no_revisit_mismatch")
    screened, revisited = found
    reason = (reason or "").strip()
    if keep == "revisit":
        colour = revisited
    elif keep == "screening":
        stated = {int(pk) for pk in ended_item_ids or []}
        missing = [str(item) for item in revisit_emergencies(record) if item.pk not in stated]
        if missing:
            raise DiscoveryError(
                _("降低颜色或解除紧急情形，须逐项确认已核实不再存在并说明原因。尚未确认：%(items)s"),
                code="removed_item_unconfirmed",
                field="ended_items",
                params={"items": "、".join(missing)},
            )
        if not reason:
            raise DiscoveryError(
                _("不采用复访结果、保留排查评定，须填写理由"), code="reason_missing", field="reason"
            )
        colour = screened
    else:
        raise DiscoveryError(_("请选择采用哪一次的评定"), code="invalid_keep", field="keep")
    label = Colour(colour).label
    return record_step(
        record,
        "resolve_mismatch",
        actor=actor,
        expected_version=version,
        reason=reason or _("采用复访评定：%(colour)s") % {"colour": label},
        resolved_colour=colour,
        **_ERRORS,
    )


@transaction.atomic
def confirm_record(record: ScreeningRecord, *, actor, expected_version: int) -> ScreeningRecord:
    """Step 3 — the district officer confirms; a record drawn for the sample needs its
    re-visit first (DOMAIN.md §6), and a re-visit that disagrees with the screening needs
    the district's decision (code revisit_mismatch, issue 8)."""
    _running(record, expected_version)
    if not permissions.can_confirm(actor, record.child.area_id):
        raise DiscoveryError(_("只有区民政干部可以确认"), code="cannot_confirm")
    if record.in_sample and not record.revisit_id:
        raise DiscoveryError(_("该记录被抽中复核，须先完成抽样复访才能确认"), code="revisit_required")
    mismatch = revisit_mismatch(record)
    if mismatch is not None:
        raise DiscoveryError(
            _("抽样复访评定（%(revisit)s）与排查评定（%(screening)s）不一致，须先由区民政干部处理"),
            code="revisit_mismatch",
            params={"screening": Colour(mismatch[0]).label, "revisit": Colour(mismatch[1]).label},
        )
    return transition(
        record,
        RecordStatus.CONFIRMED,
        actor=actor,
        expected_version=expected_version,
        **_ERRORS,
        confirmed_by=actor,
        confirmed_at=timezone.now(),
    )


# ---- a child who moves --------------------------------------------------------------------


def move_open_records(child: Child, *, old_area_id: str, new_area_id: str, actor) -> int:
    """Registered with `registry.moves`: when a child moves, its screening records that are
    still being worked (not confirmed, in a campaign not closed) move with it, in the
    transaction of the move, so they count in the figures of the community that now screens
    the child. A record stays put when the new area lies outside its campaign's area (the
    campaign's figures keep it where it was screened), and confirmed records or records of a
    closed campaign keep the community where the screening happened (they are history).
    Access does not depend on this: records are scoped through the child. Returns the number
    of records moved."""
    return (
        ScreeningRecord.objects.filter(child=child, area_id=old_area_id)
        .exclude(status=RecordStatus.CONFIRMED)
        .exclude(campaign__status=CampaignStatus.CLOSED)
        .filter(campaign__area_id__in=ancestor_codes(new_area_id))
        .update(area_id=new_area_id)
    )
