"""The benefits pages through the test client, as a browser would use them: scope on every
page (own area 200, sibling area 404, liaison and reviewer nothing), the uprating preview
and approval, an application from submission to confirmation or refusal, a payroll run,
approval, refused re-run and logged export, and an insurance roster with a policy import
that writes nothing when a row is bad."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from childwelfare.audit.models import AccessAction, AccessLog
from childwelfare.benefits.applications import ApplicationError, terminate_allowance
from childwelfare.benefits.choices import (
    ApplicantKind,
    ApplicationKind,
    ApplicationStatus,
    InsuranceKind,
    LineKind,
    PayrollStatus,
    TerminationReason,
    UpratingStatus,
)
from childwelfare.benefits.models import (
    AllowanceStandard,
    DibaoStandard,
    EligibilityApplication,
    InsuranceEnrolment,
    InsuranceScheme,
    Payroll,
    PayrollLine,
    Uprating,
)
from childwelfare.benefits.standards import preview_uprating
from childwelfare.benefits.views import home_panel_context
from childwelfare.lib.dates import add_months, month_end
from childwelfare.lib.idnumber import make_number
from childwelfare.registry.choices import Category, ParentSituation, Relation
from childwelfare.registry.models import CategorySpell
from childwelfare.registry.services import (
    add_category,
    add_family_member,
    add_parent_condition,
    create_child,
    end_category,
)
from childwelfare.testing import people as named

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
LONG_AGO = date(2024, 1, 1)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def city(people):
    """The named users with Nanjing's 2022 and 2023 standards (2,760 / 2,300 / 2,300 / 1,150
    from July 2023) and the dibao standard (1,100 from July 2023)."""
    call_command("seed_standards", stdout=io.StringIO())
    return people


def make_child(users, name, seq, *, father=None, mother=None, area=named.MEIYUAN, birth=date(2014, 6, 1)):
    """A child of `area` with hukou in its street, and parents in the given situations
    (from 2024, with evidence)."""
    admin = users["admin_nanjing"]
    child = create_child(
        actor=admin,
        name=name,
        id_number=make_number(area[:6], birth, seq, "M"),
        area_id=area,
        hukou_area_id=area[:9],
    )
    for relation, situation in ((Relation.FATHER, father), (Relation.MOTHER, mother)):
        member = add_family_member(child=child, actor=admin, relation=relation, name=f"{name}{relation}")
        if situation:
            add_parent_condition(
                member=member,
                actor=admin,
                situation=situation,
                start_date=LONG_AGO,
                evidence_reference="法院判决书" if situation == ParentSituation.IN_CUSTODY else "",
            )
    return child


def as_user(client, users, username):
    client.force_login(users[username])
    return client


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- standards ----------------------------------------------------------------------------


def test_standards_list_shows_current_and_past_with_basis_and_ratio(client, city):
    html = page(
        as_user(client, city, "supervisor_meiyuan"), reverse("benefits:standard_list")
    ).content.decode()
    assert "2760.00 元" in html and "2635.00 元" in html  # the 2023 standard and the 2022 one
    assert "4.76%" in html  # legal basis of the 2023 rise
    assert "0.8333" in html  # scattered orphan = institutional × 5/6 (0.83333333)
    assert "1100.00 元" in html  # dibao
    assert "随低保标准调整" not in html  # a supervisor may not uprate


def test_uprate_preview_then_approve(client, city):
    as_user(client, city, "admin_nanjing")
    page(client, reverse("benefits:uprate"))
    response = client.post(
        reverse("benefits:uprate"),
        {
            "area": named.NANJING,
            "percent": "",
            "new_dibao_amount": "1150",
            "effective_from": "2027-07-01",
            "legal_basis": "宁民发〔2027〕1号",
            "rounding": "yuan_half_up",
        },
    )
    uprating = Uprating.objects.get(effective_from=date(2027, 7, 1))
    assert response.status_code == 302 and response.url == reverse(
        "benefits:uprating_detail", args=[uprating.pk]
    )
    # Dibao 1,100 → 1,150: (1150 / 1100 − 1) × 100 = 4.545 %.
    assert uprating.percent == Decimal("4.545") and uprating.status == UpratingStatus.DRAFT
    html = page(client, response.url).content.decode()
    # 2,760 × 1.04545 = 2,885.44 → 2,885; scattered 2,885 × 5/6 = 2,404.17 → 2,404;
    # de facto 2,404 × 1; seriously ill 2,404 × 0.5 = 1,202.
    for old, new in (("2760.00", "2885.00"), ("2300.00", "2404.00"), ("1150.00", "1202.00")):
        assert f"{old} 元" in html and f"{new} 元" in html
    assert "按比例联动" in html and "1100.00 → 1150.00" in html
    assert not AllowanceStandard.objects.filter(effective_from=date(2027, 7, 1)).exists()  # preview only

    response = client.post(reverse("benefits:uprating_approve", args=[uprating.pk]), follow=True)
    assert "已批准" in " ".join(messages_of(response))
    amounts = {s.category: s.monthly_amount for s in AllowanceStandard.objects.in_force(date(2027, 7, 1))}
    assert amounts == {
        Category.INSTITUTIONAL_ORPHAN: Decimal("2885.00"),
        Category.SCATTERED_ORPHAN: Decimal("2404.00"),
        Category.DE_FACTO_UNSUPPORTED: Decimal("2404.00"),
        Category.SERIOUSLY_ILL_OR_DISABLED: Decimal("1202.00"),
    }
    assert AllowanceStandard.objects.in_force(date(2027, 6, 30)).get(
        category=Category.INSTITUTIONAL_ORPHAN
    ).monthly_amount == Decimal("2760.00")
    assert DibaoStandard.objects.get(effective_from=date(2027, 7, 1)).monthly_amount == Decimal("1150.00")
    # Approved: no more buttons; approving again is refused with the domain's message.
    assert "批准执行" not in response.content.decode()
    response = client.post(reverse("benefits:uprating_approve", args=[uprating.pk]), follow=True)
    assert "不是待审批状态" in " ".join(messages_of(response))


def test_uprate_form_errors_and_cancel(client, city):
    as_user(client, city, "admin_nanjing")
    both = {"area": named.NANJING, "percent": "5", "new_dibao_amount": "1150", "effective_from": "2027-07-01"}
    response = client.post(
        reverse("benefits:uprate"), {**both, "legal_basis": "x", "rounding": "yuan_half_up"}
    )
    assert response.status_code == 200 and "二选一" in response.content.decode()
    # The domain refuses a date with no standard in force before it, in Chinese.
    response = client.post(
        reverse("benefits:uprate"),
        {
            "area": named.NANJING,
            "percent": "5",
            "effective_from": "2020-01-01",
            "legal_basis": "x",
            "rounding": "yuan_half_up",
        },
    )
    assert "没有现行标准可以调整" in response.content.decode()
    assert not Uprating.objects.filter(effective_from=date(2020, 1, 1)).exists()  # rolled back
    draft = preview_uprating(
        actor=city["admin_nanjing"], area=named_area(named.NANJING), effective_from=date(2027, 7, 1),
        legal_basis="x", percent=Decimal("5"),
    )  # fmt: skip
    response = client.post(reverse("benefits:uprating_cancel", args=[draft.pk]), follow=True)
    draft.refresh_from_db()
    assert draft.status == UpratingStatus.CANCELLED and "已作废" in response.content.decode()
    client.post(reverse("benefits:uprating_approve", args=[draft.pk]))
    assert not AllowanceStandard.objects.filter(effective_from=date(2027, 7, 1)).exists()


def named_area(code):
    from childwelfare.areas.models import Area

    return Area.objects.get(code=code)


def test_uprating_scope_district_sees_city_and_own_not_sibling(client, city):
    officer = city["officer_xuanwu"]
    as_user(client, city, "officer_xuanwu")
    form = page(client, reverse("benefits:uprate")).context["form"]
    assert [a.code for a in form.fields["area"].queryset] == [named.XUANWU]  # only their own district
    xuanwu = preview_uprating(
        actor=officer,
        area=named_area(named.XUANWU),
        effective_from=date(2027, 1, 1),
        legal_basis="玄民发〔2027〕1号",
        percent=Decimal("5"),
    )
    city_draft = preview_uprating(
        actor=city["admin_nanjing"],
        area=named_area(named.NANJING),
        effective_from=date(2027, 7, 1),
        legal_basis="x",
        percent=Decimal("5"),
    )
    # A district's first own standards start from the city's: 2,760 × 1.05 = 2,898.
    assert (
        "2898.00 元" in page(client, reverse("benefits:uprating_detail", args=[xuanwu.pk])).content.decode()
    )
    html = page(client, reverse("benefits:uprating_detail", args=[city_draft.pk])).content.decode()
    assert "核对无误" not in html  # the city's uprating: visible to the district, not theirs to approve
    as_user(client, city, "officer_gulou")
    page(client, reverse("benefits:uprating_detail", args=[xuanwu.pk]), 404)
    page(client, reverse("benefits:uprating_detail", args=[city_draft.pk]))
    client.post(reverse("benefits:uprating_approve", args=[xuanwu.pk]))
    assert Uprating.objects.get(pk=xuanwu.pk).status == UpratingStatus.DRAFT


# --- applications -------------------------------------------------------------------------


def _submit(client, child, *, kind=ApplicationKind.DE_FACTO_UNSUPPORTED, on):
    return client.post(
        reverse("benefits:application_create") + f"?child={child.pk}",
        {
            "kind": kind,
            "applicant_kind": ApplicantKind.RELATIVE,
            "applicant_name": "王桂兰",
            "applicant_relation": "祖母",
            "submitted_on": on.isoformat(),
        },
    )


def _step(client, app, step, **data):
    app.refresh_from_db()
    payload = {f"{step}-version": app.version, **{f"{step}-{k}": v for k, v in data.items()}}
    return client.post(reverse(f"benefits:application_{step}", args=[app.pk]), payload)


def test_application_submit_verify_confirm_then_terminate(client, people):
    child = make_child(
        people, "李小雨", 1, father=ParentSituation.IN_CUSTODY, mother=ParentSituation.SERIOUSLY_ILL
    )
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
    response = _submit(client, child, on=submitted)
    app = EligibilityApplication.objects.get(child=child)
    assert response.status_code == 302 and response.url == reverse(
        "benefits:application_detail", args=[app.pk]
    )
    html = page(client, response.url).content.decode()
    assert "规则A：父母双方均符合八种情形之一" in html
    assert "母亲“重病”的证明材料" in html  # missing evidence, explained
    assert "查验通过" not in html  # not the director's step
    # The director cannot verify even by posting; the domain's message is shown.
    response = _step(client, app, "verify", on=verified.isoformat(), note="")
    assert "儿童督导员可以查验" in response.content.decode()

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
    response = _step(client, app, "verify", on=verified.isoformat(), note="比对公安、法院数据一致")
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == ApplicationStatus.VERIFIED and app.verification_note == "比对公安、法院数据一致"

    as_user(client, people, "officer_xuanwu")
    response = _step(client, app, "confirm", on=(verified - timedelta(days=1)).isoformat())
    assert "不能早于上一环节" in response.content.decode()
    assert _step(client, app, "confirm", on=confirmed.isoformat()).status_code == 302
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
            "terminate-reason": TerminationReason.DEATH,
            "terminate-changed_on": TODAY.isoformat(),
        },
    )
    assert "不会提前终止" in response.content.decode()


def test_termination_never_extends_a_spell(people):
    """Bug fixed in applications.terminate_allowance: a spell already ending before the
    month of a later change was extended to that month's end."""
    child = make_child(people, "周小安", 2)
    spell = add_category(
        child=child,
        actor=people["officer_xuanwu"],
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
    child = make_child(people, "陈小北", 3, mother=ParentSituation.MIGRANT_WORKER)
    as_user(client, people, "supervisor_meiyuan")
    _submit(client, child, on=TODAY - timedelta(days=3))
    app = EligibilityApplication.objects.get(child=child)
    # Verification of an ineligible application is refused with the rule that failed.
    response = _step(client, app, "verify", on=TODAY.isoformat(), note="")
    assert "核对不符合认定条件" in response.content.decode()
    response = _step(client, app, "refuse", on=TODAY.isoformat(), reason="")
    assert response.status_code == 200 and EligibilityApplication.objects.get(pk=app.pk).status == "submitted"
    reason = "母亲外出务工，不属于八种情形；父亲未登记情形"
    assert _step(client, app, "refuse", on=TODAY.isoformat(), reason=reason).status_code == 302
    app.refresh_from_db()
    assert app.status == ApplicationStatus.REFUSED and app.refusal_reason == reason
    html = page(client, reverse("benefits:application_detail", args=[app.pk])).content.decode()
    alert = html.split('class="alert alert-danger"', 1)[1].split("</div>", 1)[0]
    assert reason in alert  # shown prominently, at the top
    assert "查验通过" not in html  # no more steps


def test_application_list_filters_overdue_and_calendar_note(client, people):
    late_child = make_child(
        people, "赵小东", 4, father=ParentSituation.IN_CUSTODY, mother=ParentSituation.DECEASED
    )
    fresh_child = make_child(
        people, "钱小西", 5, father=ParentSituation.IN_CUSTODY, mother=ParentSituation.DECEASED
    )
    as_user(client, people, "supervisor_meiyuan")
    _submit(client, late_child, on=TODAY - timedelta(days=60))
    _submit(client, fresh_child, on=TODAY)
    late = EligibilityApplication.objects.get(child=late_child)
    EligibilityApplication.objects.filter(pk=late.pk).update(
        calendar_note="2027年的法定节假日安排尚未收录，期限按周末和节假日调整表计算，请核对"
    )
    url = reverse("benefits:application_list")
    response = page(client, url)
    names = [a.child.name for a in response.context["page"].object_list]
    assert names == ["赵小东", "钱小西"]  # nearest deadline first
    html = response.content.decode()
    assert "逾期" in html and "2027年的法定节假日安排尚未收录" in html
    overdue_only = page(client, url + "?overdue=on").context["page"].object_list
    assert [a.child.name for a in overdue_only] == ["赵小东"]
    assert page(client, url + "?status=verified").context["page"].paginator.count == 0
    assert page(client, url + "?kind=orphan").context["page"].paginator.count == 0
    partial = client.get(url + "?q=qxx", HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and "钱小西" in partial.content.decode()


def test_eligibility_check_explains_each_rule(client, people):
    child = make_child(
        people, "孙小南", 6, father=ParentSituation.DECEASED, mother=ParentSituation.IN_CUSTODY
    )
    as_user(client, people, "director_meiyuan")
    html = page(client, reverse("benefits:eligibility_check", args=[child.pk])).content.decode()
    assert "规则B：一方死亡或宣告失踪，另一方符合八种情形之一" in html
    assert "父母并非均已死亡或宣告失踪：不符合孤儿条件" in html
    assert "不符合：须父母均外出务工" in html
    assert "父亲“死亡”的证明材料" not in html  # evidence of the dead parent is not asked under rule B
    old = page(client, reverse("benefits:eligibility_check", args=[child.pk]) + "?on=2023-06-01")
    assert "2023-06-01" in old.content.decode()


def test_application_scope(client, people):
    child = make_child(
        people, "吴小梅", 7, father=ParentSituation.IN_CUSTODY, mother=ParentSituation.SERIOUSLY_ILL
    )
    as_user(client, people, "director_meiyuan")
    _submit(client, child, on=TODAY)
    app = EligibilityApplication.objects.get()
    detail = reverse("benefits:application_detail", args=[app.pk])
    check = reverse("benefits:eligibility_check", args=[child.pk])
    create = reverse("benefits:application_create") + f"?child={child.pk}"
    for username in ("director_meiyuan", "supervisor_meiyuan", "officer_xuanwu", "admin_nanjing"):
        as_user(client, people, username)
        for url in (detail, check, create):
            page(client, url)
        assert page(client, reverse("benefits:application_list")).context["page"].paginator.count == 1
    for username in ("director_daxinggong", "supervisor_xinjiekou", "officer_gulou", "director_ninghai"):
        as_user(client, people, username)
        for url in (detail, check, create):
            page(client, url, 404)
        assert page(client, reverse("benefits:application_list")).context["page"].paginator.count == 0
        assert page(client, reverse("benefits:child_search") + "?q=吴小梅").context["children"] == []
        response = _step(client, app, "refuse", on=TODAY.isoformat(), reason="越权")
        assert response.status_code == 404
    assert EligibilityApplication.objects.get().status == ApplicationStatus.SUBMITTED


# --- payroll ------------------------------------------------------------------------------


def _payroll_children(users):
    """Two scattered orphans of 梅园 in March 2026 and one of 宁海路 (鼓楼区)."""
    part = make_child(users, "王小明", 11)
    full = make_child(users, "刘小芳", 12)
    gulou = make_child(users, "郑小宁", 13, area=named.NINGHAI)
    officer = users["admin_nanjing"]
    add_category(
        child=part, actor=officer, category=Category.SCATTERED_ORPHAN,
        start_date=date(2026, 3, 10), end_date=date(2026, 3, 20),
    )  # fmt: skip
    full_spell = add_category(
        child=full, actor=officer, category=Category.SCATTERED_ORPHAN, start_date=date(2026, 1, 1)
    )
    add_category(child=gulou, actor=officer, category=Category.SCATTERED_ORPHAN, start_date=date(2026, 1, 1))
    return part, full, full_spell


def test_payroll_run_approve_rerun_refused_and_export(client, city):
    part, full, full_spell = _payroll_children(city)
    as_user(client, city, "officer_xuanwu")
    html = page(client, reverse("benefits:payroll_month") + "?month=2026-03").content.decode()
    assert 'id="payroll-run"' in html and "正在计算，请稍候" in html  # the htmx spinner
    response = client.post(
        reverse("benefits:payroll_run"), {"month": "2026-03", "area": named.XUANWU}, HTTP_HX_REQUEST="true"
    )
    payroll = Payroll.objects.get(area_id=named.XUANWU, month=date(2026, 3, 1))
    assert response["HX-Redirect"] == reverse("benefits:payroll_detail", args=[payroll.pk])
    # 10–20 March = 11 of 31 days: 2,300 × 11 / 31 = 816.129… → 816.13; 刘小芳 2,300.00 in full.
    assert (payroll.child_count, payroll.line_count, payroll.total_amount) == (2, 2, Decimal("3116.13"))
    detail = reverse("benefits:payroll_detail", args=[payroll.pk])
    html = page(client, detail).content.decode()
    assert "3116.13 元" in html and "816.13 元" in html and "816.129032" in html and "11/31" in html
    assert "郑小宁" not in html  # 鼓楼区's child is not in 玄武区's payroll
    assert page(client, detail + "?q=lxf").context["page"].paginator.count == 1
    # Not approved yet: no bank export.
    response = client.get(reverse("benefits:payroll_export", args=[payroll.pk]), follow=True)
    assert "批准后才能导出" in " ".join(messages_of(response))

    response = client.post(reverse("benefits:payroll_approve", args=[payroll.pk]), follow=True)
    payroll.refresh_from_db()
    assert payroll.status == PayrollStatus.APPROVED
    html = response.content.decode()
    assert "批准并锁定，不能重新计算" in html and 'id="payroll-run"' not in html
    response = client.post(
        reverse("benefits:payroll_run"), {"month": "2026-03", "area": named.XUANWU}, follow=True
    )
    assert "已锁定，不能重新计算" in " ".join(messages_of(response))
    response = client.post(
        reverse("benefits:payroll_run"), {"month": "2026-03", "area": named.XUANWU}, HTTP_HX_REQUEST="true"
    )
    assert "已锁定，不能重新计算" in response.content.decode()

    response = client.get(reverse("benefits:payroll_export", args=[payroll.pk]))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content))["发放名册"]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"王小明", "刘小芳"}
    for child in (part, full):
        lines = PayrollLine.objects.filter(payroll=payroll, child=child)
        assert Decimal(str(rows[child.name][6])) == sum(line.amount for line in lines)
        assert rows[child.name][2] == child.id_number  # the officer may see full ID numbers
    assert sum(Decimal(str(r[6])) for r in rows.values()) == payroll.total_amount
    log = AccessLog.objects.get(action=AccessAction.EXPORT)
    assert (log.user, log.object_id, log.row_count) == (city["officer_xuanwu"], str(payroll.pk), 2)
    assert log.object_type == "benefits.payroll" and "含完整身份证号" in log.detail

    # An auditor of the district may read and export, with ID numbers masked.
    as_user(client, city, "auditor_xuanwu")
    assert reverse("benefits:payroll_approve", args=[payroll.pk]) not in page(client, detail).content.decode()
    response = client.get(reverse("benefits:payroll_export", args=[payroll.pk]))
    sheet = load_workbook(io.BytesIO(response.content))["发放名册"]
    ids = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids and all(
        "*" in number and number[-4:] in {part.id_number[-4:], full.id_number[-4:]} for number in ids
    )
    assert AccessLog.objects.filter(action=AccessAction.EXPORT, user=city["auditor_xuanwu"]).count() == 1


