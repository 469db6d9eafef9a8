"""The work lists cost their page, not their district (issue 14, item 2).

- The tab counts are answered from an index alone: the children's columns the lists filter
  on, and the id their EXISTS checks correlate on, are all in the index the count reads
  (SQLite: "COVERING INDEX"; PostgreSQL: "Index Only Scan"), and so is the care measure's
  "active on a day" that the attention list checks for every red and yellow child.
- The visit plan's rows are read without a join to the areas, so SQLite walks the (due, id)
  index and stops after the page instead of seeking community by community and sorting the
  whole list (its communities come in one more query).
- The counts equal the lists, page after page, with care measures and several pages.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from childwelfare.discovery import board, services
from childwelfare.discovery.choices import MeasureType, ProviderKind
from childwelfare.discovery.tests.helpers import TODAY, as_user, item_ids, register
from childwelfare.discovery.views.visits import overdue_visits, visit_counts, visits_due_this_week
from childwelfare.registry.models import Child
from childwelfare.testing import people as named

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(people):
    """Forty-five children over three communities of 玄武区: overdue by their colour's interval
    or never visited, due in the coming week, due later; red and yellow ones, some of them
    with an active care measure, one with an ended one."""
    director = people["director_meiyuan"]
    kids = []
    for n, area in enumerate([named.MEIYUAN, named.DAXINGGONG, named.XINJIEKOU] * 15):
        child = register(f"儿童{n:02d}", area)
        kids.append(child)
        actor = people["officer_xuanwu"]
        if n % 5 == 0:
            continue  # never visited: due the day the file opened (today), in the week's list
        items = {1: ["abandoned"], 2: ["elderly_carer"], 3: [], 4: ["elderly_carer", "guardian_unable"]}[
            n % 5
        ]
        days_ago = (10, 40, 120, 200)[n % 4]
        services.record_visit(
            child=child, actor=actor, visited_on=TODAY - timedelta(days=days_ago), item_ids=item_ids(*items)
        )
        if n % 3 == 0 and items:
            services.add_care_measure(
                child=child,
                actor=actor,
                measure_type=MeasureType.LIVING,
                provider_kind=ProviderKind.DEPARTMENT,
                provider_name="民政局",
                start_date=TODAY - timedelta(days=2),
                end_date=TODAY - timedelta(days=1) if n % 2 else None,
            )
    assert director.area_id == named.MEIYUAN
    return kids


def rows(client, name, params) -> tuple[list[int], dict]:
    url, ids, number = reverse(name), [], 1
    while True:
        response = client.get(url, {**params, "page": number, "size": 20})
        assert response.status_code == 200
        page = response.context["page"]
        ids += [child.pk for child in page.object_list]
        if not page.has_next():
            return ids, response.context["counts"]
        number += 1


@pytest.mark.parametrize("user", ["director_meiyuan", "officer_xuanwu"])
def test_tab_counts_equal_the_lists_page_after_page(client, people, district, user):
    as_user(client, people[user])
    overdue, counts = rows(client, "discovery:visit_list", {})
    week, week_counts = rows(client, "discovery:visit_list", {"list": "week"})
    assert counts == week_counts == {"overdue": len(overdue), "week": len(week)}
    assert overdue and week and not set(overdue) & set(week)
    assert len(overdue) > 20 or user != "officer_xuanwu"  # more than a page of 20
    assert overdue == list(overdue_visits(people[user], TODAY).values_list("pk", flat=True))
    assert week == list(visits_due_this_week(people[user], TODAY).values_list("pk", flat=True))
    case, counts = rows(client, "discovery:attention", {"list": "case"})
    measure, measure_counts = rows(client, "discovery:attention", {"list": "measure"})
    assert counts == measure_counts == {"case": len(case), "measure": len(measure)}
    children = Child.objects.visible_to(people[user]).open_files()
    assert set(case) == set(board.needs_a_case(children).values_list("pk", flat=True))
    assert set(measure) == set(board.without_active_measure(children, TODAY).values_list("pk", flat=True))
    # The data tells the lists apart: a red child with an active measure is on one, not the other.
    assert set(case) - set(measure) and set(measure) - set(case)


def plan(sql: str, params) -> str:
    """SQLite's EXPLAIN QUERY PLAN of one query, after ANALYZE."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def columns_read(sql: str, table: str) -> set[str]:
    """The columns of `table` that `sql` names, as "table"."column" or through its alias."""
    names = set(re.findall(rf'"{table}"\."(\w+)"', sql))
    for alias in re.findall(rf'FROM "{table}" (\w+)', sql):
        names |= set(re.findall(rf'\b{alias}\."(\w+)"', sql.split(f'FROM "{table}" {alias}', 1)[1]))
    return names


def index_columns(table: str, index: str) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, table)[index]["columns"])


def compiled(queryset_aggregate) -> tuple[str, tuple]:
    """(sql, params) of the one query `queryset_aggregate()` runs."""
    holder = {}

    def wrapper(execute, sql, params, many, context):
        holder.setdefault("query", (sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        queryset_aggregate()
    return holder["query"]


def assert_read_from_index_alone(sql: str, params, table: str, indexes: tuple[str, ...]) -> None:
    """`table` can be read through one of `indexes` without its rows: the index holds every
    column of `table` the query names; and on SQLite, whose plan at this size is the one at
    any size once ANALYZE has run, the plan reads it so. (PostgreSQL's planner reads a table
    of forty-five rows whole, or by whichever index is smallest while no page is marked
    all-visible, as in a test's transaction; what it does at 100,000 children is in
    BENCHMARKS.md.)"""
    needed = columns_read(sql, table)
    assert needed and any(needed <= index_columns(table, index) for index in indexes), needed
    if connection.vendor == "sqlite":
        text = plan(sql, params)
        # A subquery's table is named by its alias (U0): the index names it.
        assert any(f"COVERING INDEX {index} " in text for index in indexes), text
        lines = [line for line in text.splitlines() if f" {table} " in f"{line} "]
        assert all("COVERING INDEX" in line for line in lines), text


@pytest.mark.parametrize("user", ["director_meiyuan", "officer_xuanwu"])
def test_the_visit_tab_counts_are_read_from_an_index_alone(people, district, user):
    sql, params = compiled(lambda: visit_counts(people[user], TODAY))
    # Either of the two schedule indexes holds every column the count needs.
    indexes = ("child_area_next_visit_idx", "child_next_visit_due_idx")
    assert_read_from_index_alone(sql, params, "registry_child", indexes)


def test_the_attention_counts_are_read_from_indexes_alone(people, district):
    children = Child.objects.visible_to(people["officer_xuanwu"]).open_files()
    sql, params = compiled(lambda: board.attention_counts(children, TODAY))
    assert_read_from_index_alone(sql, params, "registry_child", ("child_latest_colour_idx",))
    # The care measure "active on a day", checked for each red and yellow child.
    assert_read_from_index_alone(sql, params, "discovery_caremeasure", ("measure_child_active_idx",))


@pytest.mark.parametrize("params", [{}, {"list": "week"}])
def test_the_visit_page_reads_its_rows_without_joining_the_areas(client, people, district, params):
    as_user(client, people["officer_xuanwu"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("discovery:visit_list"), params)
    assert response.status_code == 200
    listed = [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "registry_child"."id"')
    ]
    assert len(listed) == 1, listed
    assert 'JOIN "areas_area"' not in listed[0], listed[0]
    # The communities are there all the same, named as before.
    assert "梅园社区" in response.content.decode()
