"""Problems handed to departments: a liaison sees only their department's problems, the
liaison handles and the officer verifies, and overdue problems are flagged."""

from datetime import timedelta

import pytest
from django.urls import reverse

from childwelfare.accounts.choices import Department
from childwelfare.discovery.choices import ProblemKind, ProblemStatus
from childwelfare.discovery.models import Problem
from childwelfare.discovery.tests.helpers import TODAY, as_user, row_of, status_code
from childwelfare.testing.factories import ProblemFactory

pytestmark = pytest.mark.django_db


def test_liaison_sees_only_their_departments_problems(client, people, kids):
    school = ProblemFactory(child=kids["wang"], kind=ProblemKind.SCHOOLING, department=Department.EDUCATION)
    hukou = ProblemFactory(child=kids["wang"], kind=ProblemKind.HUKOU, department=Department.PUBLIC_SECURITY)
    gulou = ProblemFactory(
        child=kids["qian"],
        raised_by=people["director_ninghai"],
        kind=ProblemKind.SCHOOLING,
        description="鼓楼的问题",
        department=Department.EDUCATION,
    )
    liaison = people["liaison_education_xuanwu"]
    listed = as_user(client, liaison).get(reverse("discovery:problem_list"))
    assert [p.pk for p in listed.context["page"].object_list] == [school.pk]
    assert status_code(client, liaison, reverse("discovery:problem_detail", args=[school.pk])) == 200
    assert status_code(client, liaison, reverse("discovery:problem_detail", args=[hukou.pk])) == 404
    assert status_code(client, liaison, reverse("discovery:problem_detail", args=[gulou.pk])) == 404
    officer = as_user(client, people["officer_xuanwu"]).get(reverse("discovery:problem_list"))
    assert {p.pk for p in officer.context["page"].object_list} == {school.pk, hukou.pk}
    assert (
        status_code(client, people["officer_gulou"], reverse("discovery:problem_detail", args=[school.pk]))
        == 404
    )
    supervisor = as_user(client, people["supervisor_meiyuan"]).get(
        reverse("discovery:problem_list"), {"department": Department.PUBLIC_SECURITY}
    )
    assert [p.pk for p in supervisor.context["page"].object_list] == [hukou.pk]


def test_problem_is_handled_by_the_liaison_and_verified_by_the_officer(client, people, kids):
    child_url = reverse("discovery:child", args=[kids["wang"].pk])
    as_user(client, people["director_meiyuan"]).post(
        child_url,
        {
            "form": "problem",
            "problem-kind": ProblemKind.SCHOOLING,
            "problem-department": Department.EDUCATION,
            "problem-description": "长期不到校",
            "problem-deadline": (TODAY + timedelta(days=7)).isoformat(),
        },
    )
    problem = Problem.objects.get()
    detail = reverse("discovery:problem_detail", args=[problem.pk])
    liaison = as_user(client, people["liaison_education_xuanwu"])
    assert liaison.get(detail).context["may_act"]
    liaison.post(reverse("discovery:problem_action", args=[problem.pk]), {"text": "已联系学校"})
    liaison.post(reverse("discovery:problem_solve", args=[problem.pk]), {"version": 0, "text": "已复学"})
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.SOLVED
    officer = as_user(client, people["officer_xuanwu"])
    officer.post(
        reverse("discovery:problem_reopen", args=[problem.pk]),
        {"version": problem.version, "reason": "仍未到校"},
    )
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.OPEN
    # A stale "close" (the version of before the reopen) is a conflict and changes nothing.
    response = officer.post(
        reverse("discovery:problem_close", args=[problem.pk]), {"version": problem.version - 1}, follow=True
    )
    assert "其他人已先处理了这条记录" in response.content.decode()
    assert Problem.objects.get().status == ProblemStatus.OPEN
    liaison = as_user(client, people["liaison_education_xuanwu"])
    liaison.post(
        reverse("discovery:problem_solve", args=[problem.pk]), {"version": problem.version, "text": "已到校"}
    )
    problem.refresh_from_db()
    as_user(client, people["officer_xuanwu"]).post(
        reverse("discovery:problem_close", args=[problem.pk]), {"version": problem.version}
    )
    assert Problem.objects.get().status == ProblemStatus.CLOSED
    kinds = list(problem.actions.values_list("kind", flat=True))
    assert kinds == ["raised", "action", "solved", "reopened", "solved", "closed"]


def test_overdue_problems_are_flagged(client, people, kids):
    late = ProblemFactory(
        child=kids["wang"],
        kind=ProblemKind.HUKOU,
        description="未落户",
        department=Department.PUBLIC_SECURITY,
        deadline=TODAY - timedelta(days=4),
    )
    due_today = ProblemFactory(child=kids["li"], description="辍学在家", deadline=TODAY)
    officer = as_user(client, people["officer_xuanwu"])
    response = officer.get(reverse("discovery:problem_list"), {"overdue": "on"})
    assert [(p.pk, p.days_late) for p in response.context["page"].object_list] == [(late.pk, 4)]
    # Both on the full list; only the late one's row is marked.
    html = officer.get(reverse("discovery:problem_list")).content.decode()
    assert "table-danger" in row_of(html, f'data-problem="{late.pk}"')
    assert "table-danger" not in row_of(html, f'data-problem="{due_today.pk}"')
