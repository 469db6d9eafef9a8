"""Issue 9 "Paper": an application's approval form (审批表) with each step, who and when;
the refusal notice (不予认定告知书) with the reasons, for refused applications only; a
payroll's summary sheet for signature, its totals computed by hand; 404 outside scope."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from childwelfare.areas.models import Area
from childwelfare.audit.models import AccessLog
from childwelfare.benefits.applications import refuse_application, submit_application, verify_application
from childwelfare.benefits.choices import ApplicantKind, ApplicationKind
from childwelfare.benefits.documents import payroll_sheet
from childwelfare.benefits.models import AllowanceStandard, BankAccount
from childwelfare.benefits.payroll import run_payroll
from childwelfare.registry.choices import Category, ParentSituation
from childwelfare.testing import people as named
from childwelfare.testing.factories import CategorySpellFactory, ChildFactory
from childwelfare.testing.pdf import pdf_text

pytestmark = pytest.mark.django_db

SUBMITTED, VERIFIED, REFUSED = date(2026, 2, 2), date(2026, 2, 10), date(2026, 2, 24)


def application(people, *, father=ParentSituation.IN_CUSTODY, mother=None):
    child = ChildFactory(
        name="周小雨",
        area_id=named.MEIYUAN,
        hukou_area_id=named.MEIYUAN_STREET,
        birth_date=date(2014, 6, 1),
        parents=(father, mother),
        parents__start_date=date(2024, 1, 1),
    )
    return submit_application(
        child=child,
        actor=people["director_meiyuan"],
        kind=ApplicationKind.DE_FACTO_UNSUPPORTED,
        applicant_kind=ApplicantKind.RELATIVE,
        applicant_name="周桂芳",
        applicant_relation="祖母",
        submitted_on=SUBMITTED,
    )


@pytest.fixture
def refused(people):
    """Refused at the township's verification: the mother is in no situation of the eight."""
    app = application(people)
    return refuse_application(
        app, actor=people["supervisor_meiyuan"], on=REFUSED, reason="母亲具备监护能力，不符合事实无人抚养条件"
    )


def text_of(client, user, url, status=200):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == status, response.status_code
    return pdf_text(response.content) if status == 200 else ""


def test_the_refusal_notice_states_the_reasons(client, people, refused):
    text = text_of(
        client, people["officer_xuanwu"], reverse("benefits:application_refusal_pdf", args=[refused.pk])
    )
    flat = text.replace("\n", "")
    assert "不予认定告知书" in text and "周桂芳" in text and "周小雨" in text
    assert refused.child.masked_id in text and refused.child.id_number not in text
    assert "母亲具备监护能力，不符合事实无人抚养条件" in flat
    assert "母亲符合八种情形之一" in flat  # the failing condition (benefits.explanations)
    assert "梅园新村街道人民政府（街道办事处）" in flat  # refused at the township's step
    assert "行政复议" in flat


def test_a_notice_exists_only_for_a_refused_application(client, people):
    app = application(people, mother=ParentSituation.IN_CUSTODY)
    text_of(client, people["officer_xuanwu"], reverse("benefits:application_refusal_pdf", args=[app.pk]), 404)


def test_the_approval_form_lists_each_step_with_who_and_when(client, people):
    app = application(people, mother=ParentSituation.IN_CUSTODY)
    app = verify_application(
        app, actor=people["supervisor_meiyuan"], on=VERIFIED, note="已比对公安、法院数据"
    )
    text = text_of(
        client, people["director_meiyuan"], reverse("benefits:application_approval_pdf", args=[app.pk])
    )
    flat = text.replace("\n", "")
    assert "儿童认定审批表" in text and "周小雨" in text and app.child.masked_id in text
    for step in ("提出申请", "乡镇（街道）查验", "区县确认"):
        assert step in flat, step
    assert SUBMITTED.isoformat() in text and VERIFIED.isoformat() in text
    assert "王秀英" in text  # supervisor_meiyuan verified
    assert "已比对公安、法院数据" in flat
    assert "状态变更记录" in text  # the workflow event of the verification
    assert "区县民政部门确认意见" in flat


@pytest.mark.parametrize(
    ("username", "status"),
    [("director_meiyuan", 200), ("auditor_xuanwu", 200), ("director_ninghai", 404), ("officer_gulou", 404)],
)
def test_application_documents_scope(client, people, refused, username, status):
    client.force_login(people[username])
    for name in ("benefits:application_approval_pdf", "benefits:application_refusal_pdf"):
        assert client.get(reverse(name, args=[refused.pk])).status_code == status, name


