"""Payment timing (issue 8, item 11; settings.PAYMENT_TIMING, README "Payment timing"), golden
values by hand in yuan. Standard: scattered orphan 2,300 a month (Nanjing 2023, open-ended).
Each spell says when it was confirmed: the payment counts from that date.

Mode (a) next_month (default, 民发〔2019〕62号): whole months from the month after the
confirmation date to the end of the month in which eligibility ends (18th birthday included).
Mode (b) prorated: calendar days, fen = standard × days ÷ days_in_month, half up.
Mode (c) whole_month_if_eligible_on_first: the whole month when eligible on its first day.
"""

from datetime import date
from decimal import Decimal

import pytest

from childwelfare.areas.models import Area
from childwelfare.benefits.models import PayrollLine
from childwelfare.benefits.payroll import PayrollError, run_payroll
from childwelfare.registry.choices import Category, SpellStatus
from childwelfare.testing import people as named
from childwelfare.testing.factories import CategorySpellFactory, ChildFactory

pytestmark = pytest.mark.django_db
FULL = Decimal("2300.00")


@pytest.fixture
def xuanwu():
    return Area.objects.get(code=named.XUANWU)


def kid(name, birth, start, confirmed_on, *, end=None, arrears_from=None, status=SpellStatus.CONFIRMED):
    """A scattered orphan of 梅园社区 from `start`, confirmed on `confirmed_on`."""
    child = ChildFactory(name=name, birth_date=birth, gender="F", area_id=named.MEIYUAN)
    CategorySpellFactory(
        child=child,
        category=Category.SCATTERED_ORPHAN,
        start_date=start,
        end_date=end,
        confirmed_on=confirmed_on,
        arrears_from=arrears_from,
        status=status,
    )
    return child


def paid(city, xuanwu, child, month):
    """(days, amount) of the child's regular lines in the month's payroll."""
    payroll = run_payroll(xuanwu, month, actor=city["officer_xuanwu"])
    return [
        (line.days_eligible, line.amount)
        for line in PayrollLine.objects.filter(payroll=payroll, child=child).order_by("period_start")
    ]


def test_the_default_is_next_month(settings):
    from django.conf import settings as live

    assert live.PAYMENT_TIMING == "next_month"


def test_next_month_confirmation_mid_month_first_and_last_day(city, xuanwu, settings):
    settings.PAYMENT_TIMING = "next_month"
    mid = kid("月中确认", date(2015, 5, 5), date(2026, 3, 10), date(2026, 3, 10))
    first = kid("月初确认", date(2015, 5, 6), date(2026, 3, 1), date(2026, 3, 1))
    last = kid("月末确认", date(2015, 5, 7), date(2026, 3, 31), date(2026, 3, 31))
    # March, the month of confirmation: nothing for any of them, even confirmed on 1 March.
    for child in (mid, first, last):
        assert paid(city, xuanwu, child, date(2026, 3, 1)) == []
    # April, the month after: the whole 2,300 (30 of 30 days).
    for child in (mid, first, last):
        assert paid(city, xuanwu, child, date(2026, 4, 1)) == [(30, FULL)]


def test_next_month_application_route_and_a_category_starting_later(city, xuanwu, settings):
    settings.PAYMENT_TIMING = "next_month"
    # An application confirmed on 20 October writes the spell from 1 November: paid from
    # November, 2,300 (30 days).
    applied = kid("申请认定", date(2015, 6, 6), date(2026, 11, 1), date(2026, 10, 20))
    assert paid(city, xuanwu, applied, date(2026, 10, 1)) == []
    assert paid(city, xuanwu, applied, date(2026, 11, 1)) == [(30, FULL)]
    # Confirmed on 5 January for a category that starts on 10 March: not held on 1 March,
    # so paid from April.
    later = kid("延后起始", date(2015, 6, 7), date(2026, 3, 10), date(2026, 1, 5))
    assert paid(city, xuanwu, later, date(2026, 3, 1)) == []
    assert paid(city, xuanwu, later, date(2026, 4, 1)) == [(30, FULL)]


