"""Applications already running get their step's deadline on the engine (issue 10): a
submitted one its township check (application_check), a verified one its district
confirmation (application_confirm), due at the end of the stored due day. The reverse
removes the deadlines of applications."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations

LABELS = {"application_check": "申请审核（乡镇）", "application_confirm": "申请确认（县级）"}


def _moment(day, tz):
    return datetime.combine(day, time.min, tzinfo=tz)


def open_deadlines(apps, schema_editor):
    Application = apps.get_model("benefits", "EligibilityApplication")
    Deadline = apps.get_model("deadlines", "Deadline")
    ContentType = apps.get_model("contenttypes", "ContentType")
    tz = ZoneInfo(settings.TIME_ZONE)
    content_type, _ = ContentType.objects.get_or_create(app_label="benefits", model="eligibilityapplication")
    running = Application.objects.filter(status__in=["submitted", "verified"]).select_related("child")
    taken = set(
        Deadline.objects.filter(
            subject_type=content_type, met_at__isnull=True, cancelled_at__isnull=True
        ).values_list("subject_id", "rule")
    )
    rows = []
    for app in running.iterator(chunk_size=2000):
        if app.status == "submitted":
            rule, start, due = "application_check", app.submitted_on, app.verify_due
        else:
            rule, start, due = "application_confirm", app.verified_on or app.submitted_on, app.confirm_due
        if due is None or (app.pk, rule) in taken:
            continue
        rows.append(
            Deadline(
                subject_type=content_type,
                subject_id=app.pk,
                rule=rule,
                label=LABELS[rule],
                area_code=app.child.area_id,
                started_at=_moment(start, tz),
                due_at=_moment(due + timedelta(days=1), tz),
            )
        )
    Deadline.objects.bulk_create(rows, batch_size=2000)


def remove_deadlines(apps, schema_editor):
    Deadline = apps.get_model("deadlines", "Deadline")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(app_label="benefits", model="eligibilityapplication").first()
    if content_type is not None:
        Deadline.objects.filter(subject_type=content_type, rule__in=list(LABELS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("benefits", "0012_payroll_line_autovacuum"),
        ("deadlines", "0002_running_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(open_deadlines, remove_deadlines)]
