"""A screening campaign end to end in a real browser (DOMAIN.md §5, §6), each role logged in
through the login form in their own browser:

the district officer creates a campaign over 梅园新村街道 with a 100 % re-visit sample and
starts it; the child director screens a child on a phone (visit facts, four-colour items
with the live colour preview, a schooling problem for the education department), screens
another at the desk and registers a child found on the spot; the supervisor returns one
record with a reason and verifies the others; the director sees the reason and screens
again; the supervisor verifies; the officer re-visits the sample and confirms; the education
liaison records an action and marks the problem solved; the officer closes it. The campaign
page's figures and board must then agree with the database.

Only the children and the users are set up here; everything else goes through the pages.
"""

from __future__ import annotations

import importlib
import re
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import Page, expect

from childwelfare.discovery.choices import Colour, ProblemKind, ProblemStatus, RecordStatus
from childwelfare.discovery.models import Campaign, Problem, ScreeningRecord
from childwelfare.lib.idnumber import FEMALE, MALE, make_number
from childwelfare.registry.choices import Category
from childwelfare.registry.models import Child
from childwelfare.registry.services import add_category, create_child
from childwelfare.testing.people import DAXINGGONG, MEIYUAN, MEIYUAN_STREET, ensure_people

from .actors import Stage, expect_message

pytestmark = pytest.mark.browser

XUANWU_REGION = "320102"
CAMPAIGN = "梅园新村街道困境儿童专项排查（浏览器测试）"
RETURN_REASON = "请补充就学情况：孩子近一个月是否到校，班主任怎么说"


@pytest.fixture
def stage(chromium, live_server):
    stage = Stage(chromium, live_server.url, "discovery_flow")
    yield stage
    stage.close()


def restore_four_colour_defaults() -> None:
    """The visit intervals and grading items (v1) come from a data migration; the live
    server's test database is flushed after every browser test, so put them back."""
    migration = importlib.import_module(
        "childwelfare.discovery.migrations.0002_default_visit_intervals_and_risk_items"
    )
    migration.forwards(apps, None)


def register(actor, name: str, area: str, birth: date, sequence: int, gender: str, category: str) -> Child:
    child = create_child(
        actor=actor, name=name, id_number=make_number(XUANWU_REGION, birth, sequence, gender), area_id=area
    )
    add_category(child=child, actor=actor, category=category, start_date=date(2024, 1, 1))
    return child


def work_item(page: Page, name: str):
    """The child's entry on a work list (director's, supervisor's or officer's)."""
    return page.locator("#work-list > li, #revisit-list > li").filter(has_text=name)


def fill_visit(page: Page, *, living: str, guardianship: str = "", schooling: str = "") -> None:
    page.get_by_label("生活状况", exact=True).fill(living)
    if guardianship:
        page.get_by_label("监护情况", exact=True).fill(guardianship)
    if schooling:
        page.get_by_label("就学情况", exact=True).fill(schooling)


def tick(page: Page, *items: str) -> None:
    # Among the items only: the statement boxes below them name the items too (issue 8).
    for item in items:
        page.locator("#risk-items").get_by_label(item).check()


def expect_preview(page: Page, colour: str, score: int) -> None:
    """The live colour preview under the items (htmx, refreshed on every change)."""
    preview = page.locator("#grade-preview")
    expect(preview).to_contain_text(colour)
    expect(preview).to_contain_text(f"（{score} 分）")


def figure(page: Page, key: str) -> int:
    return int(page.locator(f'[data-figure="{key}"]').inner_text())


