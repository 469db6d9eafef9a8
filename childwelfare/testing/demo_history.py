"""The demo city's past, so that its 2023 annual report gives DOMAIN.md §2's figures from
records (issue 12), whatever the load date (from 2024 on):

- the standards' history: the dibao standard and the allowance standards from July 2011, and
  an approved uprating with the dibao standard every July from 2012 to 2022, before the 2022
  and 2023 standards of `seed_standards` (12 consecutive years of rises up to 2023). The
  amounts before 2022 are back-computed from 2022's by each year's dibao rise, the dibao
  amounts before 2022 invented: 演示数据, said so in every legal basis;
- the children of 2023: on DAY (1 April 2023) the city held, per category, the children of
  CATEGORY_MIX (demo_city; 1,028 de facto unsupported, 38 scattered orphans, …). The
  demo's children are 0–17 on the load date and most of their categories began after 2023, so
  the children who held a category then but whose file has since been closed (turned 18,
  moved away, no longer in difficulty) are written here as closed files;
- the 2023 city-wide screening of children in difficulty and rural left-behind children
  (every child holding such a category on DAY: 4,287), the 2023 screening of de facto
  unsupported children (the 1,028 and 9 found not eligible but in difficulty; 3 with hukou
  and 5 with schooling problems), 40 problems found and solved;
- the 2023 insurance rosters, drawn up as of DAY by each district's officer: 1,066 accident
  insured (scattered orphans and de facto unsupported children), 1,527 supplementary medical.

At another demo size every count scales (plan_counts). Deterministic: its own random
generator; the same load date writes the same data. Run last (it uses seed_work's insurance
schemes and the staff of record; the other modules pick among open files and never see
the closed files written here).
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from childwelfare.accounts.choices import Department, Role
from childwelfare.accounts.models import User
from childwelfare.accounts.services import system_user
from childwelfare.areas.choices import Level
from childwelfare.areas.models import Area
from childwelfare.benefits.choices import InsuranceKind, Rounding, UpratingStatus
from childwelfare.benefits.insurance import generate_roster
from childwelfare.benefits.models import (
    AllowanceStandard,
    DibaoStandard,
    InsuranceScheme,
    Uprating,
    UpratingLine,
)
from childwelfare.benefits.standards import derived_amount, round_amount
from childwelfare.discovery.choices import CampaignStatus, ProblemKind, RecordStatus, VisitMode
from childwelfare.discovery.models import Campaign, ScreeningRecord, Visit
from childwelfare.discovery.services import in_sample
from childwelfare.lib.dates import add_years, age_on
from childwelfare.registry.choices import Category as C
from childwelfare.registry.choices import CloseReason, FileStatus
from childwelfare.registry.models import CategorySpell, Child

from . import people
from .demo import _Builder, _write
from .demo_city import (
    CHANGE_REASON,
    HUKOU_PROBLEMS,
    SCHOOLING_PROBLEMS,
    SCREENED_NOT_ELIGIBLE,
    _Community,
    _Household,
    _scaled,
    plan_counts,
)
from .demo_staff import staff_by_area
from .demo_work import _aware, _problems

SEED = 20233
DAY = date(2023, 4, 1)  # the 2023 campaigns start; the 2023 rosters' cut-off
CAMPAIGN_END = date(2023, 6, 30)
PROBLEMS_SOLVED = 40
SCREENED_CATEGORIES = [c for c in plan_counts(5000) if c != C.MIGRANT]
# Dibao standard of the city (yuan a month) from 1 July of each year: 2022 and 2023 are
# seed_standards' (1,050 → 1,100: the 4.76 % of 2023); the earlier ones are invented.
DIBAO = {2011: 500, 2012: 570, 2013: 620, 2014: 660, 2015: 700, 2016: 750, 2017: 810, 2018: 870,
         2019: 935, 2020: 985, 2021: 1025, 2022: 1050}  # fmt: skip
BASIS = (
    "南京市{year}年困境儿童基本生活保障标准随低保标准同步提高（演示数据：由2022年标准按历年低保标准升幅倒推）"
)
BASIS_BASE = "南京市2011年困境儿童基本生活保障标准（演示数据：由2022年标准按历年低保标准升幅倒推）"
DFU_FROM = date(2020, 1, 1)  # 民发〔2019〕62号: the de facto unsupported child's standard
CLOSE_NOTES = {
    C.DE_FACTO_UNSUPPORTED: "父母恢复抚养能力，不再符合事实无人抚养儿童条件",
    C.RURAL_LEFT_BEHIND: "父母返乡就业，不再属于留守儿童",
}


@transaction.atomic
def seed_history(*, today: date) -> dict:
    """The standards' history and the 2023 city above, into a demo city whose children and
    work (seed_demo, seed_work) exist. Returns counts: {"uprating_years", "former_children",
    "campaign_2023" (records of the city-wide screening), "dfu_screened", "problems_2023",
    "insured_2023": {kind: n}}. Writes nothing before 2024 (a load date in 2023 has no
    finished 2023 to show)."""
    rng = random.Random(SEED)
    counts = {"uprating_years": _standards_history()}
    if today < date(2024, 1, 1):
        return counts
    # The demo's size: the children seed_demo wrote (the case modules add a few of their own).
    size = Child.history.filter(history_type="+", history_change_reason=CHANGE_REASON).count()
    counts["former_children"] = _former_children(rng, today, size)
    counts.update(_campaigns_2023(rng, size))
    counts["insured_2023"] = _rosters_2023()
    return counts


# ---- standards ---------------------------------------------------------------------------


def _percent(new: int, old: int) -> Decimal:
    """As benefits.standards.preview_uprating with a new dibao amount (to 0.001 %)."""
    return ((Decimal(new) / Decimal(old) - 1) * 100).quantize(Decimal("0.001"), ROUND_HALF_UP)


def _back(amount: Decimal, percent: Decimal) -> Decimal:
    """The whole-yuan amount that the uprating by `percent` (yuan half up) turns into `amount`."""
    factor = 1 + percent / 100
    guess = round_amount(amount / factor, Rounding.YUAN_HALF_UP)
    for step in (0, 1, -1, 2, -2):
        candidate = guess + step
        if round_amount(candidate * factor, Rounding.YUAN_HALF_UP) == amount:
            return candidate
    return guess


def _derived(institutional: Decimal) -> dict[str, Decimal]:
    """The four amounts of a year from the institutional orphan's (seed_standards' ratios)."""
    scattered = derived_amount(institutional, Decimal("0.83333333"), Rounding.YUAN_HALF_UP)
    return {
        C.INSTITUTIONAL_ORPHAN: institutional,
        C.SCATTERED_ORPHAN: scattered,
        C.DE_FACTO_UNSUPPORTED: derived_amount(scattered, Decimal("1"), Rounding.YUAN_HALF_UP),
        C.SERIOUSLY_ILL_OR_DISABLED: derived_amount(scattered, Decimal("0.5"), Rounding.YUAN_HALF_UP),
    }


SHAPE = {
    C.INSTITUTIONAL_ORPHAN: ("", None),
    C.SCATTERED_ORPHAN: (C.INSTITUTIONAL_ORPHAN, Decimal("0.83333333")),
    C.DE_FACTO_UNSUPPORTED: (C.SCATTERED_ORPHAN, Decimal("1")),
    C.SERIOUSLY_ILL_OR_DISABLED: (C.SCATTERED_ORPHAN, Decimal("0.5")),
}


def _standards_history() -> int:
    """Standards and dibao from 1 July 2011, upratings every 1 July 2012–2022 (the 2022 one
    producing seed_standards' 2022 rows, which it now names). Returns the number of years
    with an approved rise up to 2023. Skipped when the history is there or seed_standards'
    2022 rows are not."""
    city = Area.objects.get(code=people.NANJING)
    first_2022 = {
        s.category: s
        for s in AllowanceStandard.objects.filter(area=city, effective_from=date(2022, 7, 1), uprating=None)
    }
    done = Uprating.objects.filter(area=city, effective_from__lt=date(2022, 7, 1)).exists()
    if not done and len(first_2022) == len(SHAPE):
        actor = system_user()
        amounts = {2022: first_2022[C.INSTITUTIONAL_ORPHAN].monthly_amount}
        for year in range(2022, 2011, -1):
            amounts[year - 1] = _back(amounts[year], _percent(DIBAO[year], DIBAO[year - 1]))
        rows: dict[int, dict[str, AllowanceStandard]] = {}
        for year in range(2011, 2022):
            start, end = date(year, 7, 1), date(year + 1, 6, 30)
            uprating = None
            if year > 2011:
                uprating = _uprating(city, year, actor)
            rows[year] = {}
            for category, amount in _derived(amounts[year]).items():
                begin = start
                if category == C.DE_FACTO_UNSUPPORTED:
                    if end < DFU_FROM:
                        continue
                    begin = max(start, DFU_FROM)
                base, ratio = SHAPE[category]
                standard = AllowanceStandard(
                    category=category,
                    area=city,
                    effective_from=begin,
                    effective_to=end,
                    monthly_amount=amount,
                    legal_basis=BASIS.format(year=year) if uprating else BASIS_BASE,
                    base_category=base,
                    ratio=ratio,
                    uprating=uprating if begin == start else None,
                    created_by=actor,
                )
                standard._history_user = actor
                standard.save()
                rows[year][category] = standard
                old = rows.get(year - 1, {}).get(category)
                if uprating and old and standard.uprating_id:
                    UpratingLine.objects.create(
                        uprating=uprating, old_standard=old, category=category, area=city,
                        old_amount=old.monthly_amount, new_amount=amount, derived=bool(base),
                    )  # fmt: skip
            DibaoStandard.objects.create(
                area=city,
                effective_from=start,
                effective_to=end,
                monthly_amount=Decimal(DIBAO[year]),
                legal_basis=(BASIS.format(year=year) if uprating else BASIS_BASE),
            )
        uprating = _uprating(city, 2022, actor)
        for category, standard in first_2022.items():
            old = rows[2021][category]
            UpratingLine.objects.create(
                uprating=uprating, old_standard=old, category=category, area=city,
                old_amount=old.monthly_amount, new_amount=standard.monthly_amount, derived=bool(standard.base_category),
            )  # fmt: skip
            standard.uprating = uprating
            standard.save(update_fields=["uprating"])
    years = Uprating.objects.filter(area=city, status=UpratingStatus.APPROVED, percent__gt=0)
    return len({day.year for day in years.values_list("effective_from", flat=True)})


def _uprating(city, year: int, actor) -> Uprating:
    return Uprating.objects.create(
        area=city,
        percent=_percent(DIBAO[year], DIBAO[year - 1]),
        new_dibao_amount=Decimal(DIBAO[year]),
        effective_from=date(year, 7, 1),
        legal_basis=BASIS.format(year=year),
        status=UpratingStatus.APPROVED,
        created_by=actor,
        approved_by=actor,
        approved_at=_aware(date(year, 6, 20)),
    )


# ---- the children of 2023 -----------------------------------------------------------------


def _main_categories(on: date) -> dict[int, str]:
    """{child id: the category it held on `on`}, a dibao spell only when it held no other."""
    main: dict[int, str] = {}
    for child_id, category in CategorySpell.objects.held_on(on).values_list("child_id", "category"):
        if child_id not in main or main[child_id] == C.DIBAO_FAMILY:
            main[child_id] = category
    return main


def _communities() -> tuple[list[_Community], dict[str, str]]:
    areas = Area.objects.filter(code__startswith=people.NANJING)
    districts = dict(areas.filter(level=Level.DISTRICT).values_list("code", "name"))
    streets = dict(areas.filter(level=Level.STREET).values_list("code", "name"))
    communities = [
        _Community(code, name, code[:9], streets[code[:9]], code[:6], districts[code[:6]])
        for code, name in areas.filter(level=Level.COMMUNITY).order_by("code").values_list("code", "name")
        if code[:9] in streets and int(code[6:9]) < 400
    ]
    return communities, districts


def _former_children(rng: random.Random, today: date, size: int) -> int:
    """Children who held a category on DAY and whose file has been closed since, so that the
    city held plan_counts(size) children of each category then (the demo's own children
    counted first). Returns the number written."""
    held = Counter(_main_categories(DAY).values())
    wanted = {c: max(0, n - held[c]) for c, n in plan_counts(size).items() if c != C.MIGRANT}
    communities, districts = _communities()
    builder = _Builder(rng, communities, districts, size, DAY)
    builder.flags = dict.fromkeys(builder.flags, 0)
    builder.used_ids.update(number for number in Child.objects.values_list("id_number", flat=True) if number)
    officers = {code: users for code, users in staff_by_area(Role.DISTRICT_OFFICER).items() if len(users) > 1}
    batch: tuple[list, list, list, list] = ([], [], [], [])
    latest = today - timedelta(days=30)
    written = 0
    for category in SCREENED_CATEGORIES:
        for _ in range(wanted.get(category, 0)):
            household = _Household(category, 1, builder.community_for(category))
            children, members, conditions, spells = builder.build(household)
            child = children[0]
            adult_eve = add_years(child.birth_date, 18) - timedelta(days=1)
            if adult_eve <= latest:
                closed_on, reason, note = adult_eve, CloseReason.ADULT, ""
            else:
                closed_on = date(2024, 1, 1) + timedelta(
                    days=rng.randint(0, max(0, (latest - date(2024, 1, 1)).days))
                )
                if rng.random() < 0.35:
                    reason, note = CloseReason.MOVED_AWAY, ""
                else:
                    reason = CloseReason.OTHER
                    note = CLOSE_NOTES.get(category, "家庭情况好转，不再属于困境儿童")
            child.status, child.closed_on, child.close_reason, child.close_note = (
                FileStatus.CLOSED, closed_on, reason, note
            )  # fmt: skip
            child.notes = "演示数据：2023年在册，此后结档"
            for spell in spells:
                if spell.end_date is None or spell.end_date > closed_on:
                    spell.end_date, spell.end_reason = closed_on, f"结档：{CloseReason(reason).label}"
            for part, objs in zip(batch, (children, members, conditions, spells), strict=True):
                part.extend(objs)
            written += 1
            if len(batch[0]) >= 1000:
                _write(*batch, officers)
                batch = ([], [], [], [])
    _write(*batch, officers)
    return written


# ---- the 2023 screenings ------------------------------------------------------------------


def _campaigns_2023(rng: random.Random, size: int) -> dict:
    """The two closed 2023 campaigns of the city, started on DAY: the city-wide one with a
    record of every child holding a category other than migrant on DAY, the de facto
    unsupported one with a record of every child holding that category on DAY plus the
    children found not eligible but in difficulty (added during it); every record confirmed
    by the district's officer, after a home visit by the community's child director (one visit
    serves both). Then the problems found, solved and closed. Returns counts."""
    actor = system_user()
    city = Area.objects.get(code=people.NANJING)
    main = {pk: c for pk, c in _main_categories(DAY).items() if c != C.MIGRANT}
    rows = {
        pk: (area_id, birth, closed_on)
        for pk, area_id, birth, closed_on in Child.objects.filter(pk__in=list(main))
        .order_by("pk")
        .values_list("pk", "area_id", "birth_date", "closed_on")
    }
    directors = {u.area_id: u for u in User.objects.filter(role=Role.CHILD_DIRECTOR)}
    supervisors = {u.area_id: u for u in User.objects.filter(role=Role.CHILD_SUPERVISOR)}
    officers = {code: users[0] for code, users in staff_by_area(Role.DISTRICT_OFFICER).items()}

    def campaign(name, targets):
        return Campaign.objects.create(
            name=name, year=2023, area=city, target_categories=targets, start_date=DAY,
            end_date=CAMPAIGN_END, status=CampaignStatus.CLOSED, created_by=actor,
            started_at=_aware(DAY), closed_at=_aware(date(2023, 7, 5)),
        )  # fmt: skip

    general = campaign("2023年困境儿童和农村留守儿童专项排查", list(SCREENED_CATEGORIES))
    dfu = campaign("2023年事实无人抚养儿童专项排查", [C.DE_FACTO_UNSUPPORTED])
    visits = {}
    for pk, (area_id, _birth, closed_on) in rows.items():
        day = DAY + timedelta(days=rng.randint(0, 60))
        if closed_on:
            day = max(DAY, min(day, closed_on))
        visits[pk] = Visit(
            child_id=pk, visited_on=day, mode=VisitMode.HOME, visitor=directors[area_id],
            living_situation="专项排查入户核查",
        )  # fmt: skip
    Visit.objects.bulk_create(list(visits.values()), batch_size=2000)
    noted = dict(
        Child.objects.filter(pk__in=list(main), notes__startswith="事实无人抚养儿童排查").values_list(
            "pk", "notes"
        )
    )
    others = sorted(pk for pk, c in main.items() if c == C.OTHER_IN_DIFFICULTY)
    not_eligible = [pk for pk in others if "不符合认定条件" in noted.get(pk, "")]
    rest = [pk for pk in others if pk not in not_eligible]
    not_eligible += rng.sample(
        rest, max(0, min(len(rest), _scaled(SCREENED_NOT_ELIGIBLE, size) - len(not_eligible)))
    )
    not_eligible = not_eligible[: _scaled(SCREENED_NOT_ELIGIBLE, size)]

    def record(campaign_, pk, **flags):
        area_id, _birth, _closed = rows[pk]
        visit = visits[pk]
        at = _aware(visit.visited_on)
        return ScreeningRecord(
            campaign=campaign_, child_id=pk, area_id=area_id, status=RecordStatus.CONFIRMED, version=3,
            in_sample=in_sample(campaign_.pk, pk, Decimal("0.1")), visit=visit,
            screened_by=visit.visitor, screened_at=at,
            verified_by=supervisors.get(area_id[:9]), verified_at=at + timedelta(days=5),
            confirmed_by=officers.get(area_id[:6]), confirmed_at=at + timedelta(days=12), **flags,
        )  # fmt: skip

    general_records = [record(general, pk) for pk in sorted(rows)]
    dfu_children = sorted(pk for pk, c in main.items() if c == C.DE_FACTO_UNSUPPORTED)
    dfu_records = [record(dfu, pk) for pk in dfu_children] + [
        record(dfu, pk, added_during_screening=True, in_difficulty_not_eligible=True) for pk in not_eligible
    ]
    ScreeningRecord.objects.bulk_create(general_records + dfu_records, batch_size=2000)
    found = _problems_found(rng, size, rows, noted, dfu_children)
    by_dfu = {r.child_id: r for r in ScreeningRecord.objects.filter(campaign=dfu)}
    by_general = {r.child_id: r for r in ScreeningRecord.objects.filter(campaign=general)}
    _problems(found["dfu"], by_dfu, actor, closed=True, raised=date(2023, 5, 10))
    _problems(found["general"], by_general, actor, closed=True, raised=date(2023, 5, 10))
    return {
        "campaign_2023": len(general_records),
        "dfu_screened": len(dfu_records),
        "problems_2023": len(found["dfu"]) + len(found["general"]),
    }


def _problems_found(rng, size, rows, noted, dfu_children) -> dict[str, list[tuple]]:
    """The hukou and schooling problems of the de facto unsupported screening (the noted
    children first) and benefit problems of the city-wide one, PROBLEMS_SOLVED in all; only
    children whose file was open until the problems were closed."""
    open_then = [pk for pk in dfu_children if not rows[pk][2] or rows[pk][2] >= date(2023, 7, 1)]
    taken: set[int] = set()

    def pick(word, n, eligible):
        first = [pk for pk in eligible if word in noted.get(pk, "")][:n]
        pool = [pk for pk in eligible if pk not in first and pk not in taken]
        chosen = first + rng.sample(pool, max(0, min(len(pool), n - len(first))))
        taken.update(chosen)
        return chosen

    hukou = pick("户籍问题", _scaled(HUKOU_PROBLEMS, size), open_then)
    schooling = pick(
        "就学问题",
        _scaled(SCHOOLING_PROBLEMS, size),
        [pk for pk in open_then if age_on(rows[pk][1], DAY) >= 8],
    )
    dfu = [
        (pk, rows[pk][0], ProblemKind.HUKOU, Department.PUBLIC_SECURITY, "户口未随监护人迁移，影响保障")
        for pk in hukou
    ] + [
        (pk, rows[pk][0], ProblemKind.SCHOOLING, Department.EDUCATION, "辍学在家，需劝返复学")
        for pk in schooling
    ]
    others = [
        pk for pk in sorted(rows) if pk not in taken and (not rows[pk][2] or rows[pk][2] >= date(2023, 7, 1))
    ]
    wanted = max(0, _scaled(PROBLEMS_SOLVED, size, minimum=len(dfu) + 1) - len(dfu))
    general = [
        (pk, rows[pk][0], ProblemKind.BENEFIT, Department.CIVIL_AFFAIRS, "符合条件但未纳入保障，需补办认定")
        for pk in rng.sample(others, min(len(others), wanted))
    ]
    return {"dfu": dfu, "general": general}


def _rosters_2023() -> dict[str, int]:
    """The 2023 rosters of the insurance schemes seed_work made, drawn up as of DAY by each
    district's officer (benefits.insurance.generate_roster). Returns {kind: enrolled}."""
    officers = {code: users[0] for code, users in staff_by_area(Role.DISTRICT_OFFICER).items()}
    districts = Area.objects.filter(level=Level.DISTRICT, code__startswith=people.NANJING).order_by("code")
    result = {}
    for kind in (InsuranceKind.ACCIDENT, InsuranceKind.SUPPLEMENTARY_MEDICAL):
        scheme = InsuranceScheme.objects.filter(kind=kind).order_by("pk").first()
        if scheme is None:
            continue
        result[kind] = sum(
            generate_roster(scheme, year=2023, area=district, as_of=DAY, actor=officers[district.code])
            for district in districts
            if district.code in officers
        )
    return result
