"""A problem step refused by its form shows the problem again with the error beside its
field (QA, issue 7: a blank 办结情况 redirected with a generic message at the top)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from childwelfare.accounts.choices import Department
from childwelfare.discovery.choices import ProblemKind, ProblemStatus
from childwelfare.discovery.models import Problem
from childwelfare.discovery.services import raise_problem
from childwelfare.testing.factories import ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def problem(people):
    return raise_problem(
        child=ChildFactory(),
        actor=people["officer_xuanwu"],
        kind=ProblemKind.SCHOOLING,
        description="辍学",
        department=Department.EDUCATION,
        deadline=timezone.localdate() + timedelta(days=10),
    )


def test_a_blank_solution_is_refused_beside_the_field(client, people, problem):
    client.force_login(people["liaison_education_xuanwu"])
    response = client.post(
        reverse("discovery:problem_solve", args=[problem.pk]), {"version": problem.version, "text": "   "}
    )
    assert response.status_code == 200
    form = response.context["solve_form"]
    assert form.errors.get("text") and not form.non_field_errors()
    assert Problem.objects.get(pk=problem.pk).status == ProblemStatus.OPEN
