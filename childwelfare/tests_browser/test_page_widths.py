"""Pages that must not scroll sideways (QA of issue 14), measured in Chromium as
document width minus window width (clientWidth: a phone context's innerWidth grows with a page
that is too wide, so it cannot tell).

- The city administrator's English menu, the longest there is, wraps onto rows at 1,400 and
  1,280 px, every entry on one line, instead of running 346 px off the screen.
- At 390 px, a workstation's page (its service projects and the other tables) and a call's
  results scroll their tables inside a `.table-responsive` box, not the whole page.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from childwelfare.areas.models import Area
from childwelfare.outreach.services import calls
from childwelfare.outreach.services.scoring import assign_reviewer, publish_results, record_scores
from childwelfare.stations import services as stations
from childwelfare.testing.people import DEMO_PASSWORD, MEIYUAN_STREET, XUANWU, ensure_people

from .conftest import SIDEWAYS, TIMEOUT_MS

pytestmark = pytest.mark.browser


def signed_in(chromium, live_server, username: str, width: int, *, phone: bool = False):
    context = chromium.new_context(
        viewport={"width": width, "height": 900},
        base_url=live_server.url,
        locale="zh-CN",
        is_mobile=phone,
        has_touch=phone,
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))
    return page


@pytest.mark.parametrize("width", [1400, 1280])
def test_the_english_menu_of_the_city_administrator_fits_the_screen(chromium, live_server, width):
    ensure_people()
    page = signed_in(chromium, live_server, "admin_nanjing", width)
    page.locator("select[name=language]").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.evaluate(SIDEWAYS) <= 0, f"the page scrolls sideways at {width} px"
    boxes = page.evaluate(
        """selector => [...document.querySelectorAll(selector)].map(e => {
             const b = e.getBoundingClientRect();
             return {text: e.textContent.trim().slice(0, 40), right: b.right, height: b.height,
                     link: e.matches('.nav-link')};
           })""",
        "nav.navbar a, nav.navbar .navbar-text, nav.navbar select, nav.navbar button:not(.navbar-toggler)",
    )
    off_screen = [box["text"] for box in boxes if box["right"] > width]
    assert not off_screen, f"past the right edge at {width} px: {off_screen}"
    heights = {round(box["height"]) for box in boxes if box["link"]}
    assert len(heights) == 1, f"a menu entry broken over several lines at {width} px: {heights}"
    page.context.close()


def _workstation_with_a_project(people):
    officer = people["officer_xuanwu"]
    site = stations.create_site(
        actor=officer,
        kind="workstation",
        name="梅园新村街道未成年人保护工作站",
        area=Area.objects.get(code=MEIYUAN_STREET),
    )
    stations.create_project(
        site,
        actor=officer,
        name="困境儿童“四点半课堂”暨暑期托管与心理陪伴综合服务项目",
        kind="education",
        start_date=date(2025, 3, 1),
        end_date=date(2026, 12, 31),
        budget=Decimal("120000"),
        partner="南京市玄武区阳光社会工作服务中心",
        status="running",
    )
    return site


def _published_call(people):
    admin, officer, reviewer = people["admin_nanjing"], people["officer_xuanwu"], people["reviewer_nanjing"]
    year = timezone.localdate().year - 1
    call = calls.create_call(actor=admin, year=year, title=f"{year}年度征集", deadline=date(year, 6, 30))
    criterion = calls.add_criterion(call, actor=admin, name="实效性", weight=1)
    call = calls.open_call(call, actor=admin)
    submission = calls.submit(
        call,
        actor=officer,
        kind="project",
        title="玄武区“困境儿童关爱服务进社区、进家庭、进校园”三进综合项目",
        area=Area.objects.get(code=XUANWU),
        text="项目做法",
    )
    assignment = assign_reviewer(submission, reviewer=reviewer, actor=admin)
    call = calls.start_scoring(call, actor=admin)
    record_scores(assignment, actor=reviewer, points={criterion.pk: 90})
    return publish_results(call, actor=admin)


def test_a_workstation_and_call_results_scroll_their_tables_on_a_phone(chromium, live_server):
    people = ensure_people()
    site = _workstation_with_a_project(people)
    call = _published_call(people)
    page = signed_in(chromium, live_server, "admin_nanjing", 390, phone=True)
    for url in (reverse("stations:site_detail", args=[site.pk]), reverse("outreach:results", args=[call.pk])):
        page.goto(url)
        expect(page.locator("main table").first).to_be_visible()
        assert page.evaluate(SIDEWAYS) <= 0, f"{url} scrolls sideways at 390 px"
        loose = page.evaluate(
            "[...document.querySelectorAll('main table')].filter(t => !t.closest('.table-responsive')).length"
        )
        assert loose == 0, f"{url}: {loose} table(s) outside a .table-responsive box"
    page.context.close()
