"""Who may take each step of active discovery (DOMAIN.md §6, §9). Scope (which records a
user sees at all) is the querysets' `visible_to`; these say what a user may do to a record
they can see."""

from childwelfare.accounts.choices import Role


def _within(user, code: str) -> bool:
    return bool(user.area_id) and code.startswith(user.area_id)


def _has_role(user, *roles) -> bool:
    return user.is_authenticated and user.is_active and user.role in roles


def can_manage_campaigns(user, area_code: str) -> bool:
    """Create, start and close campaigns over an area: district officers and city admins."""
    return _has_role(user, Role.DISTRICT_OFFICER, Role.CITY_ADMIN) and _within(user, area_code)


def can_screen(user, area_code: str) -> bool:
    """Step 1: the child director of the community."""
    return _has_role(user, Role.CHILD_DIRECTOR) and _within(user, area_code)


def can_verify(user, area_code: str) -> bool:
    """Step 2: the township/street child supervisor."""
    return _has_role(user, Role.CHILD_SUPERVISOR) and _within(user, area_code)


def can_confirm(user, area_code: str) -> bool:
    """Step 3: the district officer."""
    return _has_role(user, Role.DISTRICT_OFFICER) and _within(user, area_code)


def can_revisit(user, area_code: str) -> bool:
    """The sample re-visit before confirmation: the district officer or a supervisor they send."""
    return _has_role(user, Role.DISTRICT_OFFICER, Role.CHILD_SUPERVISOR) and _within(user, area_code)


def can_record_visit(user, area_code: str) -> bool:
    """Home visits and assessments: directors, supervisors and district officers in area."""
    return _has_role(user, Role.CHILD_DIRECTOR, Role.CHILD_SUPERVISOR, Role.DISTRICT_OFFICER) and _within(
        user, area_code
    )


def can_raise_problem(user, area_code: str) -> bool:
    return can_record_visit(user, area_code)


def can_act_on_problem(user, problem) -> bool:
    """Record actions and mark solved: the liaison of the responsible department."""
    return (
        _has_role(user, Role.DEPARTMENT_LIAISON)
        and user.department == problem.department
        and _within(user, problem.child.area_id)
    )


def can_close_problem(user, problem) -> bool:
    """Verify and close, or reopen: the district officer."""
    return _has_role(user, Role.DISTRICT_OFFICER) and _within(user, problem.child.area_id)


def can_manage_care(user, area_code: str) -> bool:
    return _has_role(
        user, Role.CHILD_DIRECTOR, Role.CHILD_SUPERVISOR, Role.DISTRICT_OFFICER, Role.STATION_STAFF
    ) and _within(user, area_code)
