"""What a deadline is about (its subject, any model) as the work lists show it.

A subject shows as `str(subject)` and links to `subject.get_absolute_url()` when it has one
(ask subjects to provide it; otherwise there is no link). An app whose subjects' `__str__`
reads related rows registers the queryset to fetch them with, so a page of work costs one
query per kind of subject:

    register_subject_queryset(lambda: EligibilityApplication.objects.select_related("child"))
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.urls import NoReverseMatch

_QUERYSETS: dict[str, Callable[[], QuerySet]] = {}
_DUE_LISTENERS: dict[str, Callable] = {}


def register_subject_queryset(make: Callable[[], QuerySet]) -> None:
    """Declare how subjects of one model are fetched for the work lists (idempotent per
    model)."""
    model = make().model
    _QUERYSETS[model._meta.label_lower] = make


def subject_querysets() -> list[QuerySet]:
    return [make() for make in _QUERYSETS.values()]


def subject_link(subject) -> str:
    """The subject's page, or "" when it has none (or is gone)."""
    if subject is None or not hasattr(subject, "get_absolute_url"):
        return ""
    try:
        return subject.get_absolute_url()
    except NoReverseMatch:
        return ""


def register_due_listener(model, listener: Callable) -> None:
    """`listener(subject, deadline)` runs (inside the approving transaction) when an approved
    extension or resumption moves the due moment of a deadline of a `model` subject, so a
    subject that keeps its own due date (an application's verify_due) stays equal to it."""
    _DUE_LISTENERS[model._meta.label_lower] = listener


def due_moved(deadline) -> None:
    """Tell the subject's listener, if any, that `deadline.due_at` changed."""
    listener = _DUE_LISTENERS.get(f"{deadline.subject_type.app_label}.{deadline.subject_type.model}")
    if listener is not None and deadline.subject is not None:
        listener(deadline.subject, deadline)
