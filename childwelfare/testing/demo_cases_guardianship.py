"""Guardianship by civil affairs and the unknown-identity child in the demo city (issue 10),
in 梅园新村街道 of 玄武区 so the named users of 玄武区 find them:

- a temporary guardianship (family foster care) started about 100 days before the load date,
  its guardian assessed (not yet able) 10 days before it, the next re-assessment due three
  months after that assessment;
- a long-term guardianship (guardian dead) started 60 days before, its institutional-orphan
  category written by officer_xuanwu and confirmed by officer2_xuanwu (four eyes) 45 days
  before, so the payroll of the following months pays it;
- one child of unknown identity found at 南京站北广场 3 days before, with a case opened through
  cases.services.opening.open_case and a temporary guardianship in the rescue-and-protection
  institution.

Deterministic for a given load date (its own random.Random); everything is written through
the services, by the district's officers (never the city administrator).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from childwelfare.accounts.models import User
from childwelfare.areas.models import Area
from childwelfare.benefits.spells import confirm_spells
from childwelfare.cases.models import Guardianship
from childwelfare.cases.services.guardianship import record_assessment, register_guardianship
from childwelfare.cases.services.opening import open_case
from childwelfare.registry.choices import ALLOWANCE_CATEGORIES, FileStatus
from childwelfare.registry.models import CategorySpell, Child
from childwelfare.registry.unknown_identity import register_unknown_child

from . import people

SEED = 20260010


class DemoGuardianshipError(RuntimeError):
    """The demo city has too few children in 梅园新村街道 to place its guardianships."""


def _candidates(today: date) -> list[Child]:
    """Open files of 梅园新村街道 aged 4–15 on `today`, holding no paid category and under no
    guardianship, in a stable order."""
    paid = CategorySpell.objects.filter(category__in=ALLOWANCE_CATEGORIES).values("child_id")
    guarded = Guardianship.objects.values("child_id")
    return list(
        Child.objects.in_area(people.MEIYUAN_STREET)
        .filter(status=FileStatus.OPEN, identity_unknown=False)
        .aged(today, 4, 15)
        .exclude(pk__in=paid)
        .exclude(pk__in=guarded)
        .order_by("pk")[:200]
    )


def seed_cases_guardianship(*, today: date) -> dict:
    """Write the records of the module docstring as of `today`. Returns their ids:
    {"temporary", "long_term", "unknown_child", "unknown_case", "unknown_guardianship"}.
    Raises DemoGuardianshipError when fewer than two children qualify."""
    rng = random.Random(SEED)
    officer = User.objects.get(username="officer_xuanwu")
    second = User.objects.get(username="officer2_xuanwu")
    supervisor = User.objects.get(username="supervisor_meiyuan")
    candidates = _candidates(today)
    if len(candidates) < 2:
        raise DemoGuardianshipError("梅园新村街道可安排民政监护的儿童不足2名")
    fostered, orphaned = rng.sample(candidates, 2)

    temporary = register_guardianship(
        fostered,
        actor=officer,
        kind="temporary",
        ground="guardian_unable",
        placement="foster",
        placement_detail="梅园新村街道王秀兰寄养家庭",
        started_on=today - timedelta(days=100),
        decision_no=f"玄民临监〔{(today - timedelta(days=100)).year}〕7号",
    )
    record_assessment(
        temporary,
        actor=officer,
        assessed_on=today - timedelta(days=10),
        guardian_able=False,
        notes="母亲住院治疗尚未出院，暂不具备监护能力，继续家庭寄养，三个月后再评估。",
    )

    long_term = register_guardianship(
        orphaned,
        actor=officer,
        kind="long_term",
        ground="guardian_dead",
        placement="welfare_institution",
        placement_detail="南京市儿童福利院",
        started_on=today - timedelta(days=60),
        decision_no=f"玄民长监〔{(today - timedelta(days=60)).year}〕2号",
    )
    confirm_spells([long_term.category_spell], actor=second, on=today - timedelta(days=45))

    found = register_unknown_child(
        actor=officer,
        area=Area.objects.get(code=people.MEIYUAN),
        gender="M",
        estimated_birth_year=today.year - 7,
        found_place="南京站北广场",
        found_on=today - timedelta(days=3),
        descriptors="身高约120厘米，偏瘦，右手背有烫伤疤痕，穿灰色外套，说南京口音普通话，自称“小宝”。",
        name="小宝",
    )
    case = open_case(
        found,
        source="police",
        worker=officer,
        supervisor=supervisor,
        actor=officer,
        opened_on=today - timedelta(days=3),
        key_classes=["runaway_or_begging", "guardianship_missing"],
        summary="南京站派出所移送：独自在车站滞留，无法说出家庭住址，已送救助保护中心。",
    )
    sheltered = register_guardianship(
        found,
        actor=officer,
        kind="temporary",
        ground="wandering_or_unknown",
        placement="rescue_institution",
        placement_detail="南京市未成年人救助保护中心",
        started_on=today - timedelta(days=3),
    )
    return {
        "temporary": temporary.pk,
        "long_term": long_term.pk,
        "unknown_child": found.pk,
        "unknown_case": case.pk,
        "unknown_guardianship": sheltered.pk,
    }
