"""A civil-affairs office's daily work in a real browser (issue 9, "Done when"), at desktop
and phone width, each step's screenshot kept under test-output/screenshots/
(daily-director-<viewport>-<step>.png, daily-officer-<viewport>-<step>.png):

- the community child director's day: the visit plan (走访计划) with two overdue children →
  print the blank visit record form (走访记录表, a PDF with the child's name) → record a
  home visit through the form (no risk item) and see the child leave the overdue list →
  导出Excel on the plan: the workbook's title row and the same children as the page;
- the district officer's day: batch-confirm the screening records awaiting confirmation
  (select all, 确认所选, the summary) → open a refused application and print the refusal
  notice (不予认定告知书, a PDF stating the reasons) → the problem list exported.

Only the data is set up here (services and factories); every step is a click on the page.
At phone width the main menu is collapsed behind 菜单: the walks open it and use it.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from childwelfare.benefits.applications import refuse_application, submit_application
from childwelfare.benefits.choices import ApplicantKind, ApplicationKind, ApplicationStatus
from childwelfare.discovery import services
from childwelfare.discovery.choices import RecordStatus
from childwelfare.discovery.models import ScreeningRecord
from childwelfare.discovery.tests.helpers import register, start
from childwelfare.lib.idnumber import FEMALE, MALE, make_number
from childwelfare.registry.choices import Category, ParentSituation
from childwelfare.registry.services import add_category, create_child
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory, ProblemFactory
from childwelfare.testing.pdf import pdf_text
from childwelfare.testing.people import DEMO_PASSWORD, MEIYUAN, ensure_people
from childwelfare.tests_browser.actors import overflow_px

from .conftest import SCREENSHOT_DIR
from .test_discovery_flow import restore_four_colour_defaults

pytestmark = pytest.mark.browser

REFUSAL_REASON = "母亲具备监护能力，不符合事实无人抚养条件"


def log_in(page: Page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))


def shooter(page: Page, who: str, viewport: str):
    """shot(step) saves daily-<who>-<viewport>-<step>.png; at phone width it also fails when
    the page scrolls sideways."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)

    def shot(step: str) -> None:
        page.screenshot(path=str(SCREENSHOT_DIR / f"daily-{who}-{viewport}-{step}.png"), full_page=True)
        if viewport == "phone":
            overflow = overflow_px(page)
            assert overflow <= 0, f"{step}: the page is {overflow} px wider than a phone screen"

    return shot


def open_main_menu(page: Page, viewport: str, name: str) -> None:
    """A link of the main navigation bar; at phone width it sits behind the 菜单 button."""
    if viewport == "phone":
        page.get_by_role("button", name="菜单").click()
    page.locator("#mainnav").get_by_role("link", name=name).click()


def download(page: Page, link, keep_as: str) -> tuple[str, bytes]:
    """Click `link` and return the downloaded file's suggested name and bytes; a copy is
    kept as test output (SCREENSHOT_DIR / keep_as)."""
    with page.expect_download() as info:
        link.click()
    data = Path(info.value.path()).read_bytes()
    (SCREENSHOT_DIR / keep_as).write_bytes(data)
    return info.value.suggested_filename, data