def test_screening_campaign_through_three_steps(stage):
    people = ensure_people()
    restore_four_colour_defaults()
    director = people["director_meiyuan"]
    register(director, "王小明", MEIYUAN, date(2014, 3, 12), 51, MALE, Category.DIBAO_FAMILY)
    register(director, "李思琪", MEIYUAN, date(2012, 7, 21), 52, FEMALE, Category.OTHER_IN_DIFFICULTY)
    # The sibling community of the same street: in the campaign, not on this director's list.
    register(
        people["director_daxinggong"], "刘子涵", DAXINGGONG, date(2013, 1, 5), 53, MALE, Category.MIGRANT
    )
    found_number = make_number(XUANWU_REGION, date(2015, 9, 20), 54, FEMALE)
    today = timezone.localdate()

    # --- the district officer creates the campaign and starts it --------------------------
    officer = stage.as_user("officer_xuanwu")
    officer.locator("#mainnav").get_by_role("link", name="主动发现").click()
    officer.get_by_role("navigation", name="主动发现").get_by_role("link", name="专项排查").click()
    officer.get_by_role("link", name="发起专项排查").click()
    officer.get_by_label("名称").fill(CAMPAIGN)
    officer.get_by_label("排查范围").select_option(MEIYUAN_STREET)
    officer.get_by_label("结束日期").fill((today + timedelta(days=30)).isoformat())
    officer.get_by_label("复核抽样比例").fill("100")
    officer.get_by_role("button", name="创建").click()
    expect_message(officer, "专项排查已创建（草稿）")
    officer.once("dialog", lambda dialog: dialog.accept())
    officer.get_by_role("button", name="启动排查").click()
    expect_message(officer, "生成排查记录 3 条")
    expect(officer.locator('[data-figure="in_scope"]')).to_have_text("3")
    campaign = Campaign.objects.get(name=CAMPAIGN)
    assert campaign.sample_rate == 1
    assert ScreeningRecord.objects.filter(campaign=campaign, in_sample=True).count() == 3

    # --- the director screens 王小明 on a phone, with the live colour preview -------------
    phone = stage.as_user("director_meiyuan", "phone")
    phone.get_by_role("button", name="菜单").click()
    phone.locator("#mainnav").get_by_role("link", name="主动发现").click()
    expect(phone.get_by_role("heading", name="待排查的儿童")).to_be_visible()
    expect(work_item(phone, "王小明")).to_be_visible()
    expect(work_item(phone, "李思琪")).to_be_visible()
    expect(phone.get_by_text("刘子涵")).to_have_count(0)
    stage.shot(phone, "director-work-list")
    work_item(phone, "王小明").get_by_role("link", name="排查", exact=True).click()
    expect(phone.get_by_role("heading", name="排查：王小明")).to_be_visible()
    expect_preview(phone, "绿色（正常）", 0)
    fill_visit(
        phone,
        living="与祖母同住，住房为老旧公房，家中整洁",
        guardianship="父母在外地务工，一年回来一次，祖母72岁照料",
    )
    tick(phone, "父母长期外出或失联，委托照料不落实")
    expect_preview(phone, "蓝色（低风险）", 3)
    tick(phone, "隔代照料且照料人年老体弱")
    expect_preview(phone, "黄色（中风险）", 5)
    phone.locator("#problem-rows > summary").click()
    first_problem = phone.locator("#problem-rows fieldset").first
    first_problem.get_by_label("问题类型").select_option(label="就学")
    first_problem.get_by_label("责任部门").select_option(label="教育")
    first_problem.get_by_label("办理期限").fill((today + timedelta(days=14)).isoformat())
    first_problem.get_by_label("问题描述").fill("近一个月未到校，学校未与家庭联系")
    stage.shot(phone, "screening-form")
    phone.get_by_role("button", name="提交排查").click()
    expect_message(phone, "已提交排查：王小明")
    expect_message(phone, "已登记问题 1 个")

    # --- at the desk: 李思琪, and a child found on the spot ---------------------------------
    desk = stage.as_user("director_meiyuan")
    desk.goto("/discovery/work/")
    expect(work_item(desk, "王小明")).to_have_count(0)
    work_item(desk, "李思琪").get_by_role("link", name="排查", exact=True).click()
    fill_visit(desk, living="母亲患病在家，父亲打零工，收入不稳定")
    tick(desk, "家庭经济困难，基本生活保障不足", "未参加医疗保险或就医困难")
    expect_preview(desk, "蓝色（低风险）", 2)
    desk.get_by_role("button", name="提交排查").click()
    expect_message(desk, "已提交排查：李思琪")

    desk.get_by_role("link", name="新增未登记的儿童").click()
    desk.get_by_label("姓名").fill("赵小芳")
    desk.get_by_label("公民身份号码").fill(found_number)
    desk.get_by_label("儿童类别").select_option(label="其他困境儿童")
    desk.get_by_role("button", name="登记并排查").click()
    expect_message(desk, "已登记 赵小芳 并加入本次排查")
    expect(desk.get_by_role("heading", name="排查：赵小芳")).to_be_visible()
    fill_visit(desk, living="随外婆借住亲戚家，尚未落户，未纳入任何保障")
    tick(desk, "居住环境存在安全隐患")
    expect_preview(desk, "绿色（正常）", 1)
    desk.get_by_label("不符合政策但确有困难").check()
    desk.get_by_role("button", name="提交排查").click()
    expect_message(desk, "已提交排查：赵小芳")
    expect(desk.get_by_text("本社区的儿童都已排查。")).to_be_visible()

    # --- the supervisor returns 王小明 and verifies the other two --------------------------
    supervisor = stage.as_user("supervisor_meiyuan")
    supervisor.locator("#mainnav").get_by_role("link", name="主动发现").click()
    expect(supervisor.get_by_role("heading", name="待核实的排查记录")).to_be_visible()
    stage.shot(stage.phone(supervisor), "supervisor-work-list")
    wang = work_item(supervisor, "王小明")
    expect(wang).to_contain_text("黄色（中风险）")
    expect(wang).to_contain_text("登记问题 1 个")
    wang.locator("summary", has_text="退回").click()
    wang.get_by_label("退回原因").fill(RETURN_REASON)
    wang.get_by_role("button", name="退回儿童主任").click()
    expect(wang.get_by_role("status")).to_have_text("已退回儿童主任重新排查：王小明。")
    for name in ("李思琪", "赵小芳"):
        work_item(supervisor, name).get_by_role("button", name="核实通过").click()
        expect(work_item(supervisor, name).get_by_role("status")).to_have_text(f"已核实通过：{name}。")
    stage.shot(supervisor, "supervisor-after-steps")

    # --- the director reads the reason and screens again -----------------------------------
    desk.goto("/discovery/work/")
    returned = work_item(desk, "王小明")
    expect(returned).to_contain_text("已退回")
    expect(returned).to_contain_text(f"退回原因：{RETURN_REASON}")
    expect(desk.get_by_text("其中 1 名被退回")).to_be_visible()
    returned.get_by_role("link", name="重新排查").click()
    expect(desk.get_by_role("status").filter(has_text="已被退回，请按意见重新排查")).to_contain_text(
        RETURN_REASON
    )
    # The form starts from the returned visit: the two items are still ticked.
    expect_preview(desk, "黄色（中风险）", 5)
    fill_visit(
        desk,
        living="与祖母同住，住房为老旧公房，家中整洁",
        schooling="近一个月仅到校6天，班主任称已多次电话联系祖母未果",
    )
    tick(desk, "辍学或长期不到校")
    expect_preview(desk, "黄色（中风险）", 7)
    desk.get_by_role("button", name="提交排查").click()
    expect_message(desk, "已提交排查：王小明")

    supervisor.goto("/discovery/work/")
    work_item(supervisor, "王小明").get_by_role("button", name="核实通过").click()
    expect(work_item(supervisor, "王小明").get_by_role("status")).to_have_text("已核实通过：王小明。")

    # --- the officer re-visits the sample and confirms ------------------------------------
    officer.goto("/discovery/work/")
    expect(officer.get_by_role("heading", name="须先抽样复访")).to_contain_text("3")
    for name, items in (
        ("王小明", ("父母长期外出或失联，委托照料不落实", "隔代照料且照料人年老体弱", "辍学或长期不到校")),
        ("李思琪", ("家庭经济困难，基本生活保障不足", "未参加医疗保险或就医困难")),
    ):
        work_item(officer, name).get_by_role("link", name="抽样复访").click()
        expect(officer.get_by_role("heading", name=f"抽样复访：{name}")).to_be_visible()
        fill_visit(officer, living="复访：情况与排查记录一致")
        tick(officer, *items)
        officer.get_by_role("button", name="提交复访").click()
        expect_message(officer, f"抽样复访已录入：{name}")
    confirm_list = officer.locator("#confirm-list")
    for name in ("王小明", "李思琪"):
        confirm_list.get_by_role("checkbox", name=re.compile(name)).check()
    officer.get_by_role("button", name="确认所选").first.click()
    expect_message(officer, "已确认 2 条记录。")
    expect(work_item(officer, "赵小芳")).to_be_visible()  # still waiting for its re-visit
    stage.shot(officer, "officer-work-list")

    # --- the education liaison acts on the problem and marks it solved ---------------------
    liaison = stage.as_user("liaison_education_xuanwu")
    liaison.locator("#mainnav").get_by_role("link", name="问题清单").click()
    row = liaison.locator("#problem-list tbody tr").filter(has_text="王小明")
    expect(row).to_contain_text("待办理")
    row.get_by_role("link", name="就学").click()
    liaison.get_by_label("办理情况").fill("已协调学校安排班主任家访，落实每日到校情况反馈")
    liaison.get_by_role("button", name="登记办理情况").click()
    expect_message(liaison, "办理情况已登记。")
    expect(liaison.locator("#problem-actions")).to_contain_text("已协调学校安排班主任家访")
    # The "solved" form's box is found through its button, not its label: both forms on the
    # page render their `text` field as id="id_text", so the label 办结情况 points at the
    # first form's box (reported; application code is not this test's to change).
    solve = liaison.locator("form").filter(has=liaison.get_by_role("button", name="已办结，提交核验"))
    solve.get_by_role("textbox").fill("孩子已连续两周正常到校")
    solve.get_by_role("button", name="已办结，提交核验").click()
    expect_message(liaison, "已标记办结，等待区民政干部核验。")
    stage.shot(liaison, "problem-solved")

    # --- the officer verifies and closes it ------------------------------------------------
    officer.get_by_role("navigation", name="主动发现").get_by_role("link", name="问题清单").click()
    row = officer.locator("#problem-list tbody tr").filter(has_text="王小明")
    expect(row).to_contain_text("已办结待核验")
    expect(row).to_contain_text("教育")
    row.get_by_role("link", name="就学").click()
    officer.get_by_label("核验意见").fill("电话回访学校，情况属实")
    officer.get_by_role("button", name="核验通过，销号").click()
    expect_message(officer, "已核验销号。")

    # --- the campaign page's figures agree with the database -------------------------------
    officer.get_by_role("navigation", name="主动发现").get_by_role("link", name="专项排查").click()
    officer.get_by_role("link", name=CAMPAIGN).click()
    expect(officer.get_by_role("heading", name=CAMPAIGN)).to_be_visible()
    records = ScreeningRecord.objects.filter(campaign=campaign)
    problems = Problem.objects.filter(record__campaign=campaign)
    from_database = {
        "in_scope": records.count(),
        "screened": records.filter(screened_at__isnull=False).count(),
        "confirmed": records.filter(status=RecordStatus.CONFIRMED).count(),
        "added": records.filter(added_during_screening=True).count(),
        "not_eligible": records.filter(in_difficulty_not_eligible=True, screened_at__isnull=False).count(),
        "hukou": problems.filter(kind=ProblemKind.HUKOU).values("child").distinct().count(),
        "schooling": problems.filter(kind=ProblemKind.SCHOOLING).values("child").distinct().count(),
        "raised": problems.count(),
        "solved": problems.filter(status__in=[ProblemStatus.SOLVED, ProblemStatus.CLOSED]).count(),
        "closed": problems.filter(status=ProblemStatus.CLOSED).count(),
    }
    shown = {key: figure(officer, key) for key in from_database}
    assert shown == from_database
    # What the story above must have produced: 刘子涵 pending, 赵小芳 verified, two confirmed.
    assert shown == {
        "in_scope": 4,
        "screened": 3,
        "confirmed": 2,
        "added": 1,
        "not_eligible": 1,
        "hukou": 0,
        "schooling": 1,
        "raised": 1,
        "solved": 1,
        "closed": 1,
    }
    colours = {c: int(officer.locator(f'#colours [data-colour="{c}"]').inner_text()) for c in Colour.values}
    assert colours == {c: records.filter(assessment__colour=c).count() for c in Colour.values}
    assert colours == {Colour.RED: 0, Colour.YELLOW: 1, Colour.BLUE: 1, Colour.GREEN: 1}
    board = {
        step: int(officer.locator(f'#board tfoot [data-step="{step}"]').inner_text())
        for step in RecordStatus.values
    }
    assert board == {step: records.filter(status=step).count() for step in RecordStatus.values}
    stage.shot(officer, "campaign-figures")
    stage.shot(stage.phone(officer), "campaign-figures")
