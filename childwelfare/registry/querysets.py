"""Reads of the child file. `visible_to(user)` is the one scope check every page, export,
import and search goes through: a child is visible when its residence community lies in the
user's area subtree (the area code is the primary key, so this is a prefix match on
child.area_id with no join)."""

from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q

from childwelfare.accounts.permissions import can_read_children
from childwelfare.lib.dates import add_years
from childwelfare.lib.idnumber import keyed_hash, normalise


def _scope_code(user) -> str | None:
    """The area prefix a user may read children under; None means nothing."""
    if not can_read_children(user):
        return None
    if user.is_superuser and not user.area_id:
        return ""
    return user.area_id


class ChildQuerySet(models.QuerySet):
    def visible_to(self, user) -> ChildQuerySet:
        code = _scope_code(user)
        if code is None:
            return self.none()
        return self.filter(area__code__startswith=code) if code else self

    def in_area(self, code: str) -> ChildQuerySet:
        return self.filter(area__code__startswith=code)

    def with_category(self, category: str, on: date) -> ChildQuerySet:
        """Children holding `category` on date `on` (spells are inclusive of both ends).

        Written as `pk IN (spells …)` rather than a correlated EXISTS: SQLite would walk the
        spell index once per child (quadratic); the IN form reads the spells once."""
        from .models import CategorySpell

        return self.filter(
            pk__in=CategorySpell.objects.active_on(on).filter(category=category).values("child_id")
        )

    def in_any_category(self, on: date) -> ChildQuerySet:
        from .models import CategorySpell

        return self.filter(pk__in=CategorySpell.objects.active_on(on).values("child_id"))

    def aged(self, on: date, min_age: int | None = None, max_age: int | None = None) -> ChildQuerySet:
        """Children aged min_age..max_age inclusive (completed years) on `on`."""
        qs = self
        if min_age is not None:
            qs = qs.filter(birth_date__lte=add_years(on, -min_age))
        if max_age is not None:
            # age <= max_age  ⇔  birth_date > on − (max_age + 1) years
            qs = qs.filter(birth_date__gt=add_years(on, -(max_age + 1)))
        return qs

    def search(self, text: str) -> ChildQuerySet:
        """Name, pinyin or initials (王小明 → wangxiaoming / wxm), a full ID number, the last
        four ID digits, or a guardian's phone number."""
        from .models import FamilyMember

        text = (text or "").strip()
        if not text:
            return self
        compact = normalise(text)
        if re.fullmatch(r"\d{17}[\dX]", compact):
            return self.filter(id_hash=keyed_hash(compact, settings.ID_HASH_KEY))
        if re.fullmatch(r"\d{3}[\dX]", compact):
            return self.filter(id_last4=compact)
        if re.fullmatch(r"\d{5,}", compact):
            phones = FamilyMember.objects.filter(child=OuterRef("pk"), phone__contains=compact)
            return self.filter(Q(phone__contains=compact) | Exists(phones))
        lowered = text.lower().replace(" ", "")
        if re.fullmatch(r"[a-z]+", lowered):
            return self.filter(Q(name_initials__startswith=lowered) | Q(name_pinyin__startswith=lowered))
        return self.filter(name__contains=text)


class FamilyMemberQuerySet(models.QuerySet):
    def visible_to(self, user) -> FamilyMemberQuerySet:
        code = _scope_code(user)
        if code is None:
            return self.none()
        return self.filter(child__area__code__startswith=code) if code else self


class CategorySpellQuerySet(models.QuerySet):
    def active_on(self, on: date) -> CategorySpellQuerySet:
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=on), start_date__lte=on)

    def visible_to(self, user) -> CategorySpellQuerySet:
        code = _scope_code(user)
        if code is None:
            return self.none()
        return self.filter(child__area__code__startswith=code) if code else self


class RosterImportQuerySet(models.QuerySet):
    def visible_to(self, user) -> RosterImportQuerySet:
        """Imports of rosters inside the user's area (editors only)."""
        from childwelfare.accounts.permissions import can_edit_children

        if not can_edit_children(user):
            return self.none()
        return self.filter(area__code__startswith=user.area_id) if user.area_id else self
