"""Building blocks of the outreach tests: a call with criteria, reviewers with affiliations,
submissions sent and scored through the services."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone

from childwelfare.accounts.choices import Role
from childwelfare.areas.models import Area
from childwelfare.outreach.models import ReviewerProfile
from childwelfare.outreach.services import calls
from childwelfare.outreach.services.scoring import assign_reviewer, record_scores
from childwelfare.testing import people as named
from childwelfare.testing.factories import UserFactory

BASE_TIME = timezone.make_aware(datetime(2023, 5, 1, 9, 0))


def make_call(admin, *, year=2023, criteria=(("创新性", 40, 100), ("实效性", 60, 50)), cases=1, projects=1):
    """An open call with `criteria` [(name, weight, max points)]."""
    call = calls.create_call(
        actor=admin,
        year=year,
        title=f"{year}年度优秀案例及项目征集",
        deadline=date(year, 6, 30),
        select_cases=cases,
        select_projects=projects,
    )
    for name, weight, max_points in criteria:
        calls.add_criterion(call, actor=admin, name=name, weight=weight, max_points=max_points)
    return calls.open_call(call, actor=admin)


def reviewer(username, *, district: str | None = None, department: str = "", unit_name: str = "", area=None):
    """A reviewer account (area: the city unless given) with a profile naming where they come
    from."""
    user = UserFactory(username=username, role=Role.REVIEWER, area_id=area or named.NANJING)
    if district or department or unit_name:
        ReviewerProfile.objects.update_or_create(
            user=user,
            defaults={
                "area": Area.objects.get(code=district) if district else None,
                "department": department,
                "unit_name": unit_name,
            },
        )
    return user


def send(call, actor, *, title, kind="project", area_code=named.XUANWU, minutes=0, **extra):
    """A submission of `area_code`, sent at BASE_TIME + `minutes`."""
    return calls.submit(
        call,
        actor=actor,
        kind=kind,
        title=title,
        area=Area.objects.get(code=area_code),
        text=extra.pop("text", "项目以儿童之家为阵地开展课后服务。"),
        submitted_at=BASE_TIME + timedelta(minutes=minutes),
        **extra,
    )


def score(submission, reviewer_user, admin, points_by_position):
    """Assign (if needed) and score: points in the order of the call's criteria."""
    assignment = submission.assignments.filter(reviewer=reviewer_user).first()
    if assignment is None:
        assignment = assign_reviewer(submission, reviewer=reviewer_user, actor=admin)
    criteria = list(submission.call.criteria.order_by("position"))
    return record_scores(
        assignment,
        actor=reviewer_user,
        points={c.pk: p for c, p in zip(criteria, points_by_position, strict=True)},
    )


def case_about(people, child):
    """A case submission of 玄武区 linked to `child` (a record pointing to the child, for the
    registry's merge test)."""
    call = make_call(people["admin_nanjing"], year=2030)
    return send(
        call,
        people["officer_xuanwu"],
        title="监护支持案例",
        kind="case",
        text="某某与祖母同住。",
        child=child,
    )