# --- the payroll's summary sheet ---------------------------------------------------------------
MARCH = date(2026, 3, 1)


@pytest.fixture
def payroll(people):
    """March 2026 in 玄武区 at a city standard of 1,000.00 a month for scattered orphans, all
    three holding the category since 2025: two children in 梅园社区 (one without a payment
    account: held), one in 新街口社区."""
    AllowanceStandard.objects.create(
        category=Category.SCATTERED_ORPHAN,
        area=Area.objects.get(code=named.NANJING),
        effective_from=date(2020, 1, 1),
        monthly_amount=Decimal("1000.00"),
        legal_basis="测试标准",
    )
    children = {
        "paid": ChildFactory(name="王有户", area_id=named.MEIYUAN),
        "held": ChildFactory(name="李暂缓", area_id=named.MEIYUAN),
        "other": ChildFactory(name="陈新街", area_id=named.XINJIEKOU),
    }
    for key, child in children.items():
        CategorySpellFactory(child=child, category=Category.SCATTERED_ORPHAN, start_date=date(2025, 1, 1))
        if key != "held":
            BankAccount.objects.create(
                child=child,
                holder_name=child.name,
                bank_name="南京银行",
                account_number="6222020200112233445",
            )
    made = run_payroll(Area.objects.get(code=named.XUANWU), MARCH, actor=people["officer_xuanwu"])
    made.children = children
    return made


def test_the_payroll_sheet_totals_by_hand(payroll):
    sheet = payroll_sheet(payroll)
    rows = {row["area"].split("街道")[-1]: row for row in sheet["rows"]}
    # 梅园社区: 2 children × 1,000.00 = 2,000.00, of which 李暂缓's 1,000.00 held → 1,000.00 paid.
    assert rows["梅园社区"] == {
        "area": rows["梅园社区"]["area"],
        "children": 2,
        "amount": Decimal("2000.00"),
        "held": Decimal("1000.00"),
        "payable": Decimal("1000.00"),
    }
    # 新街口社区: 1 × 1,000.00, nothing held.
    assert (rows["新街口社区"]["children"], rows["新街口社区"]["amount"], rows["新街口社区"]["held"]) == (
        1,
        Decimal("1000.00"),
        Decimal("0.00"),
    )
    # Total: 3 children, 3,000.00, held 1,000.00, payable 2,000.00 — as the payroll's own totals.
    assert sheet["total"] == {
        "children": 3,
        "amount": Decimal("3000.00"),
        "held": Decimal("1000.00"),
        "payable": Decimal("2000.00"),
    }
    assert (payroll.total_amount, payroll.held_amount) == (Decimal("3000.00"), Decimal("1000.00"))
    assert [line.child.name for line in sheet["held_lines"]] == ["李暂缓"]


def test_the_payroll_sheet_pdf(client, people, payroll):
    text = text_of(client, people["officer_xuanwu"], reverse("benefits:payroll_sheet_pdf", args=[payroll.pk]))
    assert "发放汇总表" in text and "2026-03" in text
    # Chinese pages group no thousands (zh_Hans THOUSAND_SEPARATOR is "").
    assert "3000.00" in text and "2000.00" in text and "1000.00" in text
    held = payroll.children["held"]
    assert "李暂缓" in text and held.masked_id in text and held.id_number not in text
    for signer in ("制表人", "审核人", "负责人"):
        assert signer in text
    assert AccessLog.objects.filter(object_type="benefits.payroll", object_id=str(payroll.pk)).exists()


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("officer_xuanwu", 200),
        ("admin_nanjing", 200),
        ("auditor_xuanwu", 200),
        ("officer_gulou", 404),
        ("director_meiyuan", 404),  # payrolls are not the directors'
    ],
)
def test_payroll_sheet_scope(client, people, payroll, username, status):
    client.force_login(people[username])
    assert client.get(reverse("benefits:payroll_sheet_pdf", args=[payroll.pk])).status_code == status


def test_links_on_the_application_and_payroll_pages(client, people, refused, payroll):
    client.force_login(people["officer_xuanwu"])
    page = client.get(reverse("benefits:application_detail", args=[refused.pk])).content.decode()
    assert reverse("benefits:application_approval_pdf", args=[refused.pk]) in page
    assert reverse("benefits:application_refusal_pdf", args=[refused.pk]) in page
    page = client.get(reverse("benefits:payroll_detail", args=[payroll.pk])).content.decode()
    assert reverse("benefits:payroll_sheet_pdf", args=[payroll.pk]) in page
