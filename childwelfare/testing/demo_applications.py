"""Eligibility applications of the demo city (事实无人抚养儿童认定申请), at every step and a mix
of eligible and not, so the application list, the approval form and the refusal notice have
something true to show:

- eligible: de facto unsupported children of 玄武区 (the rest of the city if it has too few)
  whose category the demo had already recorded; it is taken back, so the application is what
  decides it — one just received, two verified by the street, two confirmed by the district;
- not eligible: children of 玄武区 in difficulty whose parents do not meet rule A or B (the
  2023 screening's "not eligible" children first) — three refused at verification with the
  failing conditions as the written reason, two received and awaiting the street's decision.

Applicants are the child's guardian (named, with the relation), else another relative. The
applications go through the benefits services (submit, verify, confirm, refuse), dated in
the five weeks before the load date and never before the child's birth.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db.models import Q
from django.utils import translation

from childwelfare.accounts.choices import Role
from childwelfare.benefits.applications import (
    confirm_application,
    refuse_application,
    submit_application,
    verify_application,
)
from childwelfare.benefits.choices import ApplicantKind, ApplicationKind
from childwelfare.benefits.eligibility import check_de_facto_unsupported
from childwelfare.registry.choices import Category
from childwelfare.registry.models import CategorySpell, Child

from . import people
from .demo_staff import staff_by_area

ELIGIBLE_STEPS = ("submitted", "verified", "verified", "confirmed", "confirmed")
INELIGIBLE_STEPS = ("refused", "refused", "refused", "submitted", "submitted")
ORPHANS = (Category.DE_FACTO_UNSUPPORTED, Category.SCATTERED_ORPHAN, Category.INSTITUTIONAL_ORPHAN)


def seed_applications(rng: random.Random, today: date) -> int:
    """Write the applications described above as of `today`; returns how many."""
    supervisors, officers = staff_by_area(Role.CHILD_SUPERVISOR), staff_by_area(Role.DISTRICT_OFFICER)
    written = 0
    for child in _eligible(today, len(ELIGIBLE_STEPS)):
        _apply(rng, child, ELIGIBLE_STEPS[written], today, supervisors, officers)
        written += 1
    for step, child in zip(INELIGIBLE_STEPS, _ineligible(today, len(INELIGIBLE_STEPS)), strict=False):
        _apply(rng, child, step, today, supervisors, officers)
        written += 1
    return written


def _eligible(today: date, wanted: int) -> list[Child]:
    """Up to `wanted` de facto unsupported children, 玄武区 first, eligible on `today` (at
    least five weeks old) with their category taken back (spell and its history rows)."""
    held = CategorySpell.objects.filter(category=Category.DE_FACTO_UNSUPPORTED, end_date__isnull=True)
    candidates = Child.objects.filter(
        pk__in=held.values("child_id"), birth_date__lt=today - timedelta(days=60)
    )
    chosen = []
    for area in (Q(area__code__startswith=people.XUANWU), ~Q(area__code__startswith=people.XUANWU)):
        for child in candidates.filter(area).order_by("pk"):
            if len(chosen) == wanted:
                break
            if check_de_facto_unsupported(child, today, local_prefix=child.area_id[:6]).eligible:
                chosen.append(child)
    spells = CategorySpell.objects.filter(child__in=chosen, category=Category.DE_FACTO_UNSUPPORTED)
    taken_back = list(spells.values_list("pk", flat=True))
    spells.delete()
    CategorySpell.history.filter(id__in=taken_back).delete()  # as if never recorded
    return chosen


def _ineligible(today: date, wanted: int) -> list[Child]:
    """Up to `wanted` children of 玄武区 (then the city) holding no orphan or de facto
    unsupported category, the screening's 'not eligible' children first."""
    children = (
        Child.objects.exclude(categories__category__in=ORPHANS)
        .filter(birth_date__lt=today - timedelta(days=60))
        .order_by("pk")
    )
    result: list[Child] = []
    for subset in (
        children.filter(notes__contains="不符合认定条件"),
        children.filter(area__code__startswith=people.XUANWU),
        children.exclude(area__code__startswith=people.XUANWU),
    ):
        for child in subset.exclude(pk__in=[c.pk for c in result]):
            if len(result) == wanted:
                return result
            if not check_de_facto_unsupported(child, today, local_prefix=child.area_id[:6]).eligible:
                result.append(child)
    return result


def _applicant(child: Child) -> tuple[str, str, str]:
    """(applicant kind, name, relation to the child): the guardian, else another relative."""
    family = sorted(child.family.all(), key=lambda member: (not member.is_guardian, member.pk))
    if not family:
        return ApplicantKind.COMMITTEE, f"{child.area.name}居民委员会", "村（居）民委员会"
    member = family[0]
    with translation.override("zh-hans"):
        relation = str(member.get_relation_display())
    kind = ApplicantKind.GUARDIAN if member.is_guardian else ApplicantKind.RELATIVE
    return kind, member.name, relation


def _apply(rng, child: Child, step: str, today: date, supervisors, officers) -> None:
    supervisor = supervisors[child.area_id[:9]][0]
    officer = officers[child.area_id[:6]][0]
    kind, name, relation = _applicant(child)
    submitted = max(today - timedelta(days=rng.randint(8, 35)), child.birth_date)
    app = submit_application(
        child=child,
        actor=supervisor,
        kind=ApplicationKind.DE_FACTO_UNSUPPORTED,
        applicant_kind=kind,
        applicant_name=name,
        applicant_relation=relation,
        submitted_on=submitted,
    )
    decided = min(today, submitted + timedelta(days=rng.randint(3, 6)))
    if step == "refused":
        # What a supervisor writes after the home check; the notice lists the failing
        # conditions below it by itself (so the reason does not repeat them).
        reason = "经入户查验并核对相关证明材料，儿童父母的情况不属于事实无人抚养儿童认定范围。"
        refuse_application(app, actor=supervisor, on=decided, reason=reason)
    elif step in ("verified", "confirmed"):
        app = verify_application(app, actor=supervisor, on=decided)
        if step == "confirmed":
            confirm_application(
                app, actor=officer, on=min(today, decided + timedelta(days=rng.randint(1, 2)))
            )
