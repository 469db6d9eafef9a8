"""Work in progress for the demo city, so the platform opens with real-looking work to do:

- the closed 2023 city-wide screening campaign, whose figures follow DOMAIN.md §2 (children
  screened, 9 not eligible but in difficulty, 3 with hukou and 5 with schooling problems,
  about 40 problems solved);
- a running 2026 campaign in 玄武区 with records at every step for the demo accounts;
- recent home visits and four-colour assessments for every child (so the overdue and due
  lists have content), care measures for most red and yellow children, open problems for the
  education liaison;
- the 2022/2023 allowance standards, a few applications at each step, an approved October
  2026 payroll for 玄武区, and the 2026 insurance rosters.

Deterministic (fixed seed, dates relative to testing.demo.REFERENCE_DATE). Demo seeding
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
from childwelfare.benefits.applications import submit_application, verify_application
from childwelfare.benefits.choices import ApplicantKind, ApplicationKind, InsuranceKind
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
from childwelfare.discovery.schedule import restore_schedule
from childwelfare.discovery.services import in_sample
from childwelfare.registry.choices import Category
from childwelfare.registry.models import CategorySpell, Child

from . import people
from .demo import REFERENCE_DATE

SEED = 20232
COLOUR_MIX = [(Colour.RED, 3), (Colour.YELLOW, 12), (Colour.BLUE, 30), (Colour.GREEN, 55)]
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
def seed_work() -> dict:
    """Everything above, into a demo city whose children already exist. Returns counts."""
    rng = random.Random(SEED)
    admin = _user("admin_nanjing")
    item_set = RiskItemSet.objects.get(version=1)
    items = {item.code: item for item in RiskItem.objects.filter(item_set=item_set)}
    children = list(Child.objects.order_by("pk").values_list("pk", "area_id", "notes", "created_at"))
    counts = {}
    counts["visits"] = _visits_and_colours(rng, children, admin, item_set, items)
    counts["campaign_2023"] = _campaign_2023(rng, admin, item_set)
    counts["campaign_2026"] = _campaign_2026(rng, item_set, items)
    counts["care_measures"] = _care_measures(rng, admin)
    counts["open_problems"] = _open_problems(rng)
    counts.update(_benefits(rng, admin))
    restore_schedule()  # the visits and assessments above were bulk-created
    return counts


def _visits_and_colours(rng, children, admin, item_set, items) -> int:
    """One recent visit and assessment per child: dated 1–120 days before REFERENCE_DATE."""
    colours = [colour for colour, weight in COLOUR_MIX for _ in range(weight)]
    directors = _directors()
    visits, plan = [], []
    for pk, area_id, _notes, _created in children:
        colour = rng.choice(colours)
        day = REFERENCE_DATE - timedelta(days=rng.randint(1, 120))
        visitor = directors.get(area_id, admin)
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
    return len(visits)


def _campaign_2023(rng, admin, item_set) -> int:
    """The 2023 city-wide campaign, closed, every record confirmed."""
    city = Area.objects.get(code=people.NANJING)
    campaign = Campaign.objects.create(
        name="2023年困境儿童和农村留守儿童专项排查",
        year=2023,
        area=city,
        start_date=date(2023, 4, 1),
        end_date=date(2023, 6, 30),
        status=CampaignStatus.CLOSED,
        created_by=admin,
        started_at=_aware(date(2023, 4, 1)),
        closed_at=_aware(date(2023, 7, 5)),
    )
    officers = {u.area_id: u for u in User.objects.filter(role="district_officer")}
    supervisors = {u.area_id: u for u in User.objects.filter(role="child_supervisor")}
    directors = _directors()
    in_scope = set(CategorySpell.objects.active_on(campaign.start_date).values_list("child_id", flat=True))
    # Children whose notes record a finding of the 2023 de facto unsupported screening were
    # found during it (some were registered only then): they join as found on the spot.
    found_then = set(
        Child.objects.filter(notes__startswith="事实无人抚养儿童排查").values_list("pk", flat=True)
    )
    rows = list(
        Child.objects.filter(pk__in=in_scope | found_then)
        .order_by("pk")
        .values_list("pk", "area_id", "notes")
    )
    records, visits = [], []
    for pk, area_id, notes in rows:
        day = campaign.start_date + timedelta(days=rng.randint(0, 60))
        visits.append(
            Visit(
                child_id=pk,
                visited_on=day,
                mode=VisitMode.HOME,
                visitor=directors.get(area_id, admin),
                living_situation="专项排查入户核查",
                notes=notes[:200],
            )
        )
    Visit.objects.bulk_create(visits, batch_size=2000)
    for (pk, area_id, notes), visit in zip(rows, visits, strict=True):
        at = _aware(visit.visited_on)
        records.append(
            ScreeningRecord(
                campaign=campaign,
                child_id=pk,
                area_id=area_id,
                status=RecordStatus.CONFIRMED,
                version=3,
                in_sample=in_sample(campaign.pk, pk, Decimal("0.1")),
                visit=visit,
                in_difficulty_not_eligible="不符合认定条件" in notes,
                added_during_screening=pk not in in_scope,
                screened_by=directors.get(area_id, admin),
                screened_at=at,
                verified_by=supervisors.get(area_id[:9], admin),
                verified_at=at + timedelta(days=5),
                confirmed_by=officers.get(area_id[:6], admin),
                confirmed_at=at + timedelta(days=12),
            )
        )
    ScreeningRecord.objects.bulk_create(records, batch_size=2000)
    # Problems found: the noted hukou (3) and schooling (5) cases plus benefit-coverage
    # problems, about 40 in all, all solved and closed by the end of the campaign.
    by_child = {r.child_id: r for r in ScreeningRecord.objects.filter(campaign=campaign)}
    found = []
    for pk, area_id, notes in rows:
        if "户籍问题" in notes:
            found.append(
                (pk, area_id, ProblemKind.HUKOU, Department.PUBLIC_SECURITY, "户口未随监护人迁移，影响保障")
            )
        elif "就学问题" in notes:
            found.append((pk, area_id, ProblemKind.SCHOOLING, Department.EDUCATION, "辍学在家，需劝返复学"))
    benefit_children = [row for row in rows if row[0] not in {f[0] for f in found}]
    for pk, area_id, _notes in rng.sample(benefit_children, max(0, 40 - len(found))):
        found.append(
            (pk, area_id, ProblemKind.BENEFIT, Department.CIVIL_AFFAIRS, "符合条件但未纳入保障，需补办认定")
        )
    _problems(found, by_child, admin, closed=True, raised=date(2023, 5, 10))
    return len(records)


def _problems(found, by_child, admin, *, closed: bool, raised: date) -> None:
    officers = {u.area_id: u for u in User.objects.filter(role="district_officer")}
    directors = _directors()
    problems = []
    for pk, area_id, kind, department, text in found:
        record = by_child.get(pk)
        problems.append(
            Problem(
                child_id=pk,
                record=record,
                kind=kind,
                description=text,
                department=department,
                deadline=raised + timedelta(days=30),
                raised_by=directors.get(area_id, admin),
                status=ProblemStatus.CLOSED if closed else ProblemStatus.OPEN,
                solved_at=_aware(raised + timedelta(days=20)) if closed else None,
                closed_at=_aware(raised + timedelta(days=25)) if closed else None,
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
    Problem.objects.filter(pk__in=[p.pk for p in problems]).update(raised_at=_aware(raised))


def _campaign_2026(rng, item_set, items) -> int:
    """A running 玄武区 campaign with records at every step."""
    officer = _user("officer_xuanwu")
    start = REFERENCE_DATE - timedelta(days=24)
    campaign = Campaign.objects.create(
        name="2026年玄武区困境儿童专项排查",
        year=2026,
        area=Area.objects.get(code=people.XUANWU),
        start_date=start,
        end_date=date(2026, 12, 31),
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
            director = directors.get(area_id) or officer
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
            score=2,
            colour=Colour.BLUE,
            visit=r.visit,
        )
        for r in records
        if r.visit
    ]
    RiskAssessment.objects.bulk_create(assessments)
    RiskAssessment.items.through.objects.bulk_create(
        [
            RiskAssessment.items.through(riskassessment_id=a.pk, riskitem_id=items["elderly_carer"].pk)
            for a in assessments
        ]
    )
    for record, assessment in zip([r for r in records if r.visit], assessments, strict=True):
        record.assessment_id = assessment.pk
    ScreeningRecord.objects.bulk_update([r for r in records if r.visit], ["assessment"], batch_size=2000)
    return len(records)


def _care_measures(rng, admin) -> int:
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
                    start_date=REFERENCE_DATE - timedelta(days=rng.randint(10, 200)),
                    created_by=supervisors.get(areas[child_id][:9], admin),
                    description="定期走访，落实帮扶",
                )
            )
    CareMeasure.objects.bulk_create(measures, batch_size=2000)
    return len(measures)


def _open_problems(rng) -> int:
    """Open problems in 玄武区 for the liaisons, some past their deadline."""
    rows = list(Child.objects.in_area(people.XUANWU).order_by("pk").values_list("pk", "area_id")[:400])
    picks = rng.sample(rows, min(12, len(rows)))
    found = []
    for i, (pk, area_id) in enumerate(picks):
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
    _problems(found, {}, _user("admin_nanjing"), closed=False, raised=REFERENCE_DATE - timedelta(days=40))
    return len(found)


def _applicant(child: Child) -> str:
    """The person who applies for a child: the guardian, else another family member."""
    family = sorted(child.family.all(), key=lambda member: not member.is_guardian)
    return family[0].name if family else child.name


def _benefits(rng, admin) -> dict:
    call_command("seed_standards", stdout=_Null())
    officer, supervisor = _user("officer_xuanwu"), _user("supervisor_meiyuan")
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
    payroll = run_payroll(xuanwu, date(2026, 10, 1), actor=officer)
    approve_payroll(payroll, actor=_user("officer2_xuanwu"))  # four eyes: another officer
    # Applications in 梅园: candidates are children with parents in the eight situations but
    # no de facto unsupported spell yet; fall back to any 梅园 child for the demo.
    candidates = list(
        Child.objects.in_area(people.MEIYUAN_STREET)
        .exclude(
            categories__category__in=[
                Category.DE_FACTO_UNSUPPORTED,
                Category.SCATTERED_ORPHAN,
                Category.INSTITUTIONAL_ORPHAN,
            ]
        )
        .order_by("pk")[:3]
    )
    apps = 0
    for i, child in enumerate(candidates):
        app = submit_application(
            child=child,
            actor=supervisor,
            kind=ApplicationKind.DE_FACTO_UNSUPPORTED,
            applicant_kind=ApplicantKind.GUARDIAN,
            applicant_name=_applicant(child),
            submitted_on=REFERENCE_DATE - timedelta(days=10 + 7 * i),
        )
        apps += 1
        if i == 0 and app.eligibility.get("eligible"):
            verify_application(app, actor=supervisor, on=REFERENCE_DATE - timedelta(days=3))
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
        generate_roster(s, year=2026, area=city, as_of=date(2026, 1, 1), actor=admin) for s in schemes
    )
    return {"payroll_lines": payroll.line_count, "applications": apps, "insurance": enrolled}


class _Null:
    def write(self, *_args, **_kwargs):
        return None
