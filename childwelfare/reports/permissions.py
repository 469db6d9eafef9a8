"""Who may read the statistics (issue 12). Which records each figure counts is the user's
scope: a figure's records are always intersected with `visible_to(user)`."""

from __future__ import annotations

from childwelfare.accounts.choices import Role
from childwelfare.accounts.policy import has_role

# The people who answer for an area's figures: the city, the districts, the townships'
# supervisors, the communities' directors, and the auditors who read them. Station staff,
# department liaisons and reviewers see their own work, not an area's statistics.
REPORT_READER_ROLES = (
    Role.CITY_ADMIN,
    Role.DISTRICT_OFFICER,
    Role.CHILD_SUPERVISOR,
    Role.CHILD_DIRECTOR,
    Role.AUDITOR,
)


def can_read_reports(user) -> bool:
    """The dashboard, the annual report and the lists behind their numbers."""
    return has_role(user, REPORT_READER_ROLES)


def can_export_reports(user) -> bool:
    """Starting the annual report's file jobs (a POST that writes a job): the statistics'
    readers but the auditor, who only reads (the URL × role matrix keeps auditors off every
    POST); an auditor prints the report page instead."""
    return has_role(user, tuple(role for role in REPORT_READER_ROLES if role != Role.AUDITOR))
