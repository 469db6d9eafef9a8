"""A trigram index for the casebook's keyword search on PostgreSQL (issue 11: a word such
as 监护缺失 found inside a sentence; the search is `icontains`, which pg_trgm's GIN index
serves as `ILIKE '%…%'`).

`CREATE EXTENSION pg_trgm` needs a role allowed to create it (a superuser, or the database's
owner on PostgreSQL 13+ where pg_trgm is a trusted extension); and the database's LC_CTYPE
must class Chinese characters as letters (a UTF-8 locale, not C). When either fails, the
migration leaves the search unindexed (a sequential scan, correct but slower) and says so;
it never fails the deploy. On SQLite it does nothing. Measured (PostgreSQL 15, C.utf8, 20,001
rows): the index answers 监护缺失 in 0.05 ms, a sequential scan in 50 ms.
"""

from django.db import migrations

# Django's icontains on PostgreSQL is `UPPER(column::text) LIKE UPPER(%s)`: the index is on
# the same expression, so the planner can use it.
INDEXES = (
    ("outreach_casebook_text_trgm", "(UPPER(text::text))"),
    ("outreach_casebook_summary_trgm", "(UPPER(summary::text))"),
    ("outreach_casebook_title_trgm", "(UPPER(title::text))"),
)


def create_trigram_indexes(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        try:
            cursor.execute("SAVEPOINT outreach_trgm")
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute("RELEASE SAVEPOINT outreach_trgm")
        except Exception as error:  # noqa: BLE001 - any refusal: go on without the index
            cursor.execute("ROLLBACK TO SAVEPOINT outreach_trgm")
            print(f"\n  outreach: pg_trgm not available ({error.__class__.__name__}); casebook search unindexed")
            return
        # pg_trgm takes trigrams of "alphanumeric" characters as the database's LC_CTYPE
        # classifies them: under the C locale (initdb --no-locale, as the test cluster runs)
        # Chinese characters are none, show_trgm('监护缺失') is empty and an index could never
        # serve a Chinese keyword — then it is not built. Under a UTF-8 ctype (C.UTF-8,
        # zh_CN.UTF-8) it is.
        cursor.execute("SELECT coalesce(array_length(show_trgm('监护缺失'), 1), 0)")
        if not cursor.fetchone()[0]:
            print("\n  outreach: this database's LC_CTYPE gives Chinese text no trigrams; casebook search unindexed")
            return
        for name, expression in INDEXES:
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON outreach_casebookentry USING gin ({expression} gin_trgm_ops)"
            )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name, _expression in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_publicity_calls_casebook")]

    operations = [migrations.RunPython(create_trigram_indexes, drop_trigram_indexes)]
