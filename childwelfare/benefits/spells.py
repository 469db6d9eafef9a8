"""The second person's check of paid categories (issue 8, item 7).

A category with an allowance standard (ALLOWANCE_CATEGORIES) written from a roster row or a
profile edit (registry.services.add_category, the roster importer) starts pending: the
payroll pays only confirmed spells. A district officer other than the person who wrote it
confirms or refuses it, one by one or in a batch, with the same eligibility explanation as an
application. Months before the confirmation are paid only when the confirmer approves
arrears explicitly, with a reason; otherwise payment counts from the confirmation date under
the payment-timing policy (settings.PAYMENT_TIMING, benefits.payroll).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.lib.errors import DomainError
from childwelfare.lib.versions import claim_version
from childwelfare.registry.choices import ALLOWANCE_CATEGORIES, Category, SpellStatus
from childwelfare.registry.models import CategorySpell

from . import permissions
from .choices import ApplicationKind
from .eligibility import Eligibility


class SpellReviewError(DomainError):
    """A confirmation or refusal refused as a whole (lib.errors.DomainError)."""


@dataclass
class ReviewResult:
    """done: the spells confirmed (or refused); skipped: (spell, reason in Chinese)."""

    done: list[CategorySpell] = field(default_factory=list)
    skipped: list[tuple[CategorySpell, str]] = field(default_factory=list)


def pending_spells(user):
    """Pending paid spells the user can see, oldest first (child and writer joined)."""
    return (
        CategorySpell.objects.visible_to(user)
        .filter(status=SpellStatus.PENDING, category__in=ALLOWANCE_CATEGORIES)
        .select_related("child", "child__area", "created_by")
        .order_by("start_date", "pk")
    )


def explain(spell: CategorySpell, on: date) -> Eligibility | None:
    """The eligibility check an application of the same kind would get, as of `on`
    (applications.evaluate): orphans by the orphan rule, de facto unsupported by rules A–D.
    None for a category without a rule in code (seriously ill or disabled: checked against
    the certificate), and for a spell resting on another legal basis a module declared
    (registry.spell_basis: a long-term guardianship by civil affairs)."""
    from childwelfare.registry.spell_basis import spell_basis

    from .applications import evaluate

    if spell_basis(spell):
        return None

    if spell.category in (Category.SCATTERED_ORPHAN, Category.INSTITUTIONAL_ORPHAN):
        return evaluate(spell.child, ApplicationKind.ORPHAN, on)
    if spell.category == Category.DE_FACTO_UNSUPPORTED:
        return evaluate(spell.child, ApplicationKind.DE_FACTO_UNSUPPORTED, on)
    return None


def _refusal(spell: CategorySpell, actor) -> str:
    """Why this actor may not decide this spell now, or ''."""
    if spell.status != SpellStatus.PENDING:
        return str(_("已由他人处理"))
    if spell.category not in ALLOWANCE_CATEGORIES:
        return str(_("该类别不发放保障金，无需复核"))
    if not permissions.can_confirm_application(actor, spell.child.area_id):
        return str(_("只有儿童所在区县的民政干部可以复核"))
    if not permissions.is_second_person(actor, spell.created_by_id):
        return str(_("录入人不能复核自己录入的类别（双人复核）"))
    return ""


@transaction.atomic
def confirm_spells(
    spells, *, actor, on: date, approve_arrears: bool = False, arrears_reason: str = ""
) -> ReviewResult:
    """Confirm pending paid spells (any iterable of CategorySpell) as of `on`; each is
    checked on its own and skipped with a reason if it is not pending, the actor is not the
    child's district officer, the actor wrote it, or the child is not eligible on `on`
    (explain()). With approve_arrears (and a reason, else SpellReviewError
    'arrears_reason_missing' and nothing changes) the payment counts from the category's
    start instead of the confirmation date. Returns a ReviewResult."""
    arrears_reason = arrears_reason.strip()
    if approve_arrears and not arrears_reason:
        raise SpellReviewError(
            _("补发确认日期之前的月份须说明理由"), code="arrears_reason_missing", field="arrears_reason"
        )
    if on > timezone.localdate():
        raise SpellReviewError(_("确认日期不能晚于今天"), code="confirmed_in_future", field="on")
    result = ReviewResult()
    order = {spell.pk: i for i, spell in enumerate(spells)}
    locked = CategorySpell.objects.select_for_update().filter(pk__in=order).select_related("child")
    for spell in sorted(locked, key=lambda s: order[s.pk]):
        reason = _refusal(spell, actor)
        if not reason:
            check = explain(spell, on)
            if check is not None and not check.eligible:
                reason = str(_("不符合认定条件：%(reasons)s")) % {"reasons": check.failing_text()}
        if reason:
            result.skipped.append((spell, reason))
            continue
        spell.status = SpellStatus.CONFIRMED
        spell.confirmed_on = on
        spell.confirmed_by = actor
        spell.confirmed_at = timezone.now()
        spell.arrears_from = spell.start_date if approve_arrears and spell.start_date < on else None
        spell.review_reason = arrears_reason if spell.arrears_from else ""
        spell._history_user = actor
        claim_version(spell)
        spell.save()
        result.done.append(spell)
    return result


@transaction.atomic
def refuse_spells(spells, *, actor, reason: str) -> ReviewResult:
    """Refuse pending paid spells with a written reason (SpellReviewError
    'refusal_reason_missing' without one): they are never paid and no longer block another
    category. Per-record rules as confirm_spells (not the eligibility check)."""
    reason = reason.strip()
    if not reason:
        raise SpellReviewError(_("不予确认须说明理由"), code="refusal_reason_missing", field="reason")
    result = ReviewResult()
    ids = [spell.pk for spell in spells]
    for spell in CategorySpell.objects.select_for_update().filter(pk__in=ids).select_related("child"):
        why = _refusal(spell, actor)
        if why:
            result.skipped.append((spell, why))
            continue
        spell.status = SpellStatus.REFUSED
        spell.confirmed_by = actor
        spell.confirmed_at = timezone.now()
        spell.review_reason = reason
        spell._history_user = actor
        claim_version(spell)
        spell.save()
        result.done.append(spell)
    return result


def confirm_by_application(spell: CategorySpell, *, actor, on: date) -> CategorySpell:
    """The spell written (or found pending) by a confirmed application is confirmed by that
    confirmation itself (township verification and district confirmation are the two
    people), as of the confirmation date `on`."""
    if spell.status == SpellStatus.CONFIRMED:
        return spell
    spell.status = SpellStatus.CONFIRMED
    spell.confirmed_on = on
    spell.confirmed_by = actor
    spell.confirmed_at = timezone.now()
    spell._history_user = actor
    claim_version(spell)
    spell.save()
    return spell
