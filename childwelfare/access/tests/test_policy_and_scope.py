"""The one role policy and the declared scope, tested directly (issue 7: one rule for
superusers, inactive users, liaisons; scope declared once per model)."""

from datetime import date, timedelta

import pytest
from django.apps import apps
from django.http import Http404
from django.utils import timezone

from childwelfare.access.guards import get_visible_or_404
from childwelfare.access.scope import OutOfScope, Scope, ScopedQuerySet, scoped_models
from childwelfare.accounts import policy
from childwelfare.accounts.choices import Department, Role
from childwelfare.accounts.models import User
from childwelfare.accounts.services import system_user
from childwelfare.areas.models import Area
from childwelfare.audit.models import AccessLog
from childwelfare.benefits.models import Payroll
from childwelfare.discovery.choices import ProblemKind
from childwelfare.discovery.models import Campaign, Problem
from childwelfare.discovery.services import create_campaign, raise_problem
from childwelfare.registry.models import Child
from childwelfare.registry.services import reveal_full_id
from childwelfare.testing.factories import ChildFactory
from childwelfare.testing.people import GULOU, MEIYUAN, NINGHAI, XUANWU

pytestmark = pytest.mark.django_db


def test_anonymous_inactive_and_arealess_users_can_do_nothing(people):
    from django.contrib.auth.models import AnonymousUser

    director = people["director_meiyuan"]
    director.is_active = False
    no_area = User(username="no_area", role=Role.DISTRICT_OFFICER)
    for user in (AnonymousUser(), director, no_area):
        assert not policy.has_role(user, Role.CHILD_DIRECTOR, Role.DISTRICT_OFFICER)
        assert not policy.acts_within(user, MEIYUAN, Role.CHILD_DIRECTOR, Role.DISTRICT_OFFICER)
        assert Child.objects.visible_to(user).query.is_empty()


def test_the_system_user_acts_everywhere_and_a_superuser_with_an_area_only_inside_it(people):
    system = system_user()
    assert not system.is_active  # nobody can sign in as it
    assert policy.is_system(system)
    assert policy.acts_within(system, NINGHAI, Role.DISTRICT_OFFICER)
    admin_xuanwu = User(username="su", is_superuser=True, is_active=True, area_id=XUANWU)
    assert policy.acts_within(admin_xuanwu, MEIYUAN, Role.DISTRICT_OFFICER)
    assert not policy.acts_within(admin_xuanwu, NINGHAI, Role.DISTRICT_OFFICER)


def test_role_within_area(people):
    director = people["director_meiyuan"]
    assert policy.acts_within(director, MEIYUAN, Role.CHILD_DIRECTOR)
    assert not policy.acts_within(director, MEIYUAN[:9], Role.CHILD_DIRECTOR)  # the street above
    assert not policy.acts_within(director, MEIYUAN, Role.DISTRICT_OFFICER)
    assert policy.acts_within(people["officer_xuanwu"], MEIYUAN, {Role.DISTRICT_OFFICER, Role.CITY_ADMIN})
    assert not policy.within(director, None)


def test_every_model_with_visible_to_declares_its_scope():
    """One implementation: a model whose manager offers visible_to gets it from its Scope."""
    for model in apps.get_models():
        if model._meta.app_label in {"areas"}:
            continue  # the divisions themselves: AreaQuerySet applies the policy's area prefix
        if hasattr(model._default_manager, "visible_to"):
            assert isinstance(getattr(model, "scope", None), Scope), model
            assert isinstance(model._default_manager.all(), ScopedQuerySet), model
    assert {m.__name__ for m in scoped_models()} >= {"Child", "Problem", "Payroll", "AccessLog"}


def test_a_superuser_with_an_area_sees_only_its_districts_payrolls(people):
    Payroll.objects.create(area_id=XUANWU, month=date(2026, 1, 1))
    Payroll.objects.create(area_id=GULOU, month=date(2026, 1, 1))
    admin_xuanwu = User.objects.create(username="su", is_superuser=True, area_id=XUANWU)
    assert [p.area_id for p in Payroll.objects.visible_to(admin_xuanwu)] == [XUANWU]
    assert Payroll.objects.visible_to(system_user()).count() == 2
    # Below the district, payrolls as a whole are closed (their children's lines are not).
    assert not Payroll.objects.visible_to(people["director_meiyuan"]).exists()


def test_liaisons_see_only_their_departments_problems_in_their_area(people):
    officer = people["officer_xuanwu"]
    child = ChildFactory(area_id=MEIYUAN)
    deadline = timezone.localdate() + timedelta(days=10)

    def problem(department):
        return raise_problem(
            child=child,
            actor=officer,
            kind=ProblemKind.SCHOOLING,
            description="辍学",
            department=department,
            deadline=deadline,
        )

    education, health = problem(Department.EDUCATION), problem(Department.HEALTH)
    liaison = people["liaison_education_xuanwu"]
    assert list(Problem.objects.visible_to(liaison)) == [education]
    assert {p.pk for p in Problem.objects.visible_to(officer)} == {education.pk, health.pk}
    # The liaison reads no child file, even of the child their problem is about.
    assert not Child.objects.visible_to(liaison).exists()
    with pytest.raises(Http404):
        get_visible_or_404(Problem, liaison, pk=health.pk)


def test_campaigns_over_a_higher_area_are_visible_below_it(people):
    city = create_campaign(
        actor=people["admin_nanjing"],
        name="全市排查",
        year=2026,
        area=Area.objects.get(code="3201"),
        start_date=date(2026, 1, 1),
        end_date=date(2026, 3, 31),
    )
    gulou = create_campaign(
        actor=people["officer_gulou"],
        name="鼓楼排查",
        year=2026,
        area=Area.objects.get(code=GULOU),
        start_date=date(2026, 1, 1),
        end_date=date(2026, 3, 31),
    )
    seen = set(Campaign.objects.visible_to(people["director_meiyuan"]))
    assert city in seen and gulou not in seen


def test_get_visible_or_404_treats_missing_outside_and_malformed_alike(people):
    child = ChildFactory(area_id=NINGHAI)
    director = people["director_meiyuan"]
    for pk in (child.pk, 10**9, "abc"):
        with pytest.raises(Http404):
            get_visible_or_404(Child, director, pk=pk)
    assert get_visible_or_404(Child, people["officer_gulou"], pk=child.pk) == child


def test_reveal_full_id_checks_the_area_not_only_the_permission(people):
    """An officer of 鼓楼 holds the full-ID permission, but a 玄武 child is outside their area."""
    child = ChildFactory(area_id=MEIYUAN)
    before = AccessLog.objects.count()
    with pytest.raises(OutOfScope):
        reveal_full_id(child, actor=people["officer_gulou"])
    assert AccessLog.objects.count() == before
    assert reveal_full_id(child, actor=people["officer_xuanwu"]) == child.id_number
    assert AccessLog.objects.count() == before + 1
