import json
import sys

from django.core.management.base import BaseCommand, CommandError

from childwelfare.accounts.models import User
from childwelfare.discovery.importing import import_screening_results
from childwelfare.discovery.models import Campaign
from childwelfare.lib.spreadsheets import SpreadsheetError, read_table


class Command(BaseCommand):
    help = (
        "导入排查结果（第一步：儿童主任排查）。全部校验通过才写入；错误中的身份证号一律脱敏，"
        "每次导入都记入访问日志。Import screening results of a campaign; ID numbers in errors are masked."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--campaign", type=int, required=True, help="专项排查编号")
        parser.add_argument("--user", required=True, help="儿童主任的用户名（排查由其完成）")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        try:
            campaign = Campaign.objects.get(pk=options["campaign"])
            actor = User.objects.get(username=options["user"])
        except (Campaign.DoesNotExist, User.DoesNotExist) as exc:
            raise CommandError("专项排查或用户不存在") from exc
        try:
            result = import_screening_results(
                read_table(options["file"]), campaign, actor=actor, dry_run=options["dry_run"]
            )
        except (SpreadsheetError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(f"数据行 {result.rows}，已排查 {result.screened}")
            for error in result.errors:
                self.stdout.write(f"  第{error.row}行 [{error.column}] “{error.value}”：{error.message}")
        if result.errors:
            sys.exit(1)
