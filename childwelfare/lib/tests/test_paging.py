"""The one pagination helper (lib.paging) and the site-wide pager template."""

from django.template.loader import render_to_string
from django.test import RequestFactory

from childwelfare.lib.paging import PAGE_SIZE, paginate


def test_pages_of_fifty_keeping_the_other_parameters():
    request = RequestFactory().get("/list/", {"status": "open", "page": "2"})
    page = paginate(request, list(range(120)))
    assert PAGE_SIZE == 50
    assert list(page.object_list) == list(range(50, 100))
    assert page.previous_query == "?status=open&page=1"
    assert page.next_query == "?status=open&page=3"


def test_a_second_pager_on_the_same_page_uses_its_own_parameter():
    request = RequestFactory().get("/work/", {"page": "2", "rpage": "1"})
    page = paginate(request, list(range(60)), param="rpage")
    assert page.number == 1
    assert page.previous_query == ""
    assert page.next_query == "?page=2&rpage=2"


def test_a_number_out_of_range_gives_the_last_page():
    request = RequestFactory().get("/list/", {"page": "99"})
    page = paginate(request, list(range(60)))
    assert page.number == 2
    assert page.next_query == ""


def test_the_pager_links_and_loads_by_htmx_into_the_target():
    request = RequestFactory().get("/list/", {"q": "王", "page": "2"})
    page = paginate(request, list(range(120)))
    html = render_to_string("includes/_pagination.html", {"page": page, "target": "#results"})
    assert 'href="?q=%E7%8E%8B&amp;page=1"' in html
    assert 'hx-target="#results"' in html
    assert "第 2 / 3 页" in html
    single = paginate(RequestFactory().get("/list/"), [1, 2])
    assert render_to_string("includes/_pagination.html", {"page": single}).strip() == ""
