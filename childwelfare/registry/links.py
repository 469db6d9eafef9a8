"""Links from a child's profile to the other modules' pages about the child (visits, cases,
benefits…). Registered from each app's AppConfig.ready(), so registry imports none of them.

    register_child_link(_("走访与帮扶"), "discovery:child", lambda user, child: True)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class ChildLink:
    label: str
    url_name: str
    allowed: Callable[..., bool]
    order: int = 100


_LINKS: list[ChildLink] = []


def register_child_link(label, url_name: str, allowed: Callable[..., bool], *, order: int = 100) -> None:
    if any(link.url_name == url_name for link in _LINKS):
        return
    _LINKS.append(ChildLink(label, url_name, allowed, order))
    _LINKS.sort(key=lambda link: link.order)


def links_for(user, child) -> list[tuple[str, str]]:
    """[(label, url)] of the pages `user` may open about `child`."""
    return [
        (str(link.label), reverse(link.url_name, args=[child.pk]))
        for link in _LINKS
        if link.allowed(user, child)
    ]
