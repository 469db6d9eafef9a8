"""On PostgreSQL the casebook's keyword search is served by pg_trgm GIN indexes on the
expressions Django's icontains compares (migration 0002), where the extension could be
created; the search finds a word inside a sentence either way."""

from __future__ import annotations

import pytest
from django.db import connection

from childwelfare.outreach.models import CasebookEntry, Collection
from childwelfare.outreach.querysets import search_casebook

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


def _has_trgm() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return cursor.fetchone() is not None


def _cjk_trigrams() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(array_length(show_trgm('监护缺失'), 1), 0)")
        return cursor.fetchone()[0]


def _index_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'outreach_casebookentry'")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_the_index_exists_exactly_where_it_can_serve_chinese_and_the_search_finds_the_word():
    book = Collection.objects.create(name="困境儿童个案 50 例")
    CasebookEntry.objects.bulk_create(
        [
            CasebookEntry(
                collection=book,
                number=n,
                kind="case",
                year=2023,
                title=f"个案{n}",
                text=f"某某{n}随祖母生活。",
            )
            for n in range(1, 400)
        ]
        + [
            CasebookEntry(
                collection=book,
                number=400,
                kind="case",
                year=2023,
                title="个案400",
                text="某某长期监护缺失。",
            )
        ]
    )
    found = search_casebook(CasebookEntry.objects.all(), q="监护缺失")
    assert list(found.values_list("number", flat=True)) == [400]
    if not _has_trgm():
        assert "outreach_casebook_text_trgm" not in _index_names()
        pytest.skip("pg_trgm could not be created on this server: the search runs unindexed")
    if not _cjk_trigrams():
        # The test cluster's C locale: no trigrams of Chinese text, so no useless index.
        assert "outreach_casebook_text_trgm" not in _index_names()
        return
    assert {"outreach_casebook_text_trgm", "outreach_casebook_title_trgm"} <= _index_names()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE outreach_casebookentry")
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = CasebookEntry.objects.filter(text__icontains="监护缺失").explain()
    assert "outreach_casebook_text_trgm" in plan, plan
