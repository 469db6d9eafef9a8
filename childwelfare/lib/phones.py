"""Telephone numbers of children and family members: the normal form that exact search
compares, and its keyed hash (the numbers themselves are stored encrypted)."""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

_NOT_DIGIT = re.compile(r"\D")


def normalise_phone(raw: object) -> str:
    """Text as typed → digits only: full-width digits become ASCII, spaces, hyphens and
    brackets go, and the country code of a mainland mobile (+86 / 0086 / 86 before 11
    digits starting with 1) is dropped. "025-8300 1234" → "02583001234",
    "+86 139 1234 5678" → "13912345678". Returns "" when there is no digit."""
    if raw is None:
        return ""
    digits = _NOT_DIGIT.sub("", unicodedata.normalize("NFKC", str(raw)))
    for prefix in ("0086", "86"):
        rest = digits[len(prefix) :]
        if digits.startswith(prefix) and len(rest) == 11 and rest.startswith("1"):
            return rest
    return digits


def phone_hash(phone: object, key: str) -> str:
    """HMAC-SHA256 (hex) of the normalised number, prefixed "phone:" so that it never equals
    the hash of an ID number; "" when there is no number. The search by phone number is an
    exact match on this hash (registry.querysets.ChildQuerySet.search): a part of a number
    finds nothing, since the number is stored encrypted (issue 13, finding 6)."""
    digits = normalise_phone(phone)
    if not digits:
        return ""
    return hmac.new(key.encode(), f"phone:{digits}".encode(), hashlib.sha256).hexdigest()
