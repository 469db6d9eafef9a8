"""Fill Child.next_visit_due and Child.latest_colour (issue 14, item 2) from the visits and
assessments, in one UPDATE, as childwelfare.discovery.schedule.store_schedule does."""

from django.db import migrations


def fill(apps, schema_editor):
    from childwelfare.discovery.schedule import stored_expressions

    Child = apps.get_model("registry", "Child")
    expressions = stored_expressions(
        visit=apps.get_model("discovery", "Visit"),
        assessment=apps.get_model("discovery", "RiskAssessment"),
        interval=apps.get_model("discovery", "VisitInterval"),
    )
    Child.objects.update(**expressions)


def empty(apps, schema_editor):
    Child = apps.get_model("registry", "Child")
    Child.objects.update(next_visit_due=None, latest_colour="")


class Migration(migrations.Migration):
    dependencies = [
        ("discovery", "0005_problem_transfer_extension_reminder"),
        ("registry", "0018_visit_list_indexes"),
    ]

    operations = [migrations.RunPython(fill, empty)]
