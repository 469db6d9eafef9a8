"""The work positions and outreach of the statistics benchmark's city (bench/dashboard_data.py
calls these from `generate`): workstations and children's homes with projects and
activities, the June month's events and a call for cases. Not timed."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import _common as common
from dashboard_data import CITY, _at


def _stations(rng, today: date, communities: list[str], admin) -> dict:
    """A workstation per street (levels and build types mixed) and a children's home in every
    other community, all operating; two projects per workstation; activities over the last
    two years (about eight a site a year) with their person-times."""
    from childwelfare.areas.choices import Level
    from childwelfare.areas.models import Area
    from childwelfare.stations.models import Activity, Project, Site

    streets = list(Area.objects.filter(code__startswith=CITY, level=Level.STREET).values_list("code", "name"))
    sites = []
    for code, name in streets:
        level = rng.choices(("provincial", "city", "ordinary"), (10, 30, 60))[0]
        build = rng.choices(("new", "upgraded", "existing"), (20, 20, 60))[0]
        sites.append(Site(kind="workstation", name=f"{name}未成年人保护工作站", area_id=code, level=level,
                          build_type=build, status="operating", opened_on=date(today.year - 2, 6, 1), created_by=admin,
                          livelihood_project=build != "existing", livelihood_year=today.year if build != "existing" else None))  # fmt: skip
    for code in communities[::2]:
        sites.append(Site(kind="childrens_home", name=f"{code}儿童之家", area_id=code, status="operating",
                          opened_on=date(today.year - 3, 3, 1), created_by=admin))  # fmt: skip
    Site.objects.bulk_create(sites, batch_size=2000)
    projects, activities = [], []
    project_of: dict[int, list[int]] = {}
    for site in sites:
        if site.kind != "workstation":
            continue
        for n in range(2):
            project_id = len(projects) + 1
            projects.append((project_id, site.pk, admin.pk, _at(date(today.year, 1, 10)), f"{site.name}关爱项目{n + 1}",
                             rng.choice(("care", "education", "psychology")), date(today.year - n, 1, 15), None,
                             Decimal("50000.00"), "", "running", 0))  # fmt: skip
            project_of.setdefault(site.pk, []).append(project_id)
    start = date(today.year - 1, 1, 1)
    for site in sites:
        for _ in range(16):
            held = start + timedelta(days=rng.randrange((today - start).days))
            project = (
                rng.choice(project_of[site.pk]) if site.pk in project_of and rng.random() < 0.5 else None
            )
            activities.append((site.pk, admin.pk, _at(held), project, held,
                               rng.choice(("visit", "interest", "culture_sports", "publicity")), "关爱活动",
                               rng.randint(5, 80), ""))  # fmt: skip
    common.load_rows(Project, ["id", "site", "created_by", "created_at", "name", "kind", "start_date", "end_date",
                               "budget", "partner", "status", "version"], projects, desc="projects")  # fmt: skip
    common.load_rows(Activity, ["site", "created_by", "created_at", "project", "held_on", "kind", "title",
                                "person_times", "notes"], activities, desc="activities")  # fmt: skip
    common.reset_sequences(Project, Activity)
    return {"sites": len(sites), "projects": len(projects), "activities": len(activities)}


def _outreach(rng, today: date, communities: list[str], admin) -> dict:
    """The June month of the last three years with events in every district; this year's call
    with submissions (some selected)."""
    from childwelfare.areas.choices import Level
    from childwelfare.areas.models import Area
    from childwelfare.outreach.models import Call, PublicityCampaign, PublicityEvent, Submission

    districts = list(
        Area.objects.filter(code__startswith=CITY, level=Level.DISTRICT).values_list("code", flat=True)
    )
    events = []
    for year in range(today.year - 2, today.year + 1):
        campaign = PublicityCampaign.objects.create(
            year=year, theme="未成年人保护宣传月", start_date=date(year, 6, 1), end_date=date(year, 6, 30),
            area_id=CITY, created_by=admin, launch_date=date(year, 6, 1),
        )  # fmt: skip
        for code in districts:
            for n in range(4):
                events.append(PublicityEvent(campaign=campaign, kind="mandatory_reporting_talk", title="强制报告宣讲",
                                             area_id=code, place="社区活动中心", held_on=date(year, 6, 5 + n),
                                             audience=rng.randint(50, 500), created_by=admin))  # fmt: skip
    PublicityEvent.objects.bulk_create(events)
    call = Call.objects.create(year=today.year, title=f"{today.year}年未成年人保护优秀案例和项目征集",
                               deadline=date(today.year, 9, 30), status="published", area_id=CITY, created_by=admin)  # fmt: skip
    submissions = [
        Submission(
            call=call,
            kind="case" if n % 3 else "project",
            title=f"案例{n}",
            area_id=rng.choice(communities)[:6],
            text="基准测试申报",
            status="submitted",
            submitted_by=admin,
            submitted_at=_at(date(today.year, 8, 1)),
            selected=n % 5 == 0,
        )  # fmt: skip
        for n in range(150)
    ]
    Submission.objects.bulk_create(submissions)
    return {"publicity_events": len(events), "submissions": len(submissions)}
