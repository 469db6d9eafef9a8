"""Deadlines follow a child who moves (issue 10 leftover; issue 13 finding 7's rule).

A deadline keeps the area of its subject (`Deadline.area_code`, the scope of the work lists),
copied when it opens. When the subject is about a child — a case, a case action, a
guardianship, an application — the deadline must move with the child, or the old community
keeps seeing (and the new one misses) what is due. Apps declare how their subjects lead to a
child:

    register_child_path(Case, "child_id")
    register_child_path(CaseAction, "case__child_id")

and on every move of a child (`registry.moves`: an edit of its area, an accepted transfer, a
merge or its undo) the deadlines of those subjects that lay in the child's old area are moved
to the new one, in the move's transaction. Deadlines whose area is not the child's own (a
transfer's acceptance, opened in the receiving district; a mandatory report, in its intake's
area) stay where they are.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

_CHILD_PATHS: dict[type, str] = {}


def register_child_path(model, path: str) -> None:
    """Declare that subjects of `model` belong to the child at `path` (a lookup ending in the
    child's id, e.g. "case__child_id"). Idempotent per model."""
    _CHILD_PATHS[model] = path


def move_child_deadlines(child, *, old_area_id: str, new_area_id: str, actor=None) -> int:
    """Move the deadlines of `child`'s subjects from `old_area_id` to `new_area_id` (area
    codes); returns how many rows moved. A registry move handler (registry.moves)."""
    from .models import Deadline

    if old_area_id == new_area_id:
        return 0
    moved = 0
    for model, path in _CHILD_PATHS.items():
        subjects = model._default_manager.filter(**{path: child.pk}).values("pk")
        moved += Deadline.objects.filter(
            subject_type=ContentType.objects.get_for_model(model),
            subject_id__in=subjects,
            area_code=old_area_id,
        ).update(area_code=new_area_id)
    return moved
