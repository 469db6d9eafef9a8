import unicodedata

from django.core.management.base import BaseCommand

from childwelfare.accounts.choices import Department, Role
from childwelfare.areas.models import Area
from childwelfare.testing.management.demo_guard import add_allow_production, refuse_in_production
from childwelfare.testing.people import DEMO_PASSWORD, PEOPLE


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


class Command(BaseCommand):
    help = "列出演示账号（用户名、角色、所属区划、密码）。Print the demo logins (make run shows them)."

    def add_arguments(self, parser):
        add_allow_production(parser)

    def handle(self, *args, **options):
        refuse_in_production(options)
        from childwelfare.accounts.models import User

        areas = {area.code: area for area in Area.objects.filter(code__in={p.area for p in PEOPLE})}
        existing = set(
            User.objects.filter(username__in=[p.username for p in PEOPLE]).values_list("username", flat=True)
        )
        rows = [("用户名", "姓名", "角色", "所属区划", "密码")]
        for person in PEOPLE:
            area = areas.get(person.area)
            place = (area.full_name if area else person.area) or person.area
            role = Role(person.role).label
            if person.department:
                role += f"（{Department(person.department).label}）"
            password = DEMO_PASSWORD if person.username in existing else "（未创建）"
            rows.append((person.username, person.full_name, str(role), str(place), password))
        widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
        self.stdout.write("演示账号：")
        for index, row in enumerate(rows):
            self.stdout.write("  " + "  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip())
            if index == 0:
                self.stdout.write("  " + "  ".join("-" * w for w in widths))
        if len(existing) < len(PEOPLE):
            self.stdout.write("尚未创建的账号请先运行：python manage.py seed_demo")
