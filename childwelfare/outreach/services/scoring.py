"""Reviewers, conflict-free assignment, scoring, ranking and publishing the results.

Affiliation (the conflict-of-interest rule, issue 11): a reviewer is "from" the districts of
their ReviewerProfile.area and of their own account's area when it lies below the city, and
"from" the member units of the profile's department and unit name and of the account's
department. A reviewer from the submitting district (the first six digits of the
submission's area) or unit (the same department, or the same unit name) can never be
assigned it; this is checked when assigning and again when scoring (the profile may have
changed in between).

Ranking (rule stated on the results page): each reviewer's weighted total is
Σ weight × points / max × 100 / Σ weight (0–100); a submission's score is the mean of the
totals of the reviewers who scored every criterion (each reviewer counts once); ties are
broken by the higher mean points on the first criterion (as a share of its maximum), then by
the earlier submission, then by the smaller number. Submissions nobody scored are not ranked.
The top N of each kind (Call.select_cases / select_projects) are selected.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.access.scope import ensure_visible
from childwelfare.workflow.services import transition

from .. import permissions
from ..choices import CallStatus, SubmissionStatus
from ..models import (
    Assignment,
    Call,
    CasebookEntry,
    Collection,
    Criterion,
    ReviewerProfile,
    Score,
    Submission,
)
from . import OutreachConflict, OutreachError

DISTRICT_CODE_LENGTH = 6


@dataclass(frozen=True)
class Affiliation:
    """Where a reviewer comes from: district codes, departments, unit names."""

    districts: frozenset[str]
    departments: frozenset[str]
    units: frozenset[str]


def _norm(name: str) -> str:
    return "".join((name or "").split())


def reviewer_affiliation(reviewer) -> Affiliation:
    """The districts and units `reviewer` belongs to (see the module docstring)."""
    profile = ReviewerProfile.objects.filter(user=reviewer).first()
    districts, departments, units = set(), set(), set()
    for code in (reviewer.area_id, profile.area_id if profile else None):
        if code and len(code) >= DISTRICT_CODE_LENGTH:
            districts.add(code[:DISTRICT_CODE_LENGTH])
    for department in (reviewer.department, profile.department if profile else ""):
        if department:
            departments.add(department)
    if profile and _norm(profile.unit_name):
        units.add(_norm(profile.unit_name))
    return Affiliation(frozenset(districts), frozenset(departments), frozenset(units))


def has_conflict(reviewer, submission: Submission, affiliation: Affiliation | None = None) -> bool:
    """The reviewer comes from the submitting district or unit (module docstring)."""
    affiliation = affiliation or reviewer_affiliation(reviewer)
    code = submission.area_id or ""
    if len(code) >= DISTRICT_CODE_LENGTH and code[:DISTRICT_CODE_LENGTH] in affiliation.districts:
        return True
    if submission.department and submission.department in affiliation.departments:
        return True
    return bool(submission.unit_name and _norm(submission.unit_name) in affiliation.units)


def _conflict_error() -> OutreachError:
    return OutreachError(
        _("利益回避：评审专家来自申报区域或单位，不能评审该材料"),
        code="conflict_of_interest",
        field="reviewer",
    )


@transaction.atomic
def assign_reviewer(submission: Submission, *, reviewer, actor) -> Assignment:
    """Give `submission` to `reviewer` to score (once).

    Raises OutreachError: not the city ("not_allowed"); the call is published or the
    submission a draft ("not_assignable"); `reviewer` lacks the reviewer role
    ("not_a_reviewer", field reviewer); the reviewer is from the submitting district or unit
    ("conflict_of_interest", field reviewer); already assigned ("already_assigned")."""
    if not permissions.can_manage_calls(actor):
        raise OutreachError(_("只有市级管理员可以分配评审任务"), code="not_allowed")
    ensure_visible(submission, actor)
    if submission.call.status not in (CallStatus.OPEN, CallStatus.SCORING):
        raise OutreachError(_("该征集当前不能分配评审"), code="not_assignable")
    if submission.status != SubmissionStatus.SUBMITTED:
        raise OutreachError(_("草稿不能分配评审"), code="not_assignable")
    if not permissions.is_reviewer(reviewer):
        raise OutreachError(_("该用户不是评审专家"), code="not_a_reviewer", field="reviewer")
    if has_conflict(reviewer, submission):
        raise _conflict_error()
    if Assignment.objects.filter(submission=submission, reviewer=reviewer).exists():
        raise OutreachError(_("已分配给该评审专家"), code="already_assigned", field="reviewer")
    return Assignment.objects.create(submission=submission, reviewer=reviewer, assigned_by=actor)


def reviewer_total(points: dict[int, int], criteria: list[Criterion]) -> Fraction:
    """Σ weight × points / max × 100 / Σ weight, exactly. `points`: {criterion id: points}
    for every criterion of `criteria`."""
    weights = sum(c.weight for c in criteria)
    return sum(Fraction(c.weight * points[c.pk] * 100, c.max_points) for c in criteria) / weights


def to_decimal(value: Fraction) -> Decimal:
    """A score for display and storage: two places, half up."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@transaction.atomic
