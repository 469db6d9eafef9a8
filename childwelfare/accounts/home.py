"""Panels of the home page ("我的工作"). Each app registers what the signed-in user has to do
in it — from its AppConfig.ready() — so accounts imports none of them (CONVENTIONS.md: apps
depend on accounts, never the other way round).

    register_home_panel("discovery/_home_panel.html", home_panel_context, order=20)

`context(user, today)` returns the template's context, or None when the app has nothing for
that user; it must cost a fixed number of queries. Figures are `PanelItem`s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string


@dataclass
class PanelItem:
    """One figure of a panel: a count with its label, linking to the list it counts."""

    label: str
    count: int
    url: str
    urgent: bool = False  # shown in red when count > 0


@dataclass(frozen=True)
class HomePanel:
    template: str
    context: Callable[..., dict | None]
    order: int = 100


_PANELS: list[HomePanel] = []


def register_home_panel(template: str, context: Callable[..., dict | None], *, order: int = 100) -> None:
    if any(panel.template == template for panel in _PANELS):
        return
    _PANELS.append(HomePanel(template, context, order))
    _PANELS.sort(key=lambda panel: panel.order)


def render_panels(request, today: date) -> list[str]:
    """The HTML of every panel that has something for the user, in order."""
    html = []
    for panel in _PANELS:
        context = panel.context(request.user, today)
        if context:
            html.append(render_to_string(panel.template, context, request=request))
    return html


# ---- "what you can do": each role's landing page says it (issue 9) -------------------------


@dataclass(frozen=True)
class Ability:
    """One thing a user can do, with the page where it is done."""

    text: str  # a lazy translation
    url_name: str
    allowed: Callable[..., bool]  # allowed(user) -> bool, without a query
    order: int = 100


_ABILITIES: list[Ability] = []


def register_ability(text, url_name: str, allowed: Callable[..., bool], *, order: int = 100) -> None:
    """Add a line to the home page's "您可以" panel for the users `allowed(user)` lets do it
    (once per url_name and text; AppConfig.ready() may run twice in tests)."""
    if any(a.url_name == url_name and a.text == text for a in _ABILITIES):
        return
    _ABILITIES.append(Ability(text, url_name, allowed, order))
    _ABILITIES.sort(key=lambda ability: ability.order)


def abilities_for(user) -> list[tuple[str, str]]:
    """[(text, address)] of what `user` can do, in order; no query."""
    from django.urls import reverse

    return [(str(a.text), reverse(a.url_name)) for a in _ABILITIES if a.allowed(user)]
