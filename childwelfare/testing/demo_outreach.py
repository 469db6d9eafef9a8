"""Publicity, the excellent case and project call and the casebook of the demo city
(issue 11, DOMAIN.md §1–§2):

- seven June minor-protection months (2017–2023, brand 博爱童行号), each with a launch
  ceremony and events of several districts and member units (talks on mandatory reporting,
  films, plays, drawings, booklets and comics, landmark screens);
- three calls (2021–2023), each opened, scored by the demo reviewers (three conflict-free
  reviewers a submission, reviewer_nanjing among them) and published, so that the ranking
  selects the winners: 2023 has 152 submissions and selects 50 cases and 28 projects;
- the casebook: each call's winners and the collection 困境儿童个案 50 例 (the 50 worked
  children-in-difficulty cases of DOMAIN.md §2, as demo records).

Deterministic for a given load date (its own random.Random). City-level records are the
city's publicity officer of record (an account nobody signs in with), district events
their district's officer of record; bulk_create writes the events, submissions,
assignments and scores; the call's moves and the publishing go through the services.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from childwelfare.accounts.choices import Department, Role
from childwelfare.accounts.models import User
from childwelfare.areas.choices import Level
from childwelfare.areas.models import Area
from childwelfare.discovery.choices import MeasureType, ProblemKind
from childwelfare.outreach.choices import EventKind, Law, SubmissionKind, SubmissionStatus
from childwelfare.outreach.models import (
    Assignment,
    CasebookEntry,
    Collection,
    PublicityEvent,
    ReviewerProfile,
    Score,
    Submission,
)
from childwelfare.outreach.services import calls
from childwelfare.outreach.services.publicity import create_campaign
from childwelfare.outreach.services.scoring import (
    has_conflict,
    publish_results,
    reviewer_affiliation,
    reviewer_total,
    to_decimal,
)
from childwelfare.registry.choices import Category

from . import people
from .demo_staff import staff_by_area

SEED = 20231
JUNE_YEARS = range(2017, 2024)
# (year, cases sent, projects sent, cases selected, projects selected); DOMAIN.md §2: 2023.
CALLS = ((2021, 62, 34, 30, 15), (2022, 80, 44, 40, 20), (2023, 98, 54, 50, 28))
REVIEWERS_PER_SUBMISSION = 3
CRITERIA = (("规范性", 20, 100), ("创新性", 25, 100), ("实效性", 35, 100), ("可推广性", 20, 100))
# Demo reviewers: (username, name, district code or "", department, unit name).
REVIEWERS = (
    ("rv_ma", "马晓红", "320102", "", ""),
    ("rv_zhou", "周立新", "320106", "", ""),
    ("rv_wu", "吴德明", "320115", "", ""),
    ("rv_xu", "徐丽娟", "", Department.EDUCATION, ""),
    ("rv_lin", "林志远", "", Department.PROCURATORATE, ""),
    ("rv_gao", "高文博", "", "", "南京师范大学社会发展学院"),
    ("rv_shen", "沈佳怡", "", "", "南京市儿童福利院"),
    ("rv_tang", "唐国平", "", Department.JUSTICE, ""),
)
MEMBER_UNITS = (
    Department.EDUCATION,
    Department.PUBLIC_SECURITY,
    Department.PROCURATORATE,
    Department.COURT,
    Department.WOMENS_FEDERATION,
    Department.YOUTH_LEAGUE,
    Department.JUSTICE,
)
THEMES = {
    2017: "关爱儿童 护航成长",
    2018: "守护童心 共筑未来",
    2019: "依法保护 关爱未成年人",
    2020: "新法护航 爱满金陵",
    2021: "贯彻新法 共护未来",
    2022: "落实强制报告 守护儿童安全",
    2023: "博爱童行 护苗成长",
}
PLACES = (
    "社区活动中心",
    "中心小学礼堂",
    "儿童之家",
    "街道文化站",
    "区图书馆",
    "商业广场",
    "地铁站大屏",
    "新街口地标大屏",
)
EVENT_TITLES = {
    EventKind.MANDATORY_REPORTING_TALK: "强制报告制度宣讲",
    EventKind.FILM_SCREENING: "未成年人保护主题电影放映",
    EventKind.PLAY: "法治情景剧展演",
    EventKind.DRAWING_EXHIBITION: "“我眼中的保护”儿童绘画展",
    EventKind.MATERIALS_HANDOUT: "宣传册和漫画发放",
    EventKind.LANDMARK_SCREEN: "地标大屏公益宣传片",
    EventKind.OTHER: "法律咨询进社区",
}

# The 50 worked cases: (category, problem, measure, what happened, what was done).
SITUATIONS = (
    (
        Category.RURAL_LEFT_BEHIND,
        ProblemKind.GUARDIANSHIP,
        MeasureType.GUARDIANSHIP,
        "父母长期在外务工，与年迈的祖母同住，祖母卧病后处于监护缺失状态",
        "儿童主任当天上报，街道协调委托照护，督促父母履行监护责任并签订委托照护协议",
    ),
    (
        Category.DE_FACTO_UNSUPPORTED,
        ProblemKind.BENEFIT,
        MeasureType.LIVING,
        "父亲服刑、母亲失联，家庭无固定收入，未纳入事实无人抚养儿童保障",
        "督导员核实情况后协助申请认定，区民政局确认后按月发放基本生活补贴",
    ),
    (
        Category.SERIOUSLY_ILL_OR_DISABLED,
        ProblemKind.MEDICAL,
        MeasureType.MEDICAL,
        "患白血病需长期化疗，医保报销后自付部分仍超出家庭承受能力",
        "落实医疗救助和慈善基金资助，联系医院社工开展陪伴服务",
    ),
    (
        Category.SCATTERED_ORPHAN,
        ProblemKind.SCHOOLING,
        MeasureType.EDUCATION,
        "父母双亡后随伯父生活，成绩下滑并多次旷课，有辍学倾向",
        "与学校建立家校联系，安排志愿者课业辅导，落实教育资助",
    ),
    (
        Category.MIGRANT,
        ProblemKind.HUKOU,
        MeasureType.HUKOU,
        "随母亲来宁多年，出生后一直未办理户籍登记，无法参加医保",
        "联合公安派出所核查出生信息，协助办理户籍登记并补缴医保",
    ),
    (
        Category.DIBAO_FAMILY,
        ProblemKind.PSYCHOLOGICAL,
        MeasureType.PSYCHOLOGICAL,
        "父亲意外去世后情绪低落，拒绝与人交流，出现自伤念头",
        "转介心理咨询师开展心理疏导，学校心理老师每周跟进，家庭获得临时救助",
    ),
    (
        Category.OTHER_IN_DIFFICULTY,
        ProblemKind.SAFETY,
        MeasureType.LEGAL,
        "邻居发现其身上多处伤痕，疑似遭受家庭暴力",
        "依强制报告制度报告公安机关，检察院支持起诉，法院发出人身安全保护令",
    ),
    (
        Category.RURAL_LEFT_BEHIND,
        ProblemKind.SCHOOLING,
        MeasureType.PAIRING,
        "父母外出务工，放学后无人看管，沉迷网络游戏",
        "纳入儿童之家四点半课堂，与大学生志愿者结对，每周电话联系父母",
    ),
    (
        Category.SERIOUSLY_ILL_OR_DISABLED,
        ProblemKind.BENEFIT,
        MeasureType.SOCIAL_WORK,
        "重度脑瘫，母亲全职照料，家庭未申请重病重残儿童生活补贴",
        "社工入户评估，协助申请生活补贴和康复救助，链接残联康复资源",
    ),
    (
        Category.DE_FACTO_UNSUPPORTED,
        ProblemKind.GUARDIANSHIP,
        MeasureType.GUARDIANSHIP,
        "父母均无监护能力，由年过七旬的外祖父照料，监护缺失风险高",
        "召开多部门个案会商，明确村委会临时监护职责，落实生活照料和定期探访",
    ),
)
AGES = ("六岁", "八岁", "九岁", "十一岁", "十三岁")
GENDERS = ("男孩", "女孩")
OUTCOMES = (
    "经过半年跟踪，孩子生活和学习逐步恢复正常，个案已结案。",
    "目前孩子状况稳定，社工每月回访一次。",
    "孩子已重返校园，家庭监护能力明显提升。",
)
PROJECT_TOPICS = (
    ("儿童之家四点半课堂", MeasureType.EDUCATION),
    ("留守儿童亲情连线", MeasureType.PAIRING),
    ("困境儿童心理守护计划", MeasureType.PSYCHOLOGICAL),
    ("强制报告进校园", MeasureType.LEGAL),
    ("童伴妈妈关爱服务", MeasureType.SOCIAL_WORK),
    ("重病重残儿童康复陪伴", MeasureType.MEDICAL),
    ("事实无人抚养儿童成长导师", MeasureType.GUARDIANSHIP),
)


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _city_officer(city: Area) -> User:
    """The city's publicity officer of record (a city administrator nobody signs in as)."""
    user, _created = User.objects.get_or_create(
        username=f"ca_{city.code}_publicity",
        defaults={
            "full_name": "宣传干部",
            "role": Role.CITY_ADMIN,
            "area": city,
            "password": make_password(None),
        },
    )
    return user


