"""Reads of active discovery. Every `visible_to(user)` narrows to the user's area subtree
through the child's (or record's) community code, as registry does; a department liaison
sees only problems assigned to their department (DOMAIN.md §9)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from childwelfare.accounts.choices import Role
from childwelfare.accounts.permissions import can_read_children


def _code(user) -> str | None:
    if not can_read_children(user):
        return None
    return user.area_id or ""


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user) -> CampaignQuerySet:
        """Campaigns over the user's area or over any area inside or above it."""
        code = _code(user)
        if code is None:
            return self.none()
        if not code:
            return self
        ancestors = [code[:n] for n in (2, 4, 6, 9, 12) if n <= len(code)]
        return self.filter(Q(area__code__startswith=code) | Q(area__code__in=ancestors))


class ScreeningRecordQuerySet(models.QuerySet):
    def visible_to(self, user) -> ScreeningRecordQuerySet:
        code = _code(user)
        if code is None:
            return self.none()
        return self.filter(area__code__startswith=code) if code else self


class _ChildScoped(models.QuerySet):
    def visible_to(self, user):
        code = _code(user)
        if code is None:
            return self.none()
        return self.filter(child__area__code__startswith=code) if code else self


class VisitQuerySet(_ChildScoped):
    pass


class RiskAssessmentQuerySet(_ChildScoped):
    def latest_per_child(self):
        return self.order_by("child_id", "-assessed_on", "-id")


class CareMeasureQuerySet(_ChildScoped):
    def active_on(self, on):
        return (
            self.filter(start_date__lte=on)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
            .exclude(status="ended")
        )


class ProblemQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProblemQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.role == Role.DEPARTMENT_LIAISON and user.department and user.area_id:
            return self.filter(department=user.department, child__area__code__startswith=user.area_id)
        code = _code(user)
        if code is None:
            return self.none()
        return self.filter(child__area__code__startswith=code) if code else self

    def overdue(self, today):
        return self.filter(status="open", deadline__lt=today)
