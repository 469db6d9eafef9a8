"""Action permissions of the child file: small functions over the user's role and area
(CONVENTIONS.md), made of the one role policy (childwelfare.accounts.policy). Record scope is
each model's declared `scope` (childwelfare.access.scope), never here."""

from . import policy
from .choices import AREA_MANAGER_ROLES, CHILD_EDITOR_ROLES, CHILD_READER_ROLES, Role


def can_read_children(user) -> bool:
    """Open the child file and the pages over children of the user's area."""
    return policy.has_role(user, CHILD_READER_ROLES)


def can_edit_children(user) -> bool:
    """Add and change children, families and categories (and import rosters)."""
    return policy.has_role(user, CHILD_EDITOR_ROLES)


def can_manage_areas(user) -> bool:
    """Add villages/communities, e.g. when an imported roster names a new one."""
    return policy.has_role(user, AREA_MANAGER_ROLES)


def can_view_full_id(user) -> bool:
    """See unmasked ID numbers on pages and exports; every such view is logged. A permission
    granted per user (registry.view_full_id), on top of the record's scope."""
    return policy.is_active(user) and user.has_perm("registry.view_full_id")


def can_grant_allowance_category(user) -> bool:
    """Put a child on a category that carries an allowance (orphan, de facto unsupported,
    seriously ill or disabled): the district's civil affairs, which confirms eligibility
    (DOMAIN.md §4), the city administrator, and the command line's system user."""
    return policy.has_role(user, Role.DISTRICT_OFFICER, Role.CITY_ADMIN)
