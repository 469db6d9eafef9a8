"""Discovery on paper (issue 9 "Paper"): its sections of the printed child file (risk
history, visits, care measures, problems; registered in apps.py through
registry.documents.register_file_section) and the visit record form (走访记录表), blank —
pre-filled with the child, to take along — or completed from a recorded visit."""

from __future__ import annotations

from datetime import date

from .models import CareMeasure, Problem, RiskAssessment, RiskItem, Visit
from .risk import current_item_set

# The visit's written parts, in the order of the form (labelled by the model's verbose names).
VISIT_TOPICS = ("living_situation", "guardianship", "schooling", "hukou", "health", "safety")


def assessments_section(child, user, on: date) -> dict:
    """Every four-colour assessment of the child, newest first, with its items."""
    assessments = (
        RiskAssessment.objects.visible_to(user)
        .filter(child=child)
        .select_related("assessor", "item_set")
        .prefetch_related("items")
        .order_by("-assessed_on", "-id")
    )
    return {"assessments": list(assessments)}


def visits_section(child, user, on: date) -> dict:
    visits = Visit.objects.visible_to(user).filter(child=child).select_related("visitor")
    return {"visits": list(visits.order_by("-visited_on", "-id"))}


def care_section(child, user, on: date) -> dict:
    measures = CareMeasure.objects.visible_to(user).filter(child=child).select_related("created_by")
    problems = Problem.objects.visible_to(user).filter(child=child).select_related("raised_by")
    return {"measures": list(measures), "problems": list(problems.order_by("-raised_at", "-id"))}


def _guardians(child, user) -> list:
    """The child's living guardians (members marked guardian), else every member."""
    family = list(child.family.visible_to(user))
    guardians = [member for member in family if member.is_guardian]
    return guardians or family


def _latest_assessment(child, user, before: Visit | None = None) -> RiskAssessment | None:
    assessments = RiskAssessment.objects.visible_to(user).filter(child=child)
    if before is not None:
        assessments = assessments.filter(visit=before)
    return assessments.order_by("-assessed_on", "-id").prefetch_related("items").first()


def visit_form_context(child, user, on: date, visit: Visit | None = None) -> dict:
    """The context of discovery/documents/visit_form.html.

    Blank (`visit` None): the child's facts, guardians, current colour, and every risk item of
    the item set in effect `on` as an empty box, those present at the last assessment marked
    in the "上次" column; lines to write on. Completed: the visit's own text and the items of
    the assessment recorded with it ticked.
    """
    current = _latest_assessment(child, user)
    recorded = _latest_assessment(child, user, before=visit) if visit else None
    item_set = recorded.item_set if recorded else current_item_set(on)
    last_items = {item.pk for item in current.items.all()} if current and not visit else set()
    ticked = {item.pk for item in recorded.items.all()} if recorded else set()
    items = RiskItem.objects.filter(item_set=item_set).order_by("dimension", "position", "pk")
    rows = [
        {
            "item": item,
            "dimension": item.get_dimension_display(),
            "ticked": item.pk in ticked,
            "last": item.pk in last_items,
        }
        for item in items
    ]
    topics = [
        {"label": Visit._meta.get_field(field).verbose_name, "text": getattr(visit, field) if visit else ""}
        for field in VISIT_TOPICS
    ]
    return {
        "child": child,
        "age": child.age_on(on),
        "guardians": _guardians(child, user),
        "current": current,
        "recorded": recorded,
        "item_set": item_set,
        "rows": rows,
        "topics": topics,
        "visit": visit,
    }
