"""Who may do what with deadlines (issue 10). Record scope is Deadline.scope (a liaison sees
their department's items only); these name the actions."""

from __future__ import annotations

from childwelfare.accounts.choices import Role
from childwelfare.accounts.policy import acts_within, has_role

# Everyone who has work except the reviewers (who score awards and see no case).
WORKLIST_ROLES = (
    Role.CITY_ADMIN,
    Role.DISTRICT_OFFICER,
    Role.CHILD_SUPERVISOR,
    Role.CHILD_DIRECTOR,
    Role.STATION_STAFF,
    Role.DEPARTMENT_LIAISON,
    Role.AUDITOR,
)
# Who works an item and so may ask for a pause, a resumption or an extension.
WORKER_ROLES = (Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.CHILD_SUPERVISOR, Role.CHILD_DIRECTOR)
BOARD_ROLES = (Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.DEPARTMENT_LIAISON, Role.AUDITOR)
APPROVER_ROLES = (Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.CHILD_SUPERVISOR)

TOWNSHIP_CODE_LENGTH = 9
DISTRICT_CODE_LENGTH = 6


def can_read_worklist(user) -> bool:
    return has_role(user, WORKLIST_ROLES)


def can_read_board(user) -> bool:
    return has_role(user, BOARD_ROLES)


def can_read_approvals(user) -> bool:
    return has_role(user, APPROVER_ROLES)


def can_request_change(user, deadline) -> bool:
    """Someone who works the item: a director, supervisor, district officer or the city
    within the item's area, the department liaison of an item assigned to their department,
    or its owner. Auditors and station staff only read."""
    if acts_within(user, deadline.area_code, WORKER_ROLES):
        return True
    if deadline.owner_id and user.is_authenticated and deadline.owner_id == user.pk:
        return True
    return bool(
        deadline.department
        and acts_within(user, deadline.area_code, Role.DEPARTMENT_LIAISON)
        and user.department == deadline.department
    )


def approver_role(area_code: str) -> str:
    """The role that decides changes of an item in `area_code`: the township's child
    supervisor for items in a township or below, a district officer for items at district
    level, the city above that."""
    if len(area_code) >= TOWNSHIP_CODE_LENGTH:
        return Role.CHILD_SUPERVISOR
    if len(area_code) >= DISTRICT_CODE_LENGTH:
        return Role.DISTRICT_OFFICER
    return Role.CITY_ADMIN


def can_decide_change(user, change) -> bool:
    """The approver of the item's area (approver_role) or a district officer over it (who
    decides when the township's supervisor asked, four eyes), and never the person who
    asked (also for superusers)."""
    if not user.is_authenticated or change.requested_by_id == user.pk:
        return False
    area_code = change.deadline.area_code
    return acts_within(user, area_code, approver_role(area_code)) or (
        len(area_code) >= DISTRICT_CODE_LENGTH and acts_within(user, area_code, Role.DISTRICT_OFFICER)
    )
