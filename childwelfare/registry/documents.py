"""The child file on paper (一人一档, issue 9 "Paper"): the registry's own sections (profile,
family, categories) and the sections other apps register from their AppConfig.ready()
(risk history, visits, care measures and problems from discovery; applications, payments
and insurance from benefits), so that registry imports none of them:

    register_file_section("discovery/documents/_file_visits.html", visits_section, order=40)

A section's `context(child, user, on)` returns the dict its template is rendered with
(queries through `visible_to(user)`), or None to leave the section out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from .choices import ParentSituation
from .models import CategorySpell, ParentCondition


@dataclass(frozen=True)
class FileSection:
    template: str
    context: Callable[..., dict | None]
    order: int = 100


_SECTIONS: list[FileSection] = []


def register_file_section(template: str, context: Callable[..., dict | None], *, order: int = 100) -> None:
    """Add a section to the printed child file (once per template)."""
    if any(section.template == template for section in _SECTIONS):
        return
    _SECTIONS.append(FileSection(template, context, order))
    _SECTIONS.sort(key=lambda section: section.order)


def sections_for(child, user, on: date) -> list[tuple[str, dict]]:
    """[(template, context)] of the file's sections in order, those answering None left out."""
    sections = []
    for section in _SECTIONS:
        context = section.context(child, user, on)
        if context is not None:
            sections.append((section.template, {"child": child, "on": on, **context}))
    return sections


def profile_section(child, user, on: date) -> dict:
    """Profile, family (guardians first, each member's registered situations) and categories."""
    family = list(
        child.family.visible_to(user).prefetch_related(
            Prefetch("conditions", queryset=ParentCondition.objects.order_by("start_date"))
        )
    )
    for member in family:
        member.deceased = any(
            c.situation == ParentSituation.DECEASED and c.start_date <= on for c in member.conditions.all()
        )
    spells = CategorySpell.objects.visible_to(user).filter(child=child).order_by("-start_date", "category")
    return {"age": child.age_on(on), "family": family, "spells": list(spells)}
