"""Issue 8 item 16 in a real browser: a note box shows how many characters it holds against
its limit as the user types (static/js/char-counter.js, allowed by the CSP), and the browser
stops at the limit."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from childwelfare.testing.factories import ChildFactory
from childwelfare.testing.people import DEMO_PASSWORD, MEIYUAN, ensure_people

from .test_discovery_flow import restore_four_colour_defaults

pytestmark = pytest.mark.browser


def test_a_note_box_counts_its_characters(page):
    ensure_people()
    restore_four_colour_defaults()
    child = ChildFactory(name="王小明", area_id=MEIYUAN)
    page.goto("/login/")
    page.fill("input[name=username]", "director_meiyuan")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))

    page.goto(reverse("discovery:child_visit", args=[child.pk]))
    notes = page.locator("textarea[name=notes]")
    counter = notes.locator("xpath=following-sibling::div[contains(@class, 'char-counter')]")
    expect(counter).to_have_text("0 / 2000")
    notes.fill("独自在家，祖母住院")
    expect(counter).to_have_text("9 / 2000")
    notes.fill("字" * 2001)  # what a paste would try: the box keeps 2,000
    expect(counter).to_have_text("2000 / 2000")
    expect(counter).to_have_class(re.compile("text-danger"))
