"""The demo's work is done by the people whose work it is (QA of issue 8): every village or
community has a child director, every street a child supervisor, every district two officers;
visits, screenings, problems and care measures are recorded by them, never by the city
administrator; a confirmed paid category was written by one officer of the child's district
and confirmed by another. Staff of record cannot sign in."""

from io import StringIO

import pytest
from django.core.management import call_command

from childwelfare.accounts.models import User
from childwelfare.areas.choices import Level
from childwelfare.areas.models import Area
from childwelfare.discovery.models import CareMeasure, Problem, ScreeningRecord, Visit
from childwelfare.registry.choices import ALLOWANCE_CATEGORIES, SpellStatus
from childwelfare.registry.models import CategorySpell
from childwelfare.testing import people
from childwelfare.testing.demo_staff import ensure_staff


@pytest.fixture
def city(db):
    call_command("seed_demo", "--allow-production", "--children", "300", stdout=StringIO(), verbosity=0)


def test_every_division_is_staffed_and_staff_cannot_sign_in(city):
    for role, level in (
        ("child_director", Level.COMMUNITY),
        ("child_supervisor", Level.STREET),
    ):
        divisions = Area.objects.filter(level=level, code__startswith=people.NANJING)
        staffed = set(User.objects.filter(role=role).values_list("area_id", flat=True))
        assert set(divisions.values_list("code", flat=True)) <= staffed
    for district in Area.objects.filter(level=Level.DISTRICT, code__startswith=people.NANJING):
        assert User.objects.filter(role="district_officer", area=district).count() >= 2
    named = {person.username for person in people.PEOPLE}
    for user in User.objects.exclude(username__in=named).exclude(username="system"):
        assert not user.has_usable_password(), user.username
        assert user.full_name and user.role
    # A second call creates nobody.
    assert ensure_staff(lambda: "某某") == 0


def test_work_is_recorded_by_its_roles(city):
    admin = User.objects.get(username="admin_nanjing")
    assert Visit.objects.exists()
    assert not Visit.objects.filter(visitor=admin).exists()
    # Routine visits by the community's child director; the district's sample re-visits by
    # its officers: every visitor works in the child's area chain.
    roles = set(Visit.objects.values_list("visitor__role", flat=True).distinct())
    assert roles <= {"child_director", "district_officer"} and "child_director" in roles
    for visitor_area, child_area in Visit.objects.values_list("visitor__area_id", "child__area_id"):
        assert child_area.startswith(visitor_area)
    assert not ScreeningRecord.objects.filter(screened_by=admin).exists()
    assert not ScreeningRecord.objects.filter(verified_by=admin).exists()
    assert not ScreeningRecord.objects.filter(confirmed_by=admin).exists()
    assert not Problem.objects.filter(raised_by=admin).exists()
    assert CareMeasure.objects.exists()
    assert not CareMeasure.objects.filter(created_by=admin).exists()


def test_confirmed_paid_categories_have_two_officers(city):
    paid = CategorySpell.objects.filter(category__in=ALLOWANCE_CATEGORIES, status=SpellStatus.CONFIRMED)
    assert paid.exists()
    from childwelfare.benefits.models import EligibilityApplication

    by_application = {app.spell_id: app for app in EligibilityApplication.objects.filter(spell__isnull=False)}
    for spell in paid.select_related("child", "created_by", "confirmed_by"):
        assert spell.created_by and spell.confirmed_by, spell
        if spell.pk in by_application:  # the two people: the street's verifier, the district's confirmer
            app = by_application[spell.pk]
            assert app.verified_by.role == "child_supervisor" and app.confirmed_by == spell.confirmed_by
            continue
        assert spell.created_by != spell.confirmed_by
        district = spell.child.area_id[:6]
        assert spell.created_by.role == spell.confirmed_by.role == "district_officer"
        assert spell.created_by.area_id == spell.confirmed_by.area_id == district
        assert spell.confirmed_on is not None


def test_applications_name_a_real_applicant(city):
    """QA: the demo's applications showed 申请人 "监护人 · 监护人"."""
    from childwelfare.benefits.models import EligibilityApplication

    apps = list(EligibilityApplication.objects.select_related("child"))
    assert apps
    for app in apps:
        names = set(app.child.family.values_list("name", flat=True)) | {app.child.name}
        assert app.applicant_name in names and app.applicant_name != "监护人"
