"""Who may do what in benefits (DOMAIN.md §4, §9), made of the one role policy
(childwelfare.accounts.policy): each action is a role acting inside its area."""

from childwelfare.accounts.choices import PAYROLL_READER_ROLES, Role
from childwelfare.accounts.policy import acts_within, has_role


def can_read_payrolls(user) -> bool:
    """Open the payroll pages: the city, district officers and auditors (Payroll.scope)."""
    return has_role(user, PAYROLL_READER_ROLES)


def can_set_standards(user, area_code: str) -> bool:
    """Standards and uprating of an area: the city administrator for the city, a district
    officer for their own district's standards."""
    return acts_within(user, area_code, Role.CITY_ADMIN, Role.DISTRICT_OFFICER)


def can_submit_application(user, area_code: str) -> bool:
    """Record an application received at the township (supervisor) or by the child's
    director on the family's behalf, or by a district officer."""
    return acts_within(user, area_code, Role.CHILD_DIRECTOR, Role.CHILD_SUPERVISOR, Role.DISTRICT_OFFICER)


def can_verify_application(user, area_code: str) -> bool:
    """Township verification (查验): the child supervisor of the township/street."""
    return acts_within(user, area_code, Role.CHILD_SUPERVISOR)


def can_confirm_application(user, area_code: str) -> bool:
    """District confirmation (确认), refusal and termination: the district officer."""
    return acts_within(user, area_code, Role.DISTRICT_OFFICER)


def can_run_payroll(user, area_code: str) -> bool:
    """Compute a district's monthly payroll: the district officer."""
    return acts_within(user, area_code, Role.DISTRICT_OFFICER)


def can_approve_payroll(user, area_code: str) -> bool:
    """Approve and lock a district's payroll: the district officer."""
    return can_run_payroll(user, area_code)


def can_manage_insurance(user, area_code: str) -> bool:
    """Generate insurance rosters and load policy numbers: the city and district officers."""
    return acts_within(user, area_code, Role.CITY_ADMIN, Role.DISTRICT_OFFICER)
