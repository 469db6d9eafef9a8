"""What a paid category rests on besides an eligibility application (issue 10): a module
declares, from its AppConfig.ready(), how to name the legal basis of a spell it wrote — a
long-term guardianship by civil affairs makes the child an institutional orphan for
allowance purposes (未成年人保护法 art. 94, DOMAIN.md §8) whatever the parents' situation.
The second person's check (benefits.spells) then checks that basis, not the orphan rule.

    register_spell_basis(lambda spell: "长期监护 …" or "")
"""

from __future__ import annotations

from collections.abc import Callable

_SOURCES: list[Callable[..., str]] = []


def register_spell_basis(source: Callable[..., str]) -> None:
    """Add `source(spell) -> str` (the basis as shown, or "" when it is not this module's)."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def spell_basis(spell) -> str:
    """The legal basis another module declared for `spell`, or ""."""
    for source in _SOURCES:
        if basis := source(spell):
            return basis
    return ""
