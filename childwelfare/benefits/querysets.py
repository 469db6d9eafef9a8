"""Reads of benefits, each with its one scope check (`visible_to`)."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q

from childwelfare.accounts.choices import Role
from childwelfare.accounts.permissions import can_read_children


def _code(user) -> str | None:
    if not can_read_children(user):
        return None
    return user.area_id or ""


class StandardQuerySet(models.QuerySet):
    def in_force(self, on: date) -> StandardQuerySet:
        return self.filter(effective_from__lte=on).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=on)
        )

    def overlapping(self, start: date, end: date | None) -> StandardQuerySet:
        qs = self.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=start))
        return qs.filter(effective_from__lte=end) if end else qs

    def visible_to(self, user) -> StandardQuerySet:
        """Standards are public rules: everyone who works with children may read them."""
        return self if user.is_authenticated else self.none()


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user) -> ApplicationQuerySet:
        code = _code(user)
        if code is None:
            return self.none()
        return self.filter(child__area__code__startswith=code) if code else self


class PayrollQuerySet(models.QuerySet):
    def visible_to(self, user) -> PayrollQuerySet:
        """Payrolls of districts inside the user's area, or of the user's own district for a
        user below it (a street's supervisor sees the district's payroll lines of their street
        through PayrollLine.visible_to, not the payroll as a whole)."""
        if not user.is_authenticated or user.role not in (
            Role.CITY_ADMIN,
            Role.DISTRICT_OFFICER,
            Role.AUDITOR,
        ):
            return self.none() if not user.is_superuser else self
        code = user.area_id or ""
        return self.filter(area__code__startswith=code) if code else self


class PayrollLineQuerySet(models.QuerySet):
    def visible_to(self, user) -> PayrollLineQuerySet:
        code = _code(user)
        if code is None:
            return self.none()
        return self.filter(child__area__code__startswith=code) if code else self


class EnrolmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> EnrolmentQuerySet:
        code = _code(user)
        if code is None:
            return self.none()
        return self.filter(area__code__startswith=code) if code else self
