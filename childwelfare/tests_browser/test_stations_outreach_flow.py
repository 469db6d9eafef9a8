"""Work positions and outreach in a real browser (issue 11, "Done when"), each step's
screenshot kept under test-output/screenshots/ (outreach-flow-<step>.png):

- the city (admin_nanjing) registers a workstation in 梅园新村街道 with its funding and a
  training session, and adds the station's staff member (staff_meiyuan) on its page;
- the staff member records a service project and an activity, then bulk-imports activities:
  a sheet with one bad row first (the row error shown, nothing imported), then the fixed
  sheet (imported);
- the city creates the June publicity campaign; the officers of 玄武区 and 鼓楼区 each add an
  event to it;
- the city creates the excellent case and project call with two weighted criteria and a quota
  of one case and one project, and opens it; 玄武区 sends a case that names the registered
  child (refused, the name highlighted), corrects it and sends it, and a project; 鼓楼区
  sends a project; the city assigns the reviewers (the reviewer from 鼓楼区 is refused for
  鼓楼区's project: conflict of interest), closes the call, the reviewers score, the city
  publishes; the selected case and project are in the casebook, the case found by a word
  inside one of its sentences.

Only the data that is not part of the flow is set up here (the named users, a registered
child, a second reviewer from 鼓楼区); every step of the flow is a click, typing or an upload.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from childwelfare.accounts.models import User
from childwelfare.areas.models import Area
from childwelfare.lib.idnumber import MALE, make_number
from childwelfare.outreach.models import Assignment, Call, Submission
from childwelfare.outreach.tests.helpers import reviewer
from childwelfare.registry.services import create_child
from childwelfare.stations.models import Activity, Site
from childwelfare.testing import people as named
from childwelfare.testing.people import ensure_people

from .actors import Stage, expect_message
from .conftest import SCREENSHOT_DIR

pytestmark = pytest.mark.browser

STATION = "梅园新村街道未保工作站"
CASE_TEXT = (
    "{name}今年九岁，父母长期在外务工，与年迈的祖母同住，存在监护缺失的风险。"
    "社区儿童主任发现后及时报告，街道未保工作站联合学校开展个案帮扶。"
)


@pytest.fixture
def stage(chromium, live_server):
    stage = Stage(chromium, live_server.url, "outreach-flow")
    yield stage
    stage.close()


def shot(page: Page, step: str) -> None:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"outreach-flow-{step}.png"), full_page=True)


def menu(page: Page, name: str) -> None:
    page.locator("#mainnav").get_by_role("link", name=name).click()


def activity_sheet(rows: list[tuple]) -> dict:
    """An .xlsx with the template's headers and `rows`, as a file for set_input_files."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["活动日期", "活动类型", "活动名称", "服务人次"])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return {
        "name": "activities.xlsx",
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "buffer": buffer.getvalue(),
    }


def open_call(page: Page, title: str) -> None:
    """The call's page, through the menu: 宣传与案例 → 优秀案例及项目征集 → the call."""
    menu(page, "宣传与案例")
    page.get_by_role("link", name="优秀案例及项目征集").first.click()
    page.get_by_role("link", name=title).click()


def fill_date(page: Page, label: str, day: date) -> None:
    page.get_by_label(re.compile(f"^{label}")).fill(day.isoformat())


