"""The benefits home panel per role, and the doors closed to a liaison and a reviewer: the
pages without a record are the no-access page (403); a record's pages are exactly the page of a
missing record (404), so they learn nothing of it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from childwelfare.benefits.choices import InsuranceKind
from childwelfare.benefits.models import InsuranceScheme
from childwelfare.benefits.tests.helpers import TODAY, as_user, make_child, submit
from childwelfare.benefits.views import home_panel_context
from childwelfare.registry.choices import Category, ParentSituation
from childwelfare.registry.services import add_category
from childwelfare.testing.factories import EligibilityApplicationFactory

pytestmark = pytest.mark.django_db


def test_home_panel_context_per_role(client, city):
    child = make_child("冯小秋", father=ParentSituation.IN_CUSTODY, mother=ParentSituation.SERIOUSLY_ILL)
    as_user(client, city, "supervisor_meiyuan")
    submit(client, child, on=TODAY - timedelta(days=40))
    supervisor = home_panel_context(city["supervisor_meiyuan"], TODAY)["benefits_panel"]
    assert [(item.label, item.count) for item in supervisor["items"]] == [
        ("待查验申请", 1),
        ("3日内到期", 0),
        ("查验逾期", 1),
    ]
    officer = home_panel_context(city["officer_xuanwu"], TODAY)["benefits_panel"]
    counts = {str(item.label): item.count for item in officer["items"]}
    assert officer["payroll"]["payroll"] is None and counts["乡镇查验逾期"] == 1
    assert counts["待复核的保障类别"] == 0
    # A paid category entered by the first officer waits for the second one's review.
    add_category(
        child=make_child("褚小春"),
        actor=city["officer_xuanwu"],
        category=Category.SERIOUSLY_ILL_OR_DISABLED,
        start_date=TODAY - timedelta(days=10),
    )
    second = home_panel_context(city["officer2_xuanwu"], TODAY)["benefits_panel"]
    assert {str(item.label): item.count for item in second["items"]}["待复核的保障类别"] == 1
    html = render_to_string("benefits/_home_panel.html", {"benefits_panel": officer})
    assert "尚未计算" in html and reverse("benefits:payroll_month") in html
    admin = home_panel_context(city["admin_nanjing"], TODAY)["benefits_panel"]
    assert admin["payroll"]["districts"] == 11
    assert "已批准 0 / 11 个区" in render_to_string("benefits/_home_panel.html", {"benefits_panel": admin})
    nothing = home_panel_context(city["liaison_education_xuanwu"], TODAY)["benefits_panel"]
    assert nothing == {"items": [], "payroll": None}
    assert render_to_string("benefits/_home_panel.html", {"benefits_panel": nothing}).strip() == ""


@pytest.mark.parametrize("username", ["liaison_education_xuanwu", "reviewer_nanjing"])
def test_liaison_and_reviewer_see_nothing(client, city, username):
    child = make_child("褚小冬", father=ParentSituation.IN_CUSTODY, mother=ParentSituation.SERIOUSLY_ILL)
    app = EligibilityApplicationFactory(child=child)
    scheme = InsuranceScheme.objects.create(name="补充医疗保险", kind=InsuranceKind.SUPPLEMENTARY_MEDICAL)
    as_user(client, city, username)
    missing = client.get(reverse("benefits:application_detail", args=[app.pk + 1000]))
    assert missing.status_code == 404
    pages = [
        reverse("benefits:standard_list"),
        reverse("benefits:uprate"),
        reverse("benefits:application_list"),
        reverse("benefits:application_create"),
        reverse("benefits:child_search") + "?q=褚小冬",
        reverse("benefits:payroll_month"),
        reverse("benefits:insurance_index"),
    ]
    records = [
        reverse("benefits:application_detail", args=[app.pk]),
        reverse("benefits:application_create") + f"?child={child.pk}",
        reverse("benefits:eligibility_check", args=[child.pk]),
        reverse("benefits:insurance_scheme", args=[scheme.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "您的角色没有使用此功能的权限" in response.content.decode(), url
    for url in records:
        response = client.get(url)
        assert (response.status_code, response.content) == (404, missing.content), url
