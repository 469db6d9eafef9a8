"""Reads of benefits. Scope (`visible_to`) comes from each model's declared `scope`
(childwelfare.access.scope)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from childwelfare.access.scope import ScopedQuerySet


class StandardQuerySet(ScopedQuerySet):
    def in_force(self, on: date) -> StandardQuerySet:
        return self.filter(effective_from__lte=on).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=on)
        )

    def overlapping(self, start: date, end: date | None) -> StandardQuerySet:
        qs = self.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=start))
        return qs.filter(effective_from__lte=end) if end else qs


class ApplicationQuerySet(ScopedQuerySet):
    pass


class PayrollQuerySet(ScopedQuerySet):
    pass


class PayrollLineQuerySet(ScopedQuerySet):
    pass


class EnrolmentQuerySet(ScopedQuerySet):
    def enrolled(self) -> EnrolmentQuerySet:
        """Children on the roster now (removed ones left out): what the insurer gets and
        what the counts count."""
        from .choices import EnrolmentStatus

        return self.filter(status=EnrolmentStatus.ENROLLED)
