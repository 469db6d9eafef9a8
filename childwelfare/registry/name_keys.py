"""Recomputing the children's stored name keys (pinyin, initials, given-name pinyin, sort
key) when their definition in lib.pinyin changes: used by the data migration and by
`manage.py recompute_name_keys`."""

from __future__ import annotations


def recompute_name_keys(Child, *, batch_size: int = 2000) -> int:
    """Rewrite NAME_KEY_FIELDS of every child whose stored keys differ from name_keys(name);
    `Child` is the model (the real one, or a migration's historical model). Returns the number
    of children updated. Memory is one batch; no history rows (derived fields are excluded
    from the history)."""
    from .services import NAME_KEY_FIELDS, name_key_fields

    changed = []
    updated = 0
    rows = Child.objects.order_by("pk").only("pk", "name", *NAME_KEY_FIELDS)
    for child in rows.iterator(chunk_size=batch_size):
        fields = name_key_fields(child.name)
        if any(getattr(child, key) != value for key, value in fields.items()):
            for key, value in fields.items():
                setattr(child, key, value)
            changed.append(child)
        if len(changed) >= batch_size:
            Child.objects.bulk_update(changed, NAME_KEY_FIELDS)
            updated += len(changed)
            changed = []
    if changed:
        Child.objects.bulk_update(changed, NAME_KEY_FIELDS)
        updated += len(changed)
    return updated
