"""Who may do what in case management (issue 10; DOMAIN.md §9), made of the one role policy
(childwelfare.accounts.policy). Scope (which records a user sees at all) is each model's
declared `scope`; these say what a user may do to a record they can see."""

from childwelfare.accounts.choices import Role
from childwelfare.accounts.policy import acts_within, has_role

# --- conference (会商) -------------------------------------------------------------------------

CONVENER_ROLES = (Role.DISTRICT_OFFICER, Role.CITY_ADMIN)


def can_read_conferences(user) -> bool:
    """The conference list: the district and city offices that convene, auditors (read only),
    and department liaisons, who see the conferences their department was invited to (the
    Conference scope)."""
    return has_role(user, *CONVENER_ROLES, Role.AUDITOR, Role.DEPARTMENT_LIAISON)


def can_convene(user) -> bool:
    """Convene a conference: a district officer (for the district) or the city administrator
    (for the city)."""
    return has_role(user, *CONVENER_ROLES)


def can_manage_conference(user, conference) -> bool:
    """Attendance, minutes, decisions and their actions, papers, 督办: the office that
    convened it (the district's officers; the city for its own and the districts')."""
    return acts_within(user, conference.area_id, *CONVENER_ROLES)


def can_read_conference_record(user, conference) -> bool:
    """The full record of a conference (minutes, decisions, dissent, the printed minutes):
    its office and auditors; a liaison sees only their department's part."""
    return acts_within(user, conference.area_id, *CONVENER_ROLES, Role.AUDITOR)