def test_next_month_until_the_end_of_the_month_eligibility_ends(city, xuanwu, settings):
    settings.PAYMENT_TIMING = "next_month"
    nov = kid("十一月满18", date(2008, 11, 29), date(2020, 1, 1), date(2020, 1, 1))
    leap = kid("闰日生", date(2008, 2, 29), date(2020, 1, 1), date(2020, 1, 1))
    march_first = kid("三月一日生", date(2008, 3, 1), date(2020, 1, 1), date(2020, 1, 1))
    ended = kid("月中终止", date(2015, 7, 7), date(2020, 1, 1), date(2020, 1, 1), end=date(2026, 3, 20))
    # The 18th-birthday month in full: 29 Nov 2026 → November 2,300 (30 days), then nothing.
    assert paid(city, xuanwu, nov, date(2026, 11, 1)) == [(30, FULL)]
    assert paid(city, xuanwu, nov, date(2026, 12, 1)) == []
    # Born 29 Feb 2008: 18 on 28 Feb 2026 (a common year): February in full (28 days), not March.
    assert paid(city, xuanwu, leap, date(2026, 2, 1)) == [(28, FULL)]
    assert paid(city, xuanwu, leap, date(2026, 3, 1)) == []
    # Born 1 March 2008: 18 on 1 March 2026 — March is the birthday month, paid in full
    # (31 days); April nothing.
    assert paid(city, xuanwu, march_first, date(2026, 3, 1)) == [(31, FULL)]
    assert paid(city, xuanwu, march_first, date(2026, 4, 1)) == []
    # A category ending on 20 March: March in full (31 days), April nothing.
    assert paid(city, xuanwu, ended, date(2026, 3, 1)) == [(31, FULL)]
    assert paid(city, xuanwu, ended, date(2026, 4, 1)) == []


def test_prorated_from_the_confirmation_date(city, xuanwu, settings):
    settings.PAYMENT_TIMING = "prorated"
    mid = kid("月中确认", date(2015, 5, 5), date(2026, 3, 10), date(2026, 3, 10))
    first = kid("月初确认", date(2015, 5, 6), date(2026, 3, 1), date(2026, 3, 1))
    last = kid("月末确认", date(2015, 5, 7), date(2026, 3, 31), date(2026, 3, 31))
    late = kid("补录迟确认", date(2015, 5, 8), date(2026, 1, 1), date(2026, 3, 10))
    # 10–31 March = 22 of 31 days: 2,300 × 22 / 31 = 1,632.258… → 1,632.26
    assert paid(city, xuanwu, mid, date(2026, 3, 1)) == [(22, Decimal("1632.26"))]
    # From 1 March: 31 of 31 days = 2,300.00
    assert paid(city, xuanwu, first, date(2026, 3, 1)) == [(31, FULL)]
    # 31 March only: 2,300 × 1 / 31 = 74.193… → 74.19
    assert paid(city, xuanwu, last, date(2026, 3, 1)) == [(1, Decimal("74.19"))]
    # Held since 1 January but confirmed on 10 March without arrears: February nothing,
    # March from the 10th as above, 1,632.26.
    assert paid(city, xuanwu, late, date(2026, 2, 1)) == []
    assert paid(city, xuanwu, late, date(2026, 3, 1)) == [(22, Decimal("1632.26"))]


def test_prorated_age_out_and_29_february(city, xuanwu, settings):
    settings.PAYMENT_TIMING = "prorated"
    leap = kid("闰日生", date(2008, 2, 29), date(2020, 1, 1), date(2020, 1, 1))
    nov = kid("十一月满18", date(2008, 11, 29), date(2020, 1, 1), date(2020, 1, 1))
    leap_day = kid("闰日确认", date(2015, 8, 8), date(2028, 2, 29), date(2028, 2, 29))
    # 18 on 28 Feb 2026: paid 1–27 Feb, 2,300 × 27 / 28 = 2,217.857… → 2,217.86
    assert paid(city, xuanwu, leap, date(2026, 2, 1)) == [(27, Decimal("2217.86"))]
    # 18 on 29 Nov 2026: paid 1–28 Nov, 2,300 × 28 / 30 = 2,146.666… → 2,146.67
    assert paid(city, xuanwu, nov, date(2026, 11, 1)) == [(28, Decimal("2146.67"))]
    # Confirmed on 29 Feb 2028 (a leap year, 29 days): 2,300 × 1 / 29 = 79.310… → 79.31
    assert paid(city, xuanwu, leap_day, date(2028, 2, 1)) == [(1, Decimal("79.31"))]


