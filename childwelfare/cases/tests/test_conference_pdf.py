"""The minutes of a conference as a printable PDF (会商, issue 10): the Chinese decision,
dissent, actions and attendance in the text, every character drawn with a CJK font, logged,
closed to those who do not read the record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from childwelfare.audit.models import AccessLog
from childwelfare.cases.models import ConferenceCase
from childwelfare.cases.services import conference as services
from childwelfare.testing.pdf import glyph_report, is_cjk_font, pdf_text

from .conference_world import TODAY, convene, hold, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference(people):
    officer = people["officer_xuanwu"]
    conference = hold(
        convene(people, [make_case(people, name="欧阳小雪")], title="梅园新村街道困境儿童会商"), people
    )
    decision = services.record_decision(
        ConferenceCase.objects.get(conference=conference),
        actor=officer,
        text="由教育局协调转学至梅园中学，卫健委安排心理咨询",
        dissent="公安分局认为应先行调查监护情况",
    )
    services.add_decision_action(
        decision,
        actor=officer,
        title="协调转学",
        owner_kind="department",
        department="education",
        due_on=TODAY + timedelta(days=15),
    )
    return conference


def test_the_minutes_hold_the_chinese_decision_and_draw_it_with_cjk_fonts(client, people, conference):
    client.force_login(people["officer_xuanwu"])
    response = client.get(reverse("cases:conference_minutes_pdf", args=[conference.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content).replace("\n", "")
    for words in (
        "个案会商纪要",
        "梅园新村街道困境儿童会商",
        "由教育局协调转学至梅园中学",
        "公安分局认为应先行调查监护情况",
        "协调转学",
        "欧阳小雪",
        "李文静",  # the convener
        "玄武区民政局三楼会议室",
        "会议研究了个案情况",
        "召集人",  # signature lines
    ):
        assert words in text, words
    report = glyph_report(response.content)
    assert report.glyphs > 100 and report.missing == 0
    assert report.fonts and all(is_cjk_font(name) for name in report.fonts), report.fonts
    entry = AccessLog.objects.get(object_type="cases.conference", object_id=str(conference.pk))
    assert "打印会商纪要" in entry.detail


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("officer_xuanwu", 200),
        ("admin_nanjing", 200),
        ("auditor_xuanwu", 200),
        ("officer_gulou", 404),  # another district
        ("director_meiyuan", 404),  # does not read conferences
        ("liaison_education_xuanwu", 403),  # reads only the department's part
    ],
)
def test_scope(client, people, conference, username, status):
    client.force_login(people[username])
    assert client.get(reverse("cases:conference_minutes_pdf", args=[conference.pk])).status_code == status
