from .case import (
    ActionReminder,
    ActionUpdate,
    Case,
    CaseAction,
    CaseApproval,
    CaseEvent,
    CaseGoal,
    CaseKeyClass,
    ProgressNote,
)
from .conference import Conference, ConferenceCase, ConferenceDecision, ConferencePaper, ConferenceParticipant
from .guardianship import GuardianAssessment, Guardianship
from .intake import Intake, IntakeAttachment, MandatoryReport

__all__ = [
    "ActionReminder",
    "ActionUpdate",
    "Case",
    "CaseAction",
    "CaseApproval",
    "CaseEvent",
    "CaseGoal",
    "CaseKeyClass",
    "Conference",
    "ConferenceCase",
    "ConferenceDecision",
    "ConferenceParticipant",
    "ConferencePaper",
    "GuardianAssessment",
    "Guardianship",
    "Intake",
    "IntakeAttachment",
    "MandatoryReport",
    "ProgressNote",
]
