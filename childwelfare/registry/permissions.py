"""Action permissions of the child file that are not in accounts.permissions (made of the one
role policy, childwelfare.accounts.policy)."""

from childwelfare.accounts import policy
from childwelfare.accounts.choices import CHILD_EDITOR_ROLES, Role


def can_handle_registration_conflicts(user, area_code: str | None = None) -> bool:
    """Work the list of ID numbers tried in the user's area but registered outside it
    (RegistrationConflict): the district's officers and the city (issue 13 §4). Without
    `area_code`, whether the user may open the list at all."""
    roles = (Role.DISTRICT_OFFICER, Role.CITY_ADMIN)
    if area_code is None:
        return policy.has_role(user, *roles)
    return policy.acts_within(user, area_code, *roles)


def can_import_as_of(user) -> bool:
    """Import a roster as of a past date (loading the city's old spreadsheets, issue 8 item
    15): the city administrator (and the command line's system user)."""
    return policy.has_role(user, Role.CITY_ADMIN)


def can_close_child_file(user, area_code: str) -> bool:
    """Close a child's file (turned 18, moved away, died, other): whoever edits the child file
    in that area (the person who learns of it first)."""
    return policy.acts_within(user, area_code, CHILD_EDITOR_ROLES)


def can_reopen_child_file(user, area_code: str | None = None) -> bool:
    """Reopen a closed file: the district's officers and the city (issue 9). Without
    `area_code`, whether the user may reopen any file at all."""
    roles = (Role.DISTRICT_OFFICER, Role.CITY_ADMIN)
    if area_code is None:
        return policy.has_role(user, *roles)
    return policy.acts_within(user, area_code, *roles)


def can_propose_transfer(user, area_code: str) -> bool:
    """Propose moving a child of `area_code` to a community elsewhere (迁移), or withdraw the
    proposal: whoever edits the child file there (the sending side)."""
    return policy.acts_within(user, area_code, CHILD_EDITOR_ROLES)


def can_decide_transfer(user, area_code: str | None = None) -> bool:
    """Accept or refuse a child moving into `area_code`: the receiving district's officers and
    the city (issue 9). Without `area_code`, whether the user decides transfers at all."""
    roles = (Role.DISTRICT_OFFICER, Role.CITY_ADMIN)
    if area_code is None:
        return policy.has_role(user, *roles)
    return policy.acts_within(user, area_code, *roles)
