"""Issue 8, item 9: a child's payment account (收款账户) is entered on its own pages, not in
Django's admin: added and changed by the district officer or the township supervisor of the
child's area, the number checked, stored encrypted, shown masked, revealed in full only to
those with the permission (logged), every change kept with who, when and why. A payroll
lists its held children (待补登账户) with links to their account pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from childwelfare.areas.models import Area
from childwelfare.audit.models import AccessAction, AccessLog
from childwelfare.benefits.accounts import AccountError, fails_card_check, save_bank_account
from childwelfare.benefits.models import AllowanceStandard, BankAccount
from childwelfare.benefits.payroll import approve_payroll, run_payroll
from childwelfare.benefits.tests.helpers import as_user, page
from childwelfare.registry.choices import Category
from childwelfare.registry.timeline import events_for
from childwelfare.testing import people as named
from childwelfare.testing.factories import CategorySpellFactory, ChildFactory

pytestmark = pytest.mark.django_db

CARD = "6212260200123456788"  # passes the Luhn check
CARD_TYPO = "6212260200123456789"  # the last digit mistyped: fails it
NEW_CARD = "6222020200112233446"


@pytest.fixture
def child(people):
    return ChildFactory(name="李小雨", area_id=named.MEIYUAN, birth_date=date(2015, 5, 5))


def post_new(client, child, number=CARD, again=None, **extra):
    data = {
        "bank_name": "工商银行南京分行",
        "holder_name": "李桂英",
        "holder_relation": "grandmother",
        "account_number": number,
        "account_number_again": number if again is None else again,
        **extra,
    }
    return client.post(reverse("benefits:bank_account_edit", args=[child.pk]), data)


def test_the_supervisor_enters_an_account_masked_and_encrypted(client, people, child):
    as_user(client, people, "supervisor_meiyuan")
    response = post_new(client, child, number="6212 2602-0012 3456 788")
    assert response.status_code == 302
    account = BankAccount.objects.get(child=child)
    assert account.account_number == CARD and account.holder_relation == "grandmother"
    html = page(client, reverse("benefits:bank_account", args=[child.pk])).content.decode()
    assert "621226*********6788" in html and CARD not in html
    assert "李桂英" in html and "祖母" in html and "登记发放账户" in html  # the history
    assert "查看完整账号" not in html  # the supervisor has no "view full ID" permission
    with connection.cursor() as cursor:
        cursor.execute("SELECT account_number FROM benefits_bankaccount")
        assert CARD not in cursor.fetchone()[0]  # encrypted at rest
        cursor.execute("SELECT account_number FROM benefits_historicalbankaccount")
        assert all(CARD not in row[0] for row in cursor.fetchall())


def test_the_number_is_checked(client, people, child):
    as_user(client, people, "officer_xuanwu")
    for number, again, error in (
        ("6212abc0200123456", None, "账号只能由数字组成"),
        ("62122602", None, "账号应为12至30位数字"),
        (CARD, NEW_CARD, "两次输入的账号不一致"),
    ):
        response = post_new(client, child, number=number, again=again)
        assert response.status_code == 200 and error in response.content.decode(), number
    assert not BankAccount.objects.exists()
    # A card number failing its check digit is a warning: saved once the user confirms it.
    assert fails_card_check(CARD_TYPO) and not fails_card_check(CARD)
    response = post_new(client, child, number=CARD_TYPO)
    assert response.status_code == 200 and "未通过银行卡校验位检查" in response.content.decode()
    assert not BankAccount.objects.exists()
    assert post_new(client, child, number=CARD_TYPO, number_checked="on").status_code == 302
    # A social security card's number is the holder's ID number (a final X included).
    other = ChildFactory(area_id=named.MEIYUAN)
    assert post_new(client, other, number=other.id_number.lower()).status_code == 302
    assert BankAccount.objects.get(child=other).account_number == other.id_number


def test_a_change_needs_a_reason_and_keeps_who_what_when_masked(client, people, child):
    officer = people["officer_xuanwu"]
    account = save_bank_account(
        child,
        actor=officer,
        bank_name="工商银行",
        holder_name="李桂英",
        holder_relation="grandmother",
        account_number=CARD,
    )
    as_user(client, people, "supervisor_meiyuan")
    url = reverse("benefits:bank_account_edit", args=[child.pk])
    form = page(client, url).content.decode()
    assert CARD not in form  # the stored number is never put into the form
    base = {"bank_name": "建设银行", "holder_name": "李国强", "holder_relation": "father", "is_active": "on"}
    response = client.post(url, {**base, "version": account.version})
    assert response.status_code == 200 and "须填写变更原因" in response.content.decode()
    response = client.post(
        url,
        {
            **base,
            "version": account.version,
            "reason": "监护人变更",
            "account_number": NEW_CARD,
            "account_number_again": NEW_CARD,
        },
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert (account.bank_name, account.account_number) == ("建设银行", NEW_CARD)
    # A second tab still showing the first version is refused, nothing overwritten.
    response = client.post(url, {**base, "bank_name": "农业银行", "version": 1, "reason": "再改"})
    assert "已被他人修改" in response.content.decode()
    assert BankAccount.objects.get(child=child).bank_name == "建设银行"

    history = page(client, reverse("benefits:bank_account", args=[child.pk])).content.decode()
    assert "修改发放账户" in history and "监护人变更" in history and "王秀英" in history
    assert "621226*********6788" in history and "622202*********3446" in history
    assert CARD not in history and NEW_CARD not in history
    # The change is on the child's timeline too, masked, for those who read accounts.
    events = events_for(child, user=officer)
    changed = next(e for e in events if e.title == "修改发放账户")
    assert changed.actor == "王秀英" and "监护人变更" in changed.detail
    assert all(NEW_CARD not in c.after and CARD not in c.before for c in changed.changes)
    assert not any(e.kind == "benefits.account" for e in events_for(child, user=people["director_meiyuan"]))


def test_full_number_only_with_the_permission_and_logged(client, people, child):
    save_bank_account(
        child, actor=people["officer_xuanwu"], bank_name="工商银行", holder_name="李桂英", account_number=CARD
    )
    url = reverse("benefits:bank_account_number", args=[child.pk])
    as_user(client, people, "supervisor_meiyuan")
    assert client.post(url).status_code == 403
    assert not AccessLog.objects.exists()
    as_user(client, people, "officer_xuanwu")
    assert "查看完整账号" in page(client, reverse("benefits:bank_account", args=[child.pk])).content.decode()
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and CARD in response.content.decode()
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.object_type) == (
        people["officer_xuanwu"],
        AccessAction.VIEW_FULL_ID,
        "benefits.bankaccount",
    )
    assert log.area_code == named.MEIYUAN and "账号" in log.detail


def test_scope_and_roles(client, people, child):
    view = reverse("benefits:bank_account", args=[child.pk])
    edit = reverse("benefits:bank_account_edit", args=[child.pk])
    # Outside the area: a missing page, for reading and writing alike.
    as_user(client, people, "officer_gulou")
    page(client, view, 404)
    assert post_new(client, child).status_code == 404
    # The child's director reads the child but not the account; the auditor reads, never writes.
    as_user(client, people, "director_meiyuan")
    page(client, view, 403)
    assert post_new(client, child).status_code == 403
    as_user(client, people, "auditor_xuanwu")
    page(client, view)
    page(client, edit, 403)
    # The city administrator reads; changing an account is the district's and township's.
    as_user(client, people, "admin_nanjing")
    page(client, view)
    page(client, edit, 403)
    with pytest.raises(AccountError):
        save_bank_account(
            child, actor=people["admin_nanjing"], bank_name="x", holder_name="y", account_number=CARD
        )
    assert not BankAccount.objects.exists()
    # The profile links to the account page for those who read it.
    as_user(client, people, "supervisor_meiyuan")
    assert view in page(client, reverse("registry:child_detail", args=[child.pk])).content.decode()
    as_user(client, people, "director_meiyuan")
    assert view not in page(client, reverse("registry:child_detail", args=[child.pk])).content.decode()


def test_the_payroll_lists_held_children_with_links_to_their_account(client, people, child):
    AllowanceStandard.objects.create(
        category=Category.SCATTERED_ORPHAN,
        area=Area.objects.get(code=named.NANJING),
        effective_from=date(2020, 1, 1),
        monthly_amount=Decimal("1000.00"),
        legal_basis="测试标准",
    )
    CategorySpellFactory(child=child, category=Category.SCATTERED_ORPHAN, start_date=date(2025, 1, 1))
    xuanwu = Area.objects.get(code=named.XUANWU)
    as_user(client, people, "officer_xuanwu")
    response = client.post(
        reverse("benefits:payroll_run"), {"month": "2026-03", "area": named.XUANWU}, follow=True
    )
    assert "1 人没有有效的发放账户，暂缓发放 1000.00 元" in " ".join(
        str(m) for m in response.context["messages"]
    )
    payroll = response.context["payroll"]
    detail = page(client, reverse("benefits:payroll_detail", args=[payroll.pk])).content.decode()
    held_url = reverse("benefits:payroll_held", args=[payroll.pk])
    assert held_url in detail and "银行名册实发" in detail
    html = page(client, held_url).content.decode()
    assert reverse("benefits:bank_account", args=[child.pk]) in html and "未登记" in html
    assert "1000.00 元" in html
    approve_payroll(payroll, actor=people["officer2_xuanwu"])
    # The account entered afterwards: the account page says the held amount comes next time.
    response = post_new(client, child)
    html = page(client, reverse("benefits:bank_account", args=[child.pk])).content.decode()
    assert "暂缓发放 1000.00 元" in html
    april = run_payroll(xuanwu, date(2026, 4, 1), actor=people["officer_xuanwu"])
    assert april.held_child_count == 0 and april.total_amount == Decimal("2000.00")
