"""Who may take each step of active discovery (DOMAIN.md §6, §9), made of the one role policy
(childwelfare.accounts.policy). Scope (which records a user sees at all) is each model's
declared `scope`; these say what a user may do to a record they can see."""

from childwelfare.accounts.choices import CHILD_READER_ROLES, Role
from childwelfare.accounts.permissions import can_view_full_id
from childwelfare.accounts.policy import acts_within, has_role


def can_manage_campaigns(user, area_code: str) -> bool:
    """Create, start and close campaigns over an area: district officers and city admins."""
    return acts_within(user, area_code, Role.DISTRICT_OFFICER, Role.CITY_ADMIN)


def can_screen(user, area_code: str) -> bool:
    """Step 1: the child director of the community."""
    return acts_within(user, area_code, Role.CHILD_DIRECTOR)


def can_screen_in_campaign(user, campaign) -> bool:
    """Import screening results into, or add a child found during, a campaign: the child
    director of a community the campaign covers. The campaign usually lies over an area above
    the director's (a street or district), so the check is on the deeper of the two areas."""
    own = user.area_id or ""
    deeper = own if own.startswith(campaign.area_id) else campaign.area_id
    return can_screen(user, deeper)


def can_verify(user, area_code: str) -> bool:
    """Step 2: the township/street child supervisor."""
    return acts_within(user, area_code, Role.CHILD_SUPERVISOR)


def can_confirm(user, area_code: str) -> bool:
    """Step 3: the district officer."""
    return acts_within(user, area_code, Role.DISTRICT_OFFICER)


def can_revisit(user, area_code: str) -> bool:
    """The sample re-visit before confirmation: the district officer or a supervisor they send."""
    return acts_within(user, area_code, Role.DISTRICT_OFFICER, Role.CHILD_SUPERVISOR)


def can_record_visit(user, area_code: str) -> bool:
    """Home visits and assessments: directors, supervisors and district officers in area."""
    return acts_within(user, area_code, Role.CHILD_DIRECTOR, Role.CHILD_SUPERVISOR, Role.DISTRICT_OFFICER)


def can_raise_problem(user, area_code: str) -> bool:
    return can_record_visit(user, area_code)


def can_read_problems(user) -> bool:
    """The problem list: those who read the child file, and department liaisons (who see only
    their department's problems, by the Problem scope)."""
    return has_role(user, CHILD_READER_ROLES, Role.DEPARTMENT_LIAISON)


def can_act_on_problem(user, problem) -> bool:
    """Record actions and mark solved: the liaison of the responsible department (a superuser,
    who acts in every role, for any department, as the Problem scope lets them see all)."""
    return acts_within(user, problem.child.area_id, Role.DEPARTMENT_LIAISON) and (
        user.is_superuser or user.department == problem.department
    )


def can_close_problem(user, problem) -> bool:
    """Verify and close, or reopen: the district officer."""
    return acts_within(user, problem.child.area_id, Role.DISTRICT_OFFICER)


def can_route_problem(user, problem) -> bool:
    """Transfer an open problem to another department or extend its deadline: the district
    officer of the child's area, who routes problems to departments (DOMAIN.md §9)."""
    return acts_within(user, problem.child.area_id, Role.DISTRICT_OFFICER)


def can_remind_problem(user, problem) -> bool:
    """Press the department (催办): the district officer or the child supervisor of the
    child's area, who follow the problems they found."""
    return acts_within(user, problem.child.area_id, Role.DISTRICT_OFFICER, Role.CHILD_SUPERVISOR)


def can_see_contact_phone(user) -> bool:
    """A full phone number of the family's contact person on a problem's page: only with
    the "view full ID" permission (the rule of every full number, each view logged); others,
    department liaisons by default, see it masked (lib.phones.mask_phone)."""
    return can_view_full_id(user)


def can_manage_care(user, area_code: str) -> bool:
    """Care measures (帮扶措施): directors, supervisors, district officers and station staff."""
    return acts_within(
        user, area_code, Role.CHILD_DIRECTOR, Role.CHILD_SUPERVISOR, Role.DISTRICT_OFFICER, Role.STATION_STAFF
    )
