"""Publicity campaigns and events, the excellent case and project call (criteria,
submissions, attachments, reviewers, assignments, scores) and the casebook."""

from .calls import Assignment, Attachment, Call, Criterion, ReviewerProfile, Score, Submission
from .casebook import CasebookEntry, Collection
from .publicity import PublicityCampaign, PublicityEvent

__all__ = [
    "Assignment",
    "Attachment",
    "Call",
    "CasebookEntry",
    "Collection",
    "Criterion",
    "PublicityCampaign",
    "PublicityEvent",
    "ReviewerProfile",
    "Score",
    "Submission",
]
