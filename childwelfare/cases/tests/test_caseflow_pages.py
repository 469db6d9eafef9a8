"""The case pages: the list with its filters and export, a case's page by role and area,
opening a case from the child's page, a stale edit refused with the other change shown,
steps posted by roles that may not take them, the liaison's page and the child's timeline
(issue 10)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from childwelfare.cases.choices import ApprovalStage, CaseStatus
from childwelfare.cases.models import Case
from childwelfare.cases.services import caseflow as flow
from childwelfare.cases.services import caseflow_plan as plan
from childwelfare.testing.factories import ChildFactory
from childwelfare.testing.people import MEIYUAN

from .caseflow_world import new_case, walk

pytestmark = pytest.mark.django_db


def test_the_list_filters_by_status_and_class_and_exports_the_same_rows(people, client):
    open_one = new_case(people)
    closed = walk(new_case(people), CaseStatus.CLOSED, people)
    other = new_case(people, area="320106001001", worker="officer_gulou", supervisor=None)
    client.force_login(people["officer_xuanwu"])
    page = client.get(reverse("cases:case_list")).content.decode()
    assert open_one.number in page and closed.number in page and other.number not in page
    page = client.get(reverse("cases:case_list") + "?status=closed").content.decode()
    assert closed.number in page and open_one.number not in page
    page = client.get(reverse("cases:case_list") + "?key_class=dropped_out").content.decode()
    assert open_one.number not in page
    export = client.get(reverse("cases:case_export") + "?status=closed")
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_case_page_by_role_and_area(people, client):
    case = walk(new_case(people), CaseStatus.INTERVENTION, people)
    for who, status in (
        ("officer_xuanwu", 200),
        ("supervisor_meiyuan", 200),
        ("director_meiyuan", 200),
        ("auditor_xuanwu", 200),
        ("officer_gulou", 404),
        ("director_daxinggong", 404),
        ("liaison_education_xuanwu", 404),  # may not read cases at all
    ):
        client.force_login(people[who])
        assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == status, who
    client.force_login(people["officer_xuanwu"])
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert case.child.masked_id in page and case.child.id_number not in page
    assert "复学安置" in page and "开始回顾评估" in page


def test_steps_posted_by_roles_that_may_not_take_them(people, client):
    case = new_case(people)
    url = reverse("cases:case_start_assessment", args=[case.pk])
    client.force_login(people["auditor_xuanwu"])
    assert client.post(url, {"version": case.version}).status_code == 403
    client.force_login(people["officer_gulou"])
    assert client.post(url, {"version": case.version}).status_code == 404
    client.force_login(people["director_meiyuan"])
    assert client.post(url, {"version": case.version}).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.ASSESSMENT
    # An illegal move from a stale page changes nothing.
    client.post(url, {"version": case.version})
    case.refresh_from_db()
    assert case.status == CaseStatus.ASSESSMENT


def test_the_supervisor_returns_with_a_comment_from_the_page(people, client):
    case = walk(new_case(people), CaseStatus.ASSESSMENT, people)
    case.assessment = "x"
    case.save()
    approval = flow.request_approval(case, ApprovalStage.ASSESSMENT, actor=people["director_meiyuan"])
    client.force_login(people["supervisor_meiyuan"])
    url = reverse("cases:case_decide", args=[case.pk])
    page = client.post(
        url, {"approval": approval.pk, "decision": "return", "comment": "", "version": case.version}
    )
    assert page.status_code == 200 and "退回时请填写审批意见" in page.content.decode()
    client.post(
        url, {"approval": approval.pk, "decision": "return", "comment": "补充材料", "version": case.version}
    )
    approval.refresh_from_db()
    assert approval.decision == "returned" and approval.comment == "补充材料"
    # The requester sees no decision form on their own request.
    client.force_login(people["director_meiyuan"])
    flow.request_approval(case, ApprovalStage.ASSESSMENT, actor=people["director_meiyuan"])
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "提交审批意见" not in page


def test_opening_a_case_from_the_childs_page(people, client):
    child = ChildFactory(area_id=MEIYUAN)
    url = reverse("cases:case_open", args=[child.pk])
    client.force_login(people["director_meiyuan"])
    assert client.get(url).status_code == 403
    assert "开立个案" not in client.get(reverse("registry:child_detail", args=[child.pk])).content.decode()
    client.force_login(people["supervisor_meiyuan"])
    assert "开立个案" in client.get(reverse("registry:child_detail", args=[child.pk])).content.decode()
    data = {
        "source": "family_or_child",
        "worker": people["director_meiyuan"].pk,
        "supervisor": people["supervisor_meiyuan"].pk,
        "key_classes": ["dropped_out"],
        "summary": "辍学在家",
        "opened_on": timezone.localdate().isoformat(),
    }
    # A worker who does not work over the child's area is refused, what was typed kept.
    page = client.post(url, {**data, "worker": people["director_daxinggong"].pk})
    assert page.status_code == 200 and "辍学在家" in page.content.decode()
    response = client.post(url, data)
    case = Case.objects.get(child=child)
    assert response.status_code == 302 and response["Location"] == reverse(
        "cases:case_detail", args=[case.pk]
    )
    assert case.worker == people["director_meiyuan"]
    assert list(case.key_classes.values_list("key_class", flat=True)) == ["dropped_out"]
    # The child's timeline shows the case.
    timeline = client.get(reverse("registry:child_detail", args=[child.pk])).content.decode()
    assert case.number in timeline


def test_a_stale_edit_is_refused_with_the_other_change_shown(people, client):
    case = new_case(people)
    url = reverse("cases:case_edit", args=[case.pk])
    seen = case.version
    flow.update_case(case, actor=people["officer_xuanwu"], expected_version=seen, summary="祖母已接回照料")
    client.force_login(people["director_meiyuan"])
    response = client.post(
        url,
        {
            "source": case.source,
            "worker": case.worker_id,
            "supervisor": case.supervisor_id,
            "key_classes": ["left_alone"],
            "summary": "独自在家",
            "assessment": "我的评估",
            "needs": "",
            "version": seen,
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and "祖母已接回照料" in body and "我的评估" in body
    case.refresh_from_db()
    assert case.summary == "祖母已接回照料" and case.assessment == ""


def test_the_liaison_page_lists_only_their_departments_actions(people, client):
    case = walk(new_case(people), CaseStatus.INTERVENTION, people)
    health = plan.add_plan_action(
        case,
        actor=people["officer_xuanwu"],
        title="康复评估",
        owner_kind="department",
        department="health",
        due_on=timezone.localdate() + timedelta(days=3),
    )
    education = case.actions.get(department="education")
    client.force_login(people["liaison_education_xuanwu"])
    page = client.get(reverse("cases:department_actions")).content.decode()
    assert "复学安置" in page and "康复评估" not in page
    assert case.child.name in page and case.child.masked_id in page
    assert client.get(reverse("cases:action_detail", args=[education.pk])).status_code == 200
    assert client.get(reverse("cases:action_detail", args=[health.pk])).status_code == 404
    assert (
        client.post(reverse("cases:action_complete", args=[health.pk]), {"evidence": "x"}).status_code == 404
    )
    response = client.post(
        reverse("cases:action_complete", args=[education.pk]),
        {"evidence": "已复学", "version": education.version},
    )
    assert response.status_code == 302
    education.refresh_from_db()
    assert education.status == "done"
    # The case page stays closed to the liaison.
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404


def test_a_closed_case_page_offers_no_writing_but_reopening_to_the_officer(people, client):
    case = walk(new_case(people), CaseStatus.CLOSED, people)
    client.force_login(people["director_meiyuan"])
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    for name in ("case_action_add", "case_note_add", "case_goal_add", "case_reopen", "case_request_closure"):
        assert reverse(f"cases:{name}", args=[case.pk]) not in page, name
    assert client.get(reverse("cases:case_edit", args=[case.pk])).status_code == 302
    client.force_login(people["officer_xuanwu"])
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert reverse("cases:case_reopen", args=[case.pk]) in page
    response = client.post(
        reverse("cases:case_reopen", args=[case.pk]), {"reason": "", "version": case.version}
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_the_case_page_offers_a_conference_to_the_convener_only(people, client):
    """发起会商 on a case's page (the conference form with the case's number filled in) for
    the district officer; not for the supervisor, nor once the case is closed."""
    case = walk(new_case(people), CaseStatus.INTERVENTION, people)
    link = f'href="{reverse("cases:conference_create")}?case={case.pk}"'
    client.force_login(people["officer_xuanwu"])
    assert link in client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    form = client.get(reverse("cases:conference_create") + f"?case={case.pk}").content.decode()
    assert case.number in form
    client.force_login(people["supervisor_meiyuan"])
    assert link not in client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    closed = walk(new_case(people), CaseStatus.CLOSED, people)
    client.force_login(people["officer_xuanwu"])
    page = client.get(reverse("cases:case_detail", args=[closed.pk])).content.decode()
    assert f"?case={closed.pk}" not in page