def _reviewers(city: Area) -> list[User]:
    """The demo reviewers (with where they come from) and reviewer_nanjing."""
    found = []
    unusable = make_password(None)
    for username, name, district, department, unit in REVIEWERS:
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={"full_name": name, "role": Role.REVIEWER, "area": city, "password": unusable},
        )
        ReviewerProfile.objects.update_or_create(
            user=user, defaults={"area_id": district or None, "department": department, "unit_name": unit}
        )
        found.append(user)
    named = User.objects.filter(username="reviewer_nanjing").first()
    if named is not None:
        found.insert(0, named)
    return found


def _case_text(rng, number: int) -> tuple[str, str, tuple]:
    situation = SITUATIONS[number % len(SITUATIONS)]
    category, problem, measure, what, done = situation
    age, gender = rng.choice(AGES), rng.choice(GENDERS)
    text = (
        f"基本情况：某某，{gender}，{age}，{Category(category).label}。{what}。\n"
        f"主要问题：{ProblemKind(problem).label}。\n"
        f"帮扶措施：{done}。\n"
        f"成效：{rng.choice(OUTCOMES)}"
    )
    summary = f"{Category(category).label}：{what}。"
    return text, summary, (category, problem, measure)


@transaction.atomic
def seed_outreach(*, today: date) -> dict:
    """Write the demo's publicity, calls and casebook (see the module docstring). Returns
    {"campaigns", "events", "calls", "submissions_2023", "selected_2023": {kind: n},
    "casebook"}. Idempotent per empty database: a second call adds nothing."""
    if Collection.objects.filter(name="困境儿童个案 50 例").exists():
        return {}
    rng = random.Random(SEED)
    city = Area.objects.get(code=people.NANJING)
    officer = _city_officer(city)
    districts = list(
        Area.objects.filter(level=Level.DISTRICT, code__startswith=people.NANJING).order_by("code")
    )
    district_officers = {code: users[-1] for code, users in staff_by_area(Role.DISTRICT_OFFICER).items()}
    events = _publicity(rng, officer, city, districts, district_officers)
    reviewers = _reviewers(city)
    sent_2023 = selected_2023 = None
    for year, cases, projects, pick_cases, pick_projects in CALLS:
        call, sent = _call(
            rng,
            officer,
            city,
            districts,
            district_officers,
            reviewers,
            year,
            cases,
            projects,
            pick_cases,
            pick_projects,
        )
        if year == 2023:
            sent_2023 = sent
            selected_2023 = {
                kind: Submission.objects.filter(call=call, kind=kind, selected=True).count()
                for kind in SubmissionKind.values
            }
    worked = _worked_cases(rng)
    return {
        "campaigns": len(JUNE_YEARS),
        "events": events,
        "calls": len(CALLS),
        "submissions_2023": sent_2023,
        "selected_2023": selected_2023,
        "casebook": CasebookEntry.objects.count(),
        "worked_cases": worked,
    }


