"""Standards of one category and area never overlap in time: on PostgreSQL an exclusion
constraint over the inclusive date range (btree_gist for the equality parts). SQLite has no
such constraint; the service layer (benefits.standards) checks there and everywhere."""

from django.db import migrations

CONSTRAINT = "benefits_standard_no_overlap"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE benefits_allowancestandard ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(category WITH =, area_id WITH =, daterange(effective_from, effective_to, '[]') WITH &&)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE benefits_allowancestandard DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("benefits", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
