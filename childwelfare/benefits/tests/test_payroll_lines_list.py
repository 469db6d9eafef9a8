"""A payroll's lines as a working list (issue 9): filtered by street, sorted by a declared
column, and an over-long name query lists nothing (it used to list every line)."""

import io

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from childwelfare.areas.models import Area
from childwelfare.benefits.payroll import run_payroll
from childwelfare.registry.choices import Category
from childwelfare.testing.factories import CategorySpellFactory, ChildFactory
from childwelfare.testing.people import MEIYUAN, MEIYUAN_STREET, XINJIEKOU, XUANWU


def test_payroll_lines_filter_by_street_sort_and_refuse_an_over_long_query(client, people):
    call_command("seed_standards", stdout=io.StringIO())
    today = timezone.localdate()
    for name, area in [("阿明", MEIYUAN), ("赵亮", XINJIEKOU), ("钱多", MEIYUAN)]:
        child = ChildFactory(name=name, area_id=area, actor=people["officer_xuanwu"])
        CategorySpellFactory(
            child=child,
            category=Category.SCATTERED_ORPHAN,
            start_date=today.replace(day=1, year=today.year - 1),
        )
    payroll = run_payroll(Area.objects.get(code=XUANWU), today.replace(day=1), actor=people["officer_xuanwu"])
    client.force_login(people["officer_xuanwu"])
    url = reverse("benefits:payroll_detail", args=[payroll.pk])

    def names(params):
        response = client.get(url, params)
        assert response.status_code == 200
        return [line.child.name for line in response.context["page"].object_list]

    assert names({}) == ["阿明", "钱多", "赵亮"]
    assert names({"sort": "-child"}) == ["赵亮", "钱多", "阿明"]
    assert names({"area": MEIYUAN_STREET}) == ["阿明", "钱多"]
    assert names({"area": XINJIEKOU}) == ["赵亮"]
    assert names({"q": "阿" * 51}) == []
