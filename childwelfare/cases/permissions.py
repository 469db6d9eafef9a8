"""Who may take each step of case management (issue 10; DOMAIN.md §9), made of the one role
policy (childwelfare.accounts.policy). Scope (which records a user sees at all) is each
model's declared `scope`; these say what a user may do with a record they can see. Each part
of case management keeps its own section."""

from childwelfare.accounts.choices import CHILD_EDITOR_ROLES, CHILD_READER_ROLES, Role
from childwelfare.accounts.policy import acts_within, has_role, is_active

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
