from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from childwelfare.lib.dbstats import refresh_planner_statistics
from childwelfare.registry.choices import Category
from childwelfare.registry.models import Child
from childwelfare.testing.demo import DEFAULT_CHILDREN, DemoError, seed_demo
from childwelfare.testing.demo_cases_conference import seed_cases_conference
from childwelfare.testing.demo_cases_deadlines import seed_cases_deadlines
from childwelfare.testing.demo_cases_flow import seed_cases_flow
from childwelfare.testing.demo_cases_guardianship import seed_cases_guardianship
from childwelfare.testing.demo_cases_intake import seed_cases_intake
from childwelfare.testing.demo_history import seed_history
from childwelfare.testing.demo_outreach import seed_outreach
from childwelfare.testing.demo_stations import seed_stations
from childwelfare.testing.demo_work import seed_work
from childwelfare.testing.management.demo_guard import add_allow_production, refuse_in_production


def analyze_tables() -> None:
    """Give PostgreSQL's planner statistics of the tables the demo has just written in bulk,
    before the set-based services run over them (insurance rosters, payroll): without them it
    takes the tables for near-empty and picks nested loops — a test database's roster query
    ran for over twenty minutes. ANALYZE may run inside the command's transaction and samples
    the rows written in it. (SQLite's are taken once at the end: lib.dbstats.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class Command(BaseCommand):
    help = (
        "载入南京演示数据：真实区县街道、虚构村居、约5000名虚构儿童及家庭、演示账号。"
        "Load the Nanjing demo city into an empty database (same data on every run)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="已有儿童时什么也不做（make run 每次都调用）"
        )
        parser.add_argument(
            "--children", type=int, default=DEFAULT_CHILDREN, help=f"儿童人数（默认 {DEFAULT_CHILDREN}）"
        )
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=None,
            help="载入日期 YYYY-MM-DD（默认今天）：年龄、走访、排查、申请都相对于这一天；同一天载入的数据相同",
        )
        add_allow_production(parser)

    def handle(self, *args, if_empty: bool = False, children: int = DEFAULT_CHILDREN, **options):
        refuse_in_production(options)
        existing = Child.objects.count()
        if existing and if_empty:
            self.stdout.write(f"演示数据已载入（现有儿童 {existing} 名），跳过。")
            return
        if existing:
            raise CommandError(
                f"数据库中已有 {existing} 名儿童：演示数据只能载入空库，不会与现有档案混在一起。"
                "请换一个空数据库（另设 DATABASE_URL，或删除开发库 db.sqlite3 后重新 make run）。"
            )
        try:
            summary = seed_demo(children=children, progress=options["verbosity"] > 0, today=options["as_of"])
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        today = summary["today"]
        analyze_tables()
        work = seed_work(today=today)
        seed_stations(today=today)
        seed_outreach(today=today)
        # the conferences first: they need five free children of 梅园新村街道, which a small
        # demo city runs out of once the case flow has taken its sixteen
        seed_cases_conference(today=today)
        seed_cases_flow(today=today)
        seed_cases_intake(today=today)
        seed_cases_deadlines(today=today)
        seed_cases_guardianship(today=today)
        analyze_tables()
        work.update(seed_history(today=today))  # last: its closed files stay out of the others' picks
        analyze_tables()
        refresh_planner_statistics()  # SQLite's, for the pages (lib.dbstats)
        month = work["payroll_month"]
        self.stdout.write(
            self.style.SUCCESS(
                f"演示数据已载入（{summary['seconds']} 秒）：新建村居 {summary['communities']} 个，"
                f"儿童 {summary['children']} 名，家庭成员 {summary['family_members']} 人，"
                f"父母情形 {summary['conditions']} 条，类别记录 {summary['spells']} 条；"
                f"日期相对于载入日 {today:%Y-%m-%d}。"
            )
        )
        self.stdout.write(
            f"工作数据：走访 {work['visits']} 次；2023年专项排查 {work['campaign_2023']} 条记录（已结束）；"
            f"{today.year}年玄武区专项排查 {work['campaign_running']} 条记录（进行中）；"
            f"帮扶措施 {work['care_measures']} 项；待办问题 {work['open_problems']} 个；"
            f"{month.year}年{month.month}月玄武区发放明细 {work['payroll_lines']} 条（已批准）；"
            f"认定申请 {work['applications']} 件；参保 {work['insurance']} 人次。"
        )
        if options["verbosity"] < 1:
            return
        for category, count in sorted(summary["categories"].items(), key=lambda item: -item[1]):
            self.stdout.write(f"  {Category(category).label}：{count}")
