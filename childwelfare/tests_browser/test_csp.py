"""The Content-Security-Policy in a real browser (issue 13, finding 10): a child director and a
district officer open the main pages and use their scripts (the filter bar, the language
switch, a confirm button, select-all); the browser reports no CSP violation and no console
error, and the page scripts still work (htmx requests go out, the confirm dialog is asked)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from childwelfare.areas.models import Area
from childwelfare.discovery import services as discovery
from childwelfare.discovery.models import ScreeningRecord
from childwelfare.lib.idnumber import FEMALE, make_number
from childwelfare.registry.choices import Category
from childwelfare.registry.services import add_category, create_child
from childwelfare.testing.people import MEIYUAN, MEIYUAN_STREET, ensure_people

from .actors import Stage
from .test_discovery_flow import restore_four_colour_defaults

pytestmark = pytest.mark.browser

# A securitypolicyviolation event (the page's own report of what the CSP blocked) is written
# to the console, beside Chromium's own "Refused to …" message.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("CSP violation: " + event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def stage(chromium, live_server):
    stage = Stage(chromium, live_server.url, "csp")
    yield stage
    stage.close()


def watch_csp(page: Page, violations: list[str]) -> None:
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if any(
                mark in message.text for mark in ("Refused to", "Content Security Policy", "CSP violation")
            )
            else None
        ),
    )


def test_main_pages_raise_no_csp_violation(stage):
    restore_four_colour_defaults()  # the live server's database is flushed between tests
    people = ensure_people()
    officer, director = people["officer_xuanwu"], people["director_meiyuan"]
    today = timezone.localdate()
    child = create_child(
        actor=director,
        name="周小雨",
        id_number=make_number("320102", date(2015, 4, 2), 41, FEMALE),
        area_id=MEIYUAN,
    )
    add_category(child=child, actor=officer, category=Category.SCATTERED_ORPHAN, start_date=date(2024, 1, 1))
    running = discovery.create_campaign(
        actor=officer,
        name="梅园新村街道专项排查（CSP）",
        year=today.year,
        area=Area.objects.get(code=MEIYUAN_STREET),
        start_date=today - timedelta(days=3),
        end_date=today + timedelta(days=30),
        sample_rate=Decimal("0"),
    )
    discovery.start_campaign(running, actor=officer)
    draft = discovery.create_campaign(
        actor=officer,
        name="梅园新村街道草稿（CSP）",
        year=today.year,
        area=Area.objects.get(code=MEIYUAN_STREET),
        start_date=today,
        end_date=today + timedelta(days=30),
        sample_rate=Decimal("0"),
    )
    record = ScreeningRecord.objects.get(campaign=running, child=child)

    violations: list[str] = []
    pages = {
        "director_meiyuan": [
            reverse("home"),
            reverse("registry:child_list"),
            reverse("registry:child_detail", args=[child.pk]),
            reverse("registry:import_upload"),
            reverse("discovery:work"),
            reverse("discovery:campaign_detail", args=[running.pk]),
            reverse("discovery:record_list", args=[running.pk]),
            reverse("discovery:record_detail", args=[record.pk]),
            reverse("discovery:record_screen", args=[record.pk]),
            reverse("discovery:child", args=[child.pk]),
            reverse("discovery:child_visit", args=[child.pk]),
            reverse("discovery:visit_list"),
            reverse("discovery:problem_list"),
            reverse("benefits:application_list"),
            reverse("benefits:insurance_index"),
            reverse("password_change"),
        ],
        "officer_xuanwu": [
            reverse("home"),
            reverse("registry:child_list"),
            reverse("discovery:work"),
            reverse("discovery:campaign_list"),
            reverse("discovery:campaign_detail", args=[running.pk]),
            reverse("discovery:attention"),
            reverse("benefits:standard_list"),
            reverse("benefits:application_list"),
            reverse("benefits:payroll_month"),
            reverse("benefits:insurance_index"),
            reverse("audit:access_log"),
            reverse("workflow:events"),
        ],
    }
    for username, urls in pages.items():
        page = stage.as_user(username)
        watch_csp(page, violations)
        for url in urls:
            response = page.goto(url)
            assert response is not None and response.status == 200, (username, url)
            csp = response.headers.get("content-security-policy", "")
            assert "script-src 'self'" in csp, url

    # The scripts that used to be inline still work from static/js/site.js.
    page = stage.as_user("director_meiyuan")
    page.goto(reverse("registry:child_list"))
    with page.expect_request(re.compile(r"/children/\?")):
        page.locator("#child-filter select").first.select_option(index=1)
    page.goto(reverse("home"))
    page.locator("select[name=language]").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator("select[name=language]").select_option("zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")

    page = stage.as_user("officer_xuanwu")
    page.goto(reverse("discovery:campaign_detail", args=[draft.pk]))
    asked: list[str] = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.get_by_role("button", name="启动排查").click()
    expect(page).to_have_url(re.compile(rf"/campaigns/{draft.pk}/$"))
    assert asked, "the confirm dialog was not asked"
    draft.refresh_from_db()
    assert draft.status == "draft"

    assert not violations, "\n".join(violations)