def test_whole_month_if_eligible_on_the_first(city, xuanwu, settings):
    settings.PAYMENT_TIMING = "whole_month_if_eligible_on_first"
    first = kid("月初确认", date(2015, 5, 6), date(2026, 3, 1), date(2026, 3, 1))
    last = kid("月末确认", date(2015, 5, 7), date(2026, 3, 31), date(2026, 3, 31))
    leap = kid("闰日生", date(2008, 2, 29), date(2020, 1, 1), date(2020, 1, 1))
    march_first = kid("三月一日生", date(2008, 3, 1), date(2020, 1, 1), date(2020, 1, 1))
    leap_day = kid("闰日确认", date(2015, 8, 8), date(2028, 2, 29), date(2028, 2, 29))
    # Eligible on 1 March: the whole month, 2,300.
    assert paid(city, xuanwu, first, date(2026, 3, 1)) == [(31, FULL)]
    # Confirmed on 31 March: not eligible on 1 March → nothing; April in full, 2,300.
    assert paid(city, xuanwu, last, date(2026, 3, 1)) == []
    assert paid(city, xuanwu, last, date(2026, 4, 1)) == [(30, FULL)]
    # Born 29 Feb 2008, 17 on 1 Feb 2026: February in full, 2,300; 18 by 1 March: nothing.
    assert paid(city, xuanwu, leap, date(2026, 2, 1)) == [(28, FULL)]
    assert paid(city, xuanwu, leap, date(2026, 3, 1)) == []
    # 18 on 1 March 2026 itself: not eligible on the first → nothing in March.
    assert paid(city, xuanwu, march_first, date(2026, 3, 1)) == []
    # Confirmed on 29 Feb 2028: nothing in February, March in full (31 days) 2,300.
    assert paid(city, xuanwu, leap_day, date(2028, 2, 1)) == []
    assert paid(city, xuanwu, leap_day, date(2028, 3, 1)) == [(31, FULL)]


def test_approved_arrears_count_from_the_category_start(city, xuanwu, settings):
    settings.PAYMENT_TIMING = "prorated"
    # Held from 10 January, confirmed on 20 March with arrears approved from 10 January:
    # January 10–31 = 22 of 31 days, 2,300 × 22 / 31 = 1,632.26; February in full.
    child = kid(
        "补发", date(2015, 9, 9), date(2026, 1, 10), date(2026, 3, 20), arrears_from=date(2026, 1, 10)
    )
    assert paid(city, xuanwu, child, date(2026, 1, 1)) == [(22, Decimal("1632.26"))]
    assert paid(city, xuanwu, child, date(2026, 2, 1)) == [(28, FULL)]
    settings.PAYMENT_TIMING = "next_month"
    # Next month from 10 January: February in full, not January.
    assert paid(city, xuanwu, child, date(2026, 1, 1)) == []
    assert paid(city, xuanwu, child, date(2026, 2, 1)) == [(28, FULL)]


def test_pending_and_refused_spells_are_not_paid(city, xuanwu, settings):
    pending = kid("待复核", date(2015, 9, 10), date(2024, 6, 1), None, status=SpellStatus.PENDING)
    refused = kid("不予确认", date(2015, 9, 11), date(2024, 6, 1), None, status=SpellStatus.REFUSED)
    for mode in ("next_month", "prorated", "whole_month_if_eligible_on_first"):
        settings.PAYMENT_TIMING = mode
        assert paid(city, xuanwu, pending, date(2026, 3, 1)) == []
        assert paid(city, xuanwu, refused, date(2026, 3, 1)) == []


def test_an_unknown_mode_is_refused(city, xuanwu, settings):
    settings.PAYMENT_TIMING = "calendar_days"
    with pytest.raises(PayrollError) as caught:
        run_payroll(xuanwu, date(2026, 3, 1), actor=city["officer_xuanwu"])
    assert caught.value.code == "unknown_payment_timing"