def record_scores(assignment: Assignment, *, actor, points: dict[int, int]) -> Assignment:
    """The reviewer's points on every criterion of the call ({criterion id: points}); a
    second call replaces them while the call is scoring.

    Raises OutreachError: not the assignment's reviewer ("not_your_assignment"); the call
    not scoring ("not_scoring"); the reviewer is now from the submitting district or unit
    ("conflict_of_interest"); a criterion missing or unknown ("criteria_incomplete"); points
    outside 0..max ("points_out_of_range", field points_<id>)."""
    assignment = (
        Assignment.objects.select_for_update().select_related("submission__call").get(pk=assignment.pk)
    )
    submission = assignment.submission
    if actor.pk != assignment.reviewer_id:
        raise OutreachError(_("这不是您的评审任务"), code="not_your_assignment")
    if submission.call.status != CallStatus.SCORING:
        raise OutreachError(_("该征集当前不在评审阶段"), code="not_scoring")
    if has_conflict(actor, submission):
        raise _conflict_error()
    criteria = list(submission.call.criteria.all())
    if set(points) != {c.pk for c in criteria}:
        raise OutreachError(_("请为每一项评分标准打分"), code="criteria_incomplete")
    for criterion in criteria:
        value = points[criterion.pk]
        if not 0 <= value <= criterion.max_points:
            raise OutreachError(
                _("“%(name)s”的得分须在0到%(max)s之间"),
                code="points_out_of_range",
                field=f"points_{criterion.pk}",
                params={"name": criterion.name, "max": criterion.max_points},
            )
    Score.objects.filter(assignment=assignment).delete()
    Score.objects.bulk_create(
        [Score(assignment=assignment, criterion=c, points=points[c.pk]) for c in criteria]
    )
    assignment.total = to_decimal(reviewer_total(points, criteria))
    assignment.scored_at = timezone.now()
    assignment.save(update_fields=["total", "scored_at"])
    return assignment


@dataclass
class Ranked:
    """A submission's place: its exact score and first-criterion share (tie-break)."""

    submission_id: int
    kind: str
    score: Fraction
    first_share: Fraction
    submitted_at: object
    reviewers: int
    rank: int = 0
    selected: bool = False


