"""Eligibility applications through the pages: from submission to confirmation or refusal,
termination, the list's filters and overdue marker, the eligibility check, and scope."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from childwelfare.benefits.applications import ApplicationError, terminate_allowance
from childwelfare.benefits.choices import ApplicationStatus, TerminationReason
from childwelfare.benefits.models import EligibilityApplication
from childwelfare.benefits.tests.helpers import (
    TODAY,
    as_user,
    make_child,
    messages_of,
    page,
    row_of,
    step,
    submit,
)
from childwelfare.lib.dates import add_months, month_end
from childwelfare.registry.choices import Category, ParentSituation
from childwelfare.registry.models import CategorySpell
from childwelfare.testing.factories import CategorySpellFactory, EligibilityApplicationFactory

pytestmark = pytest.mark.django_db


def test_application_submit_verify_confirm_then_terminate(client, people):
    child = make_child("李小雨", father=ParentSituation.IN_CUSTODY, mother=ParentSituation.SERIOUSLY_ILL)
    submitted, verified, confirmed = (
        TODAY - timedelta(days=70),
        TODAY - timedelta(days=66),
        TODAY - timedelta(days=62),
    )
    # The child director finds the child by pinyin initials and records the application.
    as_user(client, people, "director_meiyuan")
    results = client.get(reverse("benefits:child_search") + "?q=lxy", HTTP_HX_REQUEST="true")
    assert "李小雨" in results.content.decode() and f"?child={child.pk}" in results.content.decode()
    page(client, reverse("benefits:application_create") + f"?child={child.pk}")
    response = submit(client, child, on=submitted)
    app = EligibilityApplication.objects.get(child=child)
    assert response.status_code == 302 and response.url == reverse(
        "benefits:application_detail", args=[app.pk]
    )
    html = page(client, response.url).content.decode()
    assert "规则A：父母双方均符合八种情形之一" in html
    assert "母亲“重病”的证明材料" in html  # missing evidence, explained
    assert "查验通过" not in html  # not the director's step
    # The director cannot verify even by posting: the no-access page, and nothing changes.
    response = step(client, app, "verify", on=verified.isoformat(), note="")
    assert response.status_code == 403 and "您的角色没有使用此功能的权限" in response.content.decode()
    app.refresh_from_db()
    assert app.status == ApplicationStatus.SUBMITTED

    as_user(client, people, "supervisor_meiyuan")
    assert (
        "查验通过，报区县确认"
        in page(client, reverse("benefits:application_detail", args=[app.pk])).content.decode()
    )
    # A stale version (someone acted first) is a conflict, and nothing changes.
    response = client.post(
        reverse("benefits:application_verify", args=[app.pk]),
        {"verify-version": app.version + 5, "verify-on": verified.isoformat()},
    )
    assert "已被他人处理" in response.content.decode()
    response = step(client, app, "verify", on=verified.isoformat(), note="比对公安、法院数据一致")
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == ApplicationStatus.VERIFIED and app.verification_note == "比对公安、法院数据一致"

    as_user(client, people, "officer_xuanwu")
    response = step(client, app, "confirm", on=(verified - timedelta(days=1)).isoformat())
    assert "不能早于上一环节" in response.content.decode()
    assert step(client, app, "confirm", on=confirmed.isoformat()).status_code == 302
    app.refresh_from_db()
    start = add_months(confirmed.replace(day=1), 1)
    spell = CategorySpell.objects.get(child=child, category=Category.DE_FACTO_UNSUPPORTED)
    assert app.status == ApplicationStatus.CONFIRMED and spell.start_date == start  # the month after

    # Terminate: the allowance runs to the end of the month of the change.
    html = page(client, reverse("benefits:application_detail", args=[app.pk])).content.decode()
    assert "终止保障" in html
    response = client.post(
        reverse("benefits:application_terminate", args=[app.pk]),
        {
            "terminate-spell": spell.pk,
            "terminate-version": f"{spell.pk}:{spell.version}",
            "terminate-reason": TerminationReason.ADOPTION,
            "terminate-changed_on": TODAY.isoformat(),
            "terminate-note": "",
        },
        follow=True,
    )
    spell.refresh_from_db()
    assert spell.end_date == month_end(TODAY) and spell.end_reason == "被收养"
    assert "已终止" in " ".join(messages_of(response))
    # Terminating again for the same month cannot move the end (the domain refuses).
    response = client.post(
        reverse("benefits:application_terminate", args=[app.pk]),
        {
            "terminate-spell": spell.pk,
            "terminate-version": f"{spell.pk}:{spell.version}",
            "terminate-reason": TerminationReason.DEATH,
            "terminate-changed_on": TODAY.isoformat(),
        },
    )
    assert "不会提前终止" in response.content.decode()


def test_termination_never_extends_a_spell(people):
    """Bug fixed in applications.terminate_allowance: a spell already ending before the
    month of a later change was extended to that month's end."""
    child = make_child("周小安")
    spell = CategorySpellFactory(
        child=child,
        category=Category.SCATTERED_ORPHAN,
        start_date=date(2025, 1, 1),
        end_date=date(2025, 6, 30),
    )
    with pytest.raises(ApplicationError, match="已于2025-06-30终止"):
        terminate_allowance(
            spell, actor=people["officer_xuanwu"], changed_on=date(2025, 9, 3), reason=TerminationReason.DEATH
        )
    spell.refresh_from_db()
    assert spell.end_date == date(2025, 6, 30)
    # Ending earlier is still allowed: 10 Mar 2025 → paid to 31 Mar.
    terminate_allowance(
        spell, actor=people["officer_xuanwu"], changed_on=date(2025, 3, 10), reason=TerminationReason.DEATH
    )
    spell.refresh_from_db()
    assert spell.end_date == date(2025, 3, 31)