def _publicity(rng, officer, city, districts, district_officers) -> int:
    rows = []
    kinds = [k for k in EventKind if k != EventKind.LAUNCH_CEREMONY]
    for year in JUNE_YEARS:
        campaign = create_campaign(
            actor=officer,
            year=year,
            theme=f"{year}年未成年人保护宣传月：{THEMES[year]}",
            start_date=date(year, 6, 1),
            end_date=date(year, 6, 30),
            brand="博爱童行号" if year >= 2021 else "",
            launch_date=date(year, 6, 1),
            launch_place="南京市民广场",
        )
        rows.append(
            PublicityEvent(
                campaign=campaign, kind=EventKind.LAUNCH_CEREMONY, title=f"{year}年宣传月启动仪式", area=city,
                place="南京市民广场", held_on=date(year, 6, 1), audience=rng.randint(300, 800),
                materials=rng.randint(1000, 3000), laws=[Law.MINOR_PROTECTION, Law.DELINQUENCY_PREVENTION],
                created_by=officer,
            )
        )  # fmt: skip
        # More districts take part each year: 5 in 2017, all 11 from 2020 on.
        taking_part = districts[: min(len(districts), 5 + 2 * (year - 2017))]
        for district in taking_part:
            author = district_officers.get(district.code, officer)
            for _n in range(rng.randint(3, 6)):
                kind = rng.choice(kinds)
                rows.append(_event(rng, campaign, kind, district, author, year))
        for department in rng.sample(MEMBER_UNITS, k=4):
            rows.append(_event(rng, campaign, rng.choice(kinds), city, officer, year, department=department))
        if year >= 2020:  # films and slogans on the landmark screens around 1 June
            rows.append(
                _event(rng, campaign, EventKind.LANDMARK_SCREEN, city, officer, year, day=date(year, 5, 31))
            )
    PublicityEvent.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def _event(rng, campaign, kind, area, author, year, *, department="", day=None) -> PublicityEvent:
    laws = (
        [Law.MINOR_PROTECTION]
        if year < 2021 or rng.random() < 0.5
        else [Law.MINOR_PROTECTION, Law.DELINQUENCY_PREVENTION]
    )
    audience = 0 if kind == EventKind.MATERIALS_HANDOUT and rng.random() < 0.3 else rng.randint(40, 600)
    materials = rng.randint(200, 2000) if kind == EventKind.MATERIALS_HANDOUT else rng.randint(0, 300)
    if kind == EventKind.LANDMARK_SCREEN:
        audience, materials = rng.randint(5000, 20000), 0
    return PublicityEvent(
        campaign=campaign,
        kind=kind,
        title=EVENT_TITLES.get(kind, ""),
        area=area,
        department=department,
        place=f"{area.name}{rng.choice(PLACES)}" if not department else rng.choice(PLACES),
        held_on=day or date(year, 6, rng.randint(1, 30)),
        audience=audience,
        materials=materials,
        laws=laws,
        created_by=author,
    )


