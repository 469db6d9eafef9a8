"""Case management in a real browser, role by role (issue 10, the first "Done when" item),
each step's screenshot kept under test-output/screenshots/ (case-flow-desktop-<step>.png):

a school's mandatory report is entered by the district officer → the officer acknowledges it
and opens a case, then sets the case worker (the community's child director) and the
supervisor (the street's child supervisor) → the worker starts and writes the assessment and
asks for approval → the supervisor approves → the worker writes a goal and two actions, for
education and for health, and asks for the plan's approval → the supervisor approves → the
officer convenes a conference on the case (education, health, public security), records
attendance, minutes and the decision → the two department liaisons complete their actions
with evidence → the worker begins the review and asks for closure → the supervisor approves
the closure → the officer records the outcome told to the reporting unit → the child's
timeline shows every step, and never the reporter's name.

Only the data is set up here (factories and services); every step is a click on the pages.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from childwelfare.accounts.choices import Department, Role
from childwelfare.cases.models import Case
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory, UserFactory
from childwelfare.testing.people import ensure_people

from .actors import Stage, expect_message

pytestmark = pytest.mark.browser

CHILD = "陶小雨"
REPORTER = "欧阳明慧"
SCHOOL = "南京市梅园小学"
HEALTH_LIAISON = "liaison_health_xuanwu"


def menu(page: Page, name: str) -> None:
    page.locator("#mainnav").get_by_role("link", name=name).click()


def pick(select, text: str) -> None:
    """Choose the option of `select` whose text contains `text`."""
    select.select_option(value=select.locator("option", has_text=text).first.get_attribute("value"))


def open_case_page(page: Page, number: str) -> None:
    menu(page, "个案管理")
    page.get_by_role("link", name=re.compile(number)).first.click()
    expect(page.get_by_role("heading", name=re.compile(number))).to_be_visible()


def decide(page: Page, stage: str, comment: str) -> None:
    """The supervisor approves the pending request of `stage` on the case's page."""
    form = page.locator("#case-steps form").filter(has_text=f"待审批：{stage}")
    form.get_by_label("批准").check()
    form.get_by_label("审批意见").fill(comment)
    form.get_by_role("button", name="提交审批意见").click()
    expect_message(page, "审批意见已保存")


def complete_action(page: Page, title: str, evidence: str) -> None:
    menu(page, "本部门的个案任务")
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    page.get_by_label("完成情况及佐证").fill(evidence)
    page.get_by_role("button", name="提交完成情况").click()
    expect(page.locator("#action-status")).to_have_attribute("data-status", "done")


@pytest.fixture
def stage(chromium, live_server):
    stage = Stage(chromium, live_server.url, "case-flow")
    yield stage
    stage.close()


