"""Reads of the child file. `visible_to(user)` (childwelfare.access.scope, from each model's
declared `scope`) is the one scope check every page, export, import and search goes through:
a child is visible when its residence community lies in the user's area subtree."""

from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.db.models import Exists, OuterRef, Q

from childwelfare.access.scope import ScopedQuerySet
from childwelfare.lib.dates import add_years
from childwelfare.lib.idnumber import keyed_hash, last4_hash, normalise
from childwelfare.lib.phones import normalise_phone, phone_hash


class ChildQuerySet(ScopedQuerySet):
    def in_area(self, code: str) -> ChildQuerySet:
        return self.filter(area__code__startswith=code)

    def with_category(self, category: str, on: date) -> ChildQuerySet:
        """Children holding `category` on date `on` (confirmed spells, inclusive of both ends).

        Written as `pk IN (spells …)` rather than a correlated EXISTS: SQLite would walk the
        spell index once per child (quadratic); the IN form reads the spells once."""
        from .models import CategorySpell

        return self.filter(
            pk__in=CategorySpell.objects.held_on(on).filter(category=category).values("child_id")
        )

    def in_any_category(self, on: date) -> ChildQuerySet:
        from .models import CategorySpell

        return self.filter(pk__in=CategorySpell.objects.held_on(on).values("child_id"))

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
        four ID digits, or the child's or a family member's whole phone number.

        Numbers are stored encrypted, so numbers are found through keyed hashes: exact
        matches only. A phone number is compared in its normal form (lib.phones: digits only,
        spaces, hyphens and +86 ignored); a part of a phone number finds nothing."""
        from .models import FamilyMember

        text = (text or "").strip()
        if not text:
            return self
        compact = normalise(text)
        if re.fullmatch(r"\d{17}[\dX]", compact):
            return self.filter(id_hash=keyed_hash(compact, settings.ID_HASH_KEY))
        if re.fullmatch(r"\d{3}[\dX]", compact):
            return self.filter(id_last4_hash=last4_hash(compact, settings.ID_HASH_KEY))
        if re.fullmatch(r"\+?[\d()]{5,}", compact):
            digest = phone_hash(normalise_phone(compact), settings.ID_HASH_KEY)
            phones = FamilyMember.objects.filter(child=OuterRef("pk"), phone_hash=digest)
            return self.filter(Q(phone_hash=digest) | Exists(phones))
        lowered = text.lower().replace(" ", "")
        if re.fullmatch(r"[a-z]+", lowered):
            return self.filter(Q(name_initials__startswith=lowered) | Q(name_pinyin__startswith=lowered))
        return self.filter(name__contains=text)


class FamilyMemberQuerySet(ScopedQuerySet):
    pass


class CategorySpellQuerySet(ScopedQuerySet):
    def active_on(self, on: date) -> CategorySpellQuerySet:
        """Spells in force on `on` (both ends inclusive) that were not refused: confirmed
        ones and paid categories still waiting for the second officer (issue 8, item 7).
        Shown on a child's lines with their status; counted nowhere — see `held_on`."""
        from .choices import SpellStatus

        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=on), start_date__lte=on).exclude(
            status=SpellStatus.REFUSED
        )

    def held_on(self, on: date) -> CategorySpellQuerySet:
        """Spells a child holds on `on`: in force and confirmed. Every list filter, count and
        figure of children "in a category" uses this; a pending paid category is held only
        once a second officer of the district has confirmed it (62号 认定)."""
        from .choices import SpellStatus

        return self.active_on(on).filter(status=SpellStatus.CONFIRMED)


class RosterImportQuerySet(ScopedQuerySet):
    pass
