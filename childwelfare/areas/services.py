"""Writes to administrative divisions."""

import csv
from pathlib import Path

from django.db import transaction

from .choices import CODE_LENGTH, LEVEL_BY_LENGTH, Level
from .models import Area

DATA_DIR = Path(__file__).resolve().parent / "data"


class AreaError(ValueError):
    """A division that cannot be added; the message is in Chinese."""


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


def next_community_code(street: Area) -> str:
    """The next free 12-digit code under a street: street code + 3 digits, 001 upwards."""
    used = Area.objects.filter(parent=street, level=Level.COMMUNITY).values_list("code", flat=True)
    highest = max((int(code[9:]) for code in used), default=0)
    if highest >= 999:
        raise AreaError(f"{street.name}下的村居代码已用尽")
    return f"{street.code}{highest + 1:03d}"


def create_community(*, street: Area, name: str, code: str | None = None) -> Area:
    """Add a village/residents' committee (村/居委会) under a township or street.

    Raises AreaError if the parent is not a street or the name is taken there.
    """
    if street.level != Level.STREET:
        raise AreaError(f"村居只能建在乡镇街道下，“{street.name}”不是乡镇街道")
    name = name.strip()
    if not name:
        raise AreaError("村居名称为空")
    if Area.objects.filter(parent=street, name=name).exists():
        raise AreaError(f"{street.name}下已有“{name}”")
    code = code or next_community_code(street)
    if len(code) != 12 or not code.startswith(street.code):
        raise AreaError(f"村居代码“{code}”应为{street.code}开头的12位数字")
    return Area.objects.create(code=code, name=name, level=Level.COMMUNITY, parent=street)
