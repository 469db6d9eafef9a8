"""Issue 14, item 2: a work list's rows cost little to render — per row the template renders
a fixed, small number of nodes (no include, no label translated again per row), so a page of
100 or 200 rows stays within the page's time budget. Counted, not timed: Django's template
nodes rendered, with a page of 20 rows against a longer one of the same list."""

from __future__ import annotations

import pytest
from django.template import base as template_base
from django.urls import reverse

from childwelfare.testing.tests.test_query_counts import _grow, city  # noqa: F401

pytestmark = pytest.mark.django_db

# Nodes rendered per row of the visit plan: its seven cells with their links, the colour
# badge, the dates and the days late (21 before the badge became a tag and the labels were hoisted).
NODES_PER_ROW = 18


def nodes_rendered(client, url: str, monkeypatch) -> tuple[int, int]:
    """(template nodes rendered, rows listed) for GET url."""
    counted = []
    render = template_base.Node.render_annotated

    def counting(node, context):
        counted.append(1)
        return render(node, context)

    with monkeypatch.context() as patch:
        patch.setattr(template_base.Node, "render_annotated", counting)
        response = client.get(url)
    assert response.status_code == 200
    return len(counted), len(response.context["page"].object_list)


def test_the_visit_plan_renders_few_nodes_per_row(client, city, monkeypatch):  # noqa: F811
    users, objects = city
    _grow(users, 1, 6, objects)  # children due today: the 7-day list holds them
    client.force_login(users["officer_xuanwu"])
    url = reverse("discovery:visit_list") + "?list=week"
    client.get(url)  # warm-up
    small, small_rows = nodes_rendered(client, url + "&size=20", monkeypatch)
    large, large_rows = nodes_rendered(client, url + "&size=50", monkeypatch)
    assert small_rows == 20 and large_rows > 30
    per_row = (large - small) / (large_rows - small_rows)
    assert per_row <= NODES_PER_ROW, per_row
