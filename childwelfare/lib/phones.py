"""Telephone numbers of children and family members: the one rule that decides what is a
number (forms, imports and search all call `parse_phone`), the normal form that exact search
compares, and its keyed hash (the numbers themselves are stored encrypted).

The rule is libphonenumber's (the `phonenumbers` package) for region CN, not a pattern of
ours: a mainland mobile number (11 digits) or a landline with its area code, written with or
without +86 / 0086 and with spaces, hyphens or brackets (issue 8 item 16)."""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from functools import lru_cache

import phonenumbers
from django.utils.translation import gettext_lazy as _

from .errors import DomainError

_NOT_DIGIT = re.compile(r"\D")
# What a typed number may hold besides digits: libphonenumber itself skips leading words
# ("电话13912345678" would pass), so anything else is refused first.
_PHONE_CHARACTERS = re.compile(r"^\+?[\d\s()\-.]+$")
REGION = "CN"
STORED_MAX = 20  # the phone fields' max_length


class PhoneError(DomainError):
    """A text that is not a mainland telephone number (code "bad_phone", field "phone")."""

    default_code = "bad_phone"


_ELEVEN_DIGITS = re.compile(r"1\d{10}")


# A number is judged here when it is read and again when its keyed hash is computed
# (normalise_phone): each distinct text is judged once per process.
@lru_cache(maxsize=1 << 18)
def _plain_mobile(text: str) -> bool:
    """True when `text` is eleven bare digits that libphonenumber's plan for CN calls a valid
    mobile number: the commonest spelling, judged without parse() and format_number() (the
    two costliest steps, a third of a roster import's validation). The same rule, not a
    pattern of ours: the digits are the national number, and the plan decides."""
    if not _ELEVEN_DIGITS.fullmatch(text):
        return False
    number = phonenumbers.PhoneNumber(country_code=86, national_number=int(text))
    # number_type runs the validity check itself (UNKNOWN for an invalid number): MOBILE
    # implies is_valid_number for the single region of +86.
    return phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE


def _parsed(text: str) -> phonenumbers.PhoneNumber | None:
    """The valid mainland number `text` spells, or None."""
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 86 or number.extension or not phonenumbers.is_valid_number(number):
        return None
    return number


def parse_phone(raw: object) -> str:
    """Text as typed → the stored form of the number: a mobile as its 11 digits
    ("+86 139-1234-5678" → "13912345678"), a landline as area code, hyphen, number
    ("(025) 8300 1234" → "025-83001234"). Full-width digits are accepted. "" for empty text.

    Raises PhoneError (field "phone", params {"value"}) for anything else: letters, too few
    or too many digits, a landline without its area code, a number abroad.
    Rule: libphonenumber's numbering plan of CN (issue 8 item 16: one rule everywhere)."""
    text = unicodedata.normalize("NFKC", str(raw or "")).strip()
    if not text:
        return ""
    if _plain_mobile(text):
        return text
    number = _parsed(text) if _PHONE_CHARACTERS.match(text) else None
    if number is None:
        raise PhoneError(
            _(
                "联系电话“%(value)s”不是有效的电话号码（手机号11位，座机须带区号，如025-83001234；可带+86、空格或横线）"
            ),
            code="bad_phone",
            field="phone",
            params={"value": text[:30]},
        )
    national = _NOT_DIGIT.sub("", phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL))
    if phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE:
        return national
    area_length = phonenumbers.length_of_geographical_area_code(number)
    if area_length:
        return f"0{national[1 : area_length + 1]}-{national[area_length + 1 :]}"
    return national


def normalise_phone(raw: object) -> str:
    """Text as typed → digits only, the form exact search compares: a valid mainland number
    as its national digits whatever its spelling ("025-8300 1234", "+86 25 8300 1234" →
    "02583001234"; "+86 139 1234 5678" → "13912345678"); any other text its digits, with the
    country code of a mainland mobile dropped. Returns "" when there is no digit."""
    if raw is None:
        return ""
    text = unicodedata.normalize("NFKC", str(raw))
    if _plain_mobile(text.strip()):
        return text.strip()
    number = _parsed(text.strip()) if text.strip() else None
    if number is not None:
        return _NOT_DIGIT.sub("", phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL))
    digits = _NOT_DIGIT.sub("", text)
    for prefix in ("0086", "86"):
        rest = digits[len(prefix) :]
        if digits.startswith(prefix) and len(rest) == 11 and rest.startswith("1"):
            return rest
    return digits


def mask_phone(number: str | None) -> str:
    """A phone number as the masked file shows it: the first three and the last four digits
    of its normal form, the rest as stars: "139 1234 5678" → "139****5678". Fewer
    than eight digits become as many stars (the insurer's export; a full number only in
    logged exports)."""
    digits = normalise_phone(number)
    if len(digits) < 8:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def phone_hash(phone: object, key: str) -> str:
    """HMAC-SHA256 (hex) of the normalised number, prefixed "phone:" so that it never equals
    the hash of an ID number; "" when there is no number. The search by phone number is an
    exact match on this hash (registry.querysets.ChildQuerySet.search): a part of a number
    finds nothing, since the number is stored encrypted (issue 13, finding 6)."""
    digits = normalise_phone(phone)
    if not digits:
        return ""
    return hmac.new(key.encode(), f"phone:{digits}".encode(), hashlib.sha256).hexdigest()
