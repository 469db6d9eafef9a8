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


def can_manage_accounts(user) -> bool:
    """Open the list of user accounts of one's area and reset passwords there: the city
    administrator and district officers (each only for the accounts can_reset_password
    allows)."""
    return policy.has_role(user, Role.CITY_ADMIN, Role.DISTRICT_OFFICER)


# Accounts a district officer may not reset: their peers and superiors, and the auditors who
# check their work (an officer holding an auditor's password could read the audit as them).
_ABOVE_DISTRICT = {Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.AUDITOR}


def can_reset_password(actor, target) -> bool:
    """Reset `target`'s password to a temporary one (issue 9). The rule: never one's own (the
    password-change page is for that), never a superuser's or an account without an area;
    the target's area lies in the actor's; the city administrator resets every other role
    (not another city administrator: that is Django's admin's, a superuser's); a district
    officer resets the accounts of their district below them, not officers, city
    administrators or auditors. The system user may reset anyone but superusers."""
    if not can_manage_accounts(actor) or target.pk == actor.pk:
        return False
    if target.is_superuser or not target.area_id or not policy.within(actor, target.area_id):
        return False
    if actor.is_superuser:
        return True
    if actor.role == Role.CITY_ADMIN:
        return target.role != Role.CITY_ADMIN
    return target.role not in _ABOVE_DISTRICT
