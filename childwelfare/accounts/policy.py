"""The role policy: the few predicates every permission of the platform is made of.

A user acts through one role inside one area subtree (DOMAIN.md §9). The rules, once:
- an anonymous or inactive user can do nothing, except:
- a superuser without an area is the system (the command line, data loads): everything.
  The command line's account (accounts.services.system_user) is kept inactive with no
  usable password, so nobody can sign in as it; Django refuses sessions of inactive users;
- a superuser with an area acts in any role, but only inside that area;
- anyone else acts only in their own role, and only with an area.

Each app's `permissions.py` names its actions with these (e.g. `can_confirm(user, code) =
acts_within(user, code, Role.DISTRICT_OFFICER)`); record scope (which rows a user sees at
all) is `childwelfare.access.scope`, which uses these rules.
"""

from __future__ import annotations

from collections.abc import Iterable


def is_system(user) -> bool:
    """The system user: a superuser without an area (commands, data loads)."""
    return bool(user is not None and user.is_authenticated and user.is_superuser and not user.area_id)


def is_active(user) -> bool:
    """Signed in and not deactivated, or the system user."""
    return bool(user is not None and user.is_authenticated and user.is_active) or is_system(user)


def area_prefix(user) -> str | None:
    """The area code whose subtree the user works in: "" for the system user (everything),
    None for a user who has no area (nothing)."""
    if not is_active(user):
        return None
    if is_system(user):
        return ""
    return user.area_id or None


def has_role(user, *roles: str | Iterable[str]) -> bool:
    """The user is active, has an area (or is the system) and holds one of `roles`
    (superusers hold every role). `roles` may be given as strings or collections."""
    if area_prefix(user) is None:
        return False
    if user.is_superuser:
        return True
    return user.role in _flatten(roles)


def within(user, area_code: str | None) -> bool:
    """`area_code` is the user's area or lies below it."""
    prefix = area_prefix(user)
    return prefix is not None and area_code is not None and str(area_code).startswith(prefix)


def acts_within(user, area_code: str | None, *roles: str | Iterable[str]) -> bool:
    """The user holds one of `roles` and `area_code` lies inside their area: the predicate of
    every action on a record (e.g. confirming a screening record of a community)."""
    return has_role(user, *roles) and within(user, area_code)


def _flatten(roles) -> set[str]:
    flat: set[str] = set()
    for role in roles:
        if isinstance(role, str):
            flat.add(role)
        else:
            flat.update(role)
    return flat
