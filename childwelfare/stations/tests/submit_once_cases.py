"""The stations' creating forms (issue 11) for submissions/tests/test_submit_once.py:
`stations_world` builds their records once (in the test's world fixture), `stations_cases`
describes each form as the keyword arguments of that test's Case."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from childwelfare.accounts.models import User
from childwelfare.areas.models import Area
from childwelfare.registry.models import RosterImport
from childwelfare.registry.tests.submit_once_cases import csv_upload
from childwelfare.stations import services as stations
from childwelfare.stations.models import (
    Activity,
    ActivityPhoto,
    FundingAllocation,
    Inspection,
    Project,
    Site,
    SiteChange,
    StationMembership,
    TrainingSession,
)
from childwelfare.stations.tests.test_rules import _png as png_bytes
from childwelfare.testing import people as named
from childwelfare.testing.factories import UserFactory

TODAY = timezone.localdate()

STATIONS_CASES = [
    "station",
    "station funding",
    "station training",
    "station inspection",
    "station change",
    "station staff",
    "station project",
    "station activity",
    "activity photo",
    "activity import",
]


def stations_world(people) -> dict:
    """梅园新村街道's workstation, staff_meiyuan its staff, with one activity; ss_test a
    station staff member of 梅园新村街道 not yet on it."""
    officer = people["officer_xuanwu"]
    site = stations.create_site(
        actor=officer,
        kind="workstation",
        name="梅园新村街道未保工作站",
        area=Area.objects.get(code=named.MEIYUAN_STREET),
    )
    stations.add_member(site, actor=officer, user=people["staff_meiyuan"], since=TODAY)
    UserFactory(username="ss_test", role="station_staff", area_id=named.MEIYUAN_STREET)
    stations.record_activity(site, actor=officer, held_on=TODAY, kind="visit", title="走访", person_times=3)
    return {"site": site}


def _png():
    return SimpleUploadedFile("活动.png", png_bytes(), content_type="image/png")


def stations_cases(world: dict) -> dict[str, dict]:
    """{case name: Case keyword arguments} of the stations' creating forms."""
    site = world["site"]
    today = TODAY.isoformat()

    def at(name):
        return reverse(f"stations:{name}", args=[site.pk])

    def officer(url, count, typed, **more):
        return dict(url=url, username="officer_xuanwu", count=count, typed=typed, **more)

    return {
        "station": officer(
            reverse("stations:site_create"),
            lambda: Site.objects.count(),
            {"kind": "workstation", "name": "新街口街道未保工作站", "area": named.XINJIEKOU_STREET},
        ),
        "station funding": officer(
            at("site_funding_add"),
            lambda: FundingAllocation.objects.count(),
            {"amount": "300000", "allocated_on": today, "purpose": "建设补助"},
        ),
        "station training": officer(
            at("site_training_add"),
            lambda: TrainingSession.objects.count(),
            {"held_on": today, "topic": "强制报告", "attendee_count": "10"},
        ),
        "station inspection": officer(
            at("site_inspection_add"),
            lambda: Inspection.objects.count(),
            {"inspected_on": today, "inspector": "李文静"},
        ),
        "station change": officer(
            at("site_change_add"), lambda: SiteChange.objects.count(), {"changed_on": today, "note": "迁址"}
        ),
        "station staff": dict(
            url=at("site_member_add"),
            username="officer_xuanwu",
            count=lambda: StationMembership.objects.filter(user__username="ss_test").count(),
            typed={"user": str(User.objects.get(username="ss_test").pk), "since": today},
        ),
        "station project": dict(
            url=at("project_create"),
            username="staff_meiyuan",
            count=lambda: Project.objects.count(),
            typed={"name": "四点半课堂", "kind": "education", "start_date": today, "status": "running"},
        ),
        "station activity": dict(
            url=at("activity_create"),
            username="staff_meiyuan",
            count=lambda: Activity.objects.count(),
            typed={"held_on": today, "kind": "visit", "title": "走访", "person_times": "5"},
        ),
        "activity photo": dict(
            url=reverse("stations:activity_detail", args=[Activity.objects.filter(site=site).first().pk]),
            username="staff_meiyuan",
            count=lambda: ActivityPhoto.objects.count(),
            marker=("form", "photo"),
            files={"photo-photo": _png},
        ),
        "activity import": dict(
            url=at("activity_import"),
            username="staff_meiyuan",
            count=lambda: RosterImport.objects.count(),
            files={"file": lambda: csv_upload("活动日期,活动类型,活动名称,服务人次\n")},
        ),
    }
