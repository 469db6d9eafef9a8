"""Work in progress for the demo city, so the platform opens with real-looking work to do:

- (the closed 2023 campaigns, whose figures follow DOMAIN.md §2, are demo_history's);
- a campaign in 玄武区 running in the month of the load date, with records at every step;
- recent home visits and four-colour assessments for every child, by the community's child
  director, each within its colour's interval but for a small share that is overdue (so the
  due and overdue lists have content without being mostly late), care measures for most red
  and yellow children, open problems for the liaisons;
- the 2022/2023 allowance standards, applications at every step (eligible and not, refused
  with reasons), an approved payroll of the month before the load date for 玄武区, and the
  insurance rosters of the load date's year.

Deterministic for a given load date (fixed seed, dates relative to `today`). Demo seeding
writes in bulk for speed; the platform's own writes go through the services.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from childwelfare.accounts.choices import Department
from childwelfare.accounts.models import User
from childwelfare.areas.models import Area
from childwelfare.benefits.choices import InsuranceKind
from childwelfare.benefits.insurance import generate_roster
from childwelfare.benefits.models import BankAccount, InsuranceScheme
from childwelfare.benefits.payroll import approve_payroll, run_payroll
from childwelfare.discovery.choices import (
    CampaignStatus,
    Colour,
    MeasureType,
    ProblemKind,
    ProblemStatus,
    ProviderKind,
    RecordStatus,
    VisitMode,
)
from childwelfare.discovery.models import (
    Campaign,
    CareMeasure,
    Problem,
    ProblemAction,
    RiskAssessment,
    RiskItem,
    RiskItemSet,
    ScreeningRecord,
    Visit,
)
from childwelfare.discovery.schedule import interval_days, restore_schedule
from childwelfare.discovery.services import in_sample
from childwelfare.registry.choices import Category
from childwelfare.registry.models import CategorySpell, Child

from . import people
from .demo_applications import seed_applications

SEED = 20232
# Shares in percent: green the majority, a few yellow, 1–2 % red (issue 9).
COLOUR_MIX = [(Colour.RED, 2), (Colour.YELLOW, 8), (Colour.BLUE, 20), (Colour.GREEN, 70)]
# Share of children whose latest visit is past its colour's interval on the load date.
OVERDUE_SHARE = 0.07
ITEMS_FOR = {
    Colour.RED: ["living_alone", "guardian_unable", "economic_hardship"],
    Colour.YELLOW: ["guardian_unable", "elderly_carer"],
    Colour.BLUE: ["elderly_carer"],
    Colour.GREEN: [],
}
SCORES = {Colour.RED: 4, Colour.YELLOW: 5, Colour.BLUE: 2, Colour.GREEN: 0}
NOTES = {
    Colour.RED: "独自居住，照料人长期外出，已报告街道",
    Colour.YELLOW: "隔代照料，祖辈体弱，需定期关注",
    Colour.BLUE: "祖辈照料，生活基本稳定",
    Colour.GREEN: "生活、就学正常",
}


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _directors() -> dict[str, User]:
    return {u.area_id: u for u in User.objects.filter(role="child_director")}


@transaction.atomic
def seed_work(today: date | None = None) -> dict:
    """Everything above, into a demo city whose children already exist, dated relative to
    `today` (default: the local date; use the demo's load date). Returns counts."""
    today = today or timezone.localdate()
    rng = random.Random(SEED)
    admin = _user("admin_nanjing")
    item_set = RiskItemSet.objects.get(version=1)
    items = {item.code: item for item in RiskItem.objects.filter(item_set=item_set)}
    children = list(Child.objects.order_by("pk").values_list("pk", "area_id", "birth_date"))
    counts = {}
    visits, colours = _visits_and_colours(rng, children, today, item_set, items)
    counts["visits"] = visits
    counts["campaign_running"] = _campaign_running(rng, today, item_set, items, colours)
    counts["care_measures"] = _care_measures(rng, admin, today)
    counts["open_problems"] = _open_problems(rng, today)
    call_command("seed_standards", stdout=_Null())
    # Before the payroll: an eligible applicant's recorded category is taken back.
    counts["applications"] = seed_applications(random.Random(SEED + 1), today)
    counts.update(_benefits(rng, admin, today))
    restore_schedule()  # the visits and assessments above were bulk-created
    return counts


def _visit_day(rng, interval: int, birth: date, today: date) -> date:
    """The latest visit of a child whose colour's interval is `interval` days (DOMAIN.md §5):
    within it, but for OVERDUE_SHARE of children late by 1–20 days; never before a week
    after birth."""
    if rng.random() < OVERDUE_SHARE:
        day = today - timedelta(days=interval + rng.randint(1, 20))
    else:
        day = today - timedelta(days=rng.randint(0, interval - 1))
    return min(today, max(day, birth + timedelta(days=7)))


def _visits_and_colours(rng, children, today, item_set, items) -> tuple[int, dict[int, str]]:
    """One recent visit and assessment per child by its community's child director; returns
    (visits written, {child id: colour})."""
    colours = [colour for colour, weight in COLOUR_MIX for _ in range(weight)]
    directors, intervals = _directors(), interval_days()
    visits, plan = [], []
    for pk, area_id, birth in children:
        colour = rng.choice(colours)
        day = _visit_day(rng, intervals[colour], birth, today)
        visitor = directors[area_id]
        visits.append(
            Visit(
                child_id=pk,
                visited_on=day,
                mode=rng.choice([VisitMode.HOME] * 4 + [VisitMode.PHONE]),
                visitor=visitor,
                living_situation=NOTES[colour],
                guardianship="监护人履职正常" if colour == Colour.GREEN else "需关注",
            )
        )
        plan.append((pk, colour, day, visitor))
    Visit.objects.bulk_create(visits, batch_size=2000)
    assessments = [
        RiskAssessment(
            child_id=pk,
            assessed_on=day,
            assessor=visitor,
            item_set=item_set,
            score=SCORES[colour],
            is_emergency=colour == Colour.RED,
            colour=colour,
            visit=visit,
        )
        for (pk, colour, day, visitor), visit in zip(plan, visits, strict=True)
    ]
    RiskAssessment.objects.bulk_create(assessments, batch_size=2000)
    through = RiskAssessment.items.through
    links = [
        through(riskassessment_id=a.pk, riskitem_id=items[code].pk)
        for a in assessments
        for code in ITEMS_FOR[a.colour]
    ]
    through.objects.bulk_create(links, batch_size=5000)
    return len(visits), {pk: colour for pk, colour, _day, _visitor in plan}


def _problems(found, by_child, admin, *, closed: bool, raised: date) -> None:
    """Problems of `found` rows (child id, area, kind, department, text[, raised date]);
    a row without its own date is raised on `raised`, due 30 days later."""
    officers = {u.area_id: u for u in User.objects.filter(role="district_officer")}
    directors = _directors()
    problems, raised_on = [], []
    for pk, area_id, kind, department, text, *own in found:
        record = by_child.get(pk)
        on = own[0] if own else raised
        raised_on.append(on)
        problems.append(
            Problem(
                child_id=pk,
                record=record,
                kind=kind,
                description=text,
                department=department,
                deadline=on + timedelta(days=30),
                raised_by=directors.get(area_id, admin),
                status=ProblemStatus.CLOSED if closed else ProblemStatus.OPEN,
                solved_at=_aware(on + timedelta(days=20)) if closed else None,
                closed_at=_aware(on + timedelta(days=25)) if closed else None,
                closed_by=officers.get(area_id[:6], admin) if closed else None,
                version=2 if closed else 0,
            )
        )
    Problem.objects.bulk_create(problems)
    actions = []
    for problem in problems:
        actions.append(
            ProblemAction(problem=problem, actor=problem.raised_by, kind="raised", text=problem.description)
        )
        if closed:
            actions.append(
                ProblemAction(
                    problem=problem, actor=problem.closed_by, kind="closed", text="已办结，核验销号"
                )
            )
    ProblemAction.objects.bulk_create(actions)
    for day in set(raised_on):
        picked = [p.pk for p, on in zip(problems, raised_on, strict=True) if on == day]
        Problem.objects.filter(pk__in=picked).update(raised_at=_aware(day))


def _campaign_running(rng, today, item_set, items, colours) -> int:
    """A 玄武区 campaign running on `today` (started 24 days before, so every step can have
    happened by today), with records at every step; a screened child's colour is its colour
    of the routine assessment."""
    officer = _user("officer_xuanwu")
    start = today - timedelta(days=24)
    campaign = Campaign.objects.create(
        name=f"{today.year}年玄武区困境儿童专项排查",
        year=today.year,
        area=Area.objects.get(code=people.XUANWU),
        start_date=start,
        end_date=max(date(today.year, 12, 31), today + timedelta(days=30)),
        sample_rate=Decimal("0.100"),
        status=CampaignStatus.RUNNING,
        created_by=officer,
        started_at=_aware(start),
    )
    supervisors = {u.area_id: u for u in User.objects.filter(role="child_supervisor")}
    directors = _directors()
    in_scope = CategorySpell.objects.active_on(start).values_list("child_id", flat=True).distinct()
    rows = list(
        Child.objects.in_area(people.XUANWU)
        .filter(pk__in=in_scope)
        .order_by("pk")
        .values_list("pk", "area_id")
    )
    steps = (
        [RecordStatus.PENDING] * 40
        + [RecordStatus.SCREENED] * 20
        + [RecordStatus.RETURNED] * 5
        + [RecordStatus.VERIFIED] * 15
        + [RecordStatus.CONFIRMED] * 20
    )
    records = []
    for pk, area_id in rows:
        status = rng.choice(steps)
        sample = in_sample(campaign.pk, pk, campaign.sample_rate)
        record = ScreeningRecord(
            campaign=campaign, child_id=pk, area_id=area_id, status=status, in_sample=sample
        )
        if status != RecordStatus.PENDING:
            day = start + timedelta(days=rng.randint(0, 15))
            director = directors[area_id]
            record.visit = Visit(
                child_id=pk,
                visited_on=day,
                mode=VisitMode.HOME,
                visitor=director,
                living_situation="排查走访",
            )
            record.screened_by, record.screened_at, record.version = director, _aware(day), 1
            if status == RecordStatus.RETURNED:
                record.return_reason = "监护人联系方式未核实，请补充"
                record.returned_by, record.returned_at = (
                    supervisors.get(area_id[:9], officer),
                    _aware(day + timedelta(days=2)),
                )
                record.version = 2
            if status in (RecordStatus.VERIFIED, RecordStatus.CONFIRMED):
                record.verified_by = supervisors.get(area_id[:9], officer)
                record.verified_at, record.version = _aware(day + timedelta(days=3)), 2
            if status == RecordStatus.CONFIRMED:
                if sample:
                    record.revisit = Visit(
                        child_id=pk,
                        visited_on=day + timedelta(days=5),
                        mode=VisitMode.HOME,
                        visitor=officer,
                        is_sample_revisit=True,
                        living_situation="抽样复访属实",
                    )
                record.confirmed_by, record.confirmed_at, record.version = (
                    officer,
                    _aware(day + timedelta(days=7)),
                    4,
                )
        records.append(record)
    Visit.objects.bulk_create(
        [r.visit for r in records if r.visit] + [r.revisit for r in records if r.revisit]
    )
    for record in records:
        record.visit_id = record.visit.pk if record.visit else None
        record.revisit_id = record.revisit.pk if record.revisit else None
    ScreeningRecord.objects.bulk_create(records, batch_size=2000)
    assessments = [
        RiskAssessment(
            child_id=r.child_id,
            assessed_on=r.visit.visited_on,
            assessor=r.screened_by,
            item_set=item_set,
            score=SCORES[colours[r.child_id]],
            is_emergency=colours[r.child_id] == Colour.RED,
            colour=colours[r.child_id],
            visit=r.visit,
        )
        for r in records
        if r.visit
    ]
    RiskAssessment.objects.bulk_create(assessments)
    RiskAssessment.items.through.objects.bulk_create(
        [
            RiskAssessment.items.through(riskassessment_id=a.pk, riskitem_id=items[code].pk)
            for a in assessments
            for code in ITEMS_FOR[a.colour]
        ]
    )
    for record, assessment in zip([r for r in records if r.visit], assessments, strict=True):
        record.assessment_id = assessment.pk
    ScreeningRecord.objects.bulk_update([r for r in records if r.visit], ["assessment"], batch_size=2000)
    return len(records)


def _care_measures(rng, admin, today) -> int:
    """Most red and yellow children get a measure; some are left for the district's list."""
    latest = {}
    for child_id, colour in RiskAssessment.objects.order_by("child_id", "assessed_on", "id").values_list(
        "child_id", "colour"
    ):
        latest[child_id] = colour
    measures = []
    kinds = [
        MeasureType.LIVING,
        MeasureType.PSYCHOLOGICAL,
        MeasureType.PAIRING,
        MeasureType.SOCIAL_WORK,
        MeasureType.MEDICAL,
    ]
    providers = {
        MeasureType.LIVING: (ProviderKind.DEPARTMENT, "区民政局"),
        MeasureType.PSYCHOLOGICAL: (ProviderKind.SOCIAL_ORGANISATION, "心晴社会工作服务中心"),
        MeasureType.PAIRING: (ProviderKind.VOLUNTEER, "“爱心妈妈”志愿者"),
        MeasureType.SOCIAL_WORK: (ProviderKind.WORKSTATION, "街道未成年人保护工作站"),
        MeasureType.MEDICAL: (ProviderKind.DEPARTMENT, "区医疗保障局"),
    }
    areas = dict(Child.objects.filter(pk__in=list(latest)).values_list("pk", "area_id"))
    births = dict(Child.objects.filter(pk__in=list(latest)).values_list("pk", "birth_date"))
    supervisors = {u.area_id: u for u in User.objects.filter(role="child_supervisor")}
    for child_id, colour in sorted(latest.items()):
        if colour in (Colour.RED, Colour.YELLOW) and rng.random() < 0.8:
            kind = rng.choice(kinds)
            provider_kind, name = providers[kind]
            measures.append(
                CareMeasure(
                    child_id=child_id,
                    measure_type=kind,
                    provider_kind=provider_kind,
                    provider_name=name,
                    start_date=max(today - timedelta(days=rng.randint(10, 200)), births[child_id]),
                    created_by=supervisors.get(areas[child_id][:9], admin),
                    description="定期走访，落实帮扶",
                )
            )
    CareMeasure.objects.bulk_create(measures, batch_size=2000)
    return len(measures)


def _open_problems(rng, today) -> int:
    """Open problems in 玄武区 for the liaisons, raised in the last six weeks (due 30 days
    after), so some are past their deadline."""
    rows = list(
        Child.objects.in_area(people.XUANWU).order_by("pk").values_list("pk", "area_id", "birth_date")[:400]
    )
    picks = rng.sample(rows, min(12, len(rows)))
    found = []
    for i, (pk, area_id, _birth) in enumerate(picks):
        if i % 3 == 0:
            found.append(
                (pk, area_id, ProblemKind.SCHOOLING, Department.EDUCATION, "长期缺课，需学校联系家长")
            )
        elif i % 3 == 1:
            found.append(
                (pk, area_id, ProblemKind.HUKOU, Department.PUBLIC_SECURITY, "无户籍，需协助办理落户")
            )
        else:
            found.append(
                (pk, area_id, ProblemKind.MEDICAL, Department.MEDICAL_INSURANCE, "大病医疗费用报销未落实")
            )
    for i, (_pk, _area, birth) in enumerate(picks):
        found[i] += (max(today - timedelta(days=rng.randint(2, 42)), birth),)
    _problems(found, {}, _user("admin_nanjing"), closed=False, raised=today)
    return len(found)


def _benefits(rng, admin, today) -> dict:
    officer = _user("officer_xuanwu")
    xuanwu = Area.objects.get(code=people.XUANWU)
    # Bank accounts for the allowance children of 玄武区.
    allowance = CategorySpell.objects.filter(
        category__in=[
            Category.SCATTERED_ORPHAN,
            Category.DE_FACTO_UNSUPPORTED,
            Category.INSTITUTIONAL_ORPHAN,
            Category.SERIOUSLY_ILL_OR_DISABLED,
        ]
    ).values_list("child_id", flat=True)
    kids = Child.objects.in_area(people.XUANWU).filter(pk__in=allowance).order_by("pk")
    BankAccount.objects.bulk_create(
        [
            BankAccount(
                child=c, holder_name=c.name, bank_name="南京银行玄武支行", account_number=f"6216{c.pk:012d}"
            )
            for c in kids
        ]
    )
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    payroll = run_payroll(xuanwu, last_month, actor=officer)
    approve_payroll(payroll, actor=_user("officer2_xuanwu"))  # four eyes: another officer
    schemes = [
        InsuranceScheme.objects.create(
            name="散居孤儿和事实无人抚养儿童意外伤害保险",
            kind=InsuranceKind.ACCIDENT,
            categories=[Category.SCATTERED_ORPHAN, Category.DE_FACTO_UNSUPPORTED],
            insurer="中国人寿南京分公司",
        ),
        InsuranceScheme.objects.create(
            name="困境儿童补充医疗保险",
            kind=InsuranceKind.SUPPLEMENTARY_MEDICAL,
            categories=[
                Category.INSTITUTIONAL_ORPHAN,
                Category.SCATTERED_ORPHAN,
                Category.DE_FACTO_UNSUPPORTED,
                Category.SERIOUSLY_ILL_OR_DISABLED,
            ],
            insurer="中国人民保险南京分公司",
        ),
    ]
    city = Area.objects.get(code=people.NANJING)
    enrolled = sum(
        generate_roster(s, year=today.year, area=city, as_of=date(today.year, 1, 1), actor=admin)
        for s in schemes
    )
    return {"payroll_lines": payroll.line_count, "payroll_month": last_month, "insurance": enrolled}


class _Null:
    def write(self, *_args, **_kwargs):
        return None
