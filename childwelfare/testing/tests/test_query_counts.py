"""Query counts of every list page and home page, for every named user: the number of
queries must not grow with the number of rows or areas (issue 7: the roster upload page
cost 1,960 queries for the city administrator, one per level of every area's name).

Each page is measured over a small city, then again after many more communities, children,
campaign records, visits, problems, applications, payroll lines, insurance enrolments,
import jobs and access-log entries were added; the two counts must be equal."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from childwelfare.accounts.choices import Department
from childwelfare.areas.models import Area
from childwelfare.areas.services import create_community
from childwelfare.audit.models import AccessAction
from childwelfare.audit.services import log_access
from childwelfare.benefits.applications import submit_application
from childwelfare.benefits.choices import ApplicantKind, ApplicationKind, InsuranceKind
from childwelfare.benefits.insurance import generate_roster
from childwelfare.benefits.models import InsuranceScheme
from childwelfare.benefits.payroll import run_payroll
from childwelfare.discovery import services as discovery
from childwelfare.discovery.choices import ProblemKind
from childwelfare.discovery.models import ScreeningRecord
from childwelfare.registry.choices import Category
from childwelfare.registry.conflicts import record_conflicts
from childwelfare.registry.models import RosterImport
from childwelfare.testing import people as named
from childwelfare.testing.factories import CategorySpellFactory, ChildFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()

# Pages that list rows or areas, plus each role's home page. `{campaign}`, `{payroll}` and
# `{scheme}` are filled with the records made in the first round.
PAGES = [
    "home",
    "registry:child_list",
    "registry:import_upload",
    "discovery:work",
    "discovery:visit_list",
    "discovery:visit_list?list=week",
    "discovery:campaign_list",
    "discovery:campaign_create",
    "discovery:record_list {campaign}",
    "discovery:problem_list",
    "discovery:attention",
    "benefits:application_list",
    "benefits:child_search",
    "benefits:standard_list",
    "benefits:payroll_month",
    "benefits:payroll_detail {payroll}",
    "benefits:insurance_index",
    "benefits:insurance_scheme {scheme}",
    "audit:access_log",
    "registry:conflict_list",
    # issue 10: the work list (its rows are the applications' deadlines), the board, approvals
    "deadlines:list",
    "deadlines:list?show=overdue",
    "deadlines:board",
    "deadlines:approvals",
]


def _url(page: str, objects: dict) -> str:
    name, _, arg = page.partition(" ")
    name, _, query = name.partition("?")
    args = [objects[arg.strip("{}")]] if arg else []
    return reverse(name, args=args) + (f"?{query}" if query else "")


def _count(client, url: str) -> tuple[int, int]:
    # The query log keeps the last 9,000 queries: once full, a capture would count none.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries)


def _counts(client, users, objects) -> dict[tuple[str, str], tuple[int, int]]:
    """{(username, page): (status, queries)} for every named user and page."""
    counts = {}
    for username, user in users.items():
        client.force_login(user)
        for page in PAGES:
            counts[username, page] = _count(client, _url(page, objects))
    return counts


def _grow(users, round_no: int, size: int, objects: dict) -> None:
    """Add `size` communities under 梅园新村街道 and 宁海路街道 each, and children with a
    category in them and in the named communities, then rows of every list built on them."""
    admin, officer = users["admin_nanjing"], users["officer_xuanwu"]
    director, supervisor = users["director_meiyuan"], users["supervisor_meiyuan"]
    streets = Area.objects.filter(code__in=[named.MEIYUAN_STREET, named.NINGHAI_STREET])
    areas = [named.MEIYUAN, named.NINGHAI]
    for street in streets:
        for n in range(size):
            areas.append(create_community(street=street, name=f"第{round_no}轮{n}号社区").code)
    children = []
    for area in areas:
        for _n in range(size + 3 if area == named.MEIYUAN else size):
            child = ChildFactory(area_id=area)
            CategorySpellFactory(child=child, category=Category.SCATTERED_ORPHAN)
            children.append(child)
    meiyuan = [child for child in children if child.area_id == named.MEIYUAN]

    campaign = discovery.create_campaign(
        actor=officer,
        name=f"第{round_no}轮专项排查",
        year=TODAY.year,
        area=Area.objects.get(code=named.XUANWU),
        start_date=TODAY - timedelta(days=5),
        end_date=TODAY + timedelta(days=30),
        sample_rate="0",
    )
    discovery.start_campaign(campaign, actor=officer)
    objects["campaign"] = campaign.pk
    # Two records screened (one verified), the rest pending with a visit long overdue, so
    # that every list of every role has rows in each round.
    records = list(ScreeningRecord.objects.filter(campaign=campaign, area_id=named.MEIYUAN).order_by("pk"))
    for n, record in enumerate(records):
        if n < 2:
            record = discovery.screen_record(
                record, actor=director, expected_version=record.version, visited_on=TODAY, mode="home"
            )
            if n == 0:
                discovery.verify_record(record, actor=supervisor, expected_version=record.version)
        else:
            discovery.record_visit(child=record.child, actor=director, visited_on=TODAY - timedelta(days=100))
    assert len(records) > 2

    for child in meiyuan:
        discovery.raise_problem(
            child=child,
            actor=director,
            kind=ProblemKind.SCHOOLING,
            description="未入学",
            department=Department.EDUCATION,
            deadline=TODAY + timedelta(days=10),
        )
        submit_application(
            child=child,
            actor=director,
            kind=ApplicationKind.DE_FACTO_UNSUPPORTED,
            applicant_kind=ApplicantKind.GUARDIAN,
            applicant_name="张某",
            submitted_on=TODAY,
        )
    xuanwu = Area.objects.get(code=named.XUANWU)
    payroll = run_payroll(xuanwu, TODAY.replace(day=1), actor=officer)
    objects["payroll"] = payroll.pk
    scheme = InsuranceScheme.objects.get(pk=objects["scheme"])
    generate_roster(scheme, year=TODAY.year, area=xuanwu, as_of=TODAY, actor=officer)
    for n in range(size):
        RosterImport.objects.create(created_by=admin, area=xuanwu, filename=f"名册{round_no}-{n}.xlsx")
        log_access(user=officer, action=AccessAction.EXPORT, detail="导出", row_count=n)
    # Entries the access log names (a child, a payroll), and conflicts for the district's list.
    for child in meiyuan:
        log_access(user=officer, action=AccessAction.VIEW_FULL_ID, obj=child)
    log_access(user=officer, action=AccessAction.EXPORT, obj=payroll)
    record_conflicts(
        actor=director,
        area_code=named.MEIYUAN,
        source="roster",
        hits=[(f"{round_no}-{n}", n) for n in range(size)],
    )


@pytest.fixture
def city(people):
    call_command("seed_standards", stdout=io.StringIO())
    scheme = InsuranceScheme.objects.create(
        name="困境儿童意外伤害保险", kind=InsuranceKind.ACCIDENT, categories=[Category.SCATTERED_ORPHAN]
    )
    return people, {"scheme": scheme.pk}


def test_no_page_costs_more_queries_with_more_rows_or_areas(client, city):
    users, objects = city
    _grow(users, 1, 2, objects)
    _counts(client, users, objects)  # warm-up: caches filled on a first request are not counted
    small = _counts(client, users, objects)
    _grow(users, 2, 8, objects)
    large = _counts(client, users, objects)
    grown = {key: (small[key], value) for key, value in large.items() if value != small[key]}
    assert grown == {}
    opened = {page for (_username, page), (status, _n) in small.items() if status == 200}
    assert opened == set(PAGES)  # every page was measured for some role, not only its 404


def test_roster_upload_costs_the_same_for_the_city_as_for_a_community(client, people):
    counts = {}
    for username in ("admin_nanjing", "officer_xuanwu", "director_meiyuan"):
        client.force_login(people[username])
        client.get(reverse("registry:import_upload"))
        counts[username] = _count(client, reverse("registry:import_upload"))
    assert counts["admin_nanjing"] == counts["director_meiyuan"] == counts["officer_xuanwu"]
    assert counts["admin_nanjing"][0] == 200
