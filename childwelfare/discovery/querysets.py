"""Reads of active discovery. Scope (`visible_to`) comes from each model's declared `scope`
(childwelfare.access.scope): through the child's (or record's) community code; a department
liaison sees only problems assigned to their department (DOMAIN.md §9)."""

from __future__ import annotations

from django.db.models import Q

from childwelfare.access.scope import ScopedQuerySet


class CampaignQuerySet(ScopedQuerySet):
    pass


class ScreeningRecordQuerySet(ScopedQuerySet):
    pass


class VisitQuerySet(ScopedQuerySet):
    pass


class RiskAssessmentQuerySet(ScopedQuerySet):
    def latest_per_child(self):
        return self.order_by("child_id", "-assessed_on", "-id")


class CareMeasureQuerySet(ScopedQuerySet):
    def active_on(self, on):
        return (
            self.filter(start_date__lte=on)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
            .exclude(status="ended")
        )


class ProblemQuerySet(ScopedQuerySet):
    def overdue(self, today):
        return self.filter(status="open", deadline__lt=today)
