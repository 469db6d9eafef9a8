"""Writes to administrative divisions."""

import csv
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from childwelfare.lib.errors import DomainError

from .choices import CODE_LENGTH, LEVEL_BY_LENGTH, Level
from .models import Area

DATA_DIR = Path(__file__).resolve().parent / "data"


class AreaError(DomainError):
    """A division that cannot be added; nothing was written."""

    default_code = "area_refused"


def _read(name: str) -> list[dict]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load_divisions(*, prefix: str = "") -> int:
    """Load provinces, cities, districts and streets from the bundled 2022 statistical
    division codes (areas/data, copied from the National Bureau of Statistics data set).

    `prefix` limits the load to one subtree (e.g. "3201" for Nanjing) plus its ancestors.
    Existing rows are left as they are; returns the number of areas created.
    Source: shared/data/divisions/README.md.
    """
    rows: list[tuple[str, str]] = []
    for filename in ("provinces.csv", "cities.csv", "areas.csv", "streets.csv"):
        for row in _read(filename):
            code = row["code"]
            if prefix and not (code.startswith(prefix) or prefix.startswith(code)):
                continue
            rows.append((code, row["name"]))
    existing = set(Area.objects.values_list("code", flat=True))
    known = existing | {code for code, _ in rows}
    new = []
    for code, name in sorted(rows):
        if code in existing:
            continue
        level = LEVEL_BY_LENGTH[len(code)]
        parent_code = None
        for length in sorted(CODE_LENGTH.values(), reverse=True):
            if length < len(code) and code[:length] in known:
                parent_code = code[:length]
                break
        new.append(Area(code=code, name=name, level=level, parent_id=parent_code))
    Area.objects.bulk_create(new, batch_size=2000)
    return len(new)


COMMUNITY_SUFFIX_MAX = 999  # the 3 digits a village/residents' committee adds to its street's code


def free_community_codes(street: Area) -> int:
    """How many more communities the street can take: 999 minus the highest suffix in use
    (codes are never reused, so a gap below the highest does not count)."""
    return COMMUNITY_SUFFIX_MAX - _highest_suffix(street)


def _highest_suffix(street: Area) -> int:
    used = Area.objects.filter(parent=street, level=Level.COMMUNITY).values_list("code", flat=True)
    return max((int(code[len(street.code) :] or 0) for code in used), default=0)


def next_community_code(street: Area) -> str:
    """The next free 12-digit code under a street: the street's 9 digits + 3 digits, 001
    upwards after the highest in use.

    Raises AreaError (code "community_codes_exhausted") when the street already has 999.
    Rule: GB/T 10114 codes, 12 digits for a village/residents' committee (areas/data/README.md).
    """
    highest = _highest_suffix(street)
    if highest >= COMMUNITY_SUFFIX_MAX:
        raise codes_exhausted(street)
    return f"{street.code}{highest + 1:03d}"


def codes_exhausted(street: Area) -> AreaError:
    """The error of a street that has used its 999 community codes (for callers that check
    ahead, like the roster import, to report it before writing)."""
    return AreaError(
        _("%(street)s下的村居代码已用尽（最多%(max)s个村居），请联系市民政部门"),
        code="community_codes_exhausted",
        params={"street": street.name, "max": COMMUNITY_SUFFIX_MAX},
    )


@transaction.atomic
def create_community(*, street: Area, name: str, code: str | None = None) -> Area:
    """Add a village/residents' committee (村/居委会) under a township or street; the one way
    a community is created (imports, seeds and commands included).

    `code` defaults to next_community_code(street). Returns the new Area.
    Raises AreaError when: the parent is not a street ("not_a_street"), the name is empty
    ("empty_name") or taken under the street ("duplicate_name"), the street has no code
    left ("community_codes_exhausted"), the code is not the street's 9 digits + 3 digits
    001–999 ("bad_code") or is already used ("code_taken").
    """
    if street.level != Level.STREET or len(street.code) != CODE_LENGTH[Level.STREET]:
        raise AreaError(
            _("村居只能建在乡镇街道下，“%(area)s”不是乡镇街道"),
            code="not_a_street",
            params={"area": street.name},
        )
    name = (name or "").strip()
    if not name:
        raise AreaError(_("村居名称为空"), code="empty_name", field="name")
    if Area.objects.filter(parent=street, name=name).exists():
        raise AreaError(
            _("%(street)s下已有“%(name)s”"),
            code="duplicate_name",
            field="name",
            params={"street": street.name, "name": name},
        )
    code = code or next_community_code(street)
    suffix = code[len(street.code) :]
    if (
        len(code) != CODE_LENGTH[Level.COMMUNITY]
        or not code.isdigit()
        or not code.startswith(street.code)
        or not 1 <= int(suffix) <= COMMUNITY_SUFFIX_MAX
    ):
        raise AreaError(
            _("村居代码“%(code)s”应为%(street)s开头的12位数字（末3位001–999）"),
            code="bad_code",
            field="code",
            params={"code": code, "street": street.code},
        )
    if Area.objects.filter(code=code).exists():
        raise AreaError(
            _("区划代码“%(code)s”已被使用"), code="code_taken", field="code", params={"code": code}
        )
    return Area.objects.create(code=code, name=name, level=Level.COMMUNITY, parent=street)
