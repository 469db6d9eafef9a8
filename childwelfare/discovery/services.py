"""Every write of active discovery (CONVENTIONS.md): atomic, the actor recorded, every step
checked against the state machine and the actor's role and area. A step whose record was
changed by someone else in the meantime raises ConflictError and changes nothing."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.areas.choices import Level
from childwelfare.lib import errors
from childwelfare.registry.models import CategorySpell, Child
from childwelfare.registry.services import add_category, create_child
from childwelfare.workflow.services import record_step, transition

from . import permissions
from .choices import CampaignStatus, MeasureStatus, ProblemStatus, RecordStatus
from .models import (
    Campaign,
    CareMeasure,
    Problem,
    ProblemAction,
    RiskAssessment,
    RiskItem,
    RiskItemSet,
    ScreeningRecord,
    Visit,
)
from .risk import current_item_set, grade

VISIT_FIELDS = (
    "mode",
    "living_situation",
    "guardianship",
    "schooling",
    "hukou",
    "health",
    "safety",
    "suspected_category_change",
    "notes",
)


class DiscoveryError(errors.DomainError):
    """A step refused by the rules (lib.errors.DomainError: code, field, translatable message)."""


class ConflictError(DiscoveryError, errors.ConflictError):
    """Someone else acted on the same record first; nothing was changed (code 'conflict'
    unless given)."""


# Refused moves raise this module's errors, which the views catch.
_ERRORS = {"error": DiscoveryError, "conflict": ConflictError}


def in_sample(campaign_id: int, child_id: int, rate: Decimal) -> bool:
    """Whether a record is drawn for the re-visit sample: a hash of (campaign, child) below
    `rate`. Reproducible — the same record is always drawn or never — and independent of
    the order records were created in (DOMAIN.md §6, default rate 10 %)."""
    digest = hashlib.sha256(f"screening-sample:{campaign_id}:{child_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 10_000 < int(Decimal(rate) * 10_000)


# ---- campaigns ---------------------------------------------------------------------------


@transaction.atomic
def create_campaign(
    *,
    actor,
    name: str,
    year: int,
    area,
    start_date: date,
    end_date: date,
    target_categories: list[str] | None = None,
    sample_rate: Decimal = Decimal("0.100"),
) -> Campaign:
    """A draft campaign over `area` (a district or street inside the actor's area).
    `target_categories` empty means every child holding any category on the start date."""
    if not permissions.can_manage_campaigns(actor, area.code):
        raise DiscoveryError(
            _("只有区民政干部或市级管理员可以在本辖区发起专项排查"), code="cannot_manage_campaigns"
        )
    if not Level.CITY <= area.level <= Level.STREET:
        raise DiscoveryError(_("排查范围应为市、区或街道"), code="campaign_area_level", field="area")
    if end_date < start_date:
        raise DiscoveryError(_("结束日期早于开始日期"), code="end_before_start", field="end_date")
    if not Decimal("0") <= Decimal(sample_rate) <= Decimal("1"):
        raise DiscoveryError(_("抽样比例应在 0 到 1 之间"), code="sample_rate_range", field="sample_rate")
    return Campaign.objects.create(
        name=name,
        year=year,
        area=area,
        start_date=start_date,
        end_date=end_date,
        target_categories=list(target_categories or []),
        sample_rate=sample_rate,
        created_by=actor,
    )


def campaign_children(campaign: Campaign):
    """Children in scope of a campaign as of its start date (set-based)."""
    spells = CategorySpell.objects.active_on(campaign.start_date).filter(child=OuterRef("pk"))
    if campaign.target_categories:
        spells = spells.filter(category__in=campaign.target_categories)
    return Child.objects.in_area(campaign.area_id).filter(Exists(spells))


@transaction.atomic
def start_campaign(campaign: Campaign, *, actor, expected_version: int | None = None) -> int:
    """Start a draft campaign: one screening record per child in scope as of the start date.
    Returns the number of records created. Raises DiscoveryError unless draft, ConflictError
    if someone changed it since `campaign` (or `expected_version`) was read."""
    if not permissions.can_manage_campaigns(actor, campaign.area_id):
        raise DiscoveryError(_("您不能启动此专项排查"), code="cannot_start_campaign")
    transition(
        campaign,
        CampaignStatus.RUNNING,
        actor=actor,
        expected_version=expected_version,
        started_at=timezone.now(),
        **_ERRORS,
    )
    rate = Decimal(campaign.sample_rate)
    records = [
        ScreeningRecord(
            campaign=campaign,
            child_id=child_id,
            area_id=area_id,
            in_sample=in_sample(campaign.pk, child_id, rate),
        )
        for child_id, area_id in campaign_children(campaign)
        .values_list("pk", "area_id")
        .iterator(chunk_size=5000)
    ]
    ScreeningRecord.objects.bulk_create(records, batch_size=2000)
    return len(records)


@transaction.atomic
def close_campaign(campaign: Campaign, *, actor, expected_version: int | None = None) -> Campaign:
    """Close a running campaign. Raises DiscoveryError unless running, ConflictError if
    someone changed it since it was read."""
    if not permissions.can_manage_campaigns(actor, campaign.area_id):
        raise DiscoveryError(_("您不能结束此专项排查"), code="cannot_close_campaign")
    return transition(
        campaign,
        CampaignStatus.CLOSED,
        actor=actor,
        expected_version=expected_version,
        closed_at=timezone.now(),
        **_ERRORS,
    )


# ---- visits and assessments --------------------------------------------------------------


def _visit(child: Child, actor, visited_on: date, fields: dict, *, is_sample_revisit=False) -> Visit:
    if visited_on > timezone.localdate():
        raise DiscoveryError(_("走访日期不能晚于今天"), code="visit_in_future", field="visited_on")
    unknown = set(fields) - set(VISIT_FIELDS)
    if unknown:
        raise TypeError(f"unknown visit fields: {sorted(unknown)}")
    return Visit.objects.create(
        child=child, visitor=actor, visited_on=visited_on, is_sample_revisit=is_sample_revisit, **fields
    )


def _assess(
    child: Child, actor, on: date, item_ids, *, visit=None, item_set: RiskItemSet | None = None, notes=""
):
    item_set = item_set or current_item_set(on)
    items = list(RiskItem.objects.filter(pk__in=list(item_ids or [])))
    if len(items) != len(set(item_ids or [])):
        raise DiscoveryError(_("评估指标不存在"), code="unknown_risk_item", field="items")
    result = grade(item_set, items)
    assessment = RiskAssessment.objects.create(
        child=child,
        assessed_on=on,
        assessor=actor,
        item_set=item_set,
        score=result.score,
        colour=result.colour,
        is_emergency=result.is_emergency,
        visit=visit,
        notes=notes,
    )
    assessment.items.set(items)
    return assessment


@transaction.atomic
def record_visit(
    *, child: Child, actor, visited_on: date, item_ids=None, assess: bool = True, **fields
) -> tuple[Visit, RiskAssessment | None]:
    """A home visit outside a campaign, with a fresh four-colour assessment (colours are
    re-assessed after each visit, DOMAIN.md §5) unless `assess` is False."""
    if not permissions.can_record_visit(actor, child.area_id):
        raise DiscoveryError(_("您不能为该儿童录入走访"), code="cannot_record_visit")
    visit = _visit(child, actor, visited_on, fields)
    assessment = _assess(child, actor, visited_on, item_ids or [], visit=visit) if assess else None
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
    **visit_fields,
) -> ScreeningRecord:
    """Step 1 — the child director records the visit and the colour. Allowed on a pending or
    returned record. Raises DiscoveryError / ConflictError."""
    _running(record, expected_version)
    if not permissions.can_screen(actor, record.area_id):
        raise DiscoveryError(_("只有本村（居）儿童主任可以排查该儿童"), code="cannot_screen")
    # Checked before the visit is written, so a refused screen leaves no visit behind.
    ScreeningRecord.workflow.check_move(record, RecordStatus.SCREENED, error=DiscoveryError)
    if visited_on < record.campaign.start_date:
        raise DiscoveryError(
            _("走访日期早于专项排查开始日期"), code="visit_before_campaign", field="visited_on"
        )
    visit = _visit(record.child, actor, visited_on, visit_fields)
    assessment = _assess(record.child, actor, visited_on, item_ids, visit=visit)
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


@transaction.atomic
def add_child_during_screening(campaign: Campaign, *, actor, **child_fields) -> ScreeningRecord:
    """A child found during screening who is not yet registered: registered on the spot
    (same validation as the child file) and added to the campaign as a pending record."""
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
    child = create_child(actor=actor, reason="排查中发现", **child_fields)
    if category:
        add_category(child=child, actor=actor, category=category, start_date=timezone.localdate())
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
    if not permissions.can_verify(actor, record.area_id):
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
    if not permissions.can_verify(actor, record.area_id):
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
    record: ScreeningRecord, *, actor, expected_version: int, visited_on: date, item_ids=(), **visit_fields
) -> ScreeningRecord:
    """The sample re-visit before confirmation, recorded like any visit (with its own
    assessment). Allowed on a verified record drawn for the sample, once."""
    _running(record, expected_version)
    if not permissions.can_revisit(actor, record.area_id):
        raise DiscoveryError(_("只有区民政干部或儿童督导员可以抽样复访"), code="cannot_revisit")
    if not record.in_sample:
        raise DiscoveryError(_("该记录未被抽中复核"), code="not_in_sample")
    if record.status != RecordStatus.VERIFIED:
        raise DiscoveryError(_("只有已核实的记录可以复访"), code="revisit_needs_verified")
    if record.revisit_id:
        raise DiscoveryError(_("该记录已经复访"), code="already_revisited")
    visit = _visit(record.child, actor, visited_on, visit_fields, is_sample_revisit=True)
    _assess(record.child, actor, visited_on, item_ids, visit=visit)
    return record_step(
        record, "revisit", actor=actor, expected_version=expected_version, revisit=visit, **_ERRORS
    )


@transaction.atomic
def confirm_record(record: ScreeningRecord, *, actor, expected_version: int) -> ScreeningRecord:
    """Step 3 — the district officer confirms; a record drawn for the sample needs its
    re-visit first (DOMAIN.md §6)."""
    _running(record, expected_version)
    if not permissions.can_confirm(actor, record.area_id):
        raise DiscoveryError(_("只有区民政干部可以确认"), code="cannot_confirm")
    if record.in_sample and not record.revisit_id:
        raise DiscoveryError(_("该记录被抽中复核，须先完成抽样复访才能确认"), code="revisit_required")
    return transition(
        record,
        RecordStatus.CONFIRMED,
        actor=actor,
        expected_version=expected_version,
        **_ERRORS,
        confirmed_by=actor,
        confirmed_at=timezone.now(),
    )


# ---- problems ----------------------------------------------------------------------------


@transaction.atomic
def raise_problem(
    *, child: Child, actor, kind: str, description: str, department: str, deadline: date, record=None
) -> Problem:
    """A problem found (benefit, schooling, hukou …) handed to the department that can solve it."""
    if not permissions.can_raise_problem(actor, child.area_id):
        raise DiscoveryError(_("您不能为该儿童登记问题"), code="cannot_raise_problem")
    if not description.strip():
        raise DiscoveryError(_("请填写问题描述"), code="description_missing", field="description")
    if deadline < timezone.localdate():
        raise DiscoveryError(_("办理期限不能早于今天"), code="deadline_in_past", field="deadline")
    problem = Problem.objects.create(
        child=child,
        record=record,
        kind=kind,
        description=description.strip(),
        department=department,
        deadline=deadline,
        raised_by=actor,
    )
    ProblemAction.objects.create(problem=problem, actor=actor, kind="raised", text=description.strip())
    return problem


@transaction.atomic
def add_problem_action(problem: Problem, *, actor, text: str) -> ProblemAction:
    """What the department did (the liaison), kept in order."""
    if not permissions.can_act_on_problem(actor, problem):
        raise DiscoveryError(_("只有责任部门联络员可以登记办理情况"), code="cannot_act_on_problem")
    if problem.status != ProblemStatus.OPEN:
        raise DiscoveryError(_("问题不在办理中"), code="problem_not_open")
    if not text.strip():
        raise DiscoveryError(_("请填写办理情况"), code="action_text_missing", field="text")
    return ProblemAction.objects.create(problem=problem, actor=actor, text=text.strip())


@transaction.atomic
def solve_problem(problem: Problem, *, actor, expected_version: int, text: str) -> Problem:
    """The liaison marks the problem solved, saying how; the district officer then verifies."""
    if not permissions.can_act_on_problem(actor, problem):
        raise DiscoveryError(_("只有责任部门联络员可以办结"), code="cannot_solve_problem")
    if not text.strip():
        raise DiscoveryError(_("请填写办结情况"), code="solution_text_missing", field="text")
    problem = transition(
        problem,
        ProblemStatus.SOLVED,
        actor=actor,
        expected_version=expected_version,
        reason=text.strip(),
        **_ERRORS,
        solved_by=actor,
        solved_at=timezone.now(),
    )
    ProblemAction.objects.create(problem=problem, actor=actor, kind="solved", text=text.strip())
    return problem


@transaction.atomic
def close_problem(problem: Problem, *, actor, expected_version: int, note: str = "") -> Problem:
    """The district officer verifies the solution and closes the problem (销号)."""
    if not permissions.can_close_problem(actor, problem):
        raise DiscoveryError(_("只有区民政干部可以核验销号"), code="cannot_close_problem")
    problem = transition(
        problem,
        ProblemStatus.CLOSED,
        actor=actor,
        expected_version=expected_version,
        reason=note.strip(),
        **_ERRORS,
        closed_by=actor,
        closed_at=timezone.now(),
    )
    ProblemAction.objects.create(
        problem=problem, actor=actor, kind="closed", text=note.strip() or "核验通过，销号"
    )
    return problem


@transaction.atomic
def reopen_problem(problem: Problem, *, actor, expected_version: int, reason: str) -> Problem:
    """The district officer finds the solution wanting and sends it back to the department."""
    if not permissions.can_close_problem(actor, problem):
        raise DiscoveryError(_("只有区民政干部可以退回重办"), code="cannot_reopen_problem")
    if not reason.strip():
        raise DiscoveryError(_("请填写退回原因"), code="reason_missing", field="reason")
    problem = transition(
        problem,
        ProblemStatus.OPEN,
        actor=actor,
        expected_version=expected_version,
        reason=reason.strip(),
        **_ERRORS,
        solved_by=None,
        solved_at=None,
    )
    ProblemAction.objects.create(problem=problem, actor=actor, kind="reopened", text=reason.strip())
    return problem


# ---- care measures -----------------------------------------------------------------------


@transaction.atomic
def add_care_measure(
    *,
    child: Child,
    actor,
    measure_type: str,
    provider_kind: str,
    provider_name: str,
    start_date: date,
    end_date: date | None = None,
    description: str = "",
    status: str = MeasureStatus.ACTIVE,
) -> CareMeasure:
    if not permissions.can_manage_care(actor, child.area_id):
        raise DiscoveryError(_("您不能为该儿童登记帮扶措施"), code="cannot_manage_care")
    if end_date and end_date < start_date:
        raise DiscoveryError(_("结束日期早于开始日期"), code="end_before_start", field="end_date")
    if not provider_name.strip():
        raise DiscoveryError(_("请填写提供方"), code="provider_missing", field="provider_name")
    return CareMeasure.objects.create(
        child=child,
        measure_type=measure_type,
        provider_kind=provider_kind,
        provider_name=provider_name.strip(),
        start_date=start_date,
        end_date=end_date,
        description=description,
        status=status,
        created_by=actor,
    )


@transaction.atomic
def end_care_measure(measure: CareMeasure, *, actor, end_date: date, outcome: str) -> CareMeasure:
    """End a planned or active care measure on `end_date` with its outcome. Raises
    DiscoveryError (no permission, an end before the start, a measure already ended)."""
    if not permissions.can_manage_care(actor, measure.child.area_id):
        raise DiscoveryError(_("您不能修改该帮扶措施"), code="cannot_manage_care")
    if end_date < measure.start_date:
        raise DiscoveryError(_("结束日期早于开始日期"), code="end_before_start", field="end_date")
    return transition(
        measure,
        MeasureStatus.ENDED,
        actor=actor,
        reason=outcome,
        **_ERRORS,
        end_date=end_date,
        outcome=outcome,
    )
