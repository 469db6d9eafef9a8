"""Who is enrolled on an insurance roster (issue 8, item 10): the cut-off date is not in the
future, and only children holding a covered, confirmed category ON the cut-off date and not
yet 18 on it are enrolled. Dates are hand-computed around the cut-off 2026-03-01."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from childwelfare.areas.models import Area
from childwelfare.benefits.choices import InsuranceKind
from childwelfare.benefits.insurance import InsuranceError, generate_roster
from childwelfare.benefits.models import InsuranceEnrolment, InsuranceScheme
from childwelfare.registry.choices import Category, SpellStatus
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory

pytestmark = pytest.mark.django_db

CUT_OFF = date(2026, 3, 1)


@pytest.fixture
def scheme():
    return InsuranceScheme.objects.create(
        name="困境儿童意外伤害保险",
        kind=InsuranceKind.ACCIDENT,
        categories=[Category.SCATTERED_ORPHAN, Category.DE_FACTO_UNSUPPORTED],
    )


def kid(name, *, since=date(2024, 1, 1), until=None, born=date(2014, 6, 1), status=None, category=None):
    child = ChildFactory(
        name=name,
        area_id=named.MEIYUAN,
        birth_date=born,
        category=category or Category.SCATTERED_ORPHAN,
        category__start_date=since,
        category__end_date=until,
    )
    if status:
        child.categories.update(status=status)
    return child


def enrolled_names() -> set[str]:
    return set(InsuranceEnrolment.objects.values_list("child__name", flat=True))


def test_a_cut_off_in_the_future_is_refused_and_nothing_is_enrolled(people, scheme):
    """The reported case: cut-off 2030-01-01 accepted, a child whose category starts on
    2027-01-01 enrolled."""
    kid("未来", since=date(2027, 1, 1))
    xuanwu = Area.objects.get(code=named.XUANWU)
    with pytest.raises(InsuranceError) as refused:
        generate_roster(
            scheme, year=2030, area=xuanwu, as_of=date(2030, 1, 1), actor=people["officer_xuanwu"]
        )
    assert (refused.value.code, refused.value.field) == ("cut_off_in_future", "as_of")
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(InsuranceError):
        generate_roster(
            scheme, year=tomorrow.year, area=xuanwu, as_of=tomorrow, actor=people["officer_xuanwu"]
        )
    assert not InsuranceEnrolment.objects.exists()
    # Today itself is allowed.
    today = timezone.localdate()
    assert (
        generate_roster(scheme, year=today.year, area=xuanwu, as_of=today, actor=people["officer_xuanwu"])
        == 0
    )


def test_only_children_holding_a_confirmed_category_on_the_cut_off_and_under_18(people, scheme):
    kid("前一日止", until=CUT_OFF - timedelta(days=1))  # ends 2026-02-28: excluded
    kid("当日止", until=CUT_OFF)  # ends 2026-03-01 (inclusive): included
    kid("当日起", since=CUT_OFF)  # starts 2026-03-01: included
    kid("次日起", since=CUT_OFF + timedelta(days=1))  # starts 2026-03-02: excluded
    kid("当日满18", born=date(2008, 3, 1))  # 18 on 2026-03-01 (the cut-off): excluded
    kid("次日满18", born=date(2008, 3, 2))  # 17 on 2026-03-01, 18 the next day: included
    kid("早已满18", born=date(2007, 1, 1))  # 19 on the cut-off: excluded
    # Paid categories a second officer has not confirmed (issue 8, item 7) do not count.
    kid("待复核", category=Category.DE_FACTO_UNSUPPORTED, status=SpellStatus.PENDING)
    kid("不予确认", category=Category.DE_FACTO_UNSUPPORTED, status=SpellStatus.REFUSED)
    kid("已确认", category=Category.DE_FACTO_UNSUPPORTED, status=SpellStatus.CONFIRMED)
    xuanwu = Area.objects.get(code=named.XUANWU)

    added = generate_roster(scheme, year=2026, area=xuanwu, as_of=CUT_OFF, actor=people["officer_xuanwu"])

    assert enrolled_names() == {"当日止", "当日起", "次日满18", "已确认"}
    assert added == 4


def test_born_29_february_is_17_on_28_february_of_a_common_year(people, scheme):
    """Born 2008-02-29: on 2026-02-28 17 (lib.dates.age_on: the birthday counts from 1 March
    in common years), on 2026-03-01 18."""
    kid("闰日生", born=date(2008, 2, 29))
    xuanwu = Area.objects.get(code=named.XUANWU)
    generate_roster(scheme, year=2026, area=xuanwu, as_of=date(2026, 3, 1), actor=people["officer_xuanwu"])
    assert enrolled_names() == set()
    generate_roster(scheme, year=2025, area=xuanwu, as_of=date(2026, 2, 28), actor=people["officer_xuanwu"])
    assert enrolled_names() == {"闰日生"}


def test_the_roster_form_shows_a_future_cut_off_beside_the_field_and_keeps_the_values(client, people, scheme):
    client.force_login(people["officer_xuanwu"])
    future = date(2030, 1, 1)
    response = client.post(
        reverse("benefits:insurance_roster", args=[scheme.pk]),
        {
            "roster-area": named.XUANWU,
            "roster-year": timezone.localdate().year,
            "roster-as_of": future.isoformat(),
        },
    )
    assert response.status_code == 200
    form = response.context["roster_form"]
    assert form.errors["as_of"] == ["名单截止日不能晚于今天"]
    html = response.content.decode()
    assert 'value="2030-01-01"' in html
    assert not InsuranceEnrolment.objects.exists()
