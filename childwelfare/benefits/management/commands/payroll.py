import json
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from childwelfare.accounts.services import system_user
from childwelfare.areas.models import Area
from childwelfare.audit.models import AccessAction
from childwelfare.audit.services import log_access
from childwelfare.benefits.exports import payroll_workbook
from childwelfare.benefits.models import Payroll
from childwelfare.benefits.payroll import PayrollError, approve_payroll, first_of_month, run_payroll


class Command(BaseCommand):
    help = "月度发放：run 计算（可重复）、approve 批准锁定、export 导出银行名册。Monthly payroll."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["run", "approve", "export"])
        parser.add_argument("month", help="YYYY-MM")
        parser.add_argument("--area", required=True, help="区（县）代码，如 320102")
        parser.add_argument("--json", action="store_true", help="run：以 JSON 输出明细和合计")
        parser.add_argument("--out", help="export：输出文件路径（.xlsx）")

    def handle(self, *args, action, month, area, **options):
        try:
            district = Area.objects.get(code=area)
        except Area.DoesNotExist as exc:
            raise CommandError(f"区划代码“{area}”不存在") from exc
        actor = system_user()
        try:
            first = first_of_month(month)
            if action == "run":
                with tqdm(
                    total=1,
                    desc=f"计算 {district.name} {first:%Y-%m}",
                    unit="月",
                    file=sys.stderr,
                    disable=options["json"],
                ) as bar:
                    payroll = run_payroll(district, first, actor=actor)
                    bar.update(1)
                self._report(payroll, options["json"])
            elif action == "approve":
                payroll = Payroll.objects.get(area=district, month=first)
                approve_payroll(payroll, actor=actor)
                self.stdout.write(
                    self.style.SUCCESS(
                        f"已批准并锁定：{district.name}{first:%Y年%m月}，合计{payroll.total_amount}元"
                    )
                )
            else:
                if not options.get("out"):
                    raise CommandError("export 需要 --out 文件路径")
                payroll = Payroll.objects.get(area=district, month=first)
                with open(options["out"], "wb") as handle:
                    handle.write(payroll_workbook(payroll, actor))
                log_access(
                    user=actor,
                    action=AccessAction.EXPORT,
                    obj=payroll,
                    detail=f"银行名册 {options['out']}",
                    row_count=payroll.child_count - payroll.held_child_count,
                )
                self.stdout.write(
                    f"已导出 {payroll.child_count - payroll.held_child_count} 人到 {options['out']}"
                    + (
                        f"（{payroll.held_child_count}人暂缓发放，不在银行名册中）"
                        if payroll.held_child_count
                        else ""
                    )
                )
        except Payroll.DoesNotExist as exc:
            raise CommandError(f"{district.name}{month}的发放名册尚未计算") from exc
        except PayrollError as exc:
            raise CommandError(str(exc)) from exc

    def _report(self, payroll, as_json):
        if as_json:
            lines = [
                {
                    "child_id": line.child_id,
                    "category": line.category,
                    "kind": line.kind,
                    "for_month": line.for_month.isoformat(),
                    "period_start": line.period_start.isoformat(),
                    "period_end": line.period_end.isoformat(),
                    "days_eligible": line.days_eligible,
                    "days_in_month": line.days_in_month,
                    "amount_unrounded": str(line.amount_unrounded),
                    "amount": str(line.amount),
                    "standard_id": line.standard_id,
                    "corrects_id": line.corrects_id,
                    "held": line.held,
                }
                for line in payroll.lines.order_by("child_id", "for_month", "period_start").iterator(
                    chunk_size=5000
                )
            ]
            self.stdout.write(
                json.dumps(
                    {
                        "area": payroll.area_id,
                        "month": payroll.month.strftime("%Y-%m"),
                        "status": payroll.status,
                        "lines": lines,
                        "line_count": payroll.line_count,
                        "child_count": payroll.child_count,
                        "total": str(payroll.total_amount),
                        "held_amount": str(payroll.held_amount),
                        "held_child_count": payroll.held_child_count,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            self.stdout.write(
                f"{payroll.area.name}{payroll.month:%Y年%m月}：{payroll.child_count}人，{payroll.line_count}条明细，"
                f"合计{payroll.total_amount}元（{payroll.get_status_display()}）"
                + (
                    f"，其中{payroll.held_child_count}人无有效发放账户，暂缓发放{payroll.held_amount}元"
                    if payroll.held_child_count
                    else ""
                )
            )
