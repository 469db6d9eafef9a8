"""Every write of active discovery (CONVENTIONS.md): atomic, the actor recorded, every step
checked against the state machine and the actor's role and area. A step whose record was
changed by someone else in the meantime raises ConflictError and changes nothing.

Split by subdomain: campaigns, screening (visits, assessments and the three steps),
problems, care measures; `common` holds the errors."""

from .campaigns import campaign_children, close_campaign, create_campaign, start_campaign
from .care import add_care_measure, end_care_measure
from .common import VISIT_FIELDS, ConflictError, DiscoveryError, in_sample
from .problems import (
    add_problem_action,
    close_problem,
    extend_problem_deadline,
    raise_problem,
    remind_problem,
    reopen_problem,
    solve_problem,
    transfer_problem,
)
from .screening import (
    add_child_during_screening,
    confirm_record,
    current_assessment,
    record_visit,
    resolve_revisit_mismatch,
    return_record,
    revisit_emergencies,
    revisit_mismatch,
    revisit_record,
    screen_record,
    verify_record,
)

__all__ = [
    "VISIT_FIELDS",
    "ConflictError",
    "DiscoveryError",
    "add_care_measure",
    "add_child_during_screening",
    "add_problem_action",
    "campaign_children",
    "close_campaign",
    "close_problem",
    "confirm_record",
    "create_campaign",
    "current_assessment",
    "end_care_measure",
    "extend_problem_deadline",
    "in_sample",
    "raise_problem",
    "record_visit",
    "remind_problem",
    "reopen_problem",
    "resolve_revisit_mismatch",
    "return_record",
    "revisit_emergencies",
    "revisit_mismatch",
    "revisit_record",
    "screen_record",
    "solve_problem",
    "transfer_problem",
    "start_campaign",
    "verify_record",
]
