"""Intake pages: the red list's 立案, a problem escalated, the mandatory-report prompt after
a visit with an abuse item, attachments served only in scope and logged (issue 10)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from childwelfare.audit.models import AccessLog
from childwelfare.cases.followups import ABUSE_ITEMS, abuse_situations
from childwelfare.cases.models import Case, Intake
from childwelfare.cases.services import intake as services
from childwelfare.discovery import board
from childwelfare.discovery import services as discovery
from childwelfare.discovery.models import RiskItem, ScreeningRecord
from childwelfare.discovery.tests.helpers import item_ids, register, screen_data
from childwelfare.registry.models import Child
from childwelfare.testing import people as named

from .intake_helpers import school_report

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_red_list_reads_the_cases_table_and_offers_to_open_a_case(people):
    officer, director = people["officer_xuanwu"], people["director_meiyuan"]
    red = register("红红", named.MEIYUAN)
    discovery.record_visit(child=red, actor=director, visited_on=TODAY, item_ids=item_ids("runaway_begging"))
    visible = Child.objects.visible_to(officer)
    assert [c.name for c in board.needs_a_case(visible)] == ["红红"]
    page = client_for(officer).get(reverse("discovery:attention")).content.decode()
    link = f"{reverse('cases:intake_create')}?child={red.pk}&amp;source=discovery_red"
    assert link in page
    form = client_for(officer).get(
        reverse("cases:intake_create"), {"child": red.pk, "source": "discovery_red"}
    )
    assert form.context["form"]["source"].value() == "discovery_red"
    assert form.context["child"] == red
    intake = services.record_intake(
        actor=officer, source="discovery_red", received_at=timezone.now(), description="红色儿童", child=red
    )
    services.open_case_for_intake(intake, actor=officer, expected_version=None)
    assert not board.needs_a_case(visible).exists()
    assert board.attention_counts(visible, TODAY)["case"] == 0
    Case.objects.filter(child=red).update(status="closed")
    assert [c.name for c in board.needs_a_case(visible)] == ["红红"]  # a closed case is no open case


def test_a_problem_is_escalated_to_an_intake(people):
    director = people["director_meiyuan"]
    kid = register("王小明", named.MEIYUAN)
    problem = discovery.raise_problem(
        child=kid,
        actor=director,
        kind="schooling",
        description="长期不到校",
        department="education",
        deadline=TODAY + timedelta(days=7),
    )
    client = client_for(director)
    page = client.get(reverse("discovery:problem_detail", args=[problem.pk])).content.decode()
    assert f"{reverse('cases:intake_create')}?problem={problem.pk}" in page
    form = client.get(reverse("cases:intake_create"), {"problem": problem.pk})
    data = {
        "problem": problem.pk,
        "source": form.context["form"]["source"].value(),
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "description": form.context["form"]["description"].value(),
    }
    assert data["source"] == "discovery_problem" and data["description"] == "长期不到校"
    response = client.post(reverse("cases:intake_create"), data)
    assert response.status_code == 302
    intake = Intake.objects.get()
    assert intake.problem == problem and intake.child == kid and intake.source == "discovery_problem"
    liaison = people["liaison_education_xuanwu"]
    page = client_for(liaison).get(reverse("discovery:problem_detail", args=[problem.pk])).content.decode()
    assert "data-escalate" not in page


def test_the_abuse_items_are_known_by_their_codes():
    codes = set(RiskItem.objects.filter(item_set__version=1).values_list("code", flat=True))
    assert set(ABUSE_ITEMS) <= codes
    assert abuse_situations(item_ids("domestic_violence", "malnutrition")) == ["4"]
    assert abuse_situations(item_ids("abandoned", "malnutrition")) == []


def test_a_visit_with_an_abuse_item_prompts_a_mandatory_report(people):
    kid = register("李小红", named.MEIYUAN, gender="F")
    url = reverse("discovery:child_visit", args=[kid.pk])
    data = screen_data(ScreeningRecord(version=0), items=item_ids("domestic_violence"))
    data.pop("version")
    client = client_for(people["director_meiyuan"])
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    prompt = f"{reverse('cases:report_create')}?child={kid.pk}&amp;situations=4"
    assert prompt in page and "data-report-prompt" in page
    form = client.get(reverse("cases:report_create"), {"child": kid.pk, "situations": "4"})
    assert form.context["form"]["situations"].value() == ["4"]
    # no prompt without such an item
    other = register("赵安安", named.MEIYUAN)
    data = screen_data(ScreeningRecord(version=0), items=item_ids("malnutrition"))
    data.pop("version")
    page = client.post(reverse("discovery:child_visit", args=[other.pk]), data, follow=True).content.decode()
    assert "data-report-prompt" not in page


def test_attachments_are_served_only_in_scope_and_logged(people, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    officer = people["officer_xuanwu"]
    report = school_report(officer, register("王小雨", named.MEIYUAN))
    client = client_for(officer)
    refused = client.post(
        reverse("cases:intake_attach", args=[report.intake_id]),
        {"attach-file": SimpleUploadedFile("照片.jpg", b"<html>not a jpeg")},
    )
    assert refused.status_code == 200 and "不是允许的文件类型" in refused.content.decode()
    client.post(
        reverse("cases:intake_attach", args=[report.intake_id]),
        {"attach-file": SimpleUploadedFile("照片.jpg", b"\xff\xd8\xff\xe0 jpeg")},
    )
    attachment = report.intake.attachments.get()
    url = reverse("cases:attachment_download", args=[attachment.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\xff\xd8\xff\xe0 jpeg"
    assert "attachment" in response["Content-Disposition"]
    assert AccessLog.objects.filter(action="download", user=officer, object_id=str(attachment.pk)).exists()
    for outsider in ("officer_gulou", "director_daxinggong", "liaison_education_xuanwu", "reviewer_nanjing"):
        assert client_for(people[outsider]).get(url).status_code == 404, outsider
    # never under a static address
    assert not attachment.file.path.startswith(str(settings.STATIC_ROOT))
    assert client.get("/media/" + attachment.file.name).status_code == 404


def test_the_intake_page_links_the_case_it_opened(people):
    """After 立案 the intake's page leads to the case (the browser flow found only its number)."""
    officer = people["officer_xuanwu"]
    child = register("林小北", named.MEIYUAN)
    report = school_report(officer, child)
    case, _linked = services.open_case_for_intake(report.intake, actor=officer, expected_version=None)
    page = client_for(officer).get(reverse("cases:intake_detail", args=[report.intake_id])).content.decode()
    assert f'href="{reverse("cases:case_detail", args=[case.pk])}"' in page