def test_payroll_reversal_is_highlighted_and_linked_to_the_line_it_corrects(client, city):
    _, full, full_spell = _payroll_children(city)
    as_user(client, city, "officer_xuanwu")
    client.post(reverse("benefits:payroll_run"), {"month": "2026-03", "area": named.XUANWU})
    march = Payroll.objects.get(area_id=named.XUANWU, month=date(2026, 3, 1))
    client.post(reverse("benefits:payroll_approve", args=[march.pk]))
    march_line = PayrollLine.objects.get(payroll=march, child=full)
    # Found later: 刘小芳's category ended on 15 March.
    end_category(full_spell, actor=city["officer_xuanwu"], end_date=date(2026, 3, 15), reason="更正")
    client.post(reverse("benefits:payroll_run"), {"month": "2026-04", "area": named.XUANWU})
    april = Payroll.objects.get(area_id=named.XUANWU, month=date(2026, 4, 1))
    reversal = PayrollLine.objects.get(payroll=april, kind=LineKind.REVERSAL)
    # Due for March: 2,300 × 15 / 31 = 1,112.903… → 1,112.90; paid 2,300.00 → −1,187.10.
    assert (reversal.amount, reversal.corrects) == (Decimal("-1187.10"), march_line)
    html = page(client, reverse("benefits:payroll_detail", args=[april.pk])).content.decode()
    assert 'class="line-reversal"' in html and "-1187.10 元" in html
    assert reverse("benefits:payroll_line", args=[march_line.pk]) in html
    html = page(
        client, reverse("benefits:payroll_detail", args=[april.pk]) + "?kind=reversal"
    ).content.decode()
    assert "筛选结果合计" in html and "-1187.10" in html
    html = page(client, reverse("benefits:payroll_line", args=[march_line.pk])).content.decode()
    assert reverse("benefits:payroll_line", args=[reversal.pk]) in html  # the later correction


