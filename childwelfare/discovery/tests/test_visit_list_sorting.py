"""The visit plan as a working list (issue 9): sorted by a declared column, filtered by
street or community within scope, searched with the child list's people search."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from childwelfare.discovery import services as discovery
from childwelfare.registry.choices import Category
from childwelfare.testing.factories import CategorySpellFactory, ChildFactory
from childwelfare.testing.people import DAXINGGONG, MEIYUAN, MEIYUAN_STREET, XINJIEKOU

TODAY = timezone.localdate()


def _overdue_child(people, name, area, days_ago):
    child = ChildFactory(name=name, area_id=area, actor=people["officer_xuanwu"])
    CategorySpellFactory(
        child=child, category=Category.SCATTERED_ORPHAN, start_date=TODAY - timedelta(days=400)
    )
    director = people["director_daxinggong"] if area == DAXINGGONG else people["director_meiyuan"]
    if area == XINJIEKOU:
        director = people["officer_xuanwu"]
    discovery.record_visit(child=child, actor=director, visited_on=TODAY - timedelta(days=days_ago))
    return child


def test_visit_plan_sorts_filters_by_area_and_finds_by_pinyin(client, people):
    _overdue_child(people, "赵亮", MEIYUAN, 200)
    _overdue_child(people, "阿明", DAXINGGONG, 150)
    _overdue_child(people, "王舒诺", XINJIEKOU, 300)
    client.force_login(people["officer_xuanwu"])
    url = reverse("discovery:visit_list")

    def names(params):
        response = client.get(url, params)
        assert response.status_code == 200
        return [child.name for child in response.context["page"].object_list]

    assert names({}) == ["王舒诺", "赵亮", "阿明"]  # the most late first
    assert names({"sort": "name"}) == ["阿明", "王舒诺", "赵亮"]
    assert names({"sort": "-due"}) == ["阿明", "赵亮", "王舒诺"]
    assert names({"sort": "area"}) == ["赵亮", "阿明", "王舒诺"]
    assert names({"area": MEIYUAN_STREET}) == ["赵亮", "阿明"]
    assert names({"area": DAXINGGONG}) == ["阿明"]
    assert names({"q": "shunuo"}) == ["王舒诺"]
    assert names({"q": "王" * 51}) == []