def test_application_refused_with_written_reasons(client, people):
    child = make_child("陈小北", mother=ParentSituation.MIGRANT_WORKER)
    as_user(client, people, "supervisor_meiyuan")
    submit(client, child, on=TODAY - timedelta(days=3))
    app = EligibilityApplication.objects.get(child=child)
    detail = reverse("benefits:application_detail", args=[app.pk])
    assert "查验通过" in page(client, detail).content.decode()  # the supervisor's step, while submitted
    # Verification of an ineligible application is refused with the rule that failed.
    response = step(client, app, "verify", on=TODAY.isoformat(), note="")
    assert "核对不符合认定条件" in response.content.decode()
    response = step(client, app, "refuse", on=TODAY.isoformat(), reason="")
    assert response.status_code == 200 and EligibilityApplication.objects.get(pk=app.pk).status == "submitted"
    reason = "母亲外出务工，不属于八种情形；父亲未登记情形"
    assert step(client, app, "refuse", on=TODAY.isoformat(), reason=reason).status_code == 302
    app.refresh_from_db()
    assert app.status == ApplicationStatus.REFUSED and app.refusal_reason == reason
    html = page(client, reverse("benefits:application_detail", args=[app.pk])).content.decode()
    alert = html.split('class="alert alert-danger"', 1)[1].split("</div>", 1)[0]
    assert reason in alert  # shown prominently, at the top
    assert "查验通过" not in html  # no more steps


def test_application_list_filters_overdue_and_calendar_note(client, people):
    late_child = make_child("赵小东", father=ParentSituation.IN_CUSTODY, mother=ParentSituation.DECEASED)
    fresh_child = make_child("钱小西", father=ParentSituation.IN_CUSTODY, mother=ParentSituation.DECEASED)
    as_user(client, people, "supervisor_meiyuan")
    submit(client, late_child, on=TODAY - timedelta(days=60))
    submit(client, fresh_child, on=TODAY)
    late = EligibilityApplication.objects.get(child=late_child)
    EligibilityApplication.objects.filter(pk=late.pk).update(
        calendar_note="2027年的法定节假日安排尚未收录，期限按周末和节假日调整表计算，请核对"
    )
    url = reverse("benefits:application_list")
    response = page(client, url)
    names = [a.child.name for a in response.context["page"].object_list]
    assert names == ["赵小东", "钱小西"]  # nearest deadline first
    html = response.content.decode()
    # The overdue marker and the calendar note on the late application's row only.
    late_row, fresh_row = row_of(html, ">赵小东<"), row_of(html, ">钱小西<")
    assert "table-danger" in late_row and "逾期 " in late_row and "2027年的法定节假日安排尚未收录" in late_row
    assert "table-danger" not in fresh_row and "逾期" not in fresh_row and "尚未收录" not in fresh_row
    overdue_only = page(client, url + "?overdue=on").context["page"].object_list
    assert [a.child.name for a in overdue_only] == ["赵小东"]
    assert page(client, url + "?status=verified").context["page"].paginator.count == 0
    assert page(client, url + "?kind=orphan").context["page"].paginator.count == 0
    partial = client.get(url + "?q=qxx", HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and "钱小西" in partial.content.decode()


def test_eligibility_check_explains_each_rule(client, people):
    child = make_child("孙小南", father=ParentSituation.DECEASED, mother=ParentSituation.IN_CUSTODY)
    as_user(client, people, "director_meiyuan")
    html = page(client, reverse("benefits:eligibility_check", args=[child.pk])).content.decode()
    assert "规则B：一方死亡或宣告失踪，另一方符合八种情形之一" in html
    assert "母亲已死亡（宣告死亡）或宣告失踪" in html  # the orphan rule's failing condition
    assert "父母均外出务工，或一方外出务工、另一方无监护能力" in html
    assert "父亲“死亡”的证明材料" not in html  # evidence of the dead parent is not asked under rule B
    # Born 2014-06-01: 12 today, 9 on 2023-06-01; the check is made as of the date asked.
    today = timezone.localdate()
    assert f'未满18周岁</span><span class="text-muted">：{today.isoformat()}时12岁' in html
    old = page(client, reverse("benefits:eligibility_check", args=[child.pk]) + "?on=2023-06-01")
    assert "2023-06-01时9岁" in old.content.decode() and "时12岁" not in old.content.decode()


def test_application_scope(client, people):
    child = make_child("吴小梅", father=ParentSituation.IN_CUSTODY, mother=ParentSituation.SERIOUSLY_ILL)
    app = EligibilityApplicationFactory(child=child)
    detail = reverse("benefits:application_detail", args=[app.pk])
    check = reverse("benefits:eligibility_check", args=[child.pk])
    create = reverse("benefits:application_create") + f"?child={child.pk}"
    for username in ("director_meiyuan", "supervisor_meiyuan", "officer_xuanwu", "admin_nanjing"):
        as_user(client, people, username)
        for url in (detail, check):
            page(client, url)
        # The city administrator reads applications but does not record them: the form is 403.
        page(client, create, 403 if username == "admin_nanjing" else 200)
        assert page(client, reverse("benefits:application_list")).context["page"].paginator.count == 1
    for username in ("director_daxinggong", "supervisor_xinjiekou", "officer_gulou", "director_ninghai"):
        as_user(client, people, username)
        for url in (detail, check, create):
            page(client, url, 404)
        assert page(client, reverse("benefits:application_list")).context["page"].paginator.count == 0
        assert page(client, reverse("benefits:child_search") + "?q=吴小梅").context["children"] == []
        response = step(client, app, "refuse", on=TODAY.isoformat(), reason="越权")
        assert response.status_code == 404
    assert EligibilityApplication.objects.get().status == ApplicationStatus.SUBMITTED
