"""What every case service shares: its errors."""

from childwelfare.lib import errors


class CaseError(errors.DomainError):
    """A step of case management refused by the rules (code, field, translatable message)."""


class CaseConflict(CaseError, errors.ConflictError):
    """Someone else changed the same record first; nothing was written."""


# Refused moves raise this module's errors, which the views catch.
ERRORS = {"error": CaseError, "conflict": CaseConflict}
