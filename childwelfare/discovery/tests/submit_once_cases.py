"""The discovery creating forms for submissions/tests/test_submit_once.py: `discovery_world`
builds their records once (in the test's world fixture), `discovery_cases` describes each
form as the keyword arguments of that test's Case."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from childwelfare.accounts.choices import Department
from childwelfare.areas.models import Area
from childwelfare.discovery import services as discovery
from childwelfare.discovery.choices import ProblemKind
from childwelfare.discovery.models import (
    Campaign,
    CareMeasure,
    Problem,
    ProblemAction,
    ScreeningRecord,
    Visit,
)
from childwelfare.registry.choices import Category
from childwelfare.registry.models import Child, RosterImport
from childwelfare.registry.services import add_category
from childwelfare.registry.tests.submit_once_cases import csv_upload
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory, child_id_number

TODAY = timezone.localdate()

DISCOVERY_CASES = [
    "care measure",
    "problem",
    "visit",
    "screening",
    "sample re-visit",
    "child found in screening",
    "campaign",
    "screening import",
    "problem action",
    "problem transfer",
    "problem extension",
    "problem reminder",
    "batch verify",
    "batch confirm",
]


def discovery_world(people, child) -> dict:
    """A running campaign of 梅园新村街道 over `child` (its record to screen) and three more
    children of 梅园社区: one screened, verified and drawn for the sample re-visit, one
    screened (to verify in a batch), one verified (to confirm in a batch); and a problem of
    `child` sent to the education department."""
    officer, director = people["officer_xuanwu"], people["director_meiyuan"]
    sampled = ChildFactory(area_id=named.MEIYUAN, name="李小红")
    add_category(
        child=sampled,
        actor=people["admin_nanjing"],
        category=Category.RURAL_LEFT_BEHIND,
        start_date=date(2020, 1, 1),
    )
    # Two more: one to be screened (the supervisor's batch), one verified (the officer's).
    batch_kids = [ChildFactory(area_id=named.MEIYUAN, name=name) for name in ("张小华", "陈小雨")]
    for kid in batch_kids:
        add_category(
            child=kid,
            actor=people["admin_nanjing"],
            category=Category.RURAL_LEFT_BEHIND,
            start_date=date(2020, 1, 1),
        )
    campaign = discovery.create_campaign(
        actor=officer,
        name="梅园新村街道专项排查",
        year=TODAY.year,
        area=Area.objects.get(code=named.MEIYUAN_STREET),
        start_date=TODAY - timedelta(days=5),
        end_date=TODAY + timedelta(days=30),
        sample_rate=Decimal("0"),
    )
    discovery.start_campaign(campaign, actor=officer)
    # A second child's record screened, verified and drawn for the sample re-visit.
    revisit = ScreeningRecord.objects.get(campaign=campaign, child=sampled)
    revisit = discovery.screen_record(
        revisit, actor=director, expected_version=revisit.version, visited_on=TODAY, mode="home"
    )
    revisit = discovery.verify_record(
        revisit, actor=people["supervisor_meiyuan"], expected_version=revisit.version
    )
    ScreeningRecord.objects.filter(pk=revisit.pk).update(in_sample=True)
    batch = []
    for kid in batch_kids:
        record = ScreeningRecord.objects.get(campaign=campaign, child=kid)
        batch.append(
            discovery.screen_record(record, actor=director, expected_version=record.version, visited_on=TODAY)
        )
    batch[1] = discovery.verify_record(
        batch[1], actor=people["supervisor_meiyuan"], expected_version=batch[1].version
    )
    problem = discovery.raise_problem(
        child=child,
        actor=director,
        kind=ProblemKind.SCHOOLING,
        description="未按时入学",
        department=Department.EDUCATION,
        deadline=TODAY + timedelta(days=30),
    )
    return {
        "campaign": campaign,
        "record": ScreeningRecord.objects.get(campaign=campaign, child=child),
        "revisit": revisit,
        "to_verify": batch[0],
        "to_confirm": batch[1],
        "problem": problem,
    }


def discovery_cases(world: dict) -> dict[str, dict]:
    """{case name: Case keyword arguments} of the discovery creating forms."""
    child, campaign = world["child"], world["campaign"]
    today = TODAY.isoformat()
    child_page = reverse("discovery:child", args=[child.pk])
    return {
        "care measure": dict(
            url=child_page,
            username="director_meiyuan",
            count=lambda: CareMeasure.objects.count(),
            marker=("form", "care"),
            typed={
                "care-measure_type": "education",
                "care-provider_kind": "social_organisation",
                "care-provider_name": "爱心社工站",
                "care-start_date": today,
                "care-description": "课业辅导",
            },
        ),
        "problem": dict(
            url=child_page,
            username="director_meiyuan",
            count=lambda: Problem.objects.count(),
            marker=("form", "problem"),
            typed={
                "problem-kind": ProblemKind.SCHOOLING,
                "problem-department": Department.EDUCATION,
                "problem-description": "长期不到校",
                "problem-deadline": (TODAY + timedelta(days=7)).isoformat(),
            },
        ),
        "visit": dict(
            url=reverse("discovery:child_visit", args=[child.pk]),
            username="director_meiyuan",
            count=lambda: Visit.objects.count(),
            typed={"visited_on": today, "mode": "home", "living_situation": "与祖父母同住"},
        ),
        "screening": dict(
            url=reverse("discovery:record_screen", args=[world["record"].pk]),
            username="director_meiyuan",
            count=lambda: Visit.objects.count(),
            typed={"visited_on": today, "mode": "home", "living_situation": "与祖父母同住"},
        ),
        "sample re-visit": dict(
            url=reverse("discovery:record_revisit", args=[world["revisit"].pk]),
            username="officer_xuanwu",
            count=lambda: Visit.objects.count(),
            typed={"visited_on": today, "mode": "home", "living_situation": "与祖父母同住"},
        ),
        "child found in screening": dict(
            url=reverse("discovery:add_child", args=[campaign.pk]),
            username="director_meiyuan",
            count=lambda: Child.objects.count(),
            typed={
                "name": "李小红",
                "id_number": child_id_number(900, date(2015, 3, 4), "F"),
            },
        ),
        "campaign": dict(
            url=reverse("discovery:campaign_create"),
            username="officer_xuanwu",
            count=lambda: Campaign.objects.count(),
            typed={
                "name": "梅园街道困境儿童排查",
                "year": str(TODAY.year),
                "area": named.MEIYUAN_STREET,
                "target_categories": [Category.SCATTERED_ORPHAN],
                "start_date": (TODAY - timedelta(days=3)).isoformat(),
                "end_date": (TODAY + timedelta(days=30)).isoformat(),
                "sample_percent": "100",
            },
        ),
        "screening import": dict(
            url=reverse("discovery:campaign_import", args=[campaign.pk]),
            username="director_meiyuan",
            count=lambda: RosterImport.objects.count(),
            files={"file": lambda: csv_upload("姓名,身份证号\n")},
        ),
        "problem action": dict(
            url=reverse("discovery:problem_detail", args=[world["problem"].pk]),
            username="liaison_education_xuanwu",
            count=lambda: ProblemAction.objects.count(),
            marker="text",
            typed={"text": "已联系学校"},
            post_url=reverse("discovery:problem_action", args=[world["problem"].pk]),
        ),
        "problem transfer": dict(
            url=reverse("discovery:problem_detail", args=[world["problem"].pk]),
            username="officer_xuanwu",
            count=lambda: ProblemAction.objects.count(),
            marker="department",
            typed={"department": "health", "reason": "属医疗问题"},
            post_url=reverse("discovery:problem_transfer", args=[world["problem"].pk]),
        ),
        "problem extension": dict(
            url=reverse("discovery:problem_detail", args=[world["problem"].pk]),
            username="officer_xuanwu",
            count=lambda: ProblemAction.objects.count(),
            marker="deadline",
            typed={"deadline": (TODAY + timedelta(days=60)).isoformat(), "reason": "等待学籍材料"},
            post_url=reverse("discovery:problem_extend", args=[world["problem"].pk]),
        ),
        "problem reminder": dict(
            url=reverse("discovery:problem_detail", args=[world["problem"].pk]),
            username="supervisor_meiyuan",
            count=lambda: ProblemAction.objects.count(),
            marker="note",
            typed={"note": "请尽快办理"},
            post_url=reverse("discovery:problem_remind", args=[world["problem"].pk]),
        ),
        "batch verify": dict(
            url=reverse("discovery:work"),
            username="supervisor_meiyuan",
            count=lambda: ScreeningRecord.objects.filter(status="verified").count(),
            marker="as_of",
            typed={"records": f"{world['to_verify'].pk}:{world['to_verify'].version}"},
            post_url=reverse("discovery:verify_many"),
        ),
        "batch confirm": dict(
            url=reverse("discovery:work"),
            username="officer_xuanwu",
            count=lambda: ScreeningRecord.objects.filter(status="confirmed").count(),
            marker="as_of",
            typed={"records": f"{world['to_confirm'].pk}:{world['to_confirm'].version}"},
            post_url=reverse("discovery:confirm_many"),
        ),
    }
