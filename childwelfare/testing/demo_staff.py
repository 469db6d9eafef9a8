"""Staff of record for the demo city: the people who did the demo's work where no named demo
user exists (testing.people names a dozen logins for a few divisions of 玄武区 and 鼓楼区).

Every village or community has its child director (儿童主任), every township or street its
child supervisor (儿童督导员) and every district two civil-affairs officers (区民政干部: one
writes, another confirms — the four eyes of issue 8). The demo's visits, screenings, problems,
care measures and confirmed paid categories are recorded by them, never by the city
administrator. They have names and roles but no usable password: nobody signs in as them
(`demo_logins` prints the named users only).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.hashers import make_password

from childwelfare.accounts.choices import Role
from childwelfare.accounts.models import User
from childwelfare.areas.choices import Level
from childwelfare.areas.models import Area
from childwelfare.testing import people

# (role, level of the division, how many each division has)
STAFFING = (
    (Role.CHILD_DIRECTOR, Level.COMMUNITY, 1),
    (Role.CHILD_SUPERVISOR, Level.STREET, 1),
    (Role.DISTRICT_OFFICER, Level.DISTRICT, 2),
)
PREFIX = {Role.CHILD_DIRECTOR: "cd", Role.CHILD_SUPERVISOR: "cs", Role.DISTRICT_OFFICER: "do"}


def ensure_staff(name: Callable[[], str]) -> int:
    """Create the staff of record missing under the demo city (testing.people.NANJING): for
    each (role, level, n) of STAFFING, every division of that level gets accounts of that role
    until it has n (named demo users count). `name()` gives a person's name. Usernames are
    '<cd|cs|do>_<area code>[_<k>]', passwords unusable. Returns the number created;
    idempotent (a second call creates nothing)."""
    unusable = make_password(None)
    created = []
    for role, level, wanted in STAFFING:
        have: dict[str, int] = {}
        for area_id in User.objects.filter(role=role).values_list("area_id", flat=True):
            have[area_id] = have.get(area_id, 0) + 1
        divisions = Area.objects.filter(level=level, code__startswith=people.NANJING).order_by("code")
        for code in divisions.values_list("code", flat=True):
            for k in range(have.get(code, 0), wanted):
                suffix = f"_{k + 1}" if wanted > 1 else ""
                created.append(
                    User(
                        username=f"{PREFIX[role]}_{code}{suffix}",
                        full_name=name(),
                        role=role,
                        area_id=code,
                        password=unusable,
                    )
                )
    User.objects.bulk_create(created, batch_size=1000, ignore_conflicts=True)
    return len(created)


def staff_by_area(role: str) -> dict[str, list[User]]:
    """{area code: [users of `role` there]}, named demo users first, then by username."""
    named = {person.username for person in people.PEOPLE}
    result: dict[str, list[User]] = {}
    users = User.objects.filter(role=role, area__isnull=False).order_by("username")
    for user in sorted(users, key=lambda u: u.username not in named):
        result.setdefault(user.area_id, []).append(user)
    return result
