"""Autovacuum of the payroll lines on PostgreSQL (issue 14, item 5; docs/database.md): every
re-run of a draft deletes and re-inserts a district's month — about two million rows for a
million children — so the table is vacuumed and analysed after a few per cent of it changed,
not the default 20 % (which, on a table holding two years of lines, is never before the next
run). Nothing on SQLite."""

from django.db import migrations

TABLE = "benefits_payrollline"
SETTINGS = (
    "autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02, "
    "autovacuum_vacuum_insert_scale_factor = 0.02"
)
RESET = "autovacuum_vacuum_scale_factor, autovacuum_analyze_scale_factor, autovacuum_vacuum_insert_scale_factor"


def apply(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} SET ({SETTINGS})")


def revert(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} RESET ({RESET})")


class Migration(migrations.Migration):
    dependencies = [("benefits", "0011_payment_accounts_and_held_lines")]

    operations = [migrations.RunPython(apply, revert)]
