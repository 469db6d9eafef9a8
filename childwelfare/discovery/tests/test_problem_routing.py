"""Issue 9: a problem is transferred to another department (the old liaison loses it, the new
one gets it), its deadline extended with a reason (the history shown), the department
pressed (催办, counted in the liaison's list); the liaison sees the family's contact person,
the phone masked unless they hold the full-number permission (logged)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from childwelfare.accounts.choices import Department, Role
from childwelfare.audit.models import AccessLog
from childwelfare.discovery import services
from childwelfare.discovery.models import Problem, ProblemAction
from childwelfare.discovery.services import DiscoveryError
from childwelfare.discovery.tests.helpers import TODAY, as_user, messages_of
from childwelfare.discovery.views.home import home_panel_context
from childwelfare.testing import people as named
from childwelfare.testing.factories import FamilyMemberFactory, ProblemFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def problem(kids):
    return ProblemFactory(
        child=kids["wang"], department=Department.EDUCATION, deadline=TODAY + timedelta(days=10)
    )


@pytest.fixture
def health_liaison():
    return UserFactory(
        username="liaison_health_xuanwu",
        role=Role.DEPARTMENT_LIAISON,
        area_id=named.XUANWU,
        department="health",
    )


def detail(pk):
    return reverse("discovery:problem_detail", args=[pk])


def test_transfer_moves_the_problem_between_liaisons(client, people, problem, health_liaison):
    education = people["liaison_education_xuanwu"]
    assert as_user(client, health_liaison).get(detail(problem.pk)).status_code == 404
    officer = as_user(client, people["officer_xuanwu"])
    refused = officer.post(
        reverse("discovery:problem_transfer", args=[problem.pk]),
        {"version": problem.version, "department": "health", "reason": "  "},
    )
    assert refused.status_code == 200 and "reason" in refused.context["transfer_form"].errors
    assert Problem.objects.get(pk=problem.pk).department == Department.EDUCATION
    response = officer.post(
        reverse("discovery:problem_transfer", args=[problem.pk]),
        {"version": problem.version, "department": "health", "reason": "属医疗问题"},
    )
    assert response.status_code == 302 and "已转办。" in messages_of(response)
    assert as_user(client, education).get(detail(problem.pk)).status_code == 404
    listed = as_user(client, education).get(reverse("discovery:problem_list"))
    assert problem.pk not in [p.pk for p in listed.context["page"].object_list]
    page = as_user(client, health_liaison).get(detail(problem.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert "教育 → 卫生健康" in html and "属医疗问题" in html
    action = ProblemAction.objects.get(problem=problem, kind="transferred")
    assert (action.from_department, action.to_department, action.actor) == (
        "education",
        "health",
        people["officer_xuanwu"],
    )


def test_extension_needs_a_reason_and_a_later_date_and_is_kept(client, people, problem):
    officer = as_user(client, people["officer_xuanwu"])
    url = reverse("discovery:problem_extend", args=[problem.pk])
    later = (TODAY + timedelta(days=40)).isoformat()
    no_reason = officer.post(url, {"version": problem.version, "deadline": later, "reason": ""})
    assert no_reason.status_code == 200 and "reason" in no_reason.context["extend_form"].errors
    assert later in no_reason.content.decode()  # kept as typed
    earlier = officer.post(url, {"version": problem.version, "deadline": TODAY.isoformat(), "reason": "x"})
    assert "新的办理期限须晚于原期限" in earlier.content.decode()
    assert Problem.objects.get(pk=problem.pk).deadline == TODAY + timedelta(days=10)
    officer.post(url, {"version": problem.version, "deadline": later, "reason": "等待学籍材料"})
    problem.refresh_from_db()
    assert problem.deadline == TODAY + timedelta(days=40)
    html = as_user(client, people["liaison_education_xuanwu"]).get(detail(problem.pk)).content.decode()
    old = (TODAY + timedelta(days=10)).isoformat()
    assert f"延期：{old} → {later}" in html and "等待学籍材料" in html


def test_reminders_are_recorded_and_flagged_in_the_liaisons_list(client, people, problem, kids):
    other = ProblemFactory(child=kids["li"], department=Department.EDUCATION)
    supervisor = as_user(client, people["supervisor_meiyuan"])
    response = supervisor.post(
        reverse("discovery:problem_remind", args=[problem.pk]), {"note": "家长反映仍未入学"}
    )
    assert response.status_code == 302
    as_user(client, people["officer_xuanwu"]).post(reverse("discovery:problem_remind", args=[problem.pk]), {})
    problem.refresh_from_db()
    assert problem.reminder_count == 2
    reminders = list(ProblemAction.objects.filter(problem=problem, kind="reminded").order_by("pk"))
    assert [(r.actor.username, r.text) for r in reminders] == [
        ("supervisor_meiyuan", "家长反映仍未入学"),
        ("officer_xuanwu", "请抓紧办理"),
    ]
    liaison = as_user(client, people["liaison_education_xuanwu"])
    html = liaison.get(reverse("discovery:problem_list")).content.decode()
    assert 'data-reminded="2"' in html and "被催办 2 次" in html
    assert html.count("data-reminded=") == 1, other
    assert "家长反映仍未入学" in liaison.get(detail(problem.pk)).content.decode()
    panel = home_panel_context(people["liaison_education_xuanwu"], TODAY)["discovery_panel"]["items"]
    assert next(item.count for item in panel if str(item.label) == "被催办的问题") == 1
    assert "被催办的问题" in liaison.get(reverse("home")).content.decode()


def test_only_the_district_routes_and_only_officers_and_supervisors_remind(client, people, problem):
    for name in ("liaison_education_xuanwu", "director_meiyuan", "supervisor_meiyuan", "auditor_xuanwu"):
        for step, data in (
            ("problem_transfer", {"version": problem.version, "department": "health", "reason": "x"}),
            ("problem_extend", {"version": problem.version, "deadline": "2099-01-01", "reason": "x"}),
        ):
            response = as_user(client, people[name]).post(
                reverse(f"discovery:{step}", args=[problem.pk]), data
            )
            assert response.status_code == 403, (name, step)
    for name in ("liaison_education_xuanwu", "director_meiyuan"):
        response = as_user(client, people[name]).post(
            reverse("discovery:problem_remind", args=[problem.pk]), {}
        )
        assert response.status_code == 403, name
    # Another district's officer: the problem does not exist for them.
    for step in ("problem_transfer", "problem_extend", "problem_remind"):
        response = as_user(client, people["officer_gulou"]).post(
            reverse(f"discovery:{step}", args=[problem.pk]), {}
        )
        assert response.status_code == 404
    problem.refresh_from_db()
    assert (problem.department, problem.reminder_count) == ("education", 0)


def test_the_liaison_sees_the_contact_person_masked(client, people, problem, kids):
    FamilyMemberFactory(
        child=kids["wang"], relation="grandmother", name="王奶奶", phone="13912345678", is_guardian=True
    )
    liaison = people["liaison_education_xuanwu"]
    html = as_user(client, liaison).get(detail(problem.pk)).content.decode()
    assert "王奶奶（祖母）" in html
    assert "13912345678" not in html and "139****5678" in html
    assert not AccessLog.objects.filter(user=liaison).exists()
    # With the full-number permission (the officer of the demo holds it), shown and logged.
    officer = people["officer_xuanwu"]
    html = as_user(client, officer).get(detail(problem.pk)).content.decode()
    assert "13912345678" in html
    assert AccessLog.objects.filter(user=officer, action="view_full_id", detail__contains="王奶奶").exists()


def test_the_services_require_reasons(people, problem):
    officer = people["officer_xuanwu"]
    with pytest.raises(DiscoveryError) as refused:
        services.transfer_problem(
            problem, actor=officer, expected_version=problem.version, department="health", reason=" "
        )
    assert refused.value.code == "reason_missing"
    with pytest.raises(DiscoveryError) as refused:
        services.extend_problem_deadline(
            problem,
            actor=officer,
            expected_version=problem.version,
            deadline=TODAY + timedelta(days=99),
            reason="",
        )
    assert refused.value.code == "reason_missing"
    with pytest.raises(DiscoveryError) as refused:
        services.transfer_problem(
            problem, actor=officer, expected_version=problem.version, department="education", reason="x"
        )
    assert refused.value.code == "same_department"
    problem.refresh_from_db()
    assert problem.department == "education" and problem.deadline == TODAY + timedelta(days=10)
    assert not ProblemAction.objects.filter(problem=problem).exists()
