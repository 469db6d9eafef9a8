"""The data of the payroll benchmark (bench/payroll.py): one district's children with their
category spells, dibao spells and the city's standards with three upratings. Not timed; the
same for a given seed. Run through payroll.py, never on its own."""

from __future__ import annotations

import io
import random
from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import _common as common

MONTH = date(2026, 7, 1)
UPRATING_DAY = date(2026, 7, 16)
SHANGHAI = ZoneInfo("Asia/Shanghai")
# Allowance categories and their share (seed_demo's mix for Nanjing, DOMAIN.md §2).
CATEGORY_WEIGHTS = {
    "de_facto_unsupported": 1028,
    "seriously_ill_or_disabled": 351,
    "institutional_orphan": 110,
    "scattered_orphan": 38,
}
# Children's situations in the month (share of children): the rest hold one open spell
# that started before the month.
SITUATIONS = [
    ("starts_mid_month", 0.015),
    ("ends_mid_month", 0.015),
    ("changes_category", 0.005),
    ("ended_before", 0.010),
]
TURNS_18, AGED_OUT_OPEN = 0.005, 0.003  # share of children turning 18 in July / already 18


# --- data ------------------------------------------------------------------------------------------


# Share of children with an active payment account; the rest are held (benefits.payroll).
ACCOUNT_SHARE = 0.98


def _random_day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def generate(count: int, communities: list[str], seed: int = 2026_07) -> dict:
    """Load `count` children and their category spells. Returns counts per situation and the
    id of a child with a plain open spell (for the retroactive change)."""
    from childwelfare.registry.models import CategorySpell, Child

    rng = random.Random(seed)
    rows = common.ChildRows(rng)
    categories, weights = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
    month_end = date(2026, 7, 31)
    spells: list[tuple] = []
    situations: Counter = Counter()
    youngest, oldest = date(2026, 6, 30), date(2008, 8, 1)  # 0–17 all month

    def children():
        for pk in range(1, count + 1):
            roll = rng.random()
            if roll < TURNS_18:
                birth = date(2008, 7, rng.randint(1, 31))
                situations["turns_18"] += 1
            elif roll < TURNS_18 + AGED_OUT_OPEN:
                birth = _random_day(rng, date(2008, 1, 1), date(2008, 6, 30))
                situations["aged_out_spell_open"] += 1
            else:
                birth = _random_day(rng, oldest, youngest)
            category = rng.choices(categories, weights)[0]
            earliest = max(birth, date(2020, 1, 1))
            since = _random_day(rng, earliest, max(earliest, date(2026, 4, 30)))
            roll, situation = rng.random(), "plain"
            for name, share in SITUATIONS:
                if roll < share:
                    situation = name
                    break
                roll -= share
            situations[situation] += 1
            if situation == "starts_mid_month":
                spells.append((pk, category, date(2026, 7, rng.randint(2, 31)), None, ""))
            elif situation == "ends_mid_month":
                spells.append((pk, category, since, date(2026, 7, rng.randint(1, 30)), "不再符合条件"))
            elif situation == "changes_category":
                day = rng.randint(1, 30)
                other = rng.choice([c for c in categories if c != category])
                spells.append((pk, category, since, date(2026, 7, day), "认定为其他类别"))
                spells.append((pk, other, date(2026, 7, day + 1), None, ""))
            elif situation == "ended_before":
                ended = _random_day(rng, since, date(2026, 6, 30))
                spells.append((pk, category, since, ended, "父母恢复监护能力"))
            else:
                spells.append((pk, category, since, None, ""))
            if rng.random() < 0.15:  # also in a dibao family: no allowance for that category
                spells.append((pk, "dibao_family", _random_day(rng, earliest, month_end), None, ""))
            if rng.random() < 0.06 and since > earliest + timedelta(days=30):  # an earlier spell
                spells.append(
                    (pk, "other_in_difficulty", earliest, since - timedelta(days=1), "认定为新类别")
                )
            age = 2026 - birth.year
            created = datetime.combine(since, datetime.min.time(), SHANGHAI) + timedelta(
                hours=rng.randint(8, 17)
            )
            yield rows.row(
                pk,
                birth=birth,
                gender=rng.choice("MF"),
                area=communities[rng.randrange(len(communities))],
                created=created,
                school=common.school_status(age, rng),
            )

    loaded = common.load_rows(Child, common.CHILD_FIELDS, children(), total=count, desc="children")
    common.load_rows(
        CategorySpell,
        ["child", "category", "start_date", "end_date", "end_reason"],
        spells,
        total=len(spells),
        desc="category spells",
    )
    common.reset_sequences(Child, CategorySpell)
    # Payment accounts (issue 8, item 9): most children have one; the others' lines are held.
    # A generator of their own, so the children and spells above stay those of earlier runs.
    from childwelfare.benefits.models import BankAccount

    account_rng = random.Random(seed + 1)
    cipher = BankAccount._meta.get_field("account_number").get_prep_value("6222020200112233446")
    accounts = [
        (pk, "南京银行", "户主", cipher) for pk in range(1, count + 1) if account_rng.random() < ACCOUNT_SHARE
    ]
    common.load_rows(
        BankAccount,
        ["child", "bank_name", "holder_name", "account_number"],
        accounts,
        total=len(accounts),
        desc="payment accounts",
    )
    common.reset_sequences(BankAccount)
    plain_spell = (
        CategorySpell.objects.filter(
            end_date__isnull=True, start_date__lt=date(2026, 5, 1), category__in=CATEGORY_WEIGHTS
        )
        .order_by("pk")
        .first()
    )
    return {
        "children": loaded,
        "spells": len(spells),
        "situations": dict(situations),
        "retro_spell": plain_spell.pk,
        "without_account": count - len(accounts),
    }


def load_standards(admin, approver) -> list[str]:
    """seed_standards (2022, 2023) and three upratings with the dibao standard; the last one
    effective mid-July 2026. Returns the July standards as text."""
    from django.core.management import call_command

    from childwelfare.areas.models import Area
    from childwelfare.benefits.models import AllowanceStandard
    from childwelfare.benefits.standards import approve_uprating, preview_uprating

    call_command("seed_standards", stdout=io.StringIO())
    city = Area.objects.get(code="3201")
    for effective, dibao in ((date(2024, 7, 1), "1130"), (date(2025, 7, 1), "1160"), (UPRATING_DAY, "1200")):
        uprating = preview_uprating(
            actor=admin,
            area=city,
            effective_from=effective,
            legal_basis=f"基准测试：低保标准{effective.year}年起调整为{dibao}元（虚构）",
            new_dibao_amount=Decimal(dibao),
        )
        approve_uprating(uprating, actor=approver)  # four eyes: not the proposer
    in_july = AllowanceStandard.objects.filter(area_id="3201").overlapping(MONTH, date(2026, 7, 31))
    return [
        f"{s.category} {s.monthly_amount} from {s.effective_from}"
        for s in in_july.order_by("category", "effective_from")
    ]
