import json
import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from childwelfare.accounts.models import User
from childwelfare.accounts.services import system_user
from childwelfare.areas.models import Area
from childwelfare.lib.dbstats import refresh_quietly
from childwelfare.lib.errors import DomainError
from childwelfare.lib.spreadsheets import read_table
from childwelfare.registry.importing import import_roster

STAGES = {"validate": "校验", "write": "写入"}


class Command(BaseCommand):
    help = (
        "导入儿童名册（.xlsx/.xls/.ods/.csv）。全部校验通过才写入；有错误时列出每一行并以非零状态退出。"
        "错误中的身份证号一律脱敏（文本和 --json 输出相同）；每次导入都记入访问日志。"
        " Import a children's roster; all-or-nothing. ID numbers in errors are always masked."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="名册文件路径")
        parser.add_argument("--area", required=True, help="名册所属区划代码（区、街道或村居），如 320102")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
        parser.add_argument("--user", help="记为导入人的用户名（默认：命令行系统账号，可管理区划）")
        parser.add_argument(
            "--as-of",
            dest="as_of",
            help=(
                "按该日期（YYYY-MM-DD，不晚于今天）的情况校验年龄和日期，用于导入历史名册；"
                "此后已满18周岁的儿童，其类别终止于18周岁生日前一日。仅市级管理员或系统账号"
            ),
        )

        parser.add_argument(
            "--create-community",
            dest="create_communities",
            action="append",
            default=[],
            metavar="名称",
            help="新增该村（居）（可重复）；名册中未登记且未列出的村居会被拒绝，不会自动新增",
        )

    def handle(self, *args, **options):
        try:
            area = Area.objects.get(code=options["area"])
        except Area.DoesNotExist as exc:
            raise CommandError(f"区划代码“{options['area']}”不存在") from exc
        actor = self._actor(options.get("user"))
        as_of = self._as_of(options.get("as_of"))
        bars: dict[str, tqdm] = {}

        def progress(done: int, total: int, stage: str) -> None:
            if options["json"]:
                return
            bar = bars.get(stage)
            if bar is None:
                bar = bars[stage] = tqdm(
                    total=total, desc=STAGES.get(stage, stage), unit="行", file=sys.stderr
                )
            bar.update(done - bar.n)

        try:
            table = read_table(options["file"])
            result = import_roster(
                table,
                area,
                actor=actor,
                dry_run=options["dry_run"],
                progress=progress,
                as_of=as_of,
                create_communities=options["create_communities"],
            )
        except OSError as exc:
            raise CommandError(f"无法打开文件“{options['file']}”：文件不存在或没有读取权限") from exc
        except DomainError as exc:  # SpreadsheetError, RosterImportError
            if options["json"]:
                self.stdout.write(
                    json.dumps(
                        {
                            "rows": 0,
                            "created": 0,
                            "updated": 0,
                            "errors": [{"row": None, "column": "", "value": "", "message": str(exc)}],
                        },
                        ensure_ascii=False,
                    )
                )
                sys.exit(2)
            raise CommandError(str(exc)) from exc
        finally:
            for bar in bars.values():
                bar.close()
        if not options["dry_run"] and (result.created or result.updated):
            refresh_quietly()  # SQLite's planner statistics after a bulk write (lib.dbstats)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            self._print(result, options["dry_run"])
        if result.errors:
            sys.exit(1)

    def _actor(self, username):
        if username:
            try:
                return User.objects.get(username=username)
            except User.DoesNotExist as exc:
                raise CommandError(f"用户“{username}”不存在") from exc
        # The command line acts as the platform itself: it may manage areas (issue: Foundation).
        return system_user()

    def _as_of(self, text):
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError as exc:
            raise CommandError(f"--as-of “{text}”不是有效日期（应为 YYYY-MM-DD）") from exc

    def _print(self, result, dry_run):
        write = self.stdout.write
        if result.as_of:
            write(f"按 {result.as_of.isoformat()} 的情况校验（历史名册）")
        write(f"数据行 {result.rows}，新增 {result.created}，更新 {result.updated}，未变 {result.unchanged}")
        for name in result.new_communities:
            near = result.community_suggestions.get(name)
            hint = f"（相近的已登记村居：{'、'.join(near)}）" if near else ""
            write(f"未登记的村（居）：{name}{hint}；确需新增请加 --create-community {name}")
        for item in result.possible_duplicates:
            write(
                f"疑似重复：第{item['row']}行 {item['name']} {item['birth_date']}（姓名和出生日期相同但身份证号不同）"
            )
        if result.errors:
            write(self.style.ERROR(f"有 {result.error_count} 处错误，未写入任何数据："))
            for error in result.errors:
                write(f"  第{error.row}行 [{error.column}] “{error.value}”：{error.message}")
        elif dry_run:
            write(self.style.SUCCESS("校验通过（--dry-run，未写入）"))
        else:
            write(self.style.SUCCESS("导入完成"))
