"""Who may do what in publicity, the call and the casebook (made of accounts.policy)."""

from __future__ import annotations

from childwelfare.accounts import policy
from childwelfare.accounts.choices import Role

from .choices import CASEBOOK_READER_ROLES, SUBMISSION_READER_ROLES

PUBLICITY_READERS = (
    Role.CITY_ADMIN,
    Role.DISTRICT_OFFICER,
    Role.CHILD_SUPERVISOR,
    Role.CHILD_DIRECTOR,
    Role.STATION_STAFF,
    Role.AUDITOR,
)


def can_read_publicity(user) -> bool:
    """Read the campaigns, their events and figures: the child file's readers."""
    return policy.has_role(user, PUBLICITY_READERS)


def can_manage_campaigns(user) -> bool:
    """Create a publicity campaign: the city administrator (the campaign is the city's)."""
    return (
        policy.has_role(user, Role.CITY_ADMIN)
        and policy.area_prefix(user) is not None
        and (policy.is_system(user) or len(user.area_id or "") <= 4)
    )


def can_add_event(user, area_code: str | None) -> bool:
    """Record an event organised in `area_code`: a district officer for their district, the
    city administrator for any area (member units are recorded by the city)."""
    return policy.acts_within(user, area_code, Role.DISTRICT_OFFICER, Role.CITY_ADMIN)


def can_manage_calls(user) -> bool:
    """Create and run the call (criteria, reviewers, status, publishing): the city."""
    return can_manage_campaigns(user)


def can_read_submissions(user) -> bool:
    """Open the submissions list: the city, district officers and auditors (their area's),
    reviewers (theirs)."""
    return policy.has_role(user, SUBMISSION_READER_ROLES) or is_reviewer(user)


def can_submit(user, area_code: str | None) -> bool:
    """Send a submission for `area_code`: a district officer for their district, the city
    administrator for a member unit (or any district)."""
    return policy.acts_within(user, area_code, Role.DISTRICT_OFFICER, Role.CITY_ADMIN)


def is_reviewer(user) -> bool:
    """Holds the reviewer role (superusers excluded: they act in every role but score
    nothing of their own)."""
    return policy.has_role(user, Role.REVIEWER) and not user.is_superuser


def can_read_casebook(user) -> bool:
    """Read the casebook: every staff user but reviewers (choices.CASEBOOK_READER_ROLES)."""
    return policy.has_role(user, CASEBOOK_READER_ROLES)
