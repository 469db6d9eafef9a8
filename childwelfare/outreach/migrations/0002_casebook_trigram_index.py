"""A trigram index for the casebook's keyword search on PostgreSQL (issue 11: a word such
as 监护缺失 found inside a sentence; the search is `icontains`, which pg_trgm's GIN index
serves as `ILIKE '%…%'`).

`CREATE EXTENSION pg_trgm` needs a role allowed to create it (a superuser, or the database's
owner on PostgreSQL 13+ where pg_trgm is a trusted extension). When that fails, the
migration leaves the search unindexed (a sequential scan, correct but slower) and says so;
it never fails the deploy. On SQLite it does nothing.
"""

from django.db import migrations

INDEXES = (
    ("outreach_casebook_text_trgm", "text"),
    ("outreach_casebook_title_trgm", "title"),
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
        for name, column in INDEXES:
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON outreach_casebookentry USING gin ({column} gin_trgm_ops)"
            )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name, _column in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_publicity_calls_casebook")]

    operations = [migrations.RunPython(create_trigram_indexes, drop_trigram_indexes)]
