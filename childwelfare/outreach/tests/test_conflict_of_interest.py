"""The conflict-of-interest rule (issue 11): a reviewer from the submitting district or unit
can never be assigned its submission — checked at assignment and again at scoring."""

from __future__ import annotations

import pytest
from django.urls import reverse

from childwelfare.accounts.choices import Department
from childwelfare.areas.models import Area
from childwelfare.outreach.models import Assignment, ReviewerProfile
from childwelfare.outreach.services import OutreachError
from childwelfare.outreach.services.calls import start_scoring
from childwelfare.outreach.services.scoring import assign_reviewer, has_conflict, record_scores
from childwelfare.testing import people as named

from .helpers import make_call, reviewer, send


@pytest.fixture
def world(people):
    admin = people["admin_nanjing"]
    call = make_call(admin)
    xuanwu = send(call, people["officer_xuanwu"], title="玄武区儿童之家项目")
    unit = send(
        call, admin, title="教育局送教上门项目", area_code=named.NANJING, department=Department.EDUCATION
    )
    named_unit = send(
        call, admin, title="爱心社工站项目", area_code=named.NANJING, unit_name="南京市爱心 社工站"
    )
    return {"admin": admin, "call": call, "xuanwu": xuanwu, "unit": unit, "named_unit": named_unit}


def test_a_reviewer_from_the_submitting_district_is_refused_at_assignment(world):
    from_xuanwu = reviewer("reviewer_from_xuanwu", district=named.XUANWU)
    with pytest.raises(OutreachError) as refused:
        assign_reviewer(world["xuanwu"], reviewer=from_xuanwu, actor=world["admin"])
    assert refused.value.code == "conflict_of_interest"
    assert not Assignment.objects.exists()
    # The same reviewer may score a member unit's submission.
    assert assign_reviewer(world["unit"], reviewer=from_xuanwu, actor=world["admin"])


def test_an_account_below_the_city_counts_as_its_district(world):
    """No profile: the account's own area (a street of 玄武区) makes the reviewer 玄武区's."""
    local = reviewer("reviewer_street", area=named.MEIYUAN_STREET)
    assert has_conflict(local, world["xuanwu"])
    with pytest.raises(OutreachError, match="利益回避"):
        assign_reviewer(world["xuanwu"], reviewer=local, actor=world["admin"])


def test_a_reviewer_from_the_submitting_unit_is_refused(world):
    teacher = reviewer("reviewer_education", department=Department.EDUCATION)
    social_worker = reviewer("reviewer_social_work", unit_name="南京市爱心社工站")
    for person, submission in ((teacher, world["unit"]), (social_worker, world["named_unit"])):
        with pytest.raises(OutreachError) as refused:
            assign_reviewer(submission, reviewer=person, actor=world["admin"])
        assert refused.value.code == "conflict_of_interest"
    assert assign_reviewer(world["xuanwu"], reviewer=teacher, actor=world["admin"])


def test_the_rule_is_checked_again_at_scoring(world):
    """Assigned while unrelated; the reviewer then joins 玄武区 (profile changed): the score
    is refused and nothing is written."""
    person = reviewer("reviewer_moving")
    assignment = assign_reviewer(world["xuanwu"], reviewer=person, actor=world["admin"])
    start_scoring(world["call"], actor=world["admin"])
    ReviewerProfile.objects.create(user=person, area=Area.objects.get(code=named.XUANWU))
    criteria = list(world["call"].criteria.all())
    with pytest.raises(OutreachError) as refused:
        record_scores(assignment, actor=person, points={c.pk: 10 for c in criteria})
    assert refused.value.code == "conflict_of_interest"
    assignment.refresh_from_db()
    assert assignment.scored_at is None and not assignment.scores.exists()


def test_the_assign_page_refuses_a_conflicted_reviewer_beside_the_field(client, world):
    from_xuanwu = reviewer("reviewer_page", district=named.XUANWU)
    client.force_login(world["admin"])
    response = client.post(
        reverse("outreach:assign", args=[world["xuanwu"].pk]), {"reviewer": from_xuanwu.pk}
    )
    assert response.status_code == 200
    assert "利益回避" in response.content.decode()
    assert not Assignment.objects.exists()


def test_only_the_assigned_reviewer_scores(world, people):
    person = reviewer("reviewer_a")
    other = reviewer("reviewer_b")
    assignment = assign_reviewer(world["xuanwu"], reviewer=person, actor=world["admin"])
    start_scoring(world["call"], actor=world["admin"])
    points = {c.pk: 5 for c in world["call"].criteria.all()}
    with pytest.raises(OutreachError) as refused:
        record_scores(assignment, actor=other, points=points)
    assert refused.value.code == "not_your_assignment"
