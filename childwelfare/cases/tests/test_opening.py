"""Opening a case numbers it, records its classes and starts the assessment deadline."""

from datetime import date

import pytest

from childwelfare.accounts.choices import Role
from childwelfare.cases.services.common import CaseError
from childwelfare.cases.services.opening import add_action, open_case
from childwelfare.deadlines.calendar import end_of_day
from childwelfare.deadlines.models import Deadline
from childwelfare.testing.factories import ChildFactory, UserFactory
from childwelfare.testing.people import MEIYUAN, XUANWU

pytestmark = pytest.mark.django_db


def test_open_case_numbers_it_and_starts_the_assessment_clock():
    officer = UserFactory(role=Role.DISTRICT_OFFICER, area_id=XUANWU)
    child = ChildFactory(area_id=MEIYUAN)
    case = open_case(
        child,
        source="hotline_12345",
        worker=officer,
        actor=officer,
        opened_on=date(2026, 3, 2),
        key_classes=["left_alone"],
    )
    assert case.number == f"GA{child.area_id[:6]}20260001"
    assert list(case.key_classes.values_list("key_class", flat=True)) == ["left_alone"]
    deadline = Deadline.objects.get(rule="case_assessment")
    assert deadline.due_at == end_of_day(date(2026, 3, 9))
    with pytest.raises(CaseError) as refused:
        open_case(child, source="police", worker=officer, actor=officer)
    assert refused.value.code == "case_already_open"


def test_an_action_for_a_department_is_on_its_liaisons_deadline_list():
    officer = UserFactory(role=Role.DISTRICT_OFFICER, area_id=XUANWU)
    child = ChildFactory(area_id=MEIYUAN)
    case = open_case(child, source="police", worker=officer, actor=officer)
    add_action(
        case,
        title="复学安置",
        owner_kind="department",
        department="education",
        due_on=date(2099, 1, 5),
        actor=officer,
    )
    liaison = UserFactory(role=Role.DEPARTMENT_LIAISON, area_id=XUANWU, department="education")
    other = UserFactory(role=Role.DEPARTMENT_LIAISON, area_id=XUANWU, department="health")
    assert Deadline.objects.visible_to(liaison).filter(rule="case_action").count() == 1
    assert Deadline.objects.visible_to(other).filter(rule="case_action").count() == 0
