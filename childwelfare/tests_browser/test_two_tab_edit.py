"""Issue 8, item 4, in a real browser: the same child's 编辑基本信息 open in two tabs. The
first tab saves a new address; the second, opened before that save, changes the phone and
saves: it is refused, the page names the other change (现住址 old → new, by whom), the phone
typed in the second tab is still in its field, and the first tab's address stays."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from childwelfare.lib.idnumber import MALE, make_number
from childwelfare.registry.models import Child
from childwelfare.registry.services import create_child
from childwelfare.testing.people import MEIYUAN, ensure_people

from .actors import Stage, expect_message, watch

pytestmark = pytest.mark.browser


@pytest.fixture
def stage(chromium, live_server):
    stage = Stage(chromium, live_server.url, "two_tab_edit")
    yield stage
    stage.close()


def open_basic_form(page, url):
    page.goto(url)
    page.locator("#form-basic summary").click()
    return page.locator("#form-basic form")


def test_the_second_tab_is_refused_with_the_first_tabs_change_shown(stage):
    people = ensure_people()
    director = people["director_meiyuan"]
    zhang = create_child(
        actor=director,
        name="张小军",
        id_number=make_number("320102", date(2015, 6, 1), 31, MALE),
        area_id=MEIYUAN,
        address="梅园新村1号",
        phone="13900000001",
    )
    url = reverse("registry:child_detail", args=[zhang.pk])

    first = stage.as_user("director_meiyuan")
    second = first.context.new_page()
    watch(second, stage.problems)
    form_one = open_basic_form(first, url)
    form_two = open_basic_form(second, url)

    form_one.get_by_label("现住址").fill("长江路88号")
    form_one.get_by_role("button", name="保存").click()
    expect_message(first, "基本信息已保存")

    form_two.get_by_label("联系电话").fill("13900000002")
    form_two.get_by_role("button", name="保存").click()

    refused = second.locator("#form-basic")
    expect(refused.get_by_role("alert").filter(has_text="已被他人修改")).to_be_visible()
    conflict = refused.locator(".stale-edit")
    expect(conflict).to_contain_text("现住址：梅园新村1号 → 长江路88号")
    expect(conflict).to_contain_text(director.full_name or director.username)
    expect(refused.get_by_label("联系电话")).to_have_value("13900000002")
    zhang = Child.objects.get(pk=zhang.pk)
    assert (zhang.address, zhang.phone) == ("长江路88号", "13900000001")

    # The address the second tab left untouched now shows the first tab's; saving again as
    # it is keeps both changes.
    expect(refused.get_by_label("现住址")).to_have_value("长江路88号")
    refused.get_by_role("button", name="保存").click()
    expect_message(second, "基本信息已保存")
    zhang = Child.objects.get(pk=zhang.pk)
    assert (zhang.address, zhang.phone) == ("长江路88号", "13900000002")
