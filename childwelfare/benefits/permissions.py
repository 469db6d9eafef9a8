"""Who may do what in benefits (DOMAIN.md §4, §9), made of the one role policy
(childwelfare.accounts.policy): each action is a role acting inside its area."""

from childwelfare.accounts.choices import ACCOUNT_READER_ROLES, PAYROLL_READER_ROLES, Role
from childwelfare.accounts.permissions import can_view_full_id
from childwelfare.accounts.policy import acts_within, has_role, is_system


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


def is_second_person(user, first_person_id: int | None) -> bool:
    """Four eyes on money (issue 8, items 7 and 8): the second step — approving a payroll or
    an uprating, confirming a paid category — is taken by someone other than the person who
    took the first (computed, proposed, wrote it). The command line's system user, which is
    no person (data loads), is not held to it."""
    return is_system(user) or first_person_id is None or user.pk != first_person_id


def can_review_spells(user) -> bool:
    """Open the list of paid categories awaiting the second person's check and decide them:
    a district officer (each record still checked against the child's district)."""
    return has_role(user, Role.DISTRICT_OFFICER)


def can_read_accounts(user) -> bool:
    """Open a child's payment account page (masked number, change history): the city, the
    district officers, the township supervisors and auditors (BankAccount.scope)."""
    return has_role(user, ACCOUNT_READER_ROLES)


def can_edit_account(user, area_code: str) -> bool:
    """Add or change the payment account of a child of `area_code`: the district officer or
    the township supervisor of the child's area (issue 8, item 9)."""
    return acts_within(user, area_code, Role.DISTRICT_OFFICER, Role.CHILD_SUPERVISOR)


def can_reveal_account_number(user) -> bool:
    """See an account number in full, logged: a reader of accounts who also holds the
    per-user "view full ID" permission (accounts.permissions.can_view_full_id)."""
    return can_read_accounts(user) and can_view_full_id(user)
