"""Issue 8, items 5 and 6, in a real browser: a double click on 添加帮扶措施's button adds one
care measure (and two POSTs of the same form fired at once from the page still add one);
a visit written up while the session ended is restored after signing in again, with the
notice 已恢复未提交的草稿; the session warning's 继续工作 renews the session; signing out deletes
the drafts kept in the browser."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from childwelfare.discovery.models import CareMeasure, Visit
from childwelfare.lib.idnumber import FEMALE, make_number
from childwelfare.registry.choices import Category
from childwelfare.registry.services import add_category, create_child
from childwelfare.testing.people import DEMO_PASSWORD, MEIYUAN, ensure_people

from .actors import Stage, expect_message
from .test_discovery_flow import restore_four_colour_defaults

pytestmark = pytest.mark.browser

ALONE = "独自居住、无人照料（紧急）"
DRAFT_KEYS = "() => Object.keys(localStorage).filter((key) => key.startsWith('tonghu.draft.'))"


@pytest.fixture
def stage(chromium, live_server):
    stage = Stage(chromium, live_server.url, "lost_work")
    yield stage
    stage.close()


@pytest.fixture
def li():
    people = ensure_people()
    restore_four_colour_defaults()
    director = people["director_meiyuan"]
    child = create_child(
        actor=director,
        name="李小红",
        id_number=make_number("320102", date(2016, 4, 2), 62, FEMALE),
        area_id=MEIYUAN,
    )
    add_category(
        child=child, actor=director, category=Category.OTHER_IN_DIFFICULTY, start_date=date(2024, 1, 1)
    )
    return child


def _fill_care_form(page):
    page.get_by_text("添加帮扶措施", exact=True).click()
    form = page.locator("#form-care form")
    form.locator('[name="care-measure_type"]').select_option("education")
    form.locator('[name="care-provider_kind"]').select_option("social_organisation")
    form.locator('[name="care-provider_name"]').fill("爱心社工站")
    form.locator('[name="care-description"]').fill("每周两次课业辅导")
    return form


def test_a_double_click_on_add_care_measure_adds_one(stage, li):
    page = stage.as_user("director_meiyuan")
    page.goto(f"/discovery/children/{li.pk}/")
    form = _fill_care_form(page)
    form.get_by_role("button", name="添加", exact=True).dblclick()
    expect_message(page, "帮扶措施")
    expect(page.locator("#care")).to_contain_text("爱心社工站")
    assert CareMeasure.objects.filter(child=li).count() == 1
    stage.shot(page, "after-double-click")

    # Past the button (a script, a network resending the request): the same form posted
    # twice from the page reaches the server twice; its one-time token lets one create, and
    # both answers end on the same page.
    _fill_care_form(page)
    answers = page.evaluate(
        """async () => {
            const form = document.querySelector('#form-care form');
            const send = () => fetch(form.action, {method: 'POST', body: new FormData(form)});
            const first = await send();
            const second = await send();
            return [first.status, second.status, first.url === second.url, (await second.text())];
        }"""
    )
    assert answers[:3] == [200, 200, True]
    assert "已提交，请勿重复提交" in answers[3]
    assert CareMeasure.objects.filter(child=li).count() == 2  # the double click's and this one


def test_a_visit_written_up_while_the_session_ended_is_restored(stage, li):
    page = stage.as_user("director_meiyuan")
    visit_url = f"/discovery/children/{li.pk}/visit/"
    page.goto(visit_url)
    text = "孩子放学后独自在家，邻居偶尔照看；祖母住院两周。"
    page.get_by_label("生活状况", exact=True).fill(text)
    page.get_by_label(ALONE, exact=True).check()
    expect(page.locator("#grade-preview")).to_contain_text("红色（高风险）")
    assert len(page.evaluate(DRAFT_KEYS)) == 1

    Session.objects.all().delete()  # thirty idle minutes later
    page.get_by_role("button", name="保存走访").click()
    expect(page).to_have_url(re.compile(r"/login/"))
    assert Visit.objects.filter(child=li).count() == 0
    page.get_by_label("用户名").fill("director_meiyuan")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()

    expect(page).to_have_url(re.compile(re.escape(visit_url) + "$"))
    notice = page.locator("[data-draft-notice]")
    expect(notice).to_contain_text("已恢复未提交的草稿")
    expect(page.get_by_label("生活状况", exact=True)).to_have_value(text)
    expect(page.get_by_label(ALONE, exact=True)).to_be_checked()
    expect(page.locator("#grade-preview")).to_contain_text("红色（高风险）")
    stage.shot(page, "draft-restored")

    page.get_by_role("button", name="保存走访").click()
    expect_message(page, "走访已录入")
    assert Visit.objects.get(child=li).living_situation == text
    assert page.evaluate(DRAFT_KEYS) == []  # sent and saved: the draft is gone


def test_a_draft_can_be_discarded_and_signing_out_deletes_every_draft(stage, li):
    page = stage.as_user("director_meiyuan")
    visit_url = f"/discovery/children/{li.pk}/visit/"
    page.goto(visit_url)
    page.get_by_label("生活状况", exact=True).fill("草稿一")
    page.goto(f"/discovery/children/{li.pk}/")
    page.goto(visit_url)
    expect(page.locator("[data-draft-notice]")).to_be_visible()
    page.get_by_role("button", name="放弃草稿").click()
    expect(page.get_by_label("生活状况", exact=True)).to_have_value("")
    expect(page.locator("[data-draft-notice]")).to_have_count(0)
    assert page.evaluate(DRAFT_KEYS) == []

    page.get_by_label("生活状况", exact=True).fill("草稿二")
    assert len(page.evaluate(DRAFT_KEYS)) == 1
    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(re.compile(r"/login/"))
    assert page.evaluate(DRAFT_KEYS) == []


def test_the_session_warning_and_keep_alive(stage, li, settings):
    settings.SESSION_COOKIE_AGE = 9  # warned 3 s before the end (a third of the idle time)
    page = stage.as_user("director_meiyuan")
    page.goto(f"/discovery/children/{li.pk}/visit/")
    banner = page.locator("#session-warning")
    expect(banner).to_be_hidden()
    expect(banner).to_contain_text("登录将在", timeout=9_000)
    expect(banner).to_be_visible()
    stage.shot(page, "session-warning")
    page.get_by_role("button", name="继续工作").click()
    expect(banner).to_be_hidden()
    # Renewed: signed in past the first session's end (9 s after the page was loaded) ...
    page.wait_for_timeout(5_000)
    page.reload()
    expect(page).not_to_have_url(re.compile(r"/login/"))
    # ... and then it ends without a request.
    expect(banner).to_contain_text("登录已失效", timeout=15_000)
    expect(page.get_by_role("link", name="重新登录")).to_be_visible()
    page.reload()
    expect(page).to_have_url(re.compile(r"/login/"))
