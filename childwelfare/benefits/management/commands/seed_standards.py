from datetime import date
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction

from childwelfare.accounts.services import system_user
from childwelfare.areas.models import Area
from childwelfare.benefits.choices import Rounding
from childwelfare.benefits.models import AllowanceStandard, DibaoStandard
from childwelfare.benefits.standards import approve_uprating, create_standard, preview_uprating
from childwelfare.registry.choices import Category

# Nanjing's 2023 standards (DOMAIN.md §2): institutional orphan 2,760; scattered orphan and
# de facto unsupported 2,300 (= 2,760 × 5/6); seriously ill or severely disabled 1,150
# (= 2,300 × 1/2), up 4.76 % on 2022 with the dibao standard (1,050 → 1,100 yuan).
# The 2022 amounts are back-computed from that rise; the July effective date is the
# platform's assumption for the demo.
BASIS_2022 = "2022年南京市困境儿童基本生活保障标准（由2023年标准按4.76%倒推，演示数据）"
BASIS_2023 = "南京市2023年困境儿童基本生活保障标准随低保标准同步提高4.76%（南京市民政局2023年工作报告）"


class Command(BaseCommand):
    help = "载入南京市2022、2023年儿童基本生活保障标准和低保标准（已存在则跳过）。"

    def add_arguments(self, parser):
        parser.add_argument("--city", default="3201")

    @transaction.atomic
    def handle(self, *args, city: str, **options):
        area = Area.objects.get(code=city)
        if AllowanceStandard.objects.filter(area=area).exists():
            self.stdout.write("保障标准已存在，跳过")
            return
        actor = system_user()
        start = date(2022, 7, 1)
        DibaoStandard.objects.create(
            area=area, effective_from=start, monthly_amount=Decimal("1050"), legal_basis=BASIS_2022
        )
        create_standard(
            actor=actor,
            category=Category.INSTITUTIONAL_ORPHAN,
            area=area,
            effective_from=start,
            monthly_amount=Decimal("2635"),
            legal_basis=BASIS_2022,
        )
        create_standard(
            actor=actor,
            category=Category.SCATTERED_ORPHAN,
            area=area,
            effective_from=start,
            monthly_amount=Decimal("2196"),
            legal_basis=BASIS_2022,
            base_category=Category.INSTITUTIONAL_ORPHAN,
            ratio=Decimal("0.83333333"),
            rounding=Rounding.YUAN_HALF_UP,
        )
        create_standard(
            actor=actor,
            category=Category.DE_FACTO_UNSUPPORTED,
            area=area,
            effective_from=start,
            monthly_amount=Decimal("2196"),
            legal_basis=BASIS_2022,
            base_category=Category.SCATTERED_ORPHAN,
            ratio=Decimal("1"),
        )
        create_standard(
            actor=actor,
            category=Category.SERIOUSLY_ILL_OR_DISABLED,
            area=area,
            effective_from=start,
            monthly_amount=Decimal("1098"),
            legal_basis=BASIS_2022,
            base_category=Category.SCATTERED_ORPHAN,
            ratio=Decimal("0.5"),
        )
        uprating = preview_uprating(
            actor=actor,
            area=area,
            effective_from=date(2023, 7, 1),
            legal_basis=BASIS_2023,
            new_dibao_amount=Decimal("1100"),
        )
        created = approve_uprating(uprating, actor=actor)
        for standard in created:
            self.stdout.write(
                f"{standard.get_category_display()}：{standard.monthly_amount}元/人/月（{standard.effective_from}起）"
            )
