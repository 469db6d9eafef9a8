"""The demo's guardianships and unknown-identity child (issue 10): a temporary guardianship
with a past assessment and the next re-assessment due three months after it, a long-term one
whose institutional-orphan category two different officers wrote and confirmed, and a child
of unknown identity found at 南京站 with a case — all in 梅园新村街道, visible to the named
users of 玄武区, recorded by district officers, and the same for the same load date."""

from datetime import date, timedelta

import pytest

from childwelfare.cases.models import Case, Guardianship
from childwelfare.deadlines.calendar import end_of_day
from childwelfare.deadlines.models import Deadline
from childwelfare.lib.dates import add_months
from childwelfare.registry.models import Child
from childwelfare.testing import people as named
from childwelfare.testing.demo_cases_guardianship import seed_cases_guardianship
from childwelfare.testing.factories import ChildFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)


def test_the_demo_guardianships_and_unknown_child(people):
    for n in range(6):
        ChildFactory(area_id=named.MEIYUAN, birth_date=date(2016, 1, 1 + n))
    ids = seed_cases_guardianship(today=TODAY)
    temporary = Guardianship.objects.get(pk=ids["temporary"])
    assessed = TODAY - timedelta(days=10)
    assert temporary.assessments.get().assessed_on == assessed
    due = Deadline.objects.running().get(rule="guardianship_reassessment", subject_id=temporary.pk)
    assert due.due_at == end_of_day(add_months(assessed, 3))
    long_term = Guardianship.objects.get(pk=ids["long_term"])
    spell = long_term.category_spell
    assert spell.status == "confirmed" and spell.created_by != spell.confirmed_by
    assert {spell.created_by.username, spell.confirmed_by.username} == {"officer_xuanwu", "officer2_xuanwu"}
    unknown = Child.objects.get(pk=ids["unknown_child"])
    assert unknown.identity_unknown and "南京站" in unknown.found_place
    assert Case.objects.get(pk=ids["unknown_case"]).child == unknown
    for username in ("officer_xuanwu", "supervisor_meiyuan", "director_meiyuan"):
        visible = Guardianship.objects.visible_to(people[username])
        assert visible.filter(pk__in=[ids["temporary"], ids["long_term"]]).count() == 2, username
    assert not Guardianship.objects.filter(created_by=people["admin_nanjing"]).exists()