def _call(
    rng,
    officer,
    city,
    districts,
    district_officers,
    reviewers,
    year,
    cases,
    projects,
    pick_cases,
    pick_projects,
):
    call = calls.create_call(
        actor=officer,
        year=year,
        title=f"{year}年度南京市未成年人保护优秀案例及项目征集评选",
        deadline=date(year, 6, 30),
        select_cases=pick_cases,
        select_projects=pick_projects,
    )
    for name, weight, max_points in CRITERIA:
        calls.add_criterion(call, actor=officer, name=name, weight=weight, max_points=max_points)
    call = calls.open_call(call, actor=officer)
    senders = [(d, "", district_officers.get(d.code, officer)) for d in districts]
    senders += [(city, department, officer) for department in MEMBER_UNITS]
    rows = []
    for number, kind in enumerate([SubmissionKind.CASE] * cases + [SubmissionKind.PROJECT] * projects):
        area, department, author = senders[number % len(senders)]
        unit = str(Department(department).label) if department else area.name
        if kind == SubmissionKind.CASE:
            text, summary, (category, problem, measure) = _case_text(rng, number)
            title = f"{unit}：{ProblemKind(problem).label}个案（{number + 1}）"
        else:
            topic, measure = PROJECT_TOPICS[number % len(PROJECT_TOPICS)]
            category, problem = "", ""
            title = f"{unit}“{topic}”项目"
            summary = f"{unit}开展“{topic}”服务，惠及困境儿童和留守儿童。"
            text = (
                f"项目背景：{unit}辖区困境儿童和留守儿童较多。\n"
                f"主要做法：依托儿童之家和未保工作站，开展“{topic}”，全年服务{rng.randint(300, 3000)}人次。\n"
                f"项目成效：参与儿童满意度达{rng.randint(90, 99)}%，经验在全市推广。"
            )
        rows.append(
            Submission(
                call=call, kind=kind, title=title, area=area, department=department, summary=summary, text=text,
                category=category, problem=problem, measure=measure, status=SubmissionStatus.SUBMITTED,
                submitted_by=author, submitted_at=_aware(date(year, 5, 1) + timedelta(days=number % 55), 9 + number % 8),
            )
        )  # fmt: skip
    submissions = Submission.objects.bulk_create(rows, batch_size=500)
    call = calls.start_scoring(call, actor=officer)
    _score(rng, call, submissions, reviewers, officer, year)
    publish_results(call, actor=officer)
    return call, len(submissions)


