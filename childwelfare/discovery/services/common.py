"""What every discovery service shares: its errors and the fields of a visit."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from childwelfare.lib import errors

VISIT_FIELDS = (
    "mode",
    "living_situation",
    "guardianship",
    "schooling",
    "hukou",
    "health",
    "safety",
    "suspected_category_change",
    "notes",
)


class DiscoveryError(errors.DomainError):
    """A step refused by the rules (lib.errors.DomainError: code, field, translatable message)."""


class ConflictError(DiscoveryError, errors.ConflictError):
    """Someone else acted on the same record first; nothing was changed (code 'conflict'
    unless given)."""


# Refused moves raise this module's errors, which the views catch.
_ERRORS = {"error": DiscoveryError, "conflict": ConflictError}


def in_sample(campaign_id: int, child_id: int, rate: Decimal) -> bool:
    """Whether a record is drawn for the re-visit sample: a hash of (campaign, child) below
    `rate`. Reproducible — the same record is always drawn or never — and independent of
    the order records were created in (DOMAIN.md §6, default rate 10 %)."""
    digest = hashlib.sha256(f"screening-sample:{campaign_id}:{child_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 10_000 < int(Decimal(rate) * 10_000)
