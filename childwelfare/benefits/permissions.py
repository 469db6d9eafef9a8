"""Who may do what in benefits (DOMAIN.md §4, §9)."""

from childwelfare.accounts.choices import Role


def _role_within(user, code: str, *roles) -> bool:
    """The user has one of the roles and the area lies in theirs. The command line's system
    user (a superuser without an area) may do everything."""
    if user.is_authenticated and user.is_superuser and not user.area_id:
        return True
    return (
        user.is_authenticated
        and user.is_active
        and user.role in roles
        and bool(user.area_id)
        and code.startswith(user.area_id)
    )


def can_set_standards(user, area_code: str) -> bool:
    """Standards and uprating of an area: the city administrator for the city, a district
    officer for their own district's standards."""
    return _role_within(user, area_code, Role.CITY_ADMIN, Role.DISTRICT_OFFICER)


def can_submit_application(user, area_code: str) -> bool:
    """Record an application received at the township (supervisor) or by the child's
    director on the family's behalf, or by a district officer."""
    return _role_within(user, area_code, Role.CHILD_DIRECTOR, Role.CHILD_SUPERVISOR, Role.DISTRICT_OFFICER)


def can_verify_application(user, area_code: str) -> bool:
    """Township verification (查验): the child supervisor of the township/street."""
    return _role_within(user, area_code, Role.CHILD_SUPERVISOR)


def can_confirm_application(user, area_code: str) -> bool:
    """District confirmation (确认), refusal and termination: the district officer."""
    return _role_within(user, area_code, Role.DISTRICT_OFFICER)


def can_run_payroll(user, area_code: str) -> bool:
    return _role_within(user, area_code, Role.DISTRICT_OFFICER)


def can_approve_payroll(user, area_code: str) -> bool:
    return can_run_payroll(user, area_code)


def can_manage_insurance(user, area_code: str) -> bool:
    return _role_within(user, area_code, Role.CITY_ADMIN, Role.DISTRICT_OFFICER)
