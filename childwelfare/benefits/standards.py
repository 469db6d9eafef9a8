"""Allowance standards and their yearly uprating with the dibao standard (DOMAIN.md §2, §10).

Nothing is overwritten: a raise writes new standard rows from its effective date and ends
the old rows the day before. Standards of one category and area never overlap.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.areas.choices import Level
from childwelfare.lib.errors import ConflictError, DomainError
from childwelfare.registry.choices import Category
from childwelfare.workflow.services import transition

from . import permissions
from .choices import ALLOWANCE_CATEGORIES, Rounding, UpratingStatus
from .models import AllowanceStandard, DibaoStandard, Uprating, UpratingLine

CENT = Decimal("0.01")
YUAN = Decimal("1")


class StandardError(DomainError):
    """A standard or uprating refused (lib.errors.DomainError: code, field, translatable
    message)."""


class UpratingConflict(StandardError, ConflictError):
    """Someone else approved or cancelled the uprating first; nothing was changed."""


def round_amount(amount: Decimal, rule: str) -> Decimal:
    """Round a computed amount (yuan): to the yuan half up (default for uprated standards),
    to the fen half up, or up to the next yuan. Returns two decimal places.
    Rule: DOMAIN.md §10."""
    amount = Decimal(amount)
    if rule == Rounding.YUAN_HALF_UP:
        return amount.quantize(YUAN, rounding=ROUND_HALF_UP).quantize(CENT)
    if rule == Rounding.YUAN_UP:
        return amount.quantize(YUAN, rounding=ROUND_CEILING).quantize(CENT)
    if rule == Rounding.FEN_HALF_UP:
        return amount.quantize(CENT, rounding=ROUND_HALF_UP)
    raise StandardError(
        _("未知的取整规则：%(rule)s"), code="unknown_rounding", field="rounding", params={"rule": rule}
    )


def derived_amount(base: Decimal, ratio: Decimal, rule: str) -> Decimal:
    """ratio × base, rounded first to the fen (half up) and then by `rule`: 2,889 × 5/6 =
    2,407.50 → 2,408 (a direct yuan rounding of 2,407.4999… would give 2,407)."""
    return round_amount(round_amount(Decimal(base) * Decimal(ratio), Rounding.FEN_HALF_UP), rule)


def _check_no_overlap(category: str, area_id: str, start: date, end: date | None, exclude_pk=None) -> None:
    clash = AllowanceStandard.objects.filter(category=category, area_id=area_id).overlapping(start, end)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    other = clash.first()
    if other is not None:
        raise StandardError(
            _(
                "%(category)s在该区划%(start)s起的标准与已有标准（%(other_start)s起，%(other_amount)s元）时间重叠"
            ),
            code="standard_overlap",
            field="effective_from",
            params={
                "category": Category(category).label,
                "start": start.isoformat(),
                "other_start": other.effective_from.isoformat(),
                "other_amount": other.monthly_amount,
            },
        )


@transaction.atomic
def create_standard(
    *,
    actor,
    category: str,
    area,
    effective_from: date,
    monthly_amount: Decimal,
    legal_basis: str,
    effective_to: date | None = None,
    base_category: str = "",
    ratio: Decimal | None = None,
    rounding: str = Rounding.YUAN_HALF_UP,
) -> AllowanceStandard:
    """A published standard (yuan per person per month). With base_category and ratio it is
    derived: the amount must equal round(base × ratio). Raises StandardError on overlap, a
    negative amount, or no permission."""
    if not permissions.can_set_standards(actor, area.code):
        raise StandardError(_("您没有设置该区划保障标准的权限"), code="cannot_set_standards", field="area")
    if area.level not in (Level.CITY, Level.DISTRICT):
        raise StandardError(_("保障标准由市或区（县）制定"), code="standard_area_level", field="area")
    if category not in ALLOWANCE_CATEGORIES:
        raise StandardError(
            _("%(category)s没有月度基本生活保障标准"),
            code="category_without_standard",
            field="category",
            params={"category": Category(category).label},
        )
    amount = Decimal(monthly_amount)
    if amount < 0:
        raise StandardError(_("标准金额不能为负数"), code="negative_amount", field="monthly_amount")
    if effective_to and effective_to < effective_from:
        raise StandardError(_("截止日早于起始日"), code="end_before_start", field="effective_to")
    if not legal_basis.strip():
        raise StandardError(
            _("请填写文件依据（文件名称和文号）"), code="legal_basis_missing", field="legal_basis"
        )
    _check_no_overlap(category, area.code, effective_from, effective_to)
    standard = AllowanceStandard(
        category=category,
        area=area,
        effective_from=effective_from,
        effective_to=effective_to,
        monthly_amount=amount.quantize(CENT),
        legal_basis=legal_basis.strip(),
        base_category=base_category,
        ratio=ratio,
        rounding=rounding,
        created_by=actor,
    )
    standard._history_user = actor
    standard.save()
    return standard


def standards_in_force(area, on: date) -> list[AllowanceStandard]:
    """The standards that apply in `area` on `on`: the area's own, else the city's."""
    found = {}
    for code in ([area.code[:4]] if area.level >= Level.CITY else []) + (
        [area.code[:6]] if area.level >= Level.DISTRICT else []
    ):
        for standard in AllowanceStandard.objects.filter(area_id=code).in_force(on):
            found[standard.category] = standard
    return [found[category] for category in ALLOWANCE_CATEGORIES if category in found]


def dibao_in_force(area_code: str, on: date) -> DibaoStandard | None:
    for code in (area_code[:6], area_code[:4]):
        found = DibaoStandard.objects.filter(area_id=code, effective_from__lte=on).exclude(
            effective_to__lt=on
        )
        standard = found.order_by("-effective_from").first()
        if standard:
            return standard
    return None


@transaction.atomic
def preview_uprating(
    *,
    actor,
    area,
    effective_from: date,
    legal_basis: str,
    percent: Decimal | None = None,
    new_dibao_amount: Decimal | None = None,
    rounding: str = Rounding.YUAN_HALF_UP,
    lowers_standards: bool = False,
    cut_reason: str = "",
) -> Uprating:
    """A draft uprating with one line per standard it raises: every standard in force on the
    effective date in the area (the city: its own and its districts' overrides; a district:
    its own, starting one from the city's where it has none yet). Published standards rise by
    the percentage, rounded (yuan half up by default); derived ones are ratio × their new
    base. Give `percent` (e.g. 4.76) or `new_dibao_amount` (then percent = new / old − 1).
    A negative percentage is a cut (调整, not 上调): it needs `lowers_standards=True` and a
    `cut_reason` (issue 8, item 8). Raises StandardError (codes include cut_not_confirmed,
    cut_reason_missing, not_a_cut, percent_range, uprating_pending_same_date)."""
    if not permissions.can_set_standards(actor, area.code):
        raise StandardError(_("您没有调整该区划保障标准的权限"), code="cannot_set_standards", field="area")
    if area.level not in (Level.CITY, Level.DISTRICT):
        raise StandardError(_("标准调整按市或区（县）进行"), code="uprating_area_level", field="area")
    if (percent is None) == (new_dibao_amount is None):
        raise StandardError(_("请填写上调比例或新的低保标准（二选一）"), code="percent_or_dibao")
    if not legal_basis.strip():
        raise StandardError(
            _("请填写文件依据（文件名称和文号）"), code="legal_basis_missing", field="legal_basis"
        )
    # Two proposals for the same area and date would preview the same standards; once one is
    # approved the other's preview is stale and its approval fails (QA of issue 8).
    waiting = Uprating.objects.filter(area=area, effective_from=effective_from, status=UpratingStatus.DRAFT)
    if waiting.exists():
        raise StandardError(
            _("%(area)s已有 %(date)s 起待审批的标准调整，请先审批或作废该调整"),
            code="uprating_pending_same_date",
            field="effective_from",
            params={"area": area.name, "date": effective_from.isoformat()},
        )
    if new_dibao_amount is not None:
        old = dibao_in_force(area.code, effective_from - timedelta(days=1))
        if old is None:
            raise StandardError(
                _("没有现行低保标准，无法按低保标准换算上调比例，请直接填写比例"),
                code="no_dibao_standard",
                field="new_dibao_amount",
            )
        percent = ((Decimal(new_dibao_amount) / old.monthly_amount - 1) * 100).quantize(
            Decimal("0.001"), ROUND_HALF_UP
        )
    percent = Decimal(percent)
    if not percent.is_finite() or not Decimal("-50") <= percent <= Decimal("100"):
        raise StandardError(_("上调比例应在 -50% 到 100% 之间"), code="percent_range", field="percent")
    if percent < 0:
        if not lowers_standards:
            raise StandardError(
                _("调整比例为负数（%(percent)s），会降低保障标准：请勾选“本次调整降低保障标准”并说明理由"),
                code="cut_not_confirmed",
                field="lowers_standards",
                params={"percent": f"{percent}%"},
            )
        if not cut_reason.strip():
            raise StandardError(_("降低保障标准须说明理由"), code="cut_reason_missing", field="cut_reason")
    elif lowers_standards:
        # A tick that says the opposite of the figures is refused rather than ignored (QA).
        raise StandardError(
            _("调整比例为%(percent)s，不降低保障标准：请取消勾选“本次调整降低保障标准”"),
            code="not_a_cut",
            field="lowers_standards",
            params={"percent": f"{percent}%"},
        )
    uprating = Uprating.objects.create(
        area=area,
        percent=percent,
        new_dibao_amount=new_dibao_amount,
        effective_from=effective_from,
        rounding=rounding,
        legal_basis=legal_basis.strip(),
        cut_reason=cut_reason.strip() if percent < 0 else "",
        created_by=actor,
    )
    areas = (
        [area.code]
        if area.level == Level.DISTRICT
        else [area.code]
        + sorted(
            AllowanceStandard.objects.filter(area__code__startswith=area.code, area__level=Level.DISTRICT)
            .values_list("area_id", flat=True)
            .distinct()
        )
    )
    factor = 1 + percent / 100
    lines = []
    for code in areas:
        current = {
            s.category: s
            for s in AllowanceStandard.objects.filter(area_id=code).in_force(
                effective_from - timedelta(days=1)
            )
        }
        if code != area.code[:4] and area.level == Level.DISTRICT:
            # A district raising its own standards starts from the city's where it has none.
            for s in AllowanceStandard.objects.filter(area_id=code[:4]).in_force(
                effective_from - timedelta(days=1)
            ):
                current.setdefault(s.category, s)
        new_amounts: dict[str, Decimal] = {}
        for category in ALLOWANCE_CATEGORIES:
            standard = current.get(category)
            if standard is None or standard.base_category:
                continue
            new_amounts[category] = round_amount(standard.monthly_amount * factor, rounding)
        for category in ALLOWANCE_CATEGORIES:
            standard = current.get(category)
            if standard is None or not standard.base_category:
                continue
            base_new = new_amounts.get(standard.base_category)
            if base_new is None:
                base_old = current.get(standard.base_category)
                base_new = (
                    base_old.monthly_amount if base_old else standard.monthly_amount / (standard.ratio or 1)
                )
            new_amounts[category] = derived_amount(base_new, standard.ratio or Decimal(1), standard.rounding)
        for category, amount in new_amounts.items():
            standard = current[category]
            lines.append(
                UpratingLine(
                    uprating=uprating,
                    old_standard=standard,
                    category=category,
                    area_id=code,
                    old_amount=standard.monthly_amount,
                    new_amount=amount,
                    derived=bool(standard.base_category),
                )
            )
    if not lines:
        raise StandardError(
            _("该区划在起始日前没有现行标准可以调整"), code="nothing_to_uprate", field="effective_from"
        )
    UpratingLine.objects.bulk_create(lines)
    return uprating


@transaction.atomic
def approve_uprating(
    uprating: Uprating, *, actor, expected_version: int | None = None
) -> list[AllowanceStandard]:
    """Write the new standards from the effective date and end the old ones the day before
    (or, for a district's first own standard, start it without touching the city's).
    The approver is not the person who proposed it (code 'four_eyes').
    Raises StandardError if the uprating is not a draft or a later standard already exists,
    UpratingConflict if someone approved or cancelled it since it was read."""
    if not permissions.can_set_standards(actor, uprating.area_id):
        raise StandardError(_("您没有批准该标准调整的权限"), code="cannot_set_standards")
    if not permissions.is_second_person(actor, uprating.created_by_id):
        raise StandardError(_("标准调整须由提出人以外的另一名工作人员批准（双人复核）"), code="four_eyes")
    transition(
        uprating,
        UpratingStatus.APPROVED,
        actor=actor,
        expected_version=expected_version,
        error=StandardError,
        conflict=UpratingConflict,
        approved_by=actor,
        approved_at=timezone.now(),
    )
    start = uprating.effective_from
    created = []
    for line in uprating.lines.select_related("old_standard"):
        old = line.old_standard
        if old.area_id == line.area_id:
            if old.effective_from >= start:
                raise StandardError(
                    _("%(category)s标准（%(start)s起，%(amount)s元）起始日不早于本次调整起始日，不能结束"),
                    code="standard_starts_after_uprating",
                    params={
                        "category": old.get_category_display(),
                        "start": old.effective_from.isoformat(),
                        "amount": old.monthly_amount,
                    },
                )
            old.effective_to = start - timedelta(days=1)
            old._history_user = actor
            old.save(update_fields=["effective_to"])
        _check_no_overlap(line.category, line.area_id, start, None)
        standard = AllowanceStandard(
            category=line.category,
            area_id=line.area_id,
            effective_from=start,
            monthly_amount=line.new_amount,
            legal_basis=uprating.legal_basis,
            base_category=old.base_category,
            ratio=old.ratio,
            rounding=old.rounding,
            uprating=uprating,
            created_by=actor,
        )
        standard._history_user = actor
        standard.save()
        created.append(standard)
    if uprating.new_dibao_amount is not None:
        old_dibao = dibao_in_force(uprating.area_id, start - timedelta(days=1))
        if old_dibao is not None and old_dibao.area_id == uprating.area_id:
            old_dibao.effective_to = start - timedelta(days=1)
            old_dibao.save(update_fields=["effective_to"])
        DibaoStandard.objects.create(
            area_id=uprating.area_id,
            effective_from=start,
            monthly_amount=uprating.new_dibao_amount,
            legal_basis=uprating.legal_basis,
        )
    return created


@transaction.atomic
def cancel_uprating(
    uprating: Uprating, *, actor, expected_version: int | None = None, reason: str = ""
) -> Uprating:
    """Cancel (作废) a draft uprating: no standard is written or ended; the draft and its
    preview lines stay as a record, and who cancelled it (and why, if given) is on its
    transition event. Raises StandardError if it is not a draft or the actor may not set
    the area's standards, UpratingConflict if someone approved or cancelled it since."""
    if not permissions.can_set_standards(actor, uprating.area_id):
        raise StandardError(_("您没有作废该标准调整的权限"), code="cannot_set_standards")
    return transition(
        uprating,
        UpratingStatus.CANCELLED,
        actor=actor,
        expected_version=expected_version,
        reason=reason,
        error=StandardError,
        conflict=UpratingConflict,
    )
