"""The demo city's work positions (issue 11; DOMAIN.md §2): the city guidance centre under
南京市儿童福利院 (moved there from the rescue-management station), 95 township workstations
— 15 newly built and 12 upgraded provincial demonstration stations, all livelihood projects
(民生实事) — with their staff, funding, training and inspections, 209 projects and 3,468
activities serving 58,000 person-times since the stations were built up to the end of 2023
(the year of the published report: the statistics' annual report of 2023 reproduces them
for any load date from 2026 on), and the stations' later work up to `today` (about
LATER_PROJECTS projects and LATER_ACTIVITIES activities a year).
Set-based (bulk_create); deterministic for one `today`. Recorded by the demo's staff of
record (demo_staff): district officers register and fund, each station's staff record its
work (staff_meiyuan at 梅园新村街道's station), never the city administrator."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from childwelfare.accounts.choices import Role
from childwelfare.accounts.models import User
from childwelfare.areas.choices import Level
from childwelfare.areas.models import Area
from childwelfare.registry.models import Child
from childwelfare.stations.choices import (
    SITE_MOVES,
    ActivityKind,
    BuildType,
    ProjectKind,
    ProjectStatus,
    SiteKind,
    SiteLevel,
    SiteStatus,
)
from childwelfare.stations.models import (
    Activity,
    FundingAllocation,
    Inspection,
    Project,
    Site,
    SiteChange,
    StationMembership,
    TrainingSession,
)
from childwelfare.workflow.models import TransitionEvent

from . import people
from .demo_staff import ensure_staff

SEED = 11
WORKSTATIONS = 95
NEW_PROVINCIAL = 15
UPGRADED_PROVINCIAL = 12
CITY_LEVEL = 20
PROJECTS = 209
ACTIVITIES = 3468
PERSON_TIMES = 58000
# The published figures are those of the end of this year (DOMAIN.md §2); the stations'
# history up to it is dated in absolute years, their later work relative to `today`.
PUBLISHED_YEAR = 2023
LATER_PROJECTS = 30
LATER_ACTIVITIES = 1200

PARTNERS = (
    "南京市爱德社会工作服务中心",
    "南京同心圆社会工作服务中心",
    "南京市鼓楼区益民社工事务所",
    "南京心语家庭教育指导中心",
    "南京青春护航青少年服务中心",
    "南京市阳光儿童关爱协会",
)
PROJECT_NAMES = {
    ProjectKind.CARE: ("“护苗”关爱行动", "困境儿童结对帮扶", "留守儿童暑期陪伴"),
    ProjectKind.CASEWORK: ("困境儿童个案管理", "重点儿童一对一服务"),
    ProjectKind.EDUCATION: ("四点半课堂", "周末成长营", "亲子共读计划"),
    ProjectKind.PSYCHOLOGY: ("心灵护航心理辅导", "儿童情绪小课堂"),
    ProjectKind.SAFETY: ("儿童安全自护教育", "防溺水防欺凌宣传"),
    ProjectKind.OTHER: ("社区儿童议事会",),
}
ACTIVITY_TITLES = {
    ActivityKind.VISIT: ("节日走访慰问", "入户探访困境儿童", "开学季走访"),
    ActivityKind.CASE: ("个案跟进服务", "个案家庭会谈"),
    ActivityKind.INTEREST: ("书法兴趣班", "绘画兴趣班", "科学小实验", "手工课堂"),
    ActivityKind.CULTURE_SPORTS: ("亲子运动会", "六一文艺汇演", "观影活动", "趣味游园"),
    ActivityKind.PUBLICITY: ("未成年人保护法宣传", "强制报告制度宣讲", "防性侵安全教育"),
    ActivityKind.TRAINING: ("儿童主任业务培训", "志愿者培训"),
    ActivityKind.OTHER: ("社区儿童议事", "图书漂流"),
}
# (weight, person-times range) of each kind of activity.
ACTIVITY_MIX = {
    ActivityKind.VISIT: (24, (3, 15)),
    ActivityKind.CASE: (14, (1, 4)),
    ActivityKind.INTEREST: (20, (10, 25)),
    ActivityKind.CULTURE_SPORTS: (16, (20, 60)),
    ActivityKind.PUBLICITY: (14, (20, 80)),
    ActivityKind.TRAINING: (6, (10, 40)),
    ActivityKind.OTHER: (6, (5, 20)),
}


def _day(start: date, end: date, rng: random.Random) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _staff(streets: list[str], unusable: str) -> dict[str, User]:
    """One station staff account per station (named staff_meiyuan at 梅园新村街道), made with
    no usable password: 'ss_<street code>'."""
    named = {
        p.area: User.objects.get(username=p.username) for p in people.PEOPLE if p.role == Role.STATION_STAFF
    }
    missing = [
        User(
            username=f"ss_{code}",
            full_name=f"工作站人员{code[-3:]}",
            role=Role.STATION_STAFF,
            area_id=code,
            password=unusable,
        )
        for code in streets
        if code not in named
    ]
    User.objects.bulk_create(missing, ignore_conflicts=True)
    found = {u.area_id: u for u in User.objects.filter(username__in=[f"ss_{c}" for c in streets])}
    return {code: named.get(code) or found[code] for code in streets}


def seed_stations(*, today: date) -> dict:
    """The records above; returns their counts. Needs the divisions and the named people
    (seed_demo); creates staff of record it lacks. Deterministic for one `today`."""
    rng = random.Random(SEED)
    ensure_staff(lambda: "演示工作人员")
    unusable = make_password(None)
    officers = {u.area_id: u for u in User.objects.filter(role=Role.DISTRICT_OFFICER).order_by("-username")}
    officer_of = lambda code: officers[code[:6]]  # noqa: E731
    all_streets = list(
        Area.objects.filter(level=Level.STREET, code__startswith=people.NANJING)
        .order_by("code")
        .values_list("code", "name")
    )
    others = [s for s in all_streets if s[0] != people.MEIYUAN_STREET]
    chosen = sorted(
        rng.sample(others, WORKSTATIONS - 1) + [s for s in all_streets if s[0] == people.MEIYUAN_STREET]
    )
    codes = [code for code, _name in chosen]
    staff = _staff(codes, unusable)
    y = today.year
    published = PUBLISHED_YEAR
    published_end = date(published, 12, 31)

    # --- the guidance centre ---------------------------------------------------------
    admin_officer = officer_of(people.XUANWU)  # the bureau's staff of record, not the city administrator
    centre_opened = date(y - 6, 5, 30)
    centre = Site.objects.create(
        kind=SiteKind.GUIDANCE_CENTRE,
        name="南京市未成年人保护指导中心",
        area_id=people.NANJING,
        address="南京市玄武区童卫路",
        level=SiteLevel.CITY,
        build_type=BuildType.EXISTING,
        status=SiteStatus.OPERATING,
        status_on=centre_opened,
        opened_on=centre_opened,
        institution="南京市儿童福利院",
        created_by=admin_officer,
    )
    SiteChange.objects.create(
        site=centre,
        changed_on=date(y - 3, 3, 1),
        note="指导中心由南京市救助管理站迁至南京市儿童福利院",
        created_by=admin_officer,
    )

    # --- 95 workstations -------------------------------------------------------------
    order = codes[:]
    rng.shuffle(order)
    new = set(order[:NEW_PROVINCIAL])
    upgraded = set(order[NEW_PROVINCIAL : NEW_PROVINCIAL + UPGRADED_PROVINCIAL])
    city_level = set(
        order[NEW_PROVINCIAL + UPGRADED_PROVINCIAL : NEW_PROVINCIAL + UPGRADED_PROVINCIAL + CITY_LEVEL]
    )
    sites, plans = [], {}
    for code, name in chosen:
        if code in new or code in upgraded:
            year = rng.choice((published - 2, published - 1))
            built = date(year, 1, 15) + timedelta(days=rng.randint(0, 20))
            steps = [built]
            for gap in (45, 60, 150, 40):
                steps.append(steps[-1] + timedelta(days=gap + rng.randint(0, 15)))
            opened = (
                steps[-1]
                if code in new
                else date(rng.randint(published - 8, published - 6), rng.randint(1, 12), 1)
            )
            plans[code] = steps
        else:
            year = None
            opened = date(rng.randint(published - 8, published - 5), rng.randint(1, 12), rng.randint(1, 28))
        sites.append(
            Site(
                kind=SiteKind.WORKSTATION,
                name=f"{name}未成年人保护工作站",
                area_id=code,
                address=f"{name}社区服务中心二楼",
                level=SiteLevel.PROVINCIAL
                if year
                else SiteLevel.CITY
                if code in city_level
                else SiteLevel.ORDINARY,
                build_type=BuildType.NEW
                if code in new
                else BuildType.UPGRADED
                if code in upgraded
                else BuildType.EXISTING,
                livelihood_project=bool(year),
                livelihood_year=year,
                status=SiteStatus.OPERATING,
                status_on=plans[code][-1] if code in plans else opened,
                opened_on=opened,
                created_by=officer_of(code),
            )
        )
    Site.objects.bulk_create(sites)
    sites = list(Site.objects.filter(kind=SiteKind.WORKSTATION, area_id__in=codes).order_by("area_id"))
    by_code = {s.area_id: s for s in sites}
    # The build of each livelihood station, one dated event per move.
    site_type = ContentType.objects.get_for_model(Site)
    chain = [SiteStatus.PLANNED]
    while chain[-1] in SITE_MOVES:
        chain.append(next(iter(SITE_MOVES[chain[-1]])))
    events = []
    for code, steps in plans.items():
        for k, (source, to) in enumerate(zip(chain, chain[1:], strict=False)):
            events.append(
                TransitionEvent(
                    content_type=site_type,
                    object_id=by_code[code].pk,
                    kind="stations.site",
                    from_status=source,
                    to_status=to,
                    version=k + 1,
                    actor=officer_of(code),
                    at=_moment(steps[k]),
                    reason=steps[k].isoformat(),
                    area_code=code,
                )
            )
    TransitionEvent.objects.bulk_create(events)
    StationMembership.objects.bulk_create(
        [
            StationMembership(
                user=staff[s.area_id], site=s, since=s.opened_on, created_by=officer_of(s.area_id)
            )
            for s in sites
        ],
        ignore_conflicts=True,
    )

    # --- funding, training, inspections --------------------------------------------------
    funding, training, inspections = [], [], []
    for number, site in enumerate(sites, start=1):
        officer = officer_of(site.area_id)
        if site.area_id in plans:
            steps = plans[site.area_id]
            amount = Decimal(
                rng.choice((400000, 450000, 500000))
                if site.build_type == BuildType.NEW
                else rng.choice((150000, 200000))
            )
            funding.append(
                FundingAllocation(
                    site=site,
                    amount=amount,
                    allocated_on=steps[1],
                    purpose="省级示范未保工作站建设补助"
                    if site.build_type == BuildType.NEW
                    else "未保工作站提档升级补助",
                    document_number=f"宁民儿〔{steps[1].year}〕{number}号",
                    created_by=officer,
                )
            )
        for year in range(max(site.opened_on.year, y - 2), y + 1):
            day = date(year, 3, 20) + timedelta(days=rng.randint(0, 30))
            if day <= today and day >= site.opened_on:
                funding.append(
                    FundingAllocation(
                        site=site,
                        amount=Decimal(rng.choice((20000, 30000, 50000))),
                        allocated_on=day,
                        purpose="工作站年度运营经费",
                        document_number=f"宁民儿〔{year}〕{100 + number}号",
                        created_by=officer,
                    )
                )
        for _k in range(rng.randint(1, 3)):
            day = _day(site.opened_on, today, rng)
            training.append(
                TrainingSession(
                    site=site,
                    held_on=day,
                    topic=rng.choice(
                        ("未成年人保护法解读", "强制报告制度与案例", "个案管理实务", "儿童心理危机识别")
                    ),
                    trainer=rng.choice(("市未保中心讲师", "南京师范大学社工系教师", "区民政局业务骨干")),
                    attendee_count=rng.randint(8, 40),
                    created_by=officer,
                )
            )
        if site.level == SiteLevel.PROVINCIAL or rng.random() < 0.3:
            day = _day(max(site.opened_on, today - timedelta(days=400)), today - timedelta(days=10), rng)
            open_follow_up = rng.random() < 0.5
            inspections.append(
                Inspection(
                    site=site,
                    inspected_on=day,
                    inspector=f"{officer.full_name}等",
                    findings=rng.choice(("台账记录不完整", "活动照片留存不全", "未公示服务时间", "")),
                    follow_up="补齐台账并报区民政局" if open_follow_up else "",
                    follow_up_due=day + timedelta(days=30) if open_follow_up else None,
                    created_by=officer,
                )
            )
    FundingAllocation.objects.bulk_create(funding)
    TrainingSession.objects.bulk_create(training)
    Inspection.objects.bulk_create(inspections)

    # --- 209 projects by the end of 2023: one per station, the rest to the older ones -----
    weights = [max(30, (published_end - s.opened_on).days) for s in sites]
    owners = [(site, site.opened_on, published_end - timedelta(days=30)) for site in sites]
    owners += [
        (site, site.opened_on, published_end - timedelta(days=30))
        for site in rng.choices(sites, weights=weights, k=PROJECTS - len(sites))
    ]
    # ... and the later years' projects, up to a month before `today`.
    for first, last in _later_years(published, today - timedelta(days=30)):
        share = LATER_PROJECTS * ((last - first).days + 1) // 365
        owners += [(site, first, last) for site in rng.choices(sites, k=share)]
    projects = []
    for site, first, last in owners:
        kind = rng.choice(list(PROJECT_NAMES))
        start = _day(first, last, rng)
        end = start + timedelta(days=rng.choice((180, 365, 730)))
        projects.append(
            Project(
                site=site,
                name=rng.choice(PROJECT_NAMES[kind]),
                kind=kind,
                start_date=start,
                end_date=end,
                budget=Decimal(rng.randrange(20000, 200001, 1000)),
                partner=rng.choice(PARTNERS),
                status=ProjectStatus.FINISHED if end < today else ProjectStatus.RUNNING,
                created_by=staff[site.area_id],
            )
        )
    Project.objects.bulk_create(projects)
    by_site: dict[int, list[Project]] = {}
    for project in Project.objects.filter(site__in=sites).order_by("pk"):
        by_site.setdefault(project.site_id, []).append(project)

    # --- 3,468 activities with 58,000 person-times by the end of 2023, then later ones ----
    kinds = list(ACTIVITY_MIX)
    kind_weights = [ACTIVITY_MIX[k][0] for k in kinds]
    hosts = [(site, site.opened_on, published_end) for site in sites]
    hosts += [
        (site, site.opened_on, published_end)
        for site in rng.choices(sites, weights=weights, k=ACTIVITIES - len(sites))
    ]
    later = []
    for first, last in _later_years(published, today):
        share = LATER_ACTIVITIES * ((last - first).days + 1) // 365
        later += [(site, first, last) for site in rng.choices(sites, k=share)]
    activities = []
    for site, first, last in hosts + later:
        kind = rng.choices(kinds, weights=kind_weights)[0]
        low, high = ACTIVITY_MIX[kind][1]
        day = _day(first, last, rng)
        running = [p for p in by_site.get(site.pk, ()) if p.start_date <= day <= p.end_date]
        activities.append(
            Activity(
                site=site,
                project=rng.choice(running) if running and rng.random() < 0.6 else None,
                held_on=day,
                kind=kind,
                title=rng.choice(ACTIVITY_TITLES[kind]),
                person_times=rng.randint(low, high),
                created_by=staff[site.area_id],
            )
        )
    _scale_person_times(activities[: len(hosts)], PERSON_TIMES, rng)
    Activity.objects.bulk_create(activities, batch_size=1000)
    linked = _link_children(rng, today)
    return {
        "published_year": published,
        "sites": len(sites) + 1,
        "workstations": len(sites),
        "projects": len(projects),
        "activities": len(activities),
        "person_times": sum(a.person_times for a in activities),
        "children_linked": linked,
        "funding": len(funding),
        "training": len(training),
        "inspections": len(inspections),
    }


def _later_years(published: int, last_day: date) -> list[tuple[date, date]]:
    """The years after `published` up to `last_day`, as (first day, last day) pairs (the
    last one ending on `last_day`)."""
    return [
        (date(year, 1, 1), min(date(year, 12, 31), last_day))
        for year in range(published + 1, last_day.year + 1)
        if date(year, 1, 1) <= last_day
    ]


def _scale_person_times(activities: list[Activity], total: int, rng: random.Random) -> None:
    """Scale the drawn person-times so that they sum to exactly `total` (each at least 1)."""
    drawn = sum(a.person_times for a in activities)
    for activity in activities:
        activity.person_times = max(1, round(activity.person_times * total / drawn))
    gap = total - sum(a.person_times for a in activities)
    while gap:
        activity = rng.choice(activities)
        if gap > 0:
            activity.person_times += 1
            gap -= 1
        elif activity.person_times > 1:
            activity.person_times -= 1
            gap += 1


def _link_children(rng: random.Random, today: date) -> int:
    """Visits and case work of the last two years name one or two children of the station's
    township who took part (their timelines show it). Returns the links made."""
    recent = Activity.objects.filter(
        kind__in=(ActivityKind.VISIT, ActivityKind.CASE),
        held_on__gte=today - timedelta(days=730),
        site__kind=SiteKind.WORKSTATION,
    ).values_list("pk", "site__area_id", "held_on")
    by_street: dict[str, list[tuple[int, date]]] = {}
    for pk, area_id, birth in Child.objects.order_by("pk").values_list("pk", "area_id", "birth_date"):
        by_street.setdefault(area_id[:9], []).append((pk, birth))
    through = Activity.children.through
    links = []
    for pk, street, held_on in recent.order_by("pk"):
        pool = [c for c, birth in by_street.get(street, ()) if birth < held_on]
        if pool and rng.random() < 0.5:
            for child in rng.sample(pool, min(len(pool), rng.randint(1, 2))):
                links.append(through(activity_id=pk, child_id=child))
    through.objects.bulk_create(links, batch_size=1000)
    return len(links)
