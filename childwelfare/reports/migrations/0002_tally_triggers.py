"""The triggers logging every change to the tables the dashboard's tallies count
(reports/triggers.py). Installed again after every migrate (post_migrate), since SQLite drops
a table's triggers when a migration rebuilds the table; removed when this app is migrated
back, before its log table goes."""

from django.db import migrations


def install(apps, schema_editor):
    from childwelfare.reports import triggers

    triggers.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from childwelfare.reports import triggers

    triggers.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_tallies"),
        ("registry", "0019_unknown_identity_and_merge_record"),
        ("discovery", "0006_fill_stored_visit_schedule"),
        ("benefits", "0014_payroll_line_payroll_unchecked"),
        ("cases", "0007_history_keeps_versions"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
