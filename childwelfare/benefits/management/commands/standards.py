import sys
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from childwelfare.accounts.services import system_user
from childwelfare.areas.models import Area
from childwelfare.benefits.standards import StandardError, approve_uprating, preview_uprating


class _DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "保障标准：uprate 随低保标准同步上调（先预览，--dry-run 只预览不写入）。"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["uprate"])
        parser.add_argument("--percent", help="上调比例（%%），如 4.76")
        parser.add_argument("--dibao", help="新的低保标准（元），按新旧低保标准换算比例")
        parser.add_argument("--effective", required=True, help="执行起始日 YYYY-MM-DD")
        parser.add_argument("--area", default="3201", help="市或区（县）代码，默认 3201")
        parser.add_argument("--basis", default="", help="文件依据")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        try:
            effective = date.fromisoformat(options["effective"])
            percent = Decimal(options["percent"]) if options["percent"] else None
            dibao = Decimal(options["dibao"]) if options["dibao"] else None
        except (ValueError, InvalidOperation) as exc:
            raise CommandError(
                "参数格式不正确：--percent、--dibao 应为数字，--effective 应为 YYYY-MM-DD"
            ) from exc
        area = Area.objects.filter(code=options["area"]).first()
        if area is None:
            raise CommandError(f"区划代码“{options['area']}”不存在")
        basis = options["basis"] or f"{effective.year}年保障标准随低保标准同步调整"
        actor = system_user()
        try:
            with transaction.atomic():
                uprating = preview_uprating(
                    actor=actor,
                    area=area,
                    effective_from=effective,
                    percent=percent,
                    new_dibao_amount=dibao,
                    legal_basis=basis,
                )
                self.stdout.write(f"上调 {uprating.percent}%，自 {effective} 起：")
                for line in uprating.lines.select_related("area"):
                    self.stdout.write(
                        f"  {line.area.name} {line.get_category_display()}：{line.old_amount} → {line.new_amount} 元"
                        + ("（按比例联动）" if line.derived else "")
                    )
                if options["dry_run"]:
                    raise _DryRun
                approve_uprating(uprating, actor=actor)
        except _DryRun:
            self.stdout.write("--dry-run：未写入")
            return
        except StandardError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS("已批准：新标准已写入，原标准已于前一日截止"))
        sys.stdout.flush()
