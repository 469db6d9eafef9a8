"""The discovery permissions the pages' guards use (issue 7): importing screening results and
adding a child during a campaign, the problem list's audience, and the liaison's steps on a
problem, checked directly for the named users."""

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model

from childwelfare.accounts.choices import Department
from childwelfare.discovery import permissions
from childwelfare.testing import people as named

pytestmark = pytest.mark.django_db


@pytest.fixture
def system(db):
    """The superuser without an area: may do everything."""
    return get_user_model().objects.create_superuser(username="system_check", password=named.DEMO_PASSWORD)


def campaign_over(code):
    return SimpleNamespace(area_id=code)


def problem_of(code, department):
    return SimpleNamespace(child=SimpleNamespace(area_id=code), department=department)


def test_only_a_director_of_a_covered_community_screens_in_a_campaign(people, system):
    street, district, city = (
        campaign_over(named.MEIYUAN_STREET),
        campaign_over(named.XUANWU),
        campaign_over(named.NANJING),
    )
    # A director screens in a campaign over their street, district or city, or their own community.
    for campaign in (street, district, city, campaign_over(named.MEIYUAN)):
        assert permissions.can_screen_in_campaign(people["director_meiyuan"], campaign)
    # Not in one over another community, nor over a street or district elsewhere.
    for campaign in (campaign_over(named.DAXINGGONG), campaign_over(named.NINGHAI_STREET)):
        assert not permissions.can_screen_in_campaign(people["director_meiyuan"], campaign)
    # The offices that run campaigns do not screen; neither do supervisors or auditors.
    for username in (
        "officer_xuanwu",
        "admin_nanjing",
        "supervisor_meiyuan",
        "auditor_xuanwu",
        "staff_meiyuan",
    ):
        assert not permissions.can_screen_in_campaign(people[username], street), username
    assert permissions.can_screen_in_campaign(system, city)


def test_the_problem_list_is_for_readers_and_liaisons(people, system):
    for username in ("director_meiyuan", "officer_xuanwu", "auditor_xuanwu", "liaison_education_xuanwu"):
        assert permissions.can_read_problems(people[username]), username
    assert not permissions.can_read_problems(people["reviewer_nanjing"])
    assert permissions.can_read_problems(system)


def test_only_the_responsible_department_acts_on_a_problem(people, system):
    schooling = problem_of(named.MEIYUAN, Department.EDUCATION)
    health = problem_of(named.MEIYUAN, Department.HEALTH)
    liaison = people["liaison_education_xuanwu"]
    assert permissions.can_act_on_problem(liaison, schooling)
    assert not permissions.can_act_on_problem(liaison, health)
    assert not permissions.can_act_on_problem(liaison, problem_of(named.NINGHAI, Department.EDUCATION))
    for username in ("officer_xuanwu", "director_meiyuan", "admin_nanjing"):
        assert not permissions.can_act_on_problem(people[username], schooling), username
    # The superuser without an area acts in every role, for any department.
    assert permissions.can_act_on_problem(system, schooling)
    assert permissions.can_act_on_problem(system, health)
