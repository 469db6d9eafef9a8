"""Action permissions of case management (issue 10; DOMAIN.md §9), made of the one role
policy (childwelfare.accounts.policy). Each part adds its own section."""

from childwelfare.accounts import policy
from childwelfare.accounts.choices import CHILD_READER_ROLES, Role

# --- guardianship ---------------------------------------------------------------------------


def can_read_guardianship(user) -> bool:
    """Read the guardianship list and pages: whoever reads the child file (city, district,
    supervisors, directors, station staff, auditors) — not liaisons or reviewers. Which
    records: the Scope of Guardianship."""
    return policy.has_role(user, CHILD_READER_ROLES)


def can_manage_guardianship(user, area_code: str | None = None) -> bool:
    """Register, assess, end or convert a guardianship by civil affairs: the district officer
    of the child's district (DOMAIN.md §9). Without `area_code`, whether the user may at all."""
    if area_code is None:
        return policy.has_role(user, Role.DISTRICT_OFFICER)
    return policy.acts_within(user, area_code, Role.DISTRICT_OFFICER)
