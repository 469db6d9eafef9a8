"""Sortable columns, the street/community filter and empty states of the working lists
beyond the child list (issue 9): problems, applications, the access log and the visit plan,
each with hand-made rows whose order differs by the key chosen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from childwelfare.areas.models import Area
from childwelfare.areas.services import create_community
from childwelfare.audit.models import AccessAction
from childwelfare.audit.services import log_access
from childwelfare.discovery.choices import ProblemKind, ProblemStatus
from childwelfare.testing.factories import ChildFactory, EligibilityApplicationFactory, ProblemFactory
from childwelfare.testing.people import DAXINGGONG, MEIYUAN, MEIYUAN_STREET, NINGHAI_STREET, XINJIEKOU

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _names(response, attribute):
    assert response.status_code == 200
    return [attribute(row) for row in response.context["page"].object_list]


def _child(people, name, area=MEIYUAN):
    return ChildFactory(name=name, area_id=area, actor=people["officer_xuanwu"])


def test_problems_sort_by_each_column(client, people):
    late = ProblemFactory(child=_child(people, "赵亮", DAXINGGONG), deadline=TODAY + timedelta(days=2))
    early = ProblemFactory(
        child=_child(people, "阿明"), deadline=TODAY + timedelta(days=9), kind=ProblemKind.MEDICAL
    )
    solved = ProblemFactory(
        child=_child(people, "钱多"), deadline=TODAY + timedelta(days=1), status=ProblemStatus.SOLVED
    )
    client.force_login(people["officer_xuanwu"])
    url = reverse("discovery:problem_list")

    def order(query):
        return _names(client.get(url + query), lambda p: p.child.name)

    assert order("") == ["赵亮", "阿明", "钱多"]  # open first, nearest deadline first
    assert order("?sort=deadline") == ["钱多", "赵亮", "阿明"]
    assert order("?sort=-deadline") == ["阿明", "赵亮", "钱多"]
    assert order("?sort=child") == ["阿明", "钱多", "赵亮"]
    assert order("?sort=area") == ["钱多", "阿明", "赵亮"]  # 梅园社区 (…001) before 大行宫社区 (…002)
    assert order("?sort=-status") == ["钱多", "阿明", "赵亮"]
    assert order("?sort=bogus") == order("")
    assert {late.pk, early.pk, solved.pk} == {p.pk for p in client.get(url).context["page"].object_list}
    # The filters keep the chosen order: the filter form carries it.
    html = client.get(url + "?sort=-deadline").content.decode()
    assert '<input type="hidden" name="sort" value="-deadline">' in html


def test_applications_sort_by_each_column(client, people):
    EligibilityApplicationFactory(child=_child(people, "赵亮"), submitted_on=TODAY - timedelta(days=3))
    EligibilityApplicationFactory(child=_child(people, "阿明"), submitted_on=TODAY - timedelta(days=1))
    EligibilityApplicationFactory(
        child=_child(people, "钱多", DAXINGGONG), submitted_on=TODAY - timedelta(days=2)
    )
    client.force_login(people["officer_xuanwu"])
    url = reverse("benefits:application_list")

    def order(query):
        return _names(client.get(url + query), lambda a: a.child.name)

    assert order("") == ["赵亮", "钱多", "阿明"]  # the nearest verification deadline first
    assert order("?sort=child") == ["阿明", "钱多", "赵亮"]
    assert order("?sort=-submitted") == ["阿明", "钱多", "赵亮"]
    assert order("?sort=area") == ["阿明", "赵亮", "钱多"]
    assert order("?sort=-child") == ["赵亮", "钱多", "阿明"]
    assert order("?sort=__class__") == order("")


def test_access_log_sorts_and_filters_to_nothing_with_a_way_back(client, people):
    log_access(user=people["officer_xuanwu"], action=AccessAction.EXPORT, detail="导出")
    log_access(user=people["officer2_xuanwu"], action=AccessAction.VIEW_FULL_ID, detail="查看")
    client.force_login(people["auditor_xuanwu"])
    url = reverse("audit:access_log")
    newest_first = _names(client.get(url), lambda e: e.user.username)
    assert newest_first == ["officer2_xuanwu", "officer_xuanwu"]
    assert _names(client.get(url + "?sort=at"), lambda e: e.user.username) == newest_first[::-1]
    assert _names(client.get(url + "?sort=-user"), lambda e: e.user.username) == [
        "officer_xuanwu",
        "officer2_xuanwu",
    ]


def test_street_and_community_filter_offers_only_the_scope(client, people):
    ProblemFactory(child=_child(people, "赵亮", XINJIEKOU))
    ProblemFactory(child=_child(people, "阿明"))
    url = reverse("discovery:problem_list")
    client.force_login(people["supervisor_meiyuan"])
    form = client.get(url).context["form"]
    codes = {code for code, _label in form.fields["area"].choices if code}
    assert codes and all(code.startswith(MEIYUAN_STREET) for code in codes)
    assert MEIYUAN in codes and DAXINGGONG in codes
    # A community outside the scope, typed into the address, is refused, never applied.
    response = client.get(url, {"area": XINJIEKOU})
    assert "area" in response.context["form"].errors
    assert _names(response, lambda p: p.child.name) == ["阿明"]
    # The district officer filters by street, then by community.
    client.force_login(people["officer_xuanwu"])
    assert _names(client.get(url, {"area": MEIYUAN_STREET}), lambda p: p.child.name) == ["阿明"]
    assert _names(client.get(url, {"area": XINJIEKOU}), lambda p: p.child.name) == ["赵亮"]
    officer_codes = {code for code, _label in client.get(url).context["form"].fields["area"].choices if code}
    assert MEIYUAN_STREET in officer_codes and not any(
        code.startswith(NINGHAI_STREET) for code in officer_codes
    )
    # A community director's scope holds one community: no area filter at all.
    client.force_login(people["director_meiyuan"])
    assert "area" not in client.get(url).context["form"].fields


def test_applications_filter_by_street_and_an_over_long_query_says_so(client, people):
    EligibilityApplicationFactory(child=_child(people, "赵亮", XINJIEKOU))
    EligibilityApplicationFactory(child=_child(people, "阿明"))
    client.force_login(people["officer_xuanwu"])
    url = reverse("benefits:application_list")
    assert _names(client.get(url, {"area": MEIYUAN_STREET}), lambda a: a.child.name) == ["阿明"]
    response = client.get(url, {"q": "阿" * 51})
    assert _names(response, lambda a: a.child.name) == []
    assert "data-query-error" in response.content.decode()


def test_empty_lists_say_so_and_offer_to_clear_the_filters(client, people):
    client.force_login(people["officer_xuanwu"])
    url = reverse("discovery:problem_list")
    html = client.get(url).content.decode()
    assert "没有符合条件的问题。" in html and "清除筛选" not in html
    ProblemFactory(child=_child(people, "阿明"))
    html = client.get(url, {"kind": ProblemKind.MEDICAL, "sort": "child"}).content.decode()
    assert "清除筛选" in html and 'href="?sort=child"' in html


def test_problem_list_names_repeated_communities_with_their_street(client, people):
    first = create_community(street=Area.objects.get(code=MEIYUAN_STREET), name="新河社区")
    second = create_community(street=Area.objects.get(code="320102003"), name="新河社区")
    ProblemFactory(child=_child(people, "阿明", first.code))
    ProblemFactory(child=_child(people, "赵亮", second.code))
    client.force_login(people["officer_xuanwu"])
    html = client.get(reverse("discovery:problem_list")).content.decode()
    assert "新河社区（梅园新村街道）" in html and "新河社区（新街口街道）" in html
