"""Demo intakes and mandatory reports (issue 10, part "intake"): an intake from every source
and a dozen mandatory reports from schools, hospitals, committees and others in several
districts — some acknowledged late, some awaiting the outcome feedback, a few in 玄武区
(梅园新村街道) for officer_xuanwu. Recorded through the services by the demo's staff of
record (district officers); the moments of acknowledgment and feedback are then set in the
past as they happened. Reporters' names are fictional. admin_nanjing and officer_xuanwu get
cases.view_reporter so the feature can be seen; nobody else has it."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from childwelfare.accounts.choices import Role
from childwelfare.accounts.models import User
from childwelfare.cases.models import MandatoryReport
from childwelfare.cases.services import intake as services
from childwelfare.deadlines.models import Deadline
from childwelfare.discovery.models import Problem
from childwelfare.registry.models import Child
from childwelfare.testing import people
from childwelfare.testing.demo_staff import staff_by_area

SEED = 20261001
# (unit, type, situations, fictional reporter)
REPORTS = [
    ("梅园小学", "school", ["4"], "林秋月"),
    ("玄武区妇幼保健院", "maternal_child_health", ["2"], "高雅琴"),
    ("梅园社区居民委员会", "committee", ["6"], "沈国平"),
    ("大行宫幼儿园", "kindergarten", ["4"], "许晓燕"),
    ("南京市鼓楼医院", "hospital", ["4", "5"], "邓立新"),
    ("宁海路社区居民委员会", "committee", ["6"], "曹美华"),
    ("鼓楼区某宾馆", "hotel", ["7"], "袁志刚"),
    ("秦淮区第一中学", "school", ["5"], "潘晓东"),
    ("江宁区某诊所", "clinic", ["1"], "蒋丽萍"),
    ("建邺区救助管理站", "rescue_institution", ["8"], "韦海燕"),
    ("栖霞区某社工服务中心", "social_work", ["9"], "程建华"),
    ("雨花台区急救中心", "emergency_centre", ["4"], "罗春梅"),
]
SOURCES = [
    "discovery_red",
    "hotline_12345",
    "hotline_12349",
    "family_or_child",
    "department_referral",
    "police",
]


def _moment(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _grant_view_reporter() -> None:
    permission = Permission.objects.get(codename="view_reporter", content_type__app_label="cases")
    for user in User.objects.filter(username__in=["admin_nanjing", "officer_xuanwu"]):
        user.user_permissions.add(permission)


def seed_cases_intake(*, today: date) -> dict:
    """Create the demo's intakes and reports as of `today` (deterministic). Returns
    {"intakes": n, "reports": n, "acknowledged_late": n, "awaiting_feedback": n}."""
    rng = random.Random(SEED)
    _grant_view_reporter()
    officers = staff_by_area(Role.DISTRICT_OFFICER)
    # Children in communities of 梅园新村街道 first (officer_xuanwu's named area), then across
    # the city, so reports land in several districts.
    meiyuan = list(
        Child.objects.open_files().filter(area__code__startswith=people.MEIYUAN_STREET).order_by("pk")[:40]
    )
    others = list(
        Child.objects.open_files().exclude(area__code__startswith=people.XUANWU).order_by("pk")[:400]
    )
    rng.shuffle(others)
    used: set[int] = set()

    def pick(pool):
        for child in pool:
            if child.pk not in used:
                used.add(child.pk)
                return child
        return None

    def officer_of(child):
        return officers[child.area_id[:6]][0]

    created = {"intakes": 0, "reports": 0, "acknowledged_late": 0, "awaiting_feedback": 0}
    ct = ContentType.objects.get_for_model(MandatoryReport)
    for index, (unit, unit_type, situations, reporter) in enumerate(REPORTS):
        child = pick(meiyuan if index < 4 else others)
        if child is None:
            continue
        officer = officer_of(child)
        day = today - timedelta(days=3 + index * 4)
        found = _moment(day, 8 + index % 5, 10 * (index % 6))
        police_hours = [2, 5, 30, 1, 3, 50, 4, 2, 26, 1, 6, 3][index]
        received = found + timedelta(hours=1 + index % 3)
        report = services.record_mandatory_report(
            actor=officer,
            child=child,
            received_at=received,
            description="发现儿童疑似遭受侵害，已按强制报告制度报告。",
            unit_name=unit,
            unit_type=unit_type,
            situations=situations,
            harm_found_at=found,
            reporter_name=reporter,
            reporter_contact=f"139{rng.randrange(10**8):08d}",
            police_reported_at=found + timedelta(hours=police_hours),
            police_receipt_no=f"公（{child.area_id[:6]}）受字〔{day.year}〕{index + 1:04d}号",
        )
        created["reports"] += 1
        if index in (0, 5):
            continue  # not yet acknowledged (one of them overdue by now)
        services.acknowledge_report(report, actor=officer, expected_version=None)
        late = index in (2, 6, 9)
        acked = received + timedelta(hours=30 if late else 3)
        MandatoryReport.objects.filter(pk=report.pk).update(acknowledged_at=acked)
        Deadline.objects.filter(subject_type=ct, subject_id=report.pk, rule="mandatory_report_ack").update(
            met_at=acked
        )
        feedback = Deadline.objects.get(
            subject_type=ct, subject_id=report.pk, rule="mandatory_report_feedback"
        )
        shift = acked - feedback.started_at
        Deadline.objects.filter(pk=feedback.pk).update(started_at=acked, due_at=feedback.due_at + shift)
        created["acknowledged_late"] += late
        if index % 3 == 1:
            created["awaiting_feedback"] += 1
            continue
        if index % 2 == 0:
            services.open_case_for_intake(report.intake, actor=officer, expected_version=None)
        report.refresh_from_db()
        services.record_report_outcome(
            report,
            actor=officer,
            expected_version=None,
            outcome="已立案开展个案服务，并会同公安、教育部门处置。",
            told_at=min(acked + timedelta(days=5), timezone.now()),
        )
    for index, source in enumerate(SOURCES):
        child = pick(meiyuan if index < 3 else others)
        if child is None:
            continue
        officer = officer_of(child)
        intake = services.record_intake(
            actor=officer,
            source=source,
            received_at=_moment(today - timedelta(days=2 + index), 10),
            description="接到反映，儿童生活照料存在困难，需进一步核实。",
            child=child,
        )
        created["intakes"] += 1
        if index % 2 == 0:
            services.open_case_for_intake(intake, actor=officer, expected_version=None)
        elif index == 3:
            services.decline_intake(
                intake, actor=officer, expected_version=None, reason="经核实家庭照料正常，已转社区关注。"
            )
    # A problem found in discovery escalated to an intake (梅园新村街道 first).
    problem = (
        Problem.objects.filter(status="open", child__area__code__startswith=people.MEIYUAN_STREET)
        .exclude(child_id__in=used)
        .order_by("pk")
        .first()
        or Problem.objects.filter(status="open").exclude(child_id__in=used).order_by("pk").first()
    )
    if problem is not None:
        services.record_intake(
            actor=officer_of(problem.child),
            source="discovery_problem",
            received_at=_moment(today - timedelta(days=1), 15),
            description=problem.description,
            child=problem.child,
            problem=problem,
        )
        created["intakes"] += 1
    return created