def sheet_rows(data: bytes) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    return [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def pdf_of(page: Page, link, keep_as: str) -> str:
    """The text of the PDF a print link answers (the link opens it in a new tab, where
    headless Chromium has no PDF viewer: the same URL is fetched with the page's session).
    A copy is kept as test output (SCREENSHOT_DIR / keep_as)."""
    expect(link).to_be_visible()
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF")
    (SCREENSHOT_DIR / keep_as).write_bytes(body)
    return pdf_text(body).replace("\n", "")


def overdue_child(director, name: str, sequence: int, gender: str, days_ago: int):
    """A child of 梅园社区 last visited `days_ago` days ago (green: overdue after 90 days)."""
    child = create_child(
        actor=director,
        name=name,
        id_number=make_number("320102", date(2015, 5, 1), sequence, gender),
        area_id=MEIYUAN,
    )
    add_category(
        child=child, actor=director, category=Category.OTHER_IN_DIFFICULTY, start_date=date(2024, 1, 1)
    )
    services.record_visit(
        child=child, actor=director, visited_on=timezone.localdate() - timedelta(days=days_ago), item_ids=[]
    )
    return child


def test_director_day(page, viewport, live_server):
    people = ensure_people()
    restore_four_colour_defaults()
    director = people["director_meiyuan"]
    zhou = overdue_child(director, "周小雨", 71, FEMALE, 200)
    overdue_child(director, "吴浩然", 72, MALE, 150)
    shot = shooter(page, "director", viewport)

    # --- the visit plan, through the main menu and the discovery tabs ----------------------
    log_in(page, "director_meiyuan")
    open_main_menu(page, viewport, "主动发现")
    page.get_by_role("navigation", name="主动发现").get_by_role("link", name="走访计划").click()
    expect(page.get_by_role("heading", name="走访计划")).to_be_visible()
    plan = page.locator("#visit-list")
    zhou_row = plan.locator("tbody tr").filter(has_text="周小雨")
    expect(zhou_row).to_be_visible()
    expect(plan.locator("tbody tr").filter(has_text="吴浩然")).to_be_visible()
    shot("1-visit-plan")

    # --- print the blank visit record form for 周小雨 ----------------------------------------
    text = pdf_of(
        page, zhou_row.get_by_role("link", name="打印走访记录表"), f"daily-director-{viewport}-visit-form.pdf"
    )
    assert "走访记录表" in text and "周小雨" in text
    assert zhou.masked_id in text and zhou.id_number not in text

    # --- record the visit: at home, no risk item --------------------------------------------
    zhou_row.get_by_role("link", name="录入走访").click()
    expect(page.get_by_role("heading", name="录入走访：周小雨")).to_be_visible()
    page.get_by_label("走访方式").select_option(label="入户走访")
    page.get_by_label("生活状况", exact=True).fill("与祖母同住，家中整洁，孩子按时上学")
    expect(page.locator("#grade-preview")).to_contain_text("绿色")
    shot("2-visit-form")
    page.get_by_role("button", name="保存走访").click()
    expect(page.locator("main > .alert[role=status]").first).to_be_visible()
    assert zhou.visits.count() == 2
    # Back on the plan (the form's `next`): 周小雨 has left the overdue list, 吴浩然 stays.
    expect(page).to_have_url(re.compile(r"/discovery/visits/"))
    expect(page.get_by_role("heading", name="走访计划")).to_be_visible()
    expect(page.locator("#visit-list tbody tr").filter(has_text="吴浩然")).to_be_visible()
    expect(page.locator("#visit-list tbody tr").filter(has_text="周小雨")).to_have_count(0)
    shot("3-plan-after-visit")

    # --- export the plan as the page shows it ------------------------------------------------
    names_on_page = [
        cell.strip() for cell in page.locator("#visit-list tbody td.card-title-cell").all_inner_texts()
    ]
    filename, data = download(
        page, page.get_by_role("link", name="导出Excel"), f"daily-director-{viewport}-plan.xlsx"
    )
    assert filename.endswith(".xlsx") and "走访计划" in filename, filename
    rows = sheet_rows(data)
    assert "走访计划" in str(rows[0][0]), rows[0]
    header_at = next(i for i, row in enumerate(rows) if row and "姓名" in row)
    name_column = rows[header_at].index("姓名")
    names_in_file = [row[name_column] for row in rows[header_at + 1 :] if row and row[name_column]]
    assert names_in_file == names_on_page == ["吴浩然"], (names_in_file, names_on_page)
    shot("4-plan-exported")


def refused_application(people):
    child = ChildFactory(
        name="孙小雨",
        area_id=named.MEIYUAN,
        hukou_area_id=named.MEIYUAN_STREET,
        birth_date=date(2014, 6, 1),
        parents=(ParentSituation.IN_CUSTODY, None),
        parents__start_date=date(2024, 1, 1),
    )
    today = timezone.localdate()
    app = submit_application(
        child=child,
        actor=people["director_meiyuan"],
        kind=ApplicationKind.DE_FACTO_UNSUPPORTED,
        applicant_kind=ApplicantKind.RELATIVE,
        applicant_name="孙桂芳",
        applicant_relation="祖母",
        submitted_on=today - timedelta(days=10),
    )
    return refuse_application(
        app, actor=people["supervisor_meiyuan"], on=today - timedelta(days=2), reason=REFUSAL_REASON
    )


def test_officer_day(page, viewport, live_server):
    people = ensure_people()
    restore_four_colour_defaults()
    for name, gender in (("王小明", "M"), ("李思琪", "F"), ("赵安安", "M")):
        register(name, named.MEIYUAN, gender=gender)
    campaign = start(people, named.MEIYUAN_STREET, rate="0")
    today = timezone.localdate()
    for record in ScreeningRecord.objects.filter(campaign=campaign).select_related("child", "campaign"):
        record = services.screen_record(
            record, actor=people["director_meiyuan"], expected_version=record.version, visited_on=today
        )
        services.verify_record(record, actor=people["supervisor_meiyuan"], expected_version=record.version)
    app = refused_application(people)
    ProblemFactory(
        child=ChildFactory(name="钱多多", area_id=named.MEIYUAN), description="长期不到校，须教育部门跟进"
    )
    shot = shooter(page, "officer", viewport)

    # --- batch confirm: the work list, select all, 确认所选 -----------------------------------
    log_in(page, "officer_xuanwu")
    open_main_menu(page, viewport, "主动发现")
    page.get_by_role("navigation", name="主动发现").get_by_role("link", name="排查待办").click()
    expect(page.get_by_role("heading", name="待确认的排查记录")).to_be_visible()
    checks = page.locator("#confirm-list .record-check")
    expect(checks).to_have_count(3)
    page.get_by_label("全选本页").check()
    for index in range(3):
        expect(checks.nth(index)).to_be_checked()
    shot("1-confirm-selected")
    page.locator("#confirm-form").get_by_role("button", name="确认所选").first.click()
    expect(page.locator("main > .alert").filter(has_text="已确认 3 条记录")).to_be_visible()
    expect(page.get_by_text("没有可以确认的记录。")).to_be_visible()
    statuses = set(ScreeningRecord.objects.filter(campaign=campaign).values_list("status", flat=True))
    assert statuses == {RecordStatus.CONFIRMED}
    shot("2-confirmed")

    # --- the refused application and its written notice -------------------------------------
    open_main_menu(page, viewport, "保障")
    page.get_by_role("link", name="认定申请").first.click()
    page.locator("#results").get_by_role("link", name="孙小雨").click()
    expect(page).to_have_url(re.compile(rf"/applications/{app.pk}/"))
    assert app.status == ApplicationStatus.REFUSED
    shot("3-refused-application")
    text = pdf_of(
        page,
        page.get_by_role("link", name="打印不予认定告知书（PDF）"),
        f"daily-officer-{viewport}-refusal.pdf",
    )
    assert "不予认定告知书" in text and "孙小雨" in text and REFUSAL_REASON in text
    # The application's kind is named once: "事实无人抚养儿童认定申请", not "…认定认定申请".
    assert "提出的事实无人抚养儿童认定申请" in text and "认定认定" not in text, text

    # --- the problem list, exported ---------------------------------------------------------
    open_main_menu(page, viewport, "主动发现")
    page.get_by_role("navigation", name="主动发现").get_by_role("link", name="问题清单").click()
    expect(page.get_by_text("钱多多").first).to_be_visible()
    shot("4-problem-list")
    filename, data = download(
        page, page.get_by_role("link", name="导出Excel"), f"daily-officer-{viewport}-problems.xlsx"
    )
    assert filename.endswith(".xlsx"), filename
    rows = sheet_rows(data)
    assert "问题" in str(rows[0][0]), rows[0]
    assert any("钱多多" in str(cell) for row in rows for cell in row if cell), rows
    assert any("长期不到校，须教育部门跟进" in str(cell) for row in rows for cell in row if cell)
