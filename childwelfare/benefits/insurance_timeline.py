"""Insurance on the child's timeline (issue 8, item 10): each enrolment on a roster, and each
removal (with its reason) and re-enrolment (with its note), with who did it."""

from django.utils.translation import gettext as _

from childwelfare.registry.timeline import TimelineEvent

from .insurance import enrolment_events
from .models import InsuranceEnrolment


def insurance_events(child, user):
    """TimelineEvents of the child's enrolments (three queries, registry.timeline)."""
    titles = {
        "enrolled": _("列入参保名单：%(scheme)s %(year)s年"),
        "removed": _("移出参保名单：%(scheme)s %(year)s年"),
        "reenrolled": _("重新列入参保名单：%(scheme)s %(year)s年"),
    }
    changes = enrolment_events(InsuranceEnrolment.objects.filter(child=child), with_enrolment=True, limit=200)
    for change in changes:
        enrolment = change.enrolment
        yield TimelineEvent(
            at=change.at,
            kind=f"benefits.insurance.{change.kind}",
            title=titles[change.kind] % {"scheme": enrolment.scheme.name, "year": enrolment.year},
            detail=change.reason,
            actor=change.actor,
        )