def test_payroll_scope_and_city_totals(client, city):
    _payroll_children(city)
    as_user(client, city, "officer_xuanwu")
    client.post(reverse("benefits:payroll_run"), {"month": "2026-03", "area": named.XUANWU})
    payroll = Payroll.objects.get()
    line = PayrollLine.objects.filter(payroll=payroll).first()
    urls = [
        reverse("benefits:payroll_detail", args=[payroll.pk]),
        reverse("benefits:payroll_line", args=[line.pk]),
        reverse("benefits:payroll_export", args=[payroll.pk]),
    ]
    as_user(client, city, "officer_gulou")
    for url in urls:
        page(client, url, 404)
    response = client.post(
        reverse("benefits:payroll_run"), {"month": "2026-03", "area": named.XUANWU}, follow=True
    )
    assert Payroll.objects.count() == 1 and Payroll.objects.get().computed_by == city["officer_xuanwu"]
    client.post(reverse("benefits:payroll_approve", args=[payroll.pk]))
    assert Payroll.objects.get().status == PayrollStatus.DRAFT
    for username in ("supervisor_meiyuan", "director_meiyuan"):
        as_user(client, city, username)
        page(client, reverse("benefits:payroll_month"), 403)
        page(client, urls[0], 403)
    # The city: every district's payroll of the month, with the sum over Payroll rows.
    as_user(client, city, "admin_nanjing")
    response = page(client, reverse("benefits:payroll_month") + "?month=2026-03")
    rows = {row["area"].code: row["payroll"] for row in response.context["rows"]}
    assert len(rows) == 11 and rows[named.XUANWU] == payroll and rows[named.GULOU] is None
    assert response.context["totals"]["amount"] == Decimal("3116.13")
    assert response.context["run_form"] is None  # the city does not run district payrolls
    html = response.content.decode()
    assert urls[0] in html and "3116.13 元" in html and "未计算" in html
    page(client, urls[0])


