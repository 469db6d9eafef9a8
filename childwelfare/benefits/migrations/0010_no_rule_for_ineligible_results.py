"""An ineligible eligibility result names no rule (issue 8, item 14): applications stored
before kept e.g. rule "A" for a child refused because of age or hukou. The rule is cleared
on every stored result marked not eligible; the reverse leaves the rows as they are (the
cleared rule was wrong, and nothing reads it on an ineligible result)."""

from django.db import migrations


def clear_rule_of_ineligible(apps, schema_editor):
    EligibilityApplication = apps.get_model("benefits", "EligibilityApplication")
    changed = []
    for application in EligibilityApplication.objects.only("pk", "eligibility").iterator():
        result = application.eligibility or {}
        if result and not result.get("eligible") and result.get("rule"):
            application.eligibility = {**result, "rule": ""}
            changed.append(application)
    EligibilityApplication.objects.bulk_update(changed, ["eligibility"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("benefits", "0009_insurance_enrolment_removal_and_cover")]

    operations = [migrations.RunPython(clear_rule_of_ineligible, migrations.RunPython.noop)]
