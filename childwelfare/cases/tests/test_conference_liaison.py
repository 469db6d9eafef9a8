"""A department liaison sees the conferences their department was invited to, and of each
only their department's part: its actions and the agenda cases' numbers, never the child's
file (会商, issue 10). Other conferences, and the record's pages, are closed (404 / 403)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from childwelfare.audit.models import AccessLog
from childwelfare.cases.models import ConferenceCase
from childwelfare.cases.services import conference as services

from .conference_world import TODAY, convene, hold, make_case

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(people, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    officer = people["officer_xuanwu"]
    case = make_case(people, name="韩小梅")
    invited = hold(convene(people, [case], title="教育部门受邀的会商"), people)
    item = ConferenceCase.objects.get(conference=invited)
    decision = services.record_decision(item, actor=officer, text="落实复学，开展心理疏导")
    due = TODAY + timedelta(days=10)
    services.add_decision_action(
        decision, actor=officer, title="落实复学", owner_kind="department", department="education", due_on=due
    )
    services.add_decision_action(
        decision, actor=officer, title="心理疏导", owner_kind="department", department="health", due_on=due
    )
    paper = services.add_paper(
        invited, actor=officer, upload=SimpleUploadedFile("情况说明.pdf", PDF, content_type="application/pdf")
    )
    other = convene(
        people,
        [make_case(people)],
        departments=("health", "public_security", "justice"),
        title="未邀请教育部门的会商",
    )
    other_paper = services.add_paper(
        other, actor=officer, upload=SimpleUploadedFile("另一份.pdf", PDF, content_type="application/pdf")
    )
    return {"invited": invited, "other": other, "case": case, "paper": paper, "other_paper": other_paper}


def test_the_list_holds_only_invited_conferences(client, people, world):
    client.force_login(people["liaison_education_xuanwu"])
    page = client.get(reverse("cases:conference_list")).content.decode()
    assert "教育部门受邀的会商" in page and "未邀请教育部门的会商" not in page


def test_the_page_shows_the_departments_actions_and_case_numbers_only(client, people, world):
    client.force_login(people["liaison_education_xuanwu"])
    response = client.get(reverse("cases:conference_detail", args=[world["invited"].pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert world["case"].number in page and "落实复学" in page
    assert "心理疏导" not in page  # the health department's action
    assert "韩小梅" not in page  # the child's name: the file is not a liaison's
    assert "开展心理疏导" not in page and "会议研究了个案情况" not in page  # decision text, minutes
    assert reverse("cases:conference_minutes_pdf", args=[world["invited"].pk]) not in page


def test_other_conferences_and_the_records_pages_are_closed(client, people, world):
    client.force_login(people["liaison_education_xuanwu"])
    other, invited = world["other"], world["invited"]
    assert client.get(reverse("cases:conference_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("cases:conference_paper", args=[world["other_paper"].pk])).status_code == 404
    assert client.get(reverse("cases:conference_minutes_pdf", args=[invited.pk])).status_code == 403
    assert client.get(reverse("cases:conference_attendance", args=[invited.pk])).status_code == 403
    item = ConferenceCase.objects.get(conference=invited)
    assert client.get(reverse("cases:conference_decision", args=[item.pk])).status_code == 404


def test_an_invited_liaison_reads_the_papers_and_each_download_is_logged(client, people, world):
    client.force_login(people["liaison_education_xuanwu"])
    response = client.get(reverse("cases:conference_paper", args=[world["paper"].pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    entry = AccessLog.objects.get(object_type="cases.conferencepaper", object_id=str(world["paper"].pk))
    assert entry.user == people["liaison_education_xuanwu"] and "情况说明.pdf" in entry.detail
