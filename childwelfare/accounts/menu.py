"""The main menu of every page. Each app registers its entries from its AppConfig.ready(), so
base.html names no app and accounts imports none of them (CONVENTIONS.md: apps depend on
accounts, never the other way round):

    register_menu_item(_("保障"), "benefits:index", can_read_children, order=40)

`allowed(user) -> bool` decides who sees the entry; it must cost no query (it runs on every
page). `active(match) -> bool` receives the request's ResolverMatch (or None) and says
whether the current page belongs to the entry; by default, every page of the entry's URL
namespace ("benefits:index" → every "benefits:…" page).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


def in_namespace(namespace: str) -> Callable[..., bool]:
    """Active rule: every page of the URL namespace `namespace`."""
    return lambda match: match is not None and match.app_name == namespace


def on_pages(*view_names: str) -> Callable[..., bool]:
    """Active rule: exactly the named pages ("registry:child_list", "home")."""
    return lambda match: match is not None and match.view_name in view_names


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    allowed: Callable[..., bool]
    active: Callable[..., bool]
    order: int = 100


@dataclass(frozen=True)
class MenuEntry:
    """One rendered entry: label, address and whether the current page is under it."""

    label: str
    url: str
    active: bool


_ITEMS: list[MenuItem] = []


def register_menu_item(
    label,
    url_name: str,
    allowed: Callable[..., bool],
    *,
    active: Callable[..., bool] | None = None,
    order: int = 100,
) -> None:
    """Add an entry to the main menu (once per `url_name` and `label`; ready() may run twice
    in tests). `label` is a lazy translation; `active` defaults to the namespace of
    `url_name`, or to that page alone when it has no namespace."""
    if any(item.url_name == url_name and item.label == label for item in _ITEMS):
        return
    if active is None:
        namespace, _, _name = url_name.rpartition(":")
        active = in_namespace(namespace) if namespace else on_pages(url_name)
    _ITEMS.append(MenuItem(label, url_name, allowed, active, order))
    _ITEMS.sort(key=lambda item: item.order)


def menu_for(request) -> list[MenuEntry]:
    """The entries the request's user may see, in order, with the current one marked.
    Anonymous users get none."""
    user = request.user
    if not user.is_authenticated:
        return []
    match = getattr(request, "resolver_match", None)
    return [
        MenuEntry(str(item.label), reverse(item.url_name), bool(item.active(match)))
        for item in _ITEMS
        if item.allowed(user)
    ]
