"""Issue 8, item 1, in a real browser: a routine visit to a red child (emergency item
独自居住、无人照料) opens with her items ticked, and submitting it unchanged keeps her red.
Unticking the emergency item shows the downgrade warning before submit; without the
statement and a reason the visit is refused beside the statement, and nothing is written."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from childwelfare.discovery import services
from childwelfare.discovery.choices import Colour
from childwelfare.discovery.models import RiskItem
from childwelfare.lib.idnumber import FEMALE, make_number
from childwelfare.registry.choices import Category
from childwelfare.registry.services import add_category, create_child
from childwelfare.testing.people import MEIYUAN, ensure_people

from .actors import Stage, expect_message
from .test_discovery_flow import restore_four_colour_defaults

pytestmark = pytest.mark.browser

ALONE = "独自居住、无人照料（紧急）"


@pytest.fixture
def stage(chromium, live_server):
    stage = Stage(chromium, live_server.url, "red_child_visit")
    yield stage
    stage.close()


def test_a_routine_visit_keeps_a_red_child_red(stage):
    people = ensure_people()
    restore_four_colour_defaults()
    director = people["director_meiyuan"]
    li = create_child(
        actor=director,
        name="李小红",
        id_number=make_number("320102", date(2016, 4, 2), 61, FEMALE),
        area_id=MEIYUAN,
    )
    add_category(child=li, actor=director, category=Category.OTHER_IN_DIFFICULTY, start_date=date(2024, 1, 1))
    alone = RiskItem.objects.get(item_set__version=1, code="living_alone")
    services.record_visit(
        child=li, actor=director, visited_on=timezone.localdate() - timedelta(days=6), item_ids=[alone.pk]
    )

    page = stage.as_user("director_meiyuan")
    page.goto(f"/discovery/children/{li.pk}/visit/")
    expect(page.get_by_role("heading", name="录入走访：李小红")).to_be_visible()
    item = page.get_by_label(ALONE, exact=True)
    expect(item).to_be_checked()
    preview = page.locator("#grade-preview")
    expect(preview).to_contain_text("红色（高风险）")
    expect(page.locator("#downgrade-warning")).to_have_count(0)
    stage.shot(page, "form-opens-red")

    # Unticked, the preview warns before submit; sent without the statement it is refused.
    item.uncheck()
    expect(page.locator("#downgrade-warning")).to_contain_text("这是降级")
    expect(page.locator("#downgrade-warning")).to_contain_text(ALONE)
    page.get_by_label("生活状况", exact=True).fill("例行走访，孩子在家")
    page.get_by_role("button", name="保存走访").click()
    expect(page.locator("#downgrade-statement")).to_contain_text("尚未确认")
    assert li.visits.count() == 1 and li.risk_assessments.count() == 1
    stage.shot(page, "downgrade-refused")

    # Ticked again (as the form opened) and sent: she stays red.
    page.get_by_label(ALONE, exact=True).check()
    expect(page.locator("#downgrade-warning")).to_have_count(0)
    page.get_by_role("button", name="保存走访").click()
    expect_message(page, "评定为红色（高风险）")
    latest = li.risk_assessments.order_by("-assessed_on", "-id").first()
    assert latest.colour == Colour.RED and li.risk_assessments.count() == 2