def _score(rng, call, submissions, reviewers, officer, year) -> None:
    """Three conflict-free reviewers a submission (reviewer_nanjing on every other one),
    each scoring every criterion; quality drawn per submission so reviewers roughly agree."""
    affiliations = {r.pk: reviewer_affiliation(r) for r in reviewers}
    criteria = list(call.criteria.order_by("position"))
    assignments = []
    planned = []
    for number, submission in enumerate(submissions):
        free = [r for r in reviewers if not has_conflict(r, submission, affiliations[r.pk])]
        named = [r for r in free if r.username == "reviewer_nanjing"]
        others = [r for r in free if r.username != "reviewer_nanjing"]
        chosen = (named if number % 2 == 0 else []) + rng.sample(
            others, k=REVIEWERS_PER_SUBMISSION - (number % 2 == 0 and bool(named))
        )
        quality = rng.uniform(55, 95)
        scored_at = _aware(date(year, 7, 10) + timedelta(days=number % 20), 15)
        for person in chosen:
            assignment = Assignment(
                submission=submission, reviewer=person, assigned_by=officer, scored_at=scored_at
            )
            points = {
                c.pk: max(0, min(c.max_points, round(rng.gauss(quality, 6) * c.max_points / 100)))
                for c in criteria
            }
            assignment.total = to_decimal(reviewer_total(points, criteria))
            assignments.append(assignment)
            planned.append(points)
    Assignment.objects.bulk_create(assignments, batch_size=500)
    Score.objects.bulk_create(
        [
            Score(assignment=assignment, criterion_id=criterion_id, points=value)
            for assignment, points in zip(assignments, planned, strict=True)
            for criterion_id, value in points.items()
        ],
        batch_size=1000,
    )


def _worked_cases(rng) -> int:
    """The collection 困境儿童个案 50 例: the seed's 50 worked cases, numbered 1–50."""
    collection = Collection.objects.create(
        name="困境儿童个案 50 例",
        year=2023,
        description="南京市困境儿童个案管理工作中整理的50个典型个案（已匿名）。",
    )
    entries = []
    for number in range(1, 51):
        text, summary, (category, problem, measure) = _case_text(rng, number - 1)
        entries.append(
            CasebookEntry(
                collection=collection, number=number, kind=SubmissionKind.CASE,
                title=f"个案{number}：{Category(category).label}的{ProblemKind(problem).label}问题", unit="南京市民政局",
                year=2023, category=category, problem=problem, measure=measure, summary=summary, text=text,
            )
        )  # fmt: skip
    CasebookEntry.objects.bulk_create(entries)
    return len(entries)
