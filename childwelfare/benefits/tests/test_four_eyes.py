"""Four eyes on money (issue 8, item 8): computing and approving a payroll, proposing and
approving an uprating, are two different people; a cut is confirmed as one, with a reason,
and never labelled 上调."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from childwelfare.areas.models import Area
from childwelfare.benefits.models import Uprating
from childwelfare.benefits.payroll import PayrollError, approve_payroll, run_payroll
from childwelfare.benefits.standards import (
    StandardError,
    approve_uprating,
    cancel_uprating,
    preview_uprating,
)
from childwelfare.testing import people as named

pytestmark = pytest.mark.django_db


def test_the_officer_who_computed_a_payroll_cannot_approve_it(city):
    xuanwu = Area.objects.get(code=named.XUANWU)
    payroll = run_payroll(xuanwu, date(2026, 10, 1), actor=city["officer_xuanwu"])
    with pytest.raises(PayrollError) as caught:
        approve_payroll(payroll, actor=city["officer_xuanwu"])
    assert caught.value.code == "four_eyes"
    payroll.refresh_from_db()
    assert payroll.status == "draft"
    approved = approve_payroll(payroll, actor=city["officer2_xuanwu"])
    assert approved.status == "approved" and approved.approved_by == city["officer2_xuanwu"]


def test_the_payroll_page_offers_approval_only_to_the_second_officer(city, client):
    xuanwu = Area.objects.get(code=named.XUANWU)
    payroll = run_payroll(xuanwu, date(2026, 10, 1), actor=city["officer_xuanwu"])
    client.force_login(city["officer_xuanwu"])
    page = client.get(reverse("benefits:payroll_detail", args=[payroll.pk])).content.decode()
    assert "批准并锁定" not in page.split("双人复核")[0][-400:] and "双人复核" in page
    client.post(reverse("benefits:payroll_approve", args=[payroll.pk]))
    payroll.refresh_from_db()
    assert payroll.status == "draft"


def test_the_person_who_proposed_an_uprating_cannot_approve_it(city):
    nanjing = Area.objects.get(code=named.NANJING)
    up = preview_uprating(
        actor=city["admin_nanjing"],
        area=nanjing,
        effective_from=date(2026, 7, 1),
        percent=Decimal("3"),
        legal_basis="测试文件",
    )
    with pytest.raises(StandardError) as caught:
        approve_uprating(up, actor=city["admin_nanjing"])
    assert caught.value.code == "four_eyes"
    assert Uprating.objects.get(pk=up.pk).status == "draft"
    assert len(approve_uprating(up, actor=city["admin2_nanjing"])) == 4


def test_a_cut_needs_an_explicit_confirmation_and_a_reason_and_is_not_called_a_rise(city):
    nanjing = Area.objects.get(code=named.NANJING)
    args = {
        "actor": city["admin_nanjing"],
        "area": nanjing,
        "effective_from": date(2026, 7, 1),
        "percent": Decimal("-50"),
        "legal_basis": "测试文件",
    }
    with pytest.raises(StandardError) as caught:
        preview_uprating(**args)
    assert caught.value.code == "cut_not_confirmed"
    with pytest.raises(StandardError) as caught:
        preview_uprating(**args, lowers_standards=True)
    assert caught.value.code == "cut_reason_missing"
    assert not Uprating.objects.filter(percent__lt=0).exists()
    cut = preview_uprating(**args, lowers_standards=True, cut_reason="上级文件要求统一口径")
    assert cut.cut_reason == "上级文件要求统一口径" and "上调" not in str(cut) and "调整" in str(cut)


def test_a_rise_ticked_as_a_cut_is_refused(city):
    """QA: a +5 % proposal was accepted with 本次调整降低保障标准 ticked and a reason "x"."""
    before = Uprating.objects.count()
    with pytest.raises(StandardError) as caught:
        preview_uprating(
            actor=city["admin_nanjing"],
            area=Area.objects.get(code=named.NANJING),
            effective_from=date(2026, 7, 1),
            percent=Decimal("5"),
            legal_basis="测试文件",
            lowers_standards=True,
            cut_reason="x",
        )
    assert caught.value.code == "not_a_cut" and caught.value.field == "lowers_standards"
    assert Uprating.objects.count() == before


def test_the_uprate_form_refuses_an_unconfirmed_cut(city, client):
    client.force_login(city["admin_nanjing"])
    response = client.post(
        reverse("benefits:uprate"),
        {
            "area": named.NANJING,
            "percent": "-50",
            "effective_from": "2026-07-01",
            "legal_basis": "测试文件",
            "rounding": "yuan_half_up",
        },
    )
    assert response.status_code == 200 and "本次调整降低保障标准" in response.content.decode()
    assert not Uprating.objects.filter(percent__lt=0).exists()


def test_a_second_proposal_for_the_same_area_and_date_waits_for_the_first(city):
    """QA: a +5 % and a −50 % proposal for the same date both sat pending; after the cut was
    approved the rise still previewed the old standards and its approval failed."""
    args = {
        "actor": city["admin_nanjing"],
        "area": Area.objects.get(code=named.NANJING),
        "effective_from": date(2026, 7, 1),
        "legal_basis": "测试文件",
    }
    first = preview_uprating(**args, percent=Decimal("5"))
    with pytest.raises(StandardError) as caught:
        preview_uprating(**args, percent=Decimal("-50"), lowers_standards=True, cut_reason="统一口径")
    assert caught.value.code == "uprating_pending_same_date" and caught.value.field == "effective_from"
    cancel_uprating(first, actor=city["admin_nanjing"])
    assert preview_uprating(**args, percent=Decimal("6")).percent == Decimal("6")
