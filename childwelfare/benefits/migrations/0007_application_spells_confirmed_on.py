"""Spells written by a confirmed application count from the application's confirmation date
(the payment timing of settings.PAYMENT_TIMING counts from it); other existing spells stay
confirmed on their start date (confirmed_on left empty)."""

from django.db import migrations


def forwards(apps, schema_editor):
    application = apps.get_model("benefits", "EligibilityApplication")
    spell = apps.get_model("registry", "CategorySpell")
    for spell_id, confirmed_on in application.objects.filter(
        spell__isnull=False, confirmed_on__isnull=False
    ).values_list("spell_id", "confirmed_on"):
        spell.objects.filter(pk=spell_id).update(confirmed_on=confirmed_on)


def backwards(apps, schema_editor):
    spell = apps.get_model("registry", "CategorySpell")
    spell.objects.update(confirmed_on=None)


class Migration(migrations.Migration):
    dependencies = [
        ("benefits", "0006_workflow_versions_and_application_history"),
        ("registry", "0006_category_spell_confirmation"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