# --- insurance ----------------------------------------------------------------------------


def _csv(rows) -> io.BytesIO:
    handle = io.BytesIO("\n".join(",".join(row) for row in rows).encode("utf-8"))
    handle.name = "保单清单.csv"
    return handle


def test_insurance_roster_and_policy_import_all_or_nothing(client, city):
    scheme = InsuranceScheme.objects.create(
        name="困境儿童意外伤害保险",
        kind=InsuranceKind.ACCIDENT,
        categories=[Category.SCATTERED_ORPHAN, Category.DE_FACTO_UNSUPPORTED],
        insurer="某保险公司",
    )
    _, full, _ = _payroll_children(city)  # 刘小芳 (梅园) and 郑小宁 (鼓楼) hold the category today
    as_user(client, city, "officer_xuanwu")
    scheme_url = reverse("benefits:insurance_scheme", args=[scheme.pk])
    page(client, scheme_url)
    year = TODAY.year
    response = client.post(
        reverse("benefits:insurance_roster", args=[scheme.pk]),
        {"roster-area": named.XUANWU, "roster-year": year, "roster-as_of": TODAY.isoformat()},
        follow=True,
    )
    assert "新增 1 人" in " ".join(messages_of(response))
    enrolment = InsuranceEnrolment.objects.get()
    assert (enrolment.child, enrolment.area_id, enrolment.category) == (
        full,
        named.MEIYUAN,
        "scattered_orphan",
    )
    index = page(client, reverse("benefits:insurance_index") + f"?year={year}")
    assert [(row["district"], row["cells"]) for row in index.context["districts"]] == [("玄武区", [1])]

    # A bad row: every error listed, nothing written.
    bad = _csv([("公民身份号码", "保单号"), (full.id_number, "PA-0001"), ("320102201401010000", "PA-0002")])
    response = client.post(
        reverse("benefits:insurance_policies", args=[scheme.pk]), {"policy-year": year, "policy-file": bad}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "未写入任何保单号" in html and "第 3 行" in html
    assert InsuranceEnrolment.objects.get().policy_number == ""
    assert not AccessLog.objects.filter(action=AccessAction.IMPORT).exists()
    good = _csv([("公民身份号码", "保单号"), (full.id_number, "PA-0001")])
    response = client.post(
        reverse("benefits:insurance_policies", args=[scheme.pk]),
        {"policy-year": year, "policy-file": good},
        follow=True,
    )
    assert "更新 1 人" in " ".join(messages_of(response))
    assert InsuranceEnrolment.objects.get().policy_number == "PA-0001"
    assert AccessLog.objects.get(action=AccessAction.IMPORT).row_count == 1
    # A file in a format that is not a spreadsheet.
    text = io.BytesIO(b"x")
    text.name = "policies.txt"
    response = client.post(
        reverse("benefits:insurance_policies", args=[scheme.pk]), {"policy-year": year, "policy-file": text}
    )
    assert "不支持的文件格式" in response.content.decode()

    # Scope: 鼓楼区 does not see 玄武区's enrolment; a director may read but not generate.
    as_user(client, city, "officer_gulou")
    assert page(client, scheme_url + f"?year={year}").context["total"] == 0
    as_user(client, city, "director_meiyuan")
    assert page(client, scheme_url + f"?year={year}").context["total"] == 1
    response = client.post(
        reverse("benefits:insurance_roster", args=[scheme.pk]),
        {"roster-area": named.XUANWU, "roster-year": year, "roster-as_of": TODAY.isoformat()},
    )
    assert response.status_code == 403


# --- home panel and closed doors ----------------------------------------------------------


def test_home_panel_context_per_role(client, city):
    child = make_child(
        city, "冯小秋", 21, father=ParentSituation.IN_CUSTODY, mother=ParentSituation.SERIOUSLY_ILL
    )
    as_user(client, city, "supervisor_meiyuan")
    _submit(client, child, on=TODAY - timedelta(days=40))
    supervisor = home_panel_context(city["supervisor_meiyuan"], TODAY)["benefits_panel"]
    assert [(item.label, item.count) for item in supervisor["items"]] == [
        ("待查验申请", 1),
        ("3日内到期", 0),
        ("查验逾期", 1),
    ]
    officer = home_panel_context(city["officer_xuanwu"], TODAY)["benefits_panel"]
    assert officer["payroll"]["payroll"] is None and officer["items"][-1].count == 1  # 乡镇查验逾期
    html = render_to_string("benefits/_home_panel.html", {"benefits_panel": officer})
    assert "尚未计算" in html and reverse("benefits:payroll_month") in html
    admin = home_panel_context(city["admin_nanjing"], TODAY)["benefits_panel"]
    assert admin["payroll"]["districts"] == 11
    assert "已批准 0 / 11 个区" in render_to_string("benefits/_home_panel.html", {"benefits_panel": admin})
    nothing = home_panel_context(city["liaison_education_xuanwu"], TODAY)["benefits_panel"]
    assert nothing == {"items": [], "payroll": None}
    assert render_to_string("benefits/_home_panel.html", {"benefits_panel": nothing}).strip() == ""


@pytest.mark.parametrize("username", ["liaison_education_xuanwu", "reviewer_nanjing"])
def test_liaison_and_reviewer_see_nothing(client, city, username):
    child = make_child(
        city, "褚小冬", 22, father=ParentSituation.IN_CUSTODY, mother=ParentSituation.SERIOUSLY_ILL
    )
    as_user(client, city, "director_meiyuan")
    _submit(client, child, on=TODAY)
    app = EligibilityApplication.objects.get()
    scheme = InsuranceScheme.objects.create(name="补充医疗保险", kind=InsuranceKind.SUPPLEMENTARY_MEDICAL)
    as_user(client, city, username)
    lists = [
        reverse("benefits:standard_list"),
        reverse("benefits:application_list"),
        reverse("benefits:application_create"),
        reverse("benefits:child_search") + "?q=褚小冬",
        reverse("benefits:payroll_month"),
        reverse("benefits:insurance_index"),
        reverse("benefits:insurance_scheme", args=[scheme.pk]),
    ]
    details = [
        reverse("benefits:application_detail", args=[app.pk]),
        reverse("benefits:eligibility_check", args=[child.pk]),
    ]
    for url in lists + details:
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert "褚小冬" not in response.content.decode()
    assert client.get(reverse("benefits:uprate")).status_code == 403
