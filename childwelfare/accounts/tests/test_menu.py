"""The main menu registered by the apps (accounts.menu): who sees which entry, which one is
marked as the current page, and that base.html names no app."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

HOME = "我的工作"
DUE = "到期事项"  # issue 10: every role's work list, except the reviewer's
# Issue 10 adds 个案管理, 个案会商 (offices, auditors, liaisons), 接案登记 and 到期事项 (every role
# but the reviewer); issue 11 adds 阵地 (readers of sites, not child directors) and 宣传与案例.
CASES = ["个案管理", "接案登记"]
STATIONS = "阵地"
OUTREACH = "宣传与案例"
READER = [HOME, "儿童档案", "主动发现", "保障", *CASES]
EDITOR = [HOME, "儿童档案", "名册导入", "主动发现", "保障", *CASES]
OFFICE = [HOME, "儿童档案", "名册导入", "登记冲突", "主动发现", "保障", "个案管理", "个案会商", "接案登记"]
AUDIT = ["访问日志", "状态变更记录"]
STATISTICS = "统计"  # issue 12: the statistics readers (offices, supervisors, directors, auditors)

# The menu of each named user.
EXPECTED = {
    "admin_nanjing": [*OFFICE, STATIONS, OUTREACH, DUE, STATISTICS, *AUDIT],
    "officer_xuanwu": [*OFFICE, STATIONS, OUTREACH, DUE, STATISTICS, *AUDIT],
    "supervisor_meiyuan": [*EDITOR, STATIONS, OUTREACH, DUE, STATISTICS],
    "director_meiyuan": [*EDITOR, OUTREACH, DUE, STATISTICS],
    "staff_meiyuan": [*READER, STATIONS, OUTREACH, DUE],
    "liaison_education_xuanwu": [HOME, "问题清单", "本部门的个案任务", "个案会商", "案例库", DUE],
    "reviewer_nanjing": [HOME, "评审任务"],
    "auditor_xuanwu": [
        HOME,
        "儿童档案",
        "主动发现",
        "保障",
        "个案管理",
        "个案会商",
        "接案登记",
        STATIONS,
        OUTREACH,
        DUE,
        STATISTICS,
        *AUDIT,
    ],
}


def _menu(response):
    return [(entry.label, entry.active) for entry in response.context["entries"]]


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_each_role_sees_its_menu(client, people, username):
    client.force_login(people[username])
    response = client.get(reverse("home"))
    assert [label for label, _active in _menu(response)] == EXPECTED[username]
    assert ("我的工作", True) in _menu(response)


@pytest.mark.parametrize(
    ("url_name", "current"),
    [
        ("registry:child_list", "儿童档案"),
        ("registry:import_upload", "名册导入"),
        ("discovery:work", "主动发现"),
        ("discovery:campaign_list", "主动发现"),
        ("benefits:application_list", "保障"),
        ("audit:access_log", "访问日志"),
        ("workflow:events", "状态变更记录"),
        ("deadlines:list", DUE),
        ("deadlines:board", DUE),
    ],
)
def test_the_current_section_is_marked(client, people, url_name, current):
    client.force_login(people["officer_xuanwu"])
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert [label for label, active in _menu(response) if active] == [current]
    assert 'active" aria-current="page"' in response.content.decode()


def test_liaison_problem_list_is_marked(client, people):
    client.force_login(people["liaison_education_xuanwu"])
    response = client.get(reverse("discovery:problem_list"))
    assert [label for label, active in _menu(response) if active] == ["问题清单"]


def test_signed_out_pages_have_no_menu(client, db):
    response = client.get(reverse("login"))
    assert "mainnav" not in response.content.decode()


def test_base_html_names_no_app():
    base = (Path(settings.BASE_DIR) / "templates" / "base.html").read_text(encoding="utf-8")
    for app in ("registry", "discovery", "benefits", "audit"):
        assert app not in base
