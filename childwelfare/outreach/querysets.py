"""Reads of the casebook and the call (CONVENTIONS.md: reads are queryset functions)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

# At most this many words of a keyword search are used (each must appear).
MAX_KEYWORDS = 5


def search_casebook(
    entries: QuerySet,
    *,
    q: str = "",
    collection: str = "",
    kind: str = "",
    category: str = "",
    problem: str = "",
    measure: str = "",
) -> QuerySet:
    """The casebook entries matching every given filter. `q`: words separated by spaces;
    each must occur somewhere inside the title, summary or text (`icontains`, so 监护缺失
    is found in the middle of a sentence — Chinese has no word breaks for a full-text
    parser to use; on PostgreSQL a pg_trgm GIN index serves it where the extension could be
    created, migration 0002)."""
    for word in q.split()[:MAX_KEYWORDS]:
        entries = entries.filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(text__icontains=word)
        )
    if collection:
        entries = entries.filter(collection_id=collection)
    for name, value in (("kind", kind), ("category", category), ("problem", problem), ("measure", measure)):
        if value:
            entries = entries.filter(**{name: value})
    return entries
