"""A small city built by hand for the annual report's station and outreach figures (issue 12,
"a second test builds a small different dataset by hand"): two districts (玄武区 with two
streets, 鼓楼区 with one), workstations of every level and build type opened before, in and
after 2023, projects and activities on both sides of the year's edges, the guidance centre's
and a children's home's work (not a workstation's), June months with a gap, a call run with
a draft year in between, submissions sent and drafted, casebook entries of every kind.

HAND: the figures of 2023 counted by hand, per area (city, 玄武区, 鼓楼区); the comments
say which records make each number."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

from childwelfare.accounts.choices import Department
from childwelfare.outreach.choices import CallStatus, EventKind, SubmissionKind, SubmissionStatus
from childwelfare.outreach.models import (
    Call as OutreachCall,
)
from childwelfare.outreach.models import (
    CasebookEntry,
    Collection,
    PublicityCampaign,
    PublicityEvent,
    Submission,
)
from childwelfare.stations.choices import (
    ActivityKind,
    BuildType,
    ProjectKind,
    SiteKind,
    SiteLevel,
    SiteStatus,
)
from childwelfare.stations.models import Activity, Project, Site
from childwelfare.testing import people
from childwelfare.testing.factories import named_user

CITY, XUANWU, GULOU = people.NANJING, people.XUANWU, people.GULOU

HAND = {
    # A, B, C, D (玄武) and F (鼓楼) opened by 2023-12-31; E opened 2024, G not yet, the
    # centre and the children's home are not workstations.
    "stations.workstations": {CITY: 5, XUANWU: 4, GULOU: 1},
    ("stations.by_level", "provincial"): {CITY: 3, XUANWU: 3, GULOU: 0},  # A, B, C
    ("stations.by_level", "city"): {CITY: 1, XUANWU: 1, GULOU: 0},  # D
    ("stations.by_level", "ordinary"): {CITY: 1, XUANWU: 0, GULOU: 1},  # F
    # A (new, opened 2022); E is new but opened in 2024.
    ("stations.by_build_type", "new"): {CITY: 1, XUANWU: 1, GULOU: 0},
    # B upgraded by 2023-10-01; C's upgrade ends in 2024.
    ("stations.by_build_type", "upgraded"): {CITY: 1, XUANWU: 1, GULOU: 0},
    ("stations.by_build_type", "existing"): {CITY: 2, XUANWU: 1, GULOU: 1},  # D, F
    # p1, p2 (A), p4 (B, ended 2019: still since built), p5 (F, starts 2023-12-31).
    "stations.projects": {CITY: 4, XUANWU: 3, GULOU: 1},
    # a1 a2 a3 (A), a5 a6 (D), a7 a8 (F); not a4 (2024), a9 (centre), a10 (children's home).
    "stations.activities": {CITY: 7, XUANWU: 5, GULOU: 2},
    # 10 + 20 + 5 + 7 + 30 = 72 (玄武), 12 + 3 = 15 (鼓楼).
    "stations.person_times": {CITY: 87, XUANWU: 72, GULOU: 15},
    "stations.activities_in_period": {CITY: 4, XUANWU: 3, GULOU: 1},  # a2 a3 a6, a7
    "stations.person_times_in_period": {CITY: 67, XUANWU: 55, GULOU: 12},  # 20+5+30, 12
    # June months 2018, 2020–2023 (none in 2019): four years; the city's covers the districts.
    "outreach.june_month_years": {CITY: 4, XUANWU: 4, GULOU: 4},
    # 2023's June month: 3 of 玄武, 2 of 鼓楼, the city's launch and a member unit's; not
    # 2022's events nor the autumn campaign's.
    "outreach.june_month_events": {CITY: 7, XUANWU: 3, GULOU: 2},
    # Calls 2020 (opened), 2021 (a draft, never opened), 2022 and 2023 (opened): two years.
    "outreach.calls_running": {CITY: 2, XUANWU: 2, GULOU: 2},
    # 2023: 玄武 3 cases + 2 projects, 鼓楼 2 cases + 1 project, a member unit 1 project;
    # not 玄武's draft nor 2022's.
    "outreach.call_submissions": {CITY: 9, XUANWU: 5, GULOU: 3},
    "outreach.call_selected_cases": {CITY: 3, XUANWU: 2, GULOU: 1},
    "outreach.call_selected_projects": {CITY: 2, XUANWU: 1, GULOU: 0},
    # Three worked cases written up in 2023; not the project, the 2022 case nor the call's
    # winners. The casebook is the city's: none for a district.
    "outreach.casebook_cases": {CITY: 3, XUANWU: 0, GULOU: 0},
}


def _moment(day: date):
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def build_world() -> None:
    """Write the records above (named people must exist: named_user creates them)."""
    officer = named_user("officer_xuanwu")
    admin = named_user("admin_nanjing")

    def site(name, area, *, kind=SiteKind.WORKSTATION, level=SiteLevel.ORDINARY, build=BuildType.EXISTING,
             opened=None, status=SiteStatus.OPERATING, status_on=None):  # fmt: skip
        return Site.objects.create(
            kind=kind, name=name, area_id=area, level=level, build_type=build, status=status,
            status_on=status_on or opened, opened_on=opened, created_by=officer,
        )  # fmt: skip

    p, c, o = SiteLevel.PROVINCIAL, SiteLevel.CITY, SiteLevel.ORDINARY
    new, upgraded = BuildType.NEW, BuildType.UPGRADED
    a = site("A站", people.MEIYUAN_STREET, level=p, build=new, opened=date(2022, 5, 1))
    b = site("B站", people.MEIYUAN_STREET, level=p, build=upgraded, opened=date(2018, 3, 1),
             status_on=date(2023, 10, 1))  # fmt: skip
    site("C站", people.XINJIEKOU_STREET, level=p, build=upgraded, opened=date(2019, 1, 1),
         status_on=date(2024, 3, 1))  # fmt: skip
    d = site("D站", people.XINJIEKOU_STREET, level=c, opened=date(2020, 6, 1))
    e = site("E站", people.XINJIEKOU_STREET, level=o, build=new, opened=date(2024, 2, 1))
    f = site("F站", people.NINGHAI_STREET, level=o, opened=date(2021, 1, 1))
    site(
        "G站",
        people.NINGHAI_STREET,
        build=new,
        status=SiteStatus.UNDER_CONSTRUCTION,
        status_on=date(2023, 5, 1),
    )
    centre = site("指导中心", CITY, kind=SiteKind.GUIDANCE_CENTRE, level=c, opened=date(2017, 1, 1))
    home = site("儿童之家", people.MEIYUAN, kind=SiteKind.CHILDRENS_HOME, opened=date(2016, 1, 1))

    for owner, start, end in (
        (a, date(2022, 6, 1), None),
        (a, date(2023, 3, 1), date(2023, 9, 1)),
        (a, date(2024, 1, 10), None),
        (b, date(2019, 1, 1), date(2019, 12, 31)),
        (f, date(2023, 12, 31), None),
        (centre, date(2023, 1, 1), None),
        (e, date(2024, 3, 1), None),
    ):
        Project.objects.create(
            site=owner, name=f"{owner.name}项目", kind=ProjectKind.CARE, start_date=start, end_date=end,
            created_by=officer,
        )  # fmt: skip
    for host, day, served in (
        (a, date(2022, 7, 1), 10),
        (a, date(2023, 1, 1), 20),
        (a, date(2023, 12, 31), 5),
        (a, date(2024, 1, 1), 100),
        (d, date(2021, 5, 5), 7),
        (d, date(2023, 6, 15), 30),
        (f, date(2023, 2, 2), 12),
        (f, date(2022, 12, 31), 3),
        (centre, date(2023, 5, 1), 500),
        (home, date(2023, 5, 1), 40),
    ):
        Activity.objects.create(
            site=host,
            held_on=day,
            kind=ActivityKind.VISIT,
            title="走访",
            person_times=served,
            created_by=officer,
        )

    campaigns = {}
    for year in (2018, 2020, 2021, 2022, 2023):
        campaigns[year] = PublicityCampaign.objects.create(
            year=year, theme=f"{year}宣传月", start_date=date(year, 6, 1), end_date=date(year, 6, 30),
            area_id=CITY, created_by=admin,
        )  # fmt: skip
    autumn = PublicityCampaign.objects.create(
        year=2023, theme="秋季宣传", start_date=date(2023, 9, 1), end_date=date(2023, 9, 30),
        is_june_month=False, area_id=CITY, created_by=admin,
    )  # fmt: skip

    def event(campaign, area, day, department=""):
        PublicityEvent.objects.create(
            campaign=campaign, kind=EventKind.OTHER, area_id=area, department=department, place="广场",
            held_on=day, created_by=admin,
        )  # fmt: skip

    for _n in range(3):
        event(campaigns[2023], XUANWU, date(2023, 6, 5))
    for _n in range(2):
        event(campaigns[2023], GULOU, date(2023, 6, 6))
        event(campaigns[2022], XUANWU, date(2022, 6, 6))
    event(campaigns[2023], CITY, date(2023, 6, 1))
    event(campaigns[2023], CITY, date(2023, 6, 10), Department.EDUCATION)
    event(autumn, XUANWU, date(2023, 9, 9))

    calls = {}
    for year, status in (
        (2020, CallStatus.PUBLISHED),
        (2021, CallStatus.DRAFT),
        (2022, CallStatus.PUBLISHED),
        (2023, CallStatus.PUBLISHED),
    ):
        calls[year] = OutreachCall.objects.create(
            year=year, title=f"{year}征集", deadline=date(year, 6, 30), status=status, area_id=CITY,
            created_by=admin,
        )  # fmt: skip

    def submission(call, kind, area, *, selected=False, status=SubmissionStatus.SUBMITTED, department=""):
        return Submission.objects.create(
            call=call, kind=kind, title=f"{area}{kind}", area_id=area, department=department, text="做法",
            status=status, selected=selected, submitted_by=officer, submitted_at=_moment(date(call.year, 5, 1)),
        )  # fmt: skip

    case, project = SubmissionKind.CASE, SubmissionKind.PROJECT
    winners = [
        submission(calls[2023], case, XUANWU, selected=True),
        submission(calls[2023], case, XUANWU, selected=True),
    ]
    submission(calls[2023], case, XUANWU)
    submission(calls[2023], project, XUANWU, selected=True)
    submission(calls[2023], project, XUANWU)
    submission(calls[2023], case, XUANWU, status=SubmissionStatus.DRAFT)
    submission(calls[2023], case, GULOU, selected=True)
    submission(calls[2023], case, GULOU)
    submission(calls[2023], project, GULOU)
    submission(calls[2023], project, CITY, selected=True, department=Department.EDUCATION)
    submission(calls[2022], case, XUANWU, selected=True)
    submission(calls[2022], project, XUANWU)

    book = Collection.objects.create(name="手工个案集", year=2023)
    prizes = Collection.objects.create(name="2023年度优秀案例及项目", year=2023)

    def entry(collection, kind, year, number, submission=None):
        CasebookEntry.objects.create(
            collection=collection, submission=submission, number=number, kind=kind, title=f"个案{number}",
            year=year, text="经过",
        )  # fmt: skip

    for number in (1, 2, 3):
        entry(book, case, 2023, number)
    entry(book, project, 2023, 4)
    entry(book, case, 2022, 5)
    for number, won in enumerate(winners, start=1):
        entry(prizes, case, 2023, number, won)
