"""Resident ID numbers (公民身份号码, GB 11643-1999).

Checksum arithmetic (ISO 7064 MOD 11-2) and the birth-date component come from
python-stdnum (`stdnum.cn.ric`); this module adds what the platform needs on top:
normalisation of what users type into spreadsheets, the 15 → 18 digit upgrade for
adults' old cards, gender from the 17th digit, and errors with a code and a translatable
message (lib.errors.DomainError).
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric

from .errors import DomainError

# First two digits of every issued number. Province codes never change, even when the
# county inside them is abolished (e.g. 320124, the former 溧水县), so the region check
# stops at the province: county codes of abolished divisions stay valid (DOMAIN data README).
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82".split()
)

MALE = "M"
FEMALE = "F"


class IDNumberError(DomainError):
    """An ID number that cannot be valid: a DomainError whose `code` names the check that
    failed (id_empty, id_length, id_checksum …) and whose `str(error)` says why in the
    active language. `field` is None: the caller knows which field held the number."""


@dataclass(frozen=True)
class IDNumber:
    """A validated 18-character ID number with what it encodes."""

    number: str
    birth_date: date
    gender: str  # MALE or FEMALE, from the parity of the 17th digit
    upgraded_from_15: bool = False

    @property
    def last4(self) -> str:
        return self.number[-4:]

    @property
    def region_code(self) -> str:
        return self.number[:6]


def normalise(raw: object) -> str:
    """Text as a user typed it → compact upper-case string.

    Full-width digits and letters become ASCII (NFKC), spaces and hyphens anywhere are
    removed, a lowercase x becomes X. A float from a spreadsheet cell such as 3.2e17 cannot
    be recovered and is left for `parse` to reject.
    """
    if raw is None:
        return ""
    text = str(raw)
    if text.isascii() and text.isalnum():
        return text.upper()  # the common case, which NFKC and the filter leave as it is
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace() and ch not in "-'\"").upper()


def upgrade_15(number15: str) -> str:
    """Upgrade a 15-digit first-generation number to 18 digits.

    The 2-digit year is taken as 19YY (first-generation cards were issued 1984–2004 to
    people born in the 1900s) and the check digit is computed. Raises IDNumberError.
    """
    if len(number15) != 15 or not number15.isdigit():
        raise IDNumberError(
            _("15位身份证号应全部为数字：%(number)s"), code="id_15_not_digits", params={"number": number15}
        )
    body = number15[:6] + "19" + number15[6:]
    return body + ric.calc_check_digit(body + "0")


def parse(raw: object, *, allow_15: bool = False, today: date | None = None) -> IDNumber:
    """Validate an ID number and return what it encodes.

    Checks: 18 characters (17 digits then a digit or X), known province code, a real
    birth date not after `today`, and the ISO 7064 MOD 11-2 check digit. With `allow_15`
    (family members' old cards) a 15-digit number is upgraded first.
    Raises IDNumberError whose code and message name what is wrong.
    """
    number = normalise(raw)
    if not number:
        raise IDNumberError(_("身份证号为空"), code="id_empty")
    upgraded = False
    if len(number) == 15:
        if not allow_15:
            raise IDNumberError(
                _("儿童身份证号应为18位，“%(number)s”为15位旧号码"),
                code="id_15_digits",
                params={"number": number},
            )
        number = upgrade_15(number)
        upgraded = True
    if len(number) != 18:
        # A long paste is cut in the message (QA: 200 digits pushed the explanation off the page).
        shown = number if len(number) <= 24 else number[:20] + "…"
        raise IDNumberError(
            _("身份证号应为18位，“%(number)s”为%(length)s位"),
            code="id_length",
            params={"number": shown, "length": len(number)},
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        # Which character, by position: the number itself is masked wherever it is shown.
        position = next(
            i for i, char in enumerate(number, start=1) if not (char.isdigit() or (i == 18 and char == "X"))
        )
        raise IDNumberError(
            _("身份证号“%(number)s”第%(position)s位不是数字（前17位须为数字，末位为数字或X）"),
            code="id_characters",
            params={"number": number, "position": position},
        )
    if number[:2] not in PROVINCE_CODES:
        raise IDNumberError(
            _("身份证号“%(number)s”的地区码“%(region)s”不存在"),
            code="id_region",
            params={"number": number, "region": number[:6]},
        )
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise IDNumberError(
            _("身份证号“%(number)s”中的出生日期“%(digits)s”不是有效日期"),
            code="id_birth_date_invalid",
            params={"number": number, "digits": number[6:14]},
        ) from exc
    if birth > (today or date.today()):
        raise IDNumberError(
            _("身份证号“%(number)s”中的出生日期%(birth)s晚于今天"),
            code="id_birth_date_future",
            params={"number": number, "birth": birth.isoformat()},
        )
    if birth.year < 1900:
        raise IDNumberError(
            _("身份证号“%(number)s”中的出生年份%(year)s不合理"),
            code="id_birth_year",
            params={"number": number, "year": birth.year},
        )
    if ric.calc_check_digit(number) != number[17]:
        raise IDNumberError(
            _("身份证号“%(number)s”校验码错误（末位应为%(check)s）"),
            code="id_checksum",
            params={"number": number, "check": ric.calc_check_digit(number)},
        )
    gender = MALE if int(number[16]) % 2 == 1 else FEMALE
    return IDNumber(number=number, birth_date=birth, gender=gender, upgraded_from_15=upgraded)


def mask(number: str | None) -> str:
    """An ID number as shown to anyone without "view full ID": the region code only,
    e.g. 320102201503040017 → "320102************". Text shorter than 10 characters
    (not a number) becomes as many stars. Every page, export, history entry and import error
    masks numbers through this function; nothing else decides what is shown.

    Why the region and nothing else. The 18 characters are region (6) + birth date (8) +
    order code (3) + check digit (1), and the check digit is computed from the other 17.
    The region follows from where the child lives and the birth date is printed on the child
    list, the profile, payroll lines and forms (it is needed for ages, eligibility and
    proration, and stays stored in clear). So the only secret part of a child's number is
    the order code, and the mask must not show any of the last four characters:
    - region + last four (the old `320102********0017`) beside the birth date: 1 candidate;
    - last four only, even with the birth date reduced to an age or a year-month: region
      from the area, ~366 (or ~30) days, a check digit that must match (1 in 11): ~33 (~3);
    - region only, whatever else the page shows: 1,000 order codes, of which the 500 of the
      child's gender remain (parity of the 17th digit), each with its own check digit.
    The 14 digits before the last four are not shown either: region + birth date would
    print a family member's birth date, which no page shows.
    Staff tell children apart by name and birth date (the pair the possible-duplicate check
    uses) and find one by the last four digits or the full number through keyed hashes
    (registry search), which reveal nothing on the page. Users with the permission see the
    full number on request, logged (registry.services.reveal_full_id), and in exports.
    """
    if not number:
        return ""
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 6)


def keyed_hash(number: str, key: str) -> str:
    """HMAC-SHA256 of the normalised number, hex: exact search and de-duplication without
    decrypting. The key (settings.ID_HASH_KEY) keeps the hash from being brute-forced
    offline from the small space of valid numbers."""
    return hmac.new(key.encode(), normalise(number).encode(), hashlib.sha256).hexdigest()


def last4_hash(number: str, key: str) -> str:
    """HMAC-SHA256 (hex) of the last four characters of a normalised number (or of four
    characters typed into a search): the search by last four digits without storing them.
    Prefixed "last4:" so that it never equals the hash of another kind of value. Region +
    birth date + clear last four rebuild the number (issue 13, finding 6); the keyed hash
    cannot be reversed without settings.ID_HASH_KEY, which is kept apart from the database.
    Returns "" for an empty number."""
    tail = normalise(number)[-4:]
    if not tail:
        return ""
    return hmac.new(key.encode(), f"last4:{tail}".encode(), hashlib.sha256).hexdigest()


def make_number(region: str, birth: date, sequence: int, gender: str) -> str:
    """Build a valid 18-digit number (synthetic demo and test data only).

    `sequence` 0..99 picks the first two order digits; the third is chosen odd for MALE,
    even for FEMALE.
    """
    third = 1 if gender == MALE else 2
    body = f"{region}{birth:%Y%m%d}{sequence % 100:02d}{third}"
    return body + ric.calc_check_digit(body + "0")
