"""python manage.py refresh_statistics [--check]: bring the dashboard's pre-aggregated counts
up to date for today (reports/aggregates.py) and, on SQLite, the planner's statistics
(lib/dbstats.py) — meant for a nightly cron job shortly after
midnight, so that the day's first dashboard does not recount the city. `--check` then
recounts everything from the records and lists every kept number that differs (none
expected; exit status 1 if any)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from childwelfare.lib.dbstats import refresh_planner_statistics
from childwelfare.reports import aggregates


class Command(BaseCommand):
    help = "更新仪表盘的预汇总数字（建议每日零点后定时运行）；--check 与记录逐项核对"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="更新后与记录重新统计的结果逐项核对")

    def handle(self, *args, check: bool = False, **options):
        started = time.monotonic()
        areas = aggregates.refresh_all()
        if refresh_planner_statistics():
            self.stdout.write("已更新 SQLite 查询规划统计（ANALYZE）")
        self.stdout.write(f"已更新 {areas} 个区划的预汇总数字，用时 {time.monotonic() - started:.1f} 秒")
        if not check:
            return
        differences = aggregates.check()
        for key, area, scope_area, arg, kept, counted in differences:
            self.stdout.write(
                f"不一致：{key} 区划 {area}（管辖 {scope_area}）{arg or '—'}：预汇总 {kept}，记录 {counted}"
            )
        if differences:
            raise CommandError(f"{len(differences)} 项预汇总数字与记录不一致")
        self.stdout.write("核对完毕：预汇总数字与记录一致")
