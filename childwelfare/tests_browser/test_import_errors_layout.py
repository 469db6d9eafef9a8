"""Issue 9 in a real browser: on an import's job page a long value in an error row (100
characters without a space) is cut with … and shown whole on hover (title), and the error
explanation beside it stays on the screen, at desktop and phone width."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from childwelfare.areas.models import Area
from childwelfare.registry.models import RosterImport
from childwelfare.testing.people import DEMO_PASSWORD, MEIYUAN, ensure_people

pytestmark = pytest.mark.browser
LONG = "A" * 100 + "…"


def test_a_long_value_never_pushes_the_explanation_off_the_screen(page, screenshot):
    officer = ensure_people()["officer_xuanwu"]
    job = RosterImport.objects.create(
        created_by=officer,
        area=Area.objects.get(code=MEIYUAN),
        filename="名册.xlsx",
        dry_run=True,
        status=RosterImport.Status.REJECTED,
        finished_at=timezone.now(),
        errors=[{"row": 5, "column": "备注", "value": LONG, "message": "备注过长（501字，最多500字）"}],
        summary={"rows": 1, "error_count": 1},
    )
    page.goto("/login/")
    page.fill("input[name=username]", "officer_xuanwu")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))

    page.goto(reverse("registry:import_job", args=[job.pk]))
    value = page.locator("#import-errors td.import-value span")
    expect(value).to_have_attribute("title", LONG)
    message = page.locator("#import-errors td.import-message")
    expect(message).to_have_text("备注过长（501字，最多500字）")
    box = message.bounding_box()
    width = page.evaluate("window.innerWidth")
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1, (box, width)
    shown = value.bounding_box()
    assert shown is not None and shown["x"] + shown["width"] <= width + 1
    screenshot("long-value")
