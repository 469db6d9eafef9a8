"""Action permissions: small functions over the user's role and area (CONVENTIONS.md).
Record scope is decided by each model's `visible_to(user)`, never here."""

from .choices import AREA_MANAGER_ROLES, CHILD_EDITOR_ROLES, CHILD_READER_ROLES


def can_read_children(user) -> bool:
    return user.is_authenticated and (user.is_superuser or (user.role in CHILD_READER_ROLES and user.area_id))


def can_edit_children(user) -> bool:
    """Add and change children, families and categories (and import rosters)."""
    return user.is_authenticated and (user.is_superuser or (user.role in CHILD_EDITOR_ROLES and user.area_id))


def can_manage_areas(user) -> bool:
    """Add villages/communities, e.g. when an imported roster names a new one."""
    return user.is_authenticated and (user.is_superuser or (user.role in AREA_MANAGER_ROLES and user.area_id))


def can_view_full_id(user) -> bool:
    """See unmasked ID numbers on pages and exports; every such view is logged."""
    return user.is_authenticated and user.has_perm("registry.view_full_id")


def can_grant_allowance_category(user) -> bool:
    """Put a child on a category that carries an allowance (orphan, de facto unsupported,
    seriously ill or disabled): the district's civil affairs, which confirms eligibility
    (DOMAIN.md §4), the city administrator, and the command line's system user."""
    from .choices import Role

    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.role in (Role.DISTRICT_OFFICER, Role.CITY_ADMIN) and bool(user.area_id)
