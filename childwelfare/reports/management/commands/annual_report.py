"""python manage.py annual_report YEAR --area CODE [--json]: the annual work report's figures
(issue 12), one per line with its Chinese label, or `--json` a flat object of stable keys
("screening.dfu_screened", "standards.amount.institutional_orphan": numbers; yuan and per
cent as strings of two places). Computed for the whole area (no user's scope)."""

from __future__ import annotations

import json
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from childwelfare.areas.models import Area
from childwelfare.reports.annual import annual_report
from childwelfare.reports.figures import Period


class Command(BaseCommand):
    help = "打印某年度、某区划的年度工作报告各项数字"

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="年度，如 2023")
        parser.add_argument("--area", required=True, help="区划代码，如 3201（南京市）")
        parser.add_argument("--json", dest="as_json", action="store_true", help="输出 JSON（键名稳定）")

    def handle(self, *args, year: int, area: str, as_json: bool = False, **options):
        if not Area.objects.filter(code=area).exists():
            raise CommandError(f"未知的区划代码：{area}")
        if not 1900 <= year <= 9999:
            raise CommandError(f"年度无效：{year}")
        with translation.override("zh-hans"):
            report = annual_report(Period.year(area, year))
            if as_json:
                self.stdout.write(_dumps(report.flat()))
                return
            self.stdout.write(report.title)
            for section in report.sections:
                self.stdout.write(section.title)
                for row in section.rows:
                    self.stdout.write(f"  {row.label}：{row.display}{row.unit}")


def _dumps(values: dict) -> str:
    def plain(value):
        return str(value) if isinstance(value, Decimal) else value

    return json.dumps({key: plain(value) for key, value in values.items()}, ensure_ascii=False, indent=2)
