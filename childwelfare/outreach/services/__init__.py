"""Every write of publicity, the call and the casebook (CONVENTIONS.md: views, commands and
the demo call these)."""

from childwelfare.lib.errors import ConflictError, DomainError


class OutreachError(DomainError):
    """A publicity, call or casebook step refused by a rule; nothing was written."""


class OutreachConflict(ConflictError):
    """Someone changed the call first; nothing was written."""
