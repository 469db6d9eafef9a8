"""Named areas and users for tests and the demo (CONVENTIONS.md: a test reads like the
situation it checks). Areas are real Nanjing divisions; the communities are synthetic."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Permission

from childwelfare.accounts.choices import Department, Role
from childwelfare.areas.models import Area
from childwelfare.areas.services import create_community, load_divisions

NANJING = "3201"
XUANWU = "320102"
GULOU = "320106"
MEIYUAN_STREET = "320102002"  # 梅园新村街道
XINJIEKOU_STREET = "320102003"  # 新街口街道
NINGHAI_STREET = "320106001"  # 宁海路街道

# Synthetic communities (village/community level is not in the national data).
COMMUNITIES = {
    "320102002001": "梅园社区",
    "320102002002": "大行宫社区",
    "320102003001": "新街口社区",
    "320106001001": "宁海路社区",
}
MEIYUAN = "320102002001"
DAXINGGONG = "320102002002"
XINJIEKOU = "320102003001"
NINGHAI = "320106001001"

DEMO_PASSWORD = "Tonghu-2026"


@dataclass(frozen=True)
class Person:
    username: str
    full_name: str
    role: str
    area: str
    department: str = ""
    full_id: bool = False


PEOPLE = [
    Person("admin_nanjing", "周建国", Role.CITY_ADMIN, NANJING, full_id=True),
    Person("officer_xuanwu", "李文静", Role.DISTRICT_OFFICER, XUANWU, full_id=True),
    Person("officer_gulou", "陈海涛", Role.DISTRICT_OFFICER, GULOU, full_id=True),
    # Second people for the four-eyes steps on money (issue 8): one computes or proposes,
    # the other approves.
    Person("officer2_xuanwu", "黄志强", Role.DISTRICT_OFFICER, XUANWU, full_id=True),
    Person("admin2_nanjing", "钱立群", Role.CITY_ADMIN, NANJING, full_id=True),
    Person("supervisor_meiyuan", "王秀英", Role.CHILD_SUPERVISOR, MEIYUAN_STREET),
    Person("supervisor_xinjiekou", "赵丽华", Role.CHILD_SUPERVISOR, XINJIEKOU_STREET),
    Person("director_meiyuan", "张丽", Role.CHILD_DIRECTOR, MEIYUAN),
    Person("director_daxinggong", "刘洋", Role.CHILD_DIRECTOR, DAXINGGONG),
    Person("director_ninghai", "孙敏", Role.CHILD_DIRECTOR, NINGHAI),
    Person("staff_meiyuan", "吴静", Role.STATION_STAFF, MEIYUAN_STREET),
    Person("liaison_education_xuanwu", "郑伟", Role.DEPARTMENT_LIAISON, XUANWU, Department.EDUCATION),
    Person("reviewer_nanjing", "冯教授", Role.REVIEWER, NANJING),
    Person("auditor_xuanwu", "何审计", Role.AUDITOR, XUANWU),
]


def ensure_areas() -> None:
    """Nanjing's real districts and streets plus the named synthetic communities."""
    if not Area.objects.filter(code=NANJING).exists():
        load_divisions(prefix=NANJING)
    for code, name in COMMUNITIES.items():
        if not Area.objects.filter(code=code).exists():
            create_community(street=Area.objects.get(code=code[:9]), name=name, code=code)


def ensure_people(password: str = DEMO_PASSWORD) -> dict:
    """Create (or fetch) every named user; returns {username: User}."""
    from childwelfare.accounts.models import User

    ensure_areas()
    full_id = Permission.objects.get(codename="view_full_id", content_type__app_label="registry")
    users = {}
    for person in PEOPLE:
        user = User.objects.filter(username=person.username).first()
        if user is None:
            user = User.objects.create_user(
                username=person.username,
                password=password,
                full_name=person.full_name,
                role=person.role,
                area_id=person.area,
                department=person.department,
            )
            if person.full_id:
                user.user_permissions.add(full_id)
        users[person.username] = user
    return users
