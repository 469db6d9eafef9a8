"""Who may take each step of case management (issue 10; DOMAIN.md §9), made of the one role
policy (accounts.policy). Scope (which records a user sees at all) is each model's declared
`scope`; these say what a user may do to a record they can see."""

from childwelfare.accounts import policy
from childwelfare.accounts.choices import CHILD_EDITOR_ROLES, CHILD_READER_ROLES, Role
from childwelfare.accounts.policy import acts_within, has_role, is_active

# --- caseflow: the case, its approvals, plan, actions, transfer and closure ----------------

# Who works a case: the district officer of the child's area, and the case's own worker
# (a supervisor, director or station staff member named as worker) inside their area.
WORKER_ROLES = (Role.DISTRICT_OFFICER, Role.CHILD_SUPERVISOR, Role.CHILD_DIRECTOR, Role.STATION_STAFF)
# Who approves an assessment, a plan or a closure: a child supervisor of the child's township
# (the case's named supervisor is one) or a district officer of its district — never the
# person who asked (four eyes, checked by the service).
APPROVER_ROLES = (Role.CHILD_SUPERVISOR, Role.DISTRICT_OFFICER)


def can_read_cases(user) -> bool:
    """The case list and pages: those who read the child file (auditors read only)."""
    return has_role(user, CHILD_READER_ROLES)


def can_open_case(user, area_code: str) -> bool:
    """Open a case for a child of `area_code`: its district officer or township supervisor."""
    return acts_within(user, area_code, Role.DISTRICT_OFFICER, Role.CHILD_SUPERVISOR)


def can_work_case(user, case) -> bool:
    """Move the case (intake → assessment, intervention ⇄ review), ask for approvals, edit
    its fields, goals and actions: the district officer of the child's area, or the case's
    worker within their area."""
    area = case.child.area_id
    if acts_within(user, area, Role.DISTRICT_OFFICER):
        return True
    return case.worker_id == user.pk and acts_within(user, area, WORKER_ROLES)


def can_approve_case(user, case) -> bool:
    """Approve or return a request of the case (assessment, plan, closure): a child
    supervisor or district officer of the child's area; the service refuses the requester."""
    return acts_within(user, case.child.area_id, APPROVER_ROLES)


def can_reopen_case(user, case) -> bool:
    """Reopen a closed case (with a reason): the district officer."""
    return acts_within(user, case.child.area_id, Role.DISTRICT_OFFICER)


def can_note_case(user, case) -> bool:
    """Write a progress note: whoever records what they see of the child in its area
    (officers, supervisors, directors, station staff), not auditors."""
    return acts_within(user, case.child.area_id, WORKER_ROLES)


def is_department_liaison(user) -> bool:
    return has_role(user, Role.DEPARTMENT_LIAISON) and not user.is_superuser


def can_read_department_actions(user) -> bool:
    """The liaison's page 本部门的个案任务."""
    return is_department_liaison(user)


def can_update_action(user, action) -> bool:
    """Report progress on, or complete, an action: whoever works its case, the liaison of
    the action's department inside the child's area, or the person who owns it."""
    area = action.case.child.area_id
    if can_work_case(user, action.case):
        return True
    if acts_within(user, area, Role.DEPARTMENT_LIAISON):
        return bool(action.department) and (user.is_superuser or user.department == action.department)
    return (
        action.owner_user_id is not None
        and action.owner_user_id == user.pk
        and acts_within(user, area, WORKER_ROLES)
    )


# --- intake and mandatory reports (part "intake") ------------------------------------------


def can_read_intakes(user) -> bool:
    """Open the intake list and an intake's page: the readers of the child file (city,
    district, supervisors, directors, station staff, auditors). Liaisons and reviewers see
    no intake."""
    return has_role(user, CHILD_READER_ROLES)


def can_record_intake(user, area_code: str | None = None) -> bool:
    """Register an intake or a mandatory report, and add attachments to one: those who record
    in the child file (city administrator, district officer, child supervisor, child
    director), inside their area (`area_code` None: anywhere they work)."""
    if area_code is None:
        return has_role(user, CHILD_EDITOR_ROLES)
    return acts_within(user, area_code, CHILD_EDITOR_ROLES)


def can_decide_intake(user, intake) -> bool:
    """Open a case from an intake, link it to the child's open case, or close it as 不予立案:
    the district officer of the intake's area (district officers handle cases)."""
    return acts_within(user, intake.area_id, Role.DISTRICT_OFFICER)


def can_acknowledge_report(user, report) -> bool:
    """Acknowledge a mandatory report (受理) and tell the reporting unit the outcome: the
    district officer of the report's area (DOMAIN.md §7: the receiving department)."""
    return acts_within(user, report.intake.area_id, Role.DISTRICT_OFFICER)


def can_view_reporter(user) -> bool:
    """See the reporter's name and contact of a mandatory report (DOMAIN.md §7: the
    reporter's identity is confidential). A permission granted per user (cases.view_reporter),
    on top of the report's scope; each such view is logged (audit, view_reporter)."""
    return is_active(user) and user.has_perm("cases.view_reporter")


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


def can_convene_on(user, case) -> bool:
    """发起会商 from a case's page: a convener whose area holds the case's child."""
    return acts_within(user, case.child.area_id, *CONVENER_ROLES)


def can_manage_conference(user, conference) -> bool:
    """Attendance, minutes, decisions and their actions, papers, 督办: the office that
    convened it (the district's officers; the city for its own and the districts')."""
    return acts_within(user, conference.area_id, *CONVENER_ROLES)


def can_read_conference_record(user, conference) -> bool:
    """The full record of a conference (minutes, decisions, dissent, the printed minutes):
    its office and auditors; a liaison sees only their department's part."""
    return acts_within(user, conference.area_id, *CONVENER_ROLES, Role.AUDITOR)


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
