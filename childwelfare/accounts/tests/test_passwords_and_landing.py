"""Issue 9: every user changes their own password from the menu; the city administrator (and
a district officer, for the accounts of their district below them) resets a password to a
temporary one, shown once, which lets its user in only to choose their own; the reset is
recorded; everyone else is refused. Every role's home page says what the role can do."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from childwelfare.accounts.models import PasswordReset, User
from childwelfare.accounts.services import AccountError, reset_password
from childwelfare.testing import people as named

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Qingliang-Shan-2026"
ROLE_USERS = [
    "admin_nanjing",
    "officer_xuanwu",
    "supervisor_meiyuan",
    "director_meiyuan",
    "staff_meiyuan",
    "liaison_education_xuanwu",
    "reviewer_nanjing",
    "auditor_xuanwu",
]


def login(username: str, password: str, client: Client | None = None) -> bool:
    """Sign in through the login page (django-axes needs the request); True when it worked."""
    client = client or Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


def signed_in(username: str, password: str = named.DEMO_PASSWORD) -> Client:
    client = Client()
    assert login(username, password, client), username
    return client


@pytest.mark.parametrize("username", ROLE_USERS)
def test_every_role_changes_its_own_password_from_the_menu(people, username):
    client = signed_in(username)
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("password_change")}"' in home
    response = client.post(
        reverse("password_change"),
        {"old_password": named.DEMO_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not login(username, named.DEMO_PASSWORD)
    assert login(username, NEW_PASSWORD)


def test_the_temporary_password_is_shown_once_and_forces_a_change(people):
    admin = signed_in("admin_nanjing")
    director = people["director_meiyuan"]
    listed = admin.get(reverse("account_list"), {"q": "director_meiyuan"}).content.decode()
    assert reverse("account_reset_password", args=[director.pk]) in listed
    response = admin.post(reverse("account_reset_password", args=[director.pk]), REMOTE_ADDR="10.1.2.3")
    assert response["Location"] == reverse("account_reset_done", args=[director.pk])
    shown = admin.get(response["Location"])
    assert "no-store" in shown["Cache-Control"]
    temporary = shown.context["password"]
    assert temporary and temporary in shown.content.decode()
    again = admin.get(response["Location"]).content.decode()
    assert temporary not in again and "临时密码已经显示过" in again
    # Recorded: who reset whose, from where; shown on the list.
    reset = PasswordReset.objects.get()
    assert (reset.user, reset.reset_by, reset.ip_address) == (director, people["admin_nanjing"], "10.1.2.3")
    assert "重置了 director_meiyuan 的密码" in admin.get(reverse("account_list")).content.decode()
    # The old password no longer works; the temporary one lets them in only to change it.
    assert not login("director_meiyuan", named.DEMO_PASSWORD)
    user = signed_in("director_meiyuan", temporary)
    assert user.get(reverse("registry:child_list"))["Location"].startswith(reverse("password_change"))
    changed = user.post(
        reverse("password_change"),
        {"old_password": temporary, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    assert user.get(reverse("registry:child_list")).status_code == 200
    assert not login("director_meiyuan", temporary)
    assert login("director_meiyuan", NEW_PASSWORD)


def test_a_reset_ends_the_users_open_sessions(people):
    director = signed_in("director_meiyuan")
    assert director.get(reverse("home")).status_code == 200
    reset_password(people["director_meiyuan"], actor=people["officer_xuanwu"])
    assert director.get(reverse("home"))["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "actor, target, answer",
    [
        ("officer_xuanwu", "director_meiyuan", 302),
        ("officer_xuanwu", "liaison_education_xuanwu", 302),
        ("officer_xuanwu", "officer2_xuanwu", 403),  # a peer
        ("officer_xuanwu", "auditor_xuanwu", 403),  # who audits them
        ("officer_xuanwu", "officer_xuanwu", 403),  # oneself: the password page
        ("officer_gulou", "director_meiyuan", 404),  # another district: no such account
        ("admin_nanjing", "officer_gulou", 302),
        ("admin_nanjing", "auditor_xuanwu", 302),
        ("admin_nanjing", "admin2_nanjing", 403),
        ("supervisor_meiyuan", "director_meiyuan", 403),
        ("director_meiyuan", "director_meiyuan", 403),
        ("auditor_xuanwu", "director_meiyuan", 403),
        ("liaison_education_xuanwu", "director_meiyuan", 403),
        ("reviewer_nanjing", "director_meiyuan", 403),
        ("supervisor_xinjiekou", "director_meiyuan", 404),
    ],
)
def test_who_resets_whom(people, actor, target, answer):
    before = people[target].password
    response = signed_in(actor).post(reverse("account_reset_password", args=[people[target].pk]))
    assert response.status_code == answer
    changed = User.objects.get(pk=people[target].pk).password != before
    assert changed == (answer == 302)
    assert PasswordReset.objects.exists() == (answer == 302)


@pytest.mark.parametrize(
    "username", ["supervisor_meiyuan", "director_meiyuan", "auditor_xuanwu", "reviewer_nanjing"]
)
def test_only_administrators_open_the_account_list(people, username):
    assert signed_in(username).get(reverse("account_list")).status_code == 403


def test_the_service_refuses_and_changes_nothing(people):
    with pytest.raises(AccountError) as refused:
        reset_password(people["officer2_xuanwu"], actor=people["officer_xuanwu"])
    assert refused.value.code == "cannot_reset_password"
    assert login("officer2_xuanwu", named.DEMO_PASSWORD)


# What each role's landing page says it can do (a phrase of the summary, and links).
EXPECTED = {
    "admin_nanjing": ("管理用户账号和重置密码", ["管理本辖区的用户账号", "查看和查找儿童档案"]),
    "officer_xuanwu": (
        "确认排查结果",
        ["抽样复访并确认排查记录（可全选批量确认）", "督办问题：转办、延期、催办，核验销号"],
    ),
    "supervisor_meiyuan": ("核实儿童主任提交的排查记录", ["可全选批量核实", "跟进发现的问题，催办责任部门"]),
    "director_meiyuan": ("排查、定期走访", ["排查本村（居）儿童", "导入儿童名册"]),
    "staff_meiyuan": ("登记帮扶措施", ["查看走访计划"]),
    "liaison_education_xuanwu": ("分派给本部门的问题", ["查看儿童的家庭联系人"]),
    "reviewer_nanjing": ("为评选申报材料打分", []),
    "auditor_xuanwu": ("只读查看", ["查看访问日志", "查看状态变更记录", "查看月度发放和保障申请"]),
}


@pytest.mark.parametrize("username", ROLE_USERS)
def test_each_roles_home_says_what_it_can_do(people, username):
    html = signed_in(username).get(reverse("home")).content.decode()
    assert 'id="role-abilities"' in html
    panel = html[
        html.index('id="role-abilities"') : html.index("</section>", html.index('id="role-abilities"'))
    ]
    summary, lines = EXPECTED[username]
    assert summary in panel
    for line in lines:
        assert line in panel, (username, line)
    assert "修改自己的登录密码" in panel
    if username in ("liaison_education_xuanwu", "reviewer_nanjing", "auditor_xuanwu"):
        assert "导入儿童名册" not in panel and "抽样复访" not in panel


def test_a_reset_lifts_a_sign_in_lockout(people, django_capture_on_commit_callbacks):
    for _attempt in range(5):
        login("director_meiyuan", "wrong-password")
    assert not login("director_meiyuan", named.DEMO_PASSWORD)  # locked out
    with django_capture_on_commit_callbacks(execute=True):
        temporary = reset_password(people["director_meiyuan"], actor=people["admin_nanjing"])
    assert login("director_meiyuan", temporary)
