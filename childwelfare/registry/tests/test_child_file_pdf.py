"""Issue 9 "Paper": the child file (一人一档) as a PDF — it opens, carries every section with
the child's name and the masked ID number (never the full one, the guardian's neither),
draws every character with a CJK font (no missing-glyph boxes), is logged like a full
view, and answers 404 outside scope. Without WeasyPrint's libraries: a Chinese page, 503."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from childwelfare.audit.models import AccessAction, AccessLog
from childwelfare.discovery import services as discovery
from childwelfare.discovery.choices import MeasureType, ProviderKind
from childwelfare.discovery.models import RiskItem
from childwelfare.discovery.risk import current_item_set
from childwelfare.lib import pdf
from childwelfare.lib.idnumber import mask
from childwelfare.registry.choices import Category, Relation
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory, FamilyMemberFactory
from childwelfare.testing.pdf import glyph_report, is_cjk_font, page_count, pdf_text

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
GUARDIAN_ID = "320102196503040021"


@pytest.fixture
def child(people):
    child = ChildFactory(
        name="王舒诺", area_id=named.MEIYUAN, category=Category.RURAL_LEFT_BEHIND, birth_date=date(2015, 3, 4)
    )
    FamilyMemberFactory(
        child=child, name="王桂兰", relation=Relation.GRANDMOTHER, id_number=GUARDIAN_ID, is_guardian=True
    )
    item = RiskItem.objects.filter(item_set=current_item_set(TODAY), is_emergency=False).first()
    discovery.record_visit(
        child=child,
        actor=people["director_meiyuan"],
        visited_on=TODAY - timedelta(days=3),
        mode="home",
        item_ids=[item.pk],
        living_situation="与祖母同住，生活基本稳定",
    )
    discovery.add_care_measure(
        child=child,
        actor=people["director_meiyuan"],
        measure_type=MeasureType.LIVING,
        provider_kind=ProviderKind.DEPARTMENT,
        provider_name="梅园新村街道民政科",
        start_date=TODAY,
    )
    child.risk_item = item
    return child


def url(child) -> str:
    return reverse("registry:child_file_pdf", args=[child.pk])


def test_the_child_file_opens_with_every_section_and_the_masked_id_only(client, people, child):
    client.force_login(people["director_meiyuan"])
    response = client.get(url(child))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "inline" in response["Content-Disposition"]
    data = response.content
    assert page_count(data) >= 1
    text = pdf_text(data)
    assert "王舒诺" in text
    assert child.masked_id in text and child.masked_id == mask(child.id_number)
    assert child.id_number not in text
    assert child.id_number[10:] not in text.replace(" ", "")  # not even the order code
    assert mask(GUARDIAN_ID) in text and GUARDIAN_ID not in text
    for heading in (
        "基本信息",
        "家庭成员与监护人",
        "儿童类别",
        "四色评估记录",
        "走访记录",
        "帮扶措施",
        "认定申请",
    ):
        assert heading in text, heading
    assert "王桂兰" in text and "与祖母同住" in text and "梅园新村街道民政科" in text
    assert child.risk_item.label in text
    assert "共" in text and "第 1 页" in text  # the page counter
    assert "打印人" in text and "张丽" in text  # who printed it (director_meiyuan)


def test_every_character_is_drawn_with_a_cjk_font(client, people, child):
    client.force_login(people["director_meiyuan"])
    report = glyph_report(client.get(url(child)).content)
    assert report.glyphs > 200
    assert report.missing == 0
    assert report.fonts and all(is_cjk_font(name) for name in report.fonts), report.fonts


def test_the_glyph_check_sees_a_missing_glyph():
    """The check above can fail: a character no installed font has (Tangut) is a box."""
    data = pdf.html_to_pdf('<p style="font-family: Noto Sans CJK SC">王 \U00017000</p>')
    assert glyph_report(data).missing == 1


def test_printing_is_logged_like_a_full_view(client, people, child):
    client.force_login(people["director_meiyuan"])
    client.get(url(child))
    entry = AccessLog.objects.get(object_type="registry.child", object_id=str(child.pk))
    assert entry.action == AccessAction.DOWNLOAD
    assert entry.user == people["director_meiyuan"]
    assert entry.area_code == named.MEIYUAN
    assert "打印儿童档案" in entry.detail


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("director_meiyuan", 200),
        ("supervisor_meiyuan", 200),
        ("officer_xuanwu", 200),
        ("director_ninghai", 404),  # a sibling community
        ("officer_gulou", 404),  # another district
        ("liaison_education_xuanwu", 404),  # does not read the child file
    ],
)
def test_scope(client, people, child, username, status):
    client.force_login(people[username])
    assert client.get(url(child)).status_code == status
    assert AccessLog.objects.filter(object_id=str(child.pk)).exists() == (status == 200)


def test_without_weasyprint_the_answer_is_a_chinese_page_not_a_500(client, people, child, monkeypatch):
    def missing():
        raise pdf.PDFUnavailable("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "_weasyprint", missing)
    client.force_login(people["director_meiyuan"])
    response = client.get(url(child))
    assert response.status_code == 503
    body = response.content.decode()
    assert "暂时无法生成PDF" in body and "pango" in body


def test_the_page_counter_is_css_of_the_translated_sentence():
    assert pdf.page_counter_css() == '"第 " counter(page) " 页 共 " counter(pages) " 页"'
