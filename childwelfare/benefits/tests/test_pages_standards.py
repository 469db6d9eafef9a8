"""The standards pages: the list with basis and ratio, the uprating preview and approval,
form errors and cancelling, and which uprating a district sees and may approve."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from childwelfare.benefits.choices import UpratingStatus
from childwelfare.benefits.models import AllowanceStandard, DibaoStandard, Uprating
from childwelfare.benefits.standards import preview_uprating
from childwelfare.benefits.tests.helpers import as_user, messages_of, named_area, page
from childwelfare.registry.choices import Category
from childwelfare.testing import people as named

pytestmark = pytest.mark.django_db


def test_standards_list_shows_current_and_past_with_basis_and_ratio(client, city):
    html = page(
        as_user(client, city, "supervisor_meiyuan"), reverse("benefits:standard_list")
    ).content.decode()
    assert "2760.00 元" in html and "2635.00 元" in html  # the 2023 standard and the 2022 one
    assert "4.76%" in html  # legal basis of the 2023 rise
    assert "0.8333" in html  # scattered orphan = institutional × 5/6 (0.83333333)
    assert "1100.00 元" in html  # dibao
    assert "随低保标准调整" not in html  # a supervisor may not uprate
    admin_html = page(
        as_user(client, city, "admin_nanjing"), reverse("benefits:standard_list")
    ).content.decode()
    assert reverse("benefits:uprate") in admin_html and "随低保标准调整" in admin_html  # the city may


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
    assert "双人复核" in html  # a draft: another of the city's admins approves it
    assert not AllowanceStandard.objects.filter(effective_from=date(2027, 7, 1)).exists()  # preview only

    as_user(client, city, "admin2_nanjing")  # four eyes: not the one who proposed it
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
    assert "双人复核" in page(client, reverse("benefits:uprating_detail", args=[xuanwu.pk])).content.decode()
    as_user(client, city, "officer_gulou")
    page(client, reverse("benefits:uprating_detail", args=[xuanwu.pk]), 404)
    page(client, reverse("benefits:uprating_detail", args=[city_draft.pk]))
    client.post(reverse("benefits:uprating_approve", args=[xuanwu.pk]))
    assert Uprating.objects.get(pk=xuanwu.pk).status == UpratingStatus.DRAFT
