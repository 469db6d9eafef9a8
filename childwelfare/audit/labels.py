"""What an access-log entry was about, in words: "王小明 320102**********1234" for a child,
"玄武区 2026-05" for a payroll. Read for one page of entries, one query per kind of object,
and only for records the reader may see themselves (visible_to): the log never shows more
than the reader's own pages would."""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps


def _label(obj) -> str:
    masked = getattr(obj, "masked_id", "")
    return f"{obj} {masked}" if masked else str(obj)


def object_labels(entries: Iterable, viewer) -> dict[tuple[str, str], str]:
    """{(object_type, object_id): label} for the entries' objects that still exist and that
    `viewer` may see (models with a declared scope), or any (models without one)."""
    wanted: dict[str, set[str]] = {}
    for entry in entries:
        if entry.object_type and entry.object_id:
            wanted.setdefault(entry.object_type, set()).add(entry.object_id)
    labels: dict[tuple[str, str], str] = {}
    for object_type, ids in wanted.items():
        try:
            model = apps.get_model(object_type)
        except (LookupError, ValueError):
            continue
        rows = model._default_manager.all()
        if hasattr(rows, "visible_to"):
            rows = rows.visible_to(viewer)
        elif getattr(model, "scope", None) is None:
            continue  # no declared scope: shown by number only
        try:
            found = rows.select_related().filter(pk__in=ids)
        except (ValueError, TypeError):
            continue
        for obj in found:
            labels[object_type, str(obj.pk)] = _label(obj)
    return labels
