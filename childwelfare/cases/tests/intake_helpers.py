"""Shared set-up of the intake tests: a mandatory report about a registered child of 梅园社区."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import Permission
from django.utils import timezone

from childwelfare.cases.services.intake import record_mandatory_report

REPORTER = "林秋月"
CONTACT = "13912345678"


def at(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def grant_view_reporter(user) -> None:
    user.user_permissions.add(
        Permission.objects.get(codename="view_reporter", content_type__app_label="cases")
    )
    # the permission cache of a fetched user
    for name in ("_perm_cache", "_user_perm_cache"):
        if hasattr(user, name):
            delattr(user, name)


def school_report(actor, child, **overrides):
    values = {
        "actor": actor,
        "child": child,
        "received_at": at(2026, 3, 2, 11, 0),
        "description": "学生身上多处淤青，自述被父亲殴打",
        "unit_name": "梅园小学",
        "unit_type": "school",
        "reporter_name": REPORTER,
        "reporter_contact": CONTACT,
        "situations": ["4"],
        "harm_found_at": at(2026, 3, 2, 8, 10),
        "police_reported_at": at(2026, 3, 2, 11, 30),
        "police_receipt_no": "宁公（玄）受字〔2026〕0301号",
    }
    values.update(overrides)
    return record_mandatory_report(**values)
