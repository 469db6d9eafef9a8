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

ADULT_AGE = 18


def due_on_opening(children) -> None:
    """Set next_visit_due of new children (unsaved Child instances) without one to today: a
    new child is due for a visit the day its file is opened (Child.save does the same for
    one child). For every set-based insert of children (bulk_create, lib.bulk_write)."""
    from django.utils import timezone

    today = timezone.localdate()
    for child in children:
        if child.next_visit_due is None:
            child.next_visit_due = today


class ChildQuerySet(ScopedQuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """As QuerySet.bulk_create; due_on_opening first."""
        objs = list(objs)
        due_on_opening(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def in_area(self, code: str) -> ChildQuerySet:
        return self.filter(area__code__startswith=code)

    def open_files(self) -> ChildQuerySet:
        """Children whose file is open: every work list (visit plan, overdue visits, red
        lists, a new campaign's screening, home figures) starts here; a closed file stays
        searchable in the child list (issue 9)."""
        from .choices import FileStatus

        return self.filter(status=FileStatus.OPEN)

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

    def born_by(self, on: date) -> ChildQuerySet:
        """Children already born on `on`: every list "as of" a date starts here, so a child
        born later is not listed with a negative age (issue 8 item 16)."""
        return self.filter(birth_date__lte=on)

    def with_guardian_flag(self) -> ChildQuerySet:
        """Annotates `guardian_lost`: no family member is a living registered guardian while
        one is registered dead — a death ends the guardian role (issue 8 item 16), and the
        child left without a guardian is flagged 无监护人. Two EXISTS, one query."""
        from .choices import ParentSituation
        from .models import FamilyMember

        members = FamilyMember.objects.filter(child=OuterRef("pk"))
        dead = members.filter(conditions__situation=ParentSituation.DECEASED)
        living_guardians = members.filter(is_guardian=True).exclude(
            conditions__situation=ParentSituation.DECEASED
        )
        return self.annotate(guardian_lost=Exists(dead) & ~Exists(living_guardians))

    def without_guardian(self) -> ChildQuerySet:
        """Children whose guardian died and who have no other registered guardian (无监护人)."""
        return self.with_guardian_flag().filter(guardian_lost=True)

    def minors_on(self, on: date) -> ChildQuerySet:
        """Children born by `on` and under 18 on `on` (the 18th birthday ends childhood)."""
        return self.born_by(on).filter(birth_date__gt=add_years(on, -ADULT_AGE))

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
        """Name, pinyin (full or the given name's: 王舒诺 → wangshunuo / shunuo, surnames by their
        surname reading, lib.pinyin) or initials (wsn), a guardian's or family member's name, a
        full ID number, the last four ID digits, or the child's or a family member's whole phone
        number.

        Numbers are stored encrypted, so numbers are found through keyed hashes: exact
        matches only. A phone number is compared in its normal form (lib.phones: digits only,
        spaces, hyphens and +86 ignored); a part of a phone number finds nothing."""
        from .models import FamilyMember

        text = (text or "").strip()
        if not text:
            return self
        compact = normalise(text)
        if re.fullmatch(r"\d{17}[\dX]", compact):
            digest = keyed_hash(compact, settings.ID_HASH_KEY)
            # The number of a file merged into another finds the file it was merged into
            # (issue 9). One indexed lookup on the unique hash first, so the search stays an
            # index probe (an OR with EXISTS would scan every child).
            held = self.model.objects.filter(id_hash=digest).values_list("pk", "merged_into_id").first()
            if held is None:
                return self.none()
            return self.filter(pk=held[1] or held[0])
        if re.fullmatch(r"\d{3}[\dX]", compact):
            return self.filter(id_last4_hash=last4_hash(compact, settings.ID_HASH_KEY))
        if re.fullmatch(r"\+?[\d()]{5,}", compact):
            digest = phone_hash(normalise_phone(compact), settings.ID_HASH_KEY)
            phones = FamilyMember.objects.filter(child=OuterRef("pk"), phone_hash=digest)
            return self.filter(Q(phone_hash=digest) | Exists(phones))
        lowered = text.lower().replace(" ", "")
        if re.fullmatch(r"[a-z]+", lowered):
            return self.filter(
                Q(name_initials__startswith=lowered)
                | Q(name_pinyin__startswith=lowered)
                | Q(name_given_pinyin__startswith=lowered)
            )
        members = FamilyMember.objects.filter(child=OuterRef("pk"), name__contains=text)
        return self.filter(Q(name__contains=text) | Exists(members))

    def merged_matching(self, text: str) -> ChildQuerySet:
        """Merged files whose full ID number is `text` (the child list's note that the number
        belongs to a file merged into another; issue 9). None unless `text` is a number."""
        from .choices import FileStatus

        compact = normalise((text or "").strip())
        if not re.fullmatch(r"\d{17}[\dX]", compact):
            return self.none()
        return self.filter(status=FileStatus.MERGED, id_hash=keyed_hash(compact, settings.ID_HASH_KEY))


class FamilyMemberQuerySet(ScopedQuerySet):
    pass


class CategorySpellQuerySet(ScopedQuerySet):
    def active_on(self, on: date) -> CategorySpellQuerySet:
        """Spells in force on `on` by their own dates (start and end inclusive) that were not
        refused: confirmed ones and paid categories still waiting for the second officer (issue
        8, item 7). Payroll and eligibility, which apply the age-out rule of the payment timing,
        read these."""
        from .choices import SpellStatus

        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=on), start_date__lte=on).exclude(
            status=SpellStatus.REFUSED
        )

    def current_on(self, on: date) -> CategorySpellQuerySet:
        """Spells a child holds on `on` as the lists show them: running on `on`, of a child
        under 18 on `on` — turning 18 ends every category (DOMAIN.md §4: 困境儿童 are under
        18; issue 8 item 16: a child past 18 was still listed with categories)."""
        return self.active_on(on).filter(child__birth_date__gt=add_years(on, -ADULT_AGE))

    def held_on(self, on: date) -> CategorySpellQuerySet:
        """Spells a child holds on `on`: current (under 18, not refused) and confirmed. Every
        list filter, count and figure of children "in a category" uses this; a pending paid
        category is shown (marked 待复核) but held only once a second officer of the district
        has confirmed it (民发〔2019〕62号 认定; issue 8, item 7)."""
        from .choices import SpellStatus

        return self.current_on(on).filter(status=SpellStatus.CONFIRMED)


class RosterImportQuerySet(ScopedQuerySet):
    pass
