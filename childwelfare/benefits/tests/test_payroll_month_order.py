"""Payrolls are approved month by month, each computed after the months before it were
approved (QA, issue 8): two drafts computed side by side both carried the same arrears, and
approving both paid a child's October and November twice."""

from datetime import date, timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone

from childwelfare.areas.models import Area
from childwelfare.benefits.choices import PayrollStatus
from childwelfare.benefits.models import PayrollLine
from childwelfare.benefits.payroll import PayrollError, approve_payroll, run_payroll
from childwelfare.benefits.spells import confirm_spells
from childwelfare.benefits.tests.test_spell_review import orphan
from childwelfare.lib.dates import add_months
from childwelfare.testing import people as named

pytestmark = pytest.mark.django_db


def test_months_are_approved_in_order_and_arrears_paid_once(city, settings):
    settings.PAYMENT_TIMING = "prorated"
    today = timezone.localdate()
    xuanwu = Area.objects.get(code=named.XUANWU)
    officer, second = city["officer_xuanwu"], city["officer2_xuanwu"]
    first = add_months(today.replace(day=1), -2)
    child, spell = orphan(city, "孤儿丙", date(2024, 6, 1))
    for month in (first, add_months(first, 1)):
        approve_payroll(run_payroll(xuanwu, month, actor=officer), actor=second)
    confirm_spells(
        [spell], actor=second, on=today - timedelta(days=0), approve_arrears=True, arrears_reason="名册漏报"
    )
    this_month, next_month = today.replace(day=1), add_months(today.replace(day=1), 1)
    draft = run_payroll(xuanwu, this_month, actor=officer)
    later = run_payroll(xuanwu, next_month, actor=officer)  # computed while `draft` is a draft

    with pytest.raises(PayrollError) as caught:
        approve_payroll(later, actor=second)
    assert caught.value.code == "earlier_month_pending"
    approve_payroll(draft, actor=second)
    later.refresh_from_db()
    with pytest.raises(PayrollError) as caught:
        approve_payroll(later, actor=second)  # computed before `draft` was approved
    assert caught.value.code == "recompute_needed" and later.status == PayrollStatus.DRAFT

    later = run_payroll(xuanwu, next_month, actor=officer)
    approve_payroll(later, actor=second)
    # Each of the two earlier months is paid 2,300 once in arrears, whatever payroll holds it.
    for month in (first, add_months(first, 1)):
        paid = PayrollLine.objects.filter(
            child=child, for_month=month, payroll__status=PayrollStatus.APPROVED
        ).aggregate(total=Sum("amount"))["total"]
        assert paid == 2300, month