def ranking(call: Call) -> dict[str, list[Ranked]]:
    """{kind: [Ranked, best first]} of the call's submitted, scored submissions, with rank
    (1, 2, …) and selection (the top N of the kind). Reads every score of the call in one
    query (set-based; 152 submissions × 3 reviewers × 4 criteria is ~1,800 rows)."""
    criteria = list(call.criteria.order_by("position", "pk"))
    if not criteria:
        return {}
    first = criteria[0]
    by_assignment: dict[int, dict[int, int]] = {}
    owner: dict[int, tuple] = {}
    rows = Score.objects.filter(
        assignment__submission__call=call, assignment__submission__status=SubmissionStatus.SUBMITTED
    ).values_list(
        "assignment_id",
        "criterion_id",
        "points",
        "assignment__submission_id",
        "assignment__submission__kind",
        "assignment__submission__submitted_at",
    )
    for assignment_id, criterion_id, points, submission_id, kind, submitted_at in rows:
        by_assignment.setdefault(assignment_id, {})[criterion_id] = points
        owner[assignment_id] = (submission_id, kind, submitted_at)
    totals: dict[int, list[Fraction]] = {}
    firsts: dict[int, list[Fraction]] = {}
    meta: dict[int, tuple] = {}
    wanted = {c.pk for c in criteria}
    for assignment_id, points in by_assignment.items():
        if set(points) != wanted:
            continue  # an unfinished score counts for nothing
        submission_id, kind, submitted_at = owner[assignment_id]
        totals.setdefault(submission_id, []).append(reviewer_total(points, criteria))
        firsts.setdefault(submission_id, []).append(Fraction(points[first.pk], first.max_points))
        meta[submission_id] = (kind, submitted_at)
    ranked: dict[str, list[Ranked]] = {}
    for submission_id, values in totals.items():
        kind, submitted_at = meta[submission_id]
        ranked.setdefault(kind, []).append(
            Ranked(
                submission_id,
                kind,
                sum(values) / len(values),
                sum(firsts[submission_id]) / len(firsts[submission_id]),
                submitted_at,
                len(values),
            )
        )
    for kind, items in ranked.items():
        items.sort(key=lambda r: (-r.score, -r.first_share, r.submitted_at, r.submission_id))
        quota = call.selection_size(kind)
        for position, item in enumerate(items, start=1):
            item.rank = position
            item.selected = position <= quota
    return ranked


@transaction.atomic
def publish_results(call: Call, *, actor, expected_version: int | None = None) -> Call:
    """scoring → published: rank every scored submission, select the top N of each kind,
    and put the selected into the casebook (a collection "<year>年度优秀案例及项目").

    Raises OutreachError ("not_allowed", "illegal_transition") or OutreachConflict; nothing
    is written then."""
    if not permissions.can_manage_calls(actor):
        raise OutreachError(_("只有市级管理员可以公布评选结果"), code="not_allowed")
    call = transition(
        call,
        CallStatus.PUBLISHED,
        actor=actor,
        expected_version=expected_version,
        error=OutreachError,
        conflict=OutreachConflict,
        published_at=timezone.now(),
    )
    ranked = [item for items in ranking(call).values() for item in items]
    submissions = Submission.objects.select_related("area").in_bulk([item.submission_id for item in ranked])
    changed = []
    for item in ranked:
        submission = submissions[item.submission_id]
        submission.rank, submission.selected, submission.score = (
            item.rank,
            item.selected,
            to_decimal(item.score),
        )
        changed.append(submission)
    Submission.objects.bulk_update(changed, ["rank", "selected", "score"], batch_size=500)
    collection, _created = Collection.objects.get_or_create(
        name=f"{call.year}年度优秀案例及项目", defaults={"year": call.year}
    )
    selected = sorted((s for s in changed if s.selected), key=lambda s: (s.kind, s.rank))
    CasebookEntry.objects.bulk_create(
        [
            CasebookEntry(
                collection=collection,
                submission=s,
                number=s.rank,
                kind=s.kind,
                title=s.title,
                unit=s.submitter,
                year=call.year,
                category=s.category,
                problem=s.problem,
                measure=s.measure,
                summary=s.summary,
                text=s.text,
            )
            for s in selected
        ],
        batch_size=500,
    )
    return call