def test_stations_outreach_flow(stage, live_server):
    people = ensure_people()
    today = timezone.localdate()
    child = create_child(
        actor=people["director_meiyuan"],
        name="郑小宝",
        id_number=make_number("320102", date(2016, 3, 1), 81, MALE),
        area_id=named.MEIYUAN,
    )
    reviewer("reviewer_gulou", district=named.GULOU)
    street = Area.objects.get(code=named.MEIYUAN_STREET)

    # --- the city registers the station, its funding, training and staff -------------------
    city = stage.as_user("admin_nanjing")
    menu(city, "阵地")
    city.get_by_role("link", name="登记阵地").click()
    city.get_by_label("类型").select_option(label="未保工作站（关爱之家）")
    city.get_by_label("名称").fill(STATION)
    city.get_by_label("所在区划").select_option(label=street.full_name or street.name)
    city.get_by_label("地址").fill("梅园新村街道长江路")
    city.get_by_label("建设等级").select_option(label="省级示范")
    city.get_by_label("建设方式").select_option(label="新建")
    city.get_by_label("列入民生实事项目").check()
    city.get_by_label("民生实事年度").fill(str(today.year))
    shot(city, "01-site-form")
    city.get_by_role("button", name="保存").click()
    expect_message(city, "阵地已登记")
    expect(city.get_by_role("heading", name=STATION)).to_be_visible()
    site = Site.objects.get(name=STATION)

    city.get_by_role("link", name="登记经费拨付").click()
    city.get_by_label("金额（元）").fill("200000")
    fill_date(city, "拨付日期", today - timedelta(days=30))
    city.get_by_label("用途").fill("工作站建设")
    city.get_by_label("文号").fill("宁民发〔2026〕12号")
    city.get_by_role("button", name="保存").click()
    expect_message(city, "已登记")

    city.get_by_role("link", name="登记培训").click()
    fill_date(city, "培训日期", today - timedelta(days=20))
    city.get_by_label("培训主题").fill("强制报告制度培训")
    city.get_by_label("授课人").fill("市未保中心")
    city.get_by_label("参训人数").fill("12")
    city.get_by_role("button", name="保存").click()
    expect_message(city, "已登记")

    city.get_by_role("link", name="添加工作人员").click()
    city.get_by_label("工作人员").select_option(label="吴静（staff_meiyuan）")
    city.get_by_role("button", name="保存").click()
    expect_message(city, "已添加工作人员")
    expect(city.get_by_text("宁民发〔2026〕12号")).to_be_visible()
    expect(city.get_by_text("强制报告制度培训")).to_be_visible()
    expect(city.get_by_text("吴静（staff_meiyuan）")).to_be_visible()
    shot(city, "02-site-with-funding-training-staff")

    # --- the station's staff: a project, an activity, a bulk import -------------------------
    staff = stage.as_user("staff_meiyuan")
    menu(staff, "阵地")
    staff.get_by_role("link", name=STATION).click()
    staff.get_by_role("link", name="登记服务项目").click()
    staff.get_by_label("项目名称").fill("护苗成长计划")
    staff.get_by_label("项目类型").select_option(label="关爱帮扶")
    fill_date(staff, "开始日期", today - timedelta(days=10))
    staff.get_by_label("预算（元）").fill("50000")
    staff.get_by_label("合作机构").fill("南京市青少年发展中心")
    staff.get_by_role("button", name="保存").click()
    expect_message(staff, "项目已登记")
    expect(staff.get_by_text("护苗成长计划")).to_be_visible()

    staff.get_by_role("link", name="登记活动").click()
    staff.get_by_label("活动类型").select_option(label="走访慰问")
    staff.get_by_label("活动名称").fill("暑期走访困境儿童")
    staff.get_by_label("服务人次").fill("15")
    staff.get_by_label("所属项目").select_option(label="护苗成长计划")
    staff.get_by_role("button", name="保存").click()
    expect(staff.get_by_role("heading", name=re.compile("暑期走访困境儿童"))).to_be_visible()
    shot(staff, "03-activity")

    staff.get_by_role("link", name=f"← {STATION}").click()
    staff.get_by_role("link", name="批量导入活动").click()
    day = (today - timedelta(days=3)).isoformat()
    staff.get_by_label("活动文件").set_input_files(
        activity_sheet([(day, "文体活动", "亲子运动会", 40), (day, "宣传教育", "防溺水宣传", "很多")])
    )
    staff.get_by_role("button", name="上传并导入").click()
    expect(staff.locator("#import-outcome")).to_contain_text("未导入任何数据")
    errors = staff.locator("#import-errors")
    expect(errors).to_contain_text("服务人次应为正整数")
    expect(errors).to_contain_text("很多")
    shot(staff, "04-import-refused")
    assert not Activity.objects.filter(site=site, title="亲子运动会").exists()

    staff.get_by_role("link", name="返回阵地").click()
    staff.get_by_role("link", name="批量导入活动").click()
    staff.get_by_label("活动文件").set_input_files(
        activity_sheet([(day, "文体活动", "亲子运动会", 40), (day, "宣传教育", "防溺水宣传", 60)])
    )
    staff.get_by_role("button", name="上传并导入").click()
    expect(staff.locator("#import-outcome")).to_contain_text("登记活动 2 项")
    shot(staff, "05-import-done")
    assert Activity.objects.filter(site=site).count() == 3

    # --- the June campaign and two districts' events ----------------------------------------
    menu(city, "宣传与案例")
    city.get_by_role("link", name="创建宣传活动").click()
    city.get_by_label("年度").fill(str(today.year))
    city.get_by_label("主题").fill("呵护未来 守护成长")
    city.get_by_label("品牌").fill("博爱童行号")
    fill_date(city, "开始日期", date(today.year, 6, 1))
    fill_date(city, "结束日期", date(today.year, 6, 30))
    fill_date(city, "启动仪式日期", date(today.year, 6, 1))
    city.get_by_label("启动仪式地点").fill("玄武湖公园")
    city.get_by_role("button", name=re.compile("保存|创建")).click()
    expect(city.get_by_role("heading", name=re.compile("呵护未来 守护成长"))).to_be_visible()

    for username, place, audience in (
        ("officer_xuanwu", "玄武区图书馆", 300),
        ("officer_gulou", "鼓楼公园", 500),
    ):
        officer = stage.as_user(username)
        menu(officer, "宣传与案例")
        officer.get_by_role("link", name="呵护未来 守护成长").first.click()
        officer.get_by_role("link", name="登记活动场次").click()
        officer.get_by_label("形式").select_option(label="强制报告宣讲")
        officer.get_by_label("名称", exact=True).fill(f"{place}强制报告宣讲")
        officer.get_by_label("主办区域").select_option(index=1)
        officer.get_by_label("地点").fill(place)
        fill_date(officer, "日期", date(today.year, 6, 10))
        officer.get_by_label("受众人次").fill(str(audience))
        officer.get_by_label("发放宣传品份数").fill("100")
        officer.get_by_label("未成年人保护法").check()
        officer.get_by_role("button", name=re.compile("保存|登记")).click()
        expect(officer.get_by_text(f"{place}强制报告宣讲")).to_be_visible()
    menu(city, "宣传与案例")
    city.get_by_role("link", name="呵护未来 守护成长").first.click()
    expect(city.get_by_text("玄武区图书馆强制报告宣讲")).to_be_visible()
    expect(city.get_by_text("鼓楼公园强制报告宣讲")).to_be_visible()
    shot(city, "06-campaign-events")

    # --- the call: created, criteria, opened -----------------------------------------------
    city.get_by_role("link", name="优秀案例及项目征集").first.click()
    city.get_by_role("link", name="发起征集").click()
    city.get_by_label("名称").fill(f"{today.year}年度优秀案例及项目征集")
    fill_date(city, "截止日期", today + timedelta(days=30))
    city.get_by_label("评选优秀案例数").fill("1")
    city.get_by_label("评选优秀项目数").fill("1")
    city.get_by_role("button", name=re.compile("保存|创建")).click()
    expect_message(city, "征集已创建")
    call = Call.objects.get(year=today.year, title=f"{today.year}年度优秀案例及项目征集")
    for name, weight in (("创新性", "60"), ("实效性", "40")):
        city.get_by_role("link", name="添加评分标准").click()
        city.get_by_label("评分项").fill(name)
        city.get_by_label("权重").fill(weight)
        city.get_by_role("button", name=re.compile("保存|添加")).click()
        expect_message(city, "评分标准已添加")
    city.get_by_role("button", name="开始征集").click()
    expect_message(city, "征集已开始")
    shot(city, "07-call-open")

    # --- submissions: a case refused for naming the child, corrected; two projects ---------
    def submit(page: Page, kind: str, title: str, text: str, child_pk: int | None = None) -> None:
        open_call(page, call.title)
        page.get_by_role("link", name="申报", exact=True).click()
        page.get_by_label("类型").select_option(label=kind)
        page.get_by_label("标题").fill(title)
        if child_pk:
            page.get_by_label("关联儿童档案编号").fill(str(child_pk))
            page.get_by_label("主要问题").select_option(index=1)
        page.get_by_label("正文").fill(text)
        page.get_by_role("button", name="提交").click()

    xuanwu = stage.as_user("officer_xuanwu")
    submit(xuanwu, "优秀案例", "留守儿童个案帮扶", CASE_TEXT.format(name="郑小宝"), child.pk)
    findings = xuanwu.locator("#anonymisation-findings")
    expect(findings).to_be_visible()
    expect(findings.locator("mark")).to_contain_text("郑小宝")
    shot(xuanwu, "08-case-refused")
    assert not Submission.objects.filter(call=call).exists()
    xuanwu.get_by_label("正文").fill(CASE_TEXT.format(name="小郑"))
    xuanwu.get_by_role("button", name="提交").click()
    expect_message(xuanwu, "申报材料已提交")
    shot(xuanwu, "09-case-sent")
    submit(xuanwu, "优秀项目", "玄武区护苗成长计划", "项目覆盖全区困境儿童，开展心理辅导和学业帮扶。")
    expect_message(xuanwu, "申报材料已提交")
    gulou = stage.as_user("officer_gulou")
    submit(gulou, "优秀项目", "鼓楼区护苗驿站", "在社区设立驿站，为留守儿童提供课后托管。")
    expect_message(gulou, "申报材料已提交")

    # --- the city assigns reviewers; the reviewer from 鼓楼区 may not review 鼓楼区 ---------
    def assign(title: str, username: str) -> None:
        open_call(city, call.title)
        city.get_by_role("link", name=title).click()
        city.get_by_role("link", name="分配评审专家").click()
        city.get_by_label("评审专家").select_option(value=str(people_by_name[username].pk))
        city.get_by_role("button", name="分配").click()

    people_by_name = {
        u.username: u for u in User.objects.filter(username__in=["reviewer_nanjing", "reviewer_gulou"])
    }
    assign("鼓楼区护苗驿站", "reviewer_gulou")
    expect(city.locator(".invalid-feedback").filter(has_text="利益回避")).to_be_visible()
    expect(city.get_by_text(re.compile("须回避"))).to_contain_text(people_by_name["reviewer_gulou"].full_name)
    shot(city, "10-assign-conflict")
    assert not Assignment.objects.filter(
        reviewer__username="reviewer_gulou", submission__title="鼓楼区护苗驿站"
    ).exists()
    for title, username in (
        ("鼓楼区护苗驿站", "reviewer_nanjing"),
        ("留守儿童个案帮扶", "reviewer_nanjing"),
        ("留守儿童个案帮扶", "reviewer_gulou"),
        ("玄武区护苗成长计划", "reviewer_nanjing"),
        ("玄武区护苗成长计划", "reviewer_gulou"),
    ):
        assign(title, username)
        expect_message(city, "评审任务已分配")
    open_call(city, call.title)
    city.get_by_role("button", name="截止并开始评审").click()
    expect_message(city, "进入评审")

    # --- the reviewers score ----------------------------------------------------------------
    marks = {
        "留守儿童个案帮扶": ("90", "85"),
        "玄武区护苗成长计划": ("88", "80"),
        "鼓楼区护苗驿站": ("70", "75"),
    }
    for username in ("reviewer_nanjing", "reviewer_gulou"):
        page = stage.as_user(username)
        menu(page, "评审任务")
        count = Assignment.objects.filter(reviewer__username=username).count()
        for _ in range(count):
            page.get_by_role("link", name="待评分").first.click()
            link = page.locator("tbody a").first
            title = link.inner_text().strip()
            link.click()
            first, second = marks[next(t for t in marks if t in title or title in t)]
            page.get_by_label(re.compile("^创新性")).fill(first)
            page.get_by_label(re.compile("^实效性")).fill(second)
            if username == "reviewer_gulou":
                shot(page, "11-score-form")
            page.get_by_role("button", name="保存评分").click()
            expect_message(page, "评分已保存")
    assert not Assignment.objects.filter(scored_at__isnull=True).exists()

    # --- the city publishes; the casebook holds the selected case and project --------------
    open_call(city, call.title)
    city.get_by_role("button", name="排名并公布结果").click()
    expect_message(city, "评选结果已公布")
    shot(city, "12-published")
    selected = set(Submission.objects.filter(call=call, selected=True).values_list("title", flat=True))
    assert selected == {"留守儿童个案帮扶", "玄武区护苗成长计划"}, selected
    city.get_by_role("link", name="评选结果与证书名单").click()
    expect(city.get_by_text("玄武区护苗成长计划")).to_be_visible()

    menu(xuanwu, "宣传与案例")
    xuanwu.locator("nav").get_by_role("link", name="案例库").first.click()
    xuanwu.get_by_label("关键词").fill("监护缺失")
    xuanwu.get_by_role("button", name="查找").click()
    expect(xuanwu.get_by_role("link", name="留守儿童个案帮扶")).to_be_visible()
    expect(xuanwu.get_by_role("link", name="鼓楼区护苗驿站")).to_have_count(0)
    shot(xuanwu, "13-casebook-search")
    xuanwu.get_by_label("关键词").fill("")
    xuanwu.get_by_role("button", name="查找").click()
    expect(xuanwu.get_by_role("link", name="玄武区护苗成长计划")).to_be_visible()
    expect(xuanwu.get_by_role("link", name="鼓楼区护苗驿站")).to_have_count(0)
