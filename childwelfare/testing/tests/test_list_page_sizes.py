"""Every list page costs the same number of queries whatever page size the user picks
(lib.paging.PAGE_SIZES) and whatever declared column it is sorted by: no per-row query
(issue 9, lists). Built on the data of test_query_counts."""

from __future__ import annotations

import pytest

from childwelfare.testing.tests.test_query_counts import PAGES, _count, _grow, _url, city  # noqa: F401

pytestmark = pytest.mark.django_db

# Pages with declared sort keys (lib.paging.SortMap), and a key of each to sort by.
SORTED = {
    "registry:child_list": "name",
    "discovery:visit_list": "name",
    "discovery:campaign_list": "name",
    "discovery:record_list {campaign}": "colour",
    "discovery:problem_list": "child",
    "discovery:attention": "assessed",
    "benefits:application_list": "child",
    "benefits:payroll_detail {payroll}": "amount",
    "benefits:insurance_scheme {scheme}": "name",
    "audit:access_log": "user",
    "deadlines:list": "level",
}


def _with(url: str, query: str) -> str:
    return url + ("&" if "?" in url else "?") + query


def test_page_size_and_sort_cost_no_more_queries(client, city):  # noqa: F811
    users, objects = city
    _grow(users, 1, 6, objects)  # the officer's and supervisor's lists hold more than 20 rows
    grown, measured = {}, set()
    for username in ("officer_xuanwu", "supervisor_meiyuan", "director_meiyuan", "auditor_xuanwu"):
        client.force_login(users[username])
        for page in PAGES:
            url = _url(page, objects)
            _count(client, url)  # warm-up
            small = _count(client, _with(url, "size=20"))
            large = _count(client, _with(url, "size=200"))
            counts = [small, large]
            if page in SORTED:
                counts.append(_count(client, _with(url, f"size=200&sort=-{SORTED[page]}")))
            if small[0] == 200:
                measured.add(page)
            if len(set(counts)) > 1:
                grown[username, page] = counts
    assert grown == {}
    assert set(SORTED) <= measured
