"""The outreach creating forms for submissions/tests/test_submit_once.py: `outreach_world`
builds their records once (in the test's world fixture), `outreach_cases` describes each
form as the keyword arguments of that test's Case."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone

from childwelfare.accounts.choices import Role
from childwelfare.areas.models import Area
from childwelfare.outreach.models import (
    Assignment,
    Call,
    Criterion,
    PublicityCampaign,
    PublicityEvent,
    Submission,
)
from childwelfare.outreach.services import calls
from childwelfare.outreach.services.publicity import create_campaign
from childwelfare.outreach.services.scoring import assign_reviewer
from childwelfare.testing import people as named
from childwelfare.testing.factories import UserFactory

OUTREACH_CASES = [
    "publicity campaign",
    "publicity event",
    "call",
    "call criterion",
    "call submission",
    "reviewer assignment",
    "review scores",
]


def outreach_world(people) -> dict:
    """A campaign of this year, an open call with a criterion and a submission of 玄武区, and
    a call being scored whose submission is assigned to reviewer_nanjing."""
    admin, officer = people["admin_nanjing"], people["officer_xuanwu"]
    year = timezone.localdate().year
    campaign = create_campaign(
        actor=admin, year=year, theme="宣传月", start_date=date(year, 6, 1), end_date=date(year, 6, 30)
    )

    def call_of(y):
        call = calls.create_call(actor=admin, year=y, title=f"{y}年度征集", deadline=date(y, 6, 30))
        calls.add_criterion(call, actor=admin, name="实效性", weight=1)
        return calls.open_call(call, actor=admin)

    def project(call, title):
        return calls.submit(
            call,
            actor=officer,
            kind="project",
            title=title,
            area=Area.objects.get(code=named.XUANWU),
            text="做法",
        )

    open_call = call_of(year)
    to_assign = project(open_call, "待分配项目")
    scoring = call_of(year - 1)
    to_score = assign_reviewer(
        project(scoring, "待评分项目"), reviewer=people["reviewer_nanjing"], actor=admin
    )
    calls.start_scoring(scoring, actor=admin)
    other_reviewer = UserFactory(username="reviewer_other", role=Role.REVIEWER, area_id=named.NANJING)
    return {
        "campaign": campaign,
        "open_call": open_call,
        "to_assign": to_assign,
        "to_score": to_score,
        "reviewer": other_reviewer,
        "criterion": Criterion.objects.get(call=scoring),
    }


def outreach_cases(world: dict) -> dict[str, dict]:
    """{case name: Case keyword arguments} of the outreach creating forms."""
    w = world["outreach"]
    year = timezone.localdate().year
    return {
        "publicity campaign": {
            "url": reverse("outreach:campaign_create"),
            "username": "admin_nanjing",
            "count": lambda: PublicityCampaign.objects.count(),
            "typed": {
                "year": str(year + 1),
                "theme": "未成年人保护宣传月",
                "start_date": f"{year + 1}-06-01",
                "end_date": f"{year + 1}-06-30",
            },
        },
        "publicity event": {
            "url": reverse("outreach:event_create", args=[w["campaign"].pk]),
            "username": "officer_xuanwu",
            "count": lambda: PublicityEvent.objects.count(),
            "typed": {
                "kind": "film_screening",
                "area": named.XUANWU,
                "place": "区图书馆",
                "held_on": f"{year}-06-05",
                "audience": "100",
                "materials": "20",
            },
        },
        "call": {
            "url": reverse("outreach:call_create"),
            "username": "admin_nanjing",
            "count": lambda: Call.objects.count(),
            "typed": {
                "year": str(year + 1),
                "title": "征集",
                "deadline": f"{year + 1}-06-30",
                "accepts_cases": "on",
            },
        },
        "call criterion": {
            "url": reverse("outreach:criterion_add", args=[w["open_call"].pk]),
            "username": "admin_nanjing",
            "count": lambda: Criterion.objects.count(),
            "typed": {"name": "创新性", "weight": "30", "max_points": "100"},
        },
        "call submission": {
            "url": reverse("outreach:submission_create", args=[w["open_call"].pk]),
            "username": "officer_xuanwu",
            "count": lambda: Submission.objects.count(),
            "typed": {
                "kind": "case",
                "title": "监护支持案例",
                "area": named.XUANWU,
                "text": "某某与祖母同住。",
            },
        },
        "reviewer assignment": {
            "url": reverse("outreach:assign", args=[w["to_assign"].pk]),
            "username": "admin_nanjing",
            "count": lambda: Assignment.objects.count(),
            "typed": {"reviewer": str(w["reviewer"].pk)},
        },
        "review scores": {
            "url": reverse("outreach:score", args=[w["to_score"].pk]),
            "username": "reviewer_nanjing",
            "count": lambda: Assignment.objects.filter(scored_at__isnull=False).count(),
            "typed": {f"points_{w['criterion'].pk}": "88"},
        },
    }