def test_case_management_flow(stage, live_server):
    ensure_people()
    if not UserFactory._meta.model.objects.filter(username=HEALTH_LIAISON).exists():
        UserFactory(
            username=HEALTH_LIAISON,
            full_name="钟卫华",
            role=Role.DEPARTMENT_LIAISON,
            area_id=named.XUANWU,
            department=Department.HEALTH,
        )
    child = ChildFactory(name=CHILD, area_id=named.MEIYUAN, birth_date=date(2015, 3, 1))
    now = timezone.localtime().replace(second=0, microsecond=0)
    found_at = (now - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    police_at = (now - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    due = (timezone.localdate() + timedelta(days=20)).isoformat()

    # --- 1. the officer enters the school's mandatory report ------------------------------
    officer = stage.as_user("officer_xuanwu")
    menu(officer, "接案登记")
    officer.get_by_role("link", name="登记强制报告").click()
    officer.get_by_label("查找已登记的儿童（辖区内）").fill(CHILD)
    officer.get_by_role("button", name="查找").click()
    officer.get_by_role("link", name=re.compile(CHILD)).click()
    expect(officer.locator("[data-child]")).to_contain_text(CHILD)
    officer.get_by_label(re.compile(r"^报告单位\s*\*?$")).fill(SCHOOL)
    officer.get_by_label("报告单位类型").select_option(label="中小学校")
    officer.get_by_label("报告人姓名").fill(REPORTER)
    officer.get_by_label("报告人联系方式").fill("13800001234")
    officer.get_by_label(re.compile("多处损伤、严重营养不良")).check()
    officer.get_by_label("发现时间").fill(found_at)
    officer.get_by_label("向公安报案时间").fill(police_at)
    officer.get_by_label("公安受案回执号").fill("宁公玄受字〔2026〕0815号")
    officer.get_by_label("情况描述").fill("班主任发现孩子手臂多处淤青，孩子称父亲醉酒后殴打")
    stage.shot(officer, "01-report-form")
    officer.get_by_role("button", name="登记强制报告").click()
    expect_message(officer, "强制报告已登记")
    intake_url = officer.url
    stage.shot(officer, "02-report-entered")

    # --- 2. the officer acknowledges it and opens a case ----------------------------------
    officer.get_by_role("button", name="受理", exact=True).click()
    expect_message(officer, "已受理")
    expect(officer.locator("[data-acknowledged]")).to_contain_text("李文静")
    officer.get_by_label("遭受侵害或暴力").check()
    officer.get_by_label("基本情况").fill("父亲酗酒，存在家庭暴力；母亲在外地务工")
    officer.get_by_role("button", name="立案或并案").click()
    expect_message(officer, "已立案")
    case = Case.objects.get(child=child)
    number = case.number
    stage.shot(officer, "03-acknowledged-case-opened")
    officer.locator("[data-case]").get_by_role("link", name=number).click()
    expect(officer.get_by_role("heading", name=re.compile(number))).to_be_visible()
    officer.get_by_role("link", name="修改个案信息").click()
    pick(officer.get_by_label("个案工作者"), "张丽")
    pick(officer.get_by_label("督导"), "王秀英")
    officer.get_by_role("button", name=re.compile("保存")).click()
    expect_message(officer, "个案信息已保存")
    stage.shot(officer, "04-worker-and-supervisor")

    # --- 3. the worker writes the assessment and asks for its approval --------------------
    worker = stage.as_user("director_meiyuan")
    open_case_page(worker, number)
    worker.get_by_role("button", name="开始评估").click()
    expect_message(worker, "个案已进入评估阶段")
    worker.get_by_role("link", name="修改个案信息").click()
    worker.get_by_label("评估结论").fill("儿童遭受家庭暴力，监护不当，需教育与卫生部门介入")
    worker.get_by_label("需求分析").fill("心理疏导、伤情检查、在校关护")
    worker.get_by_role("button", name=re.compile("保存")).click()
    expect_message(worker, "个案信息已保存")
    worker.get_by_label("申请说明").fill("评估已完成，请审批")
    worker.get_by_role("button", name="提请督导审批评估").click()
    expect_message(worker, "已提请督导审批")
    stage.shot(worker, "05-assessment-requested")

    # --- 4. the supervisor approves the assessment ----------------------------------------
    supervisor = stage.as_user("supervisor_meiyuan")
    open_case_page(supervisor, number)
    decide(supervisor, "评估", "同意评估结论")
    expect(supervisor.locator("#case-status")).to_have_attribute("data-status", "plan")
    stage.shot(supervisor, "06-assessment-approved")

    # --- 5. the worker's plan: a goal and actions for education and health ----------------
    worker.reload()
    worker.get_by_label("服务目标").fill("三个月内儿童免受暴力，伤情得到治疗")
    worker.get_by_role("button", name="添加服务目标").click()
    expect_message(worker, "服务目标已添加")
    for title, department in (("安排心理老师每周谈心", "教育"), ("到社区卫生服务中心检查伤情", "卫生健康")):
        form = worker.locator("form").filter(has=worker.get_by_role("button", name="添加任务"))
        form.get_by_label(re.compile(r"^任务\s*\*?$")).fill(title)
        form.get_by_label("完成期限").fill(due)
        form.get_by_label("责任方类型").select_option(label="部门")
        form.get_by_label("责任部门").select_option(label=department)
        form.get_by_role("button", name="添加任务").click()
        expect_message(worker, "任务已添加")
    expect(worker.locator("#case-actions tbody tr")).to_have_count(2)
    worker.get_by_label("申请说明").fill("个案计划已制定，请审批")
    worker.get_by_role("button", name="提请督导审批个案计划").click()
    expect_message(worker, "已提请督导审批")
    stage.shot(worker, "07-plan-requested")

    # --- 6. the supervisor approves the plan ----------------------------------------------
    supervisor.reload()
    decide(supervisor, "个案计划", "同意计划")
    expect(supervisor.locator("#case-status")).to_have_attribute("data-status", "intervention")
    stage.shot(supervisor, "08-plan-approved")

    # --- 7. the officer's conference: convene, attendance, minutes, decision --------------
    officer.goto(f"/cases/{case.pk}/")
    officer.get_by_role("link", name="发起会商").click()
    expect(officer.get_by_label("会商个案编号")).to_have_value(number)
    officer.get_by_label("会商主题").fill("陶小雨家庭暴力个案会商")
    officer.get_by_label("会商时间").fill((now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    officer.get_by_label("地点").fill("玄武区民政局三楼会议室")
    for department in ("教育", "卫生健康", "公安"):
        officer.get_by_label(department, exact=True).check()
    officer.get_by_label("最少到会部门数").fill("3")
    stage.shot(officer, "09-conference-form")
    officer.get_by_role("button", name=re.compile("召集|保存|安排")).click()
    expect_message(officer, "会商已安排")
    conference_url = officer.url
    officer.get_by_role("link", name="登记到会情况").click()
    for row, attendee in enumerate(("郑伟", "钟卫华", "周警官")):
        line = officer.locator("#attendance tbody tr").nth(row)
        line.get_by_role("checkbox").check()
        line.get_by_role("textbox").fill(attendee)
    officer.get_by_role("button", name="保存到会情况").click()
    officer.goto(conference_url)
    expect(officer.locator("[data-present]").first).to_have_attribute("data-present", "3")
    officer.get_by_role("link", name=re.compile("记录会议纪要")).click()
    officer.get_by_label("会议纪要").fill("与会部门一致同意：教育部门负责在校关护，卫生部门负责伤情检查。")
    officer.get_by_role("button", name="保存并记录为已召开").click()
    officer.goto(conference_url)
    officer.get_by_role("link", name="记录会商决定").click()
    officer.get_by_label("会商决定").fill("按个案计划由教育、卫生健康部门落实，一个月后回顾")
    officer.get_by_role("button", name="保存会商决定").click()
    officer.goto(conference_url)
    expect(officer.locator("#agenda")).to_contain_text("按个案计划由教育")
    pdf_link = officer.get_by_role("link", name="打印会商纪要")
    expect(pdf_link).to_be_visible()
    print("conference minutes PDF:", live_server.url + pdf_link.get_attribute("href"))
    stage.shot(officer, "10-conference-held")

    # --- 8. the two liaisons complete their department's action ---------------------------
    education = stage.as_user("liaison_education_xuanwu")
    complete_action(education, "安排心理老师每周谈心", "已安排王老师每周二谈心，附谈心记录4次")
    stage.shot(education, "11-education-done")
    health = stage.as_user(HEALTH_LIAISON)
    complete_action(health, "到社区卫生服务中心检查伤情", "已完成伤情检查，软组织挫伤已愈，附检查报告")
    stage.shot(health, "12-health-done")

    # --- 9. the worker reviews and asks for closure ---------------------------------------
    worker.reload()
    expect(worker.locator("#case-actions tbody tr[data-status=done]")).to_have_count(2)
    worker.get_by_role("button", name="开始回顾评估").click()
    expect_message(worker, "个案已进入回顾评估")
    closure = worker.locator("#closure-form")
    closure.get_by_label("结案原因").select_option(label="服务目标达成")
    closure.get_by_label("服务成效").fill("父亲戒酒并接受家庭教育指导，儿童情绪稳定，伤情痊愈")
    closure.get_by_label("申请说明").fill("服务目标已达成，申请结案")
    closure.get_by_role("button", name="申请结案").click()
    expect_message(worker, "已提请结案审批")
    stage.shot(worker, "13-closure-requested")

    # --- 10. the supervisor approves the closure ------------------------------------------
    supervisor.reload()
    decide(supervisor, "结案", "同意结案")
    expect(supervisor.locator("#case-status")).to_have_attribute("data-status", "closed")
    stage.shot(supervisor, "14-closed")

    # --- 11. the officer tells the reporting unit the outcome -----------------------------
    officer.goto(intake_url)
    officer.get_by_label("处理结果").fill("已立案并经会商处置，个案已结案")
    officer.get_by_role("button", name="记录反馈").click()
    expect_message(officer, "已记录向报告单位反馈的处理结果")
    stage.shot(officer, "15-outcome-told")

    # --- 12. the child's timeline ---------------------------------------------------------
    officer.locator("main dl").first.get_by_role("link", name=CHILD).click()
    timeline = officer.locator("ol.timeline")
    expect(timeline).to_be_visible()
    for text in (
        "强制报告：",
        "强制报告已受理",
        f"开立个案 {number}",
        "审批通过：评估",
        "审批通过：个案计划",
        "任务完成",
        "个案会商：陶小雨家庭暴力个案会商",
        "会商决定",
        "审批通过：结案",
        "已向报告单位反馈处理结果",
    ):
        expect(timeline).to_contain_text(text)
    assert REPORTER not in timeline.inner_text()
    assert "13800001234" not in timeline.inner_text()
    stage.shot(officer, "16-timeline")
