"""lib.paging's sort rule, page sizes and the state the list templates read."""

from django.db.models import F
from django.template.loader import render_to_string
from django.test import RequestFactory

from childwelfare.lib.paging import SortMap, paginate

SORTS = SortMap({"name": ("name_sort", "pk"), "due": (F("due").asc(nulls_last=True), "-pk")}, default="due")


def _get(**params):
    return RequestFactory().get("/list/", params)


def test_a_declared_key_and_its_reverse():
    assert SORTS.read(_get(sort="name")).order_by == ("name_sort", "pk")
    assert SORTS.read(_get(sort="-name")).order_by == ("-name_sort", "-pk")
    reverse = SORTS.read(_get(sort="-due")).order_by
    assert reverse[0].descending and reverse[0].nulls_first and reverse[1] == "pk"


def test_unknown_keys_give_the_default():
    for bad in ["", "-", "--name", "name_sort", "pk", "due;drop table", "__class__"]:
        sorting = SORTS.read(_get(sort=bad))
        assert (sorting.key, sorting.descending) == ("due", False), bad


def test_links_reverse_the_current_column_and_drop_the_page_number():
    links = SORTS.read(_get(sort="name", q="王", page="3")).links(_get(sort="name", q="王", page="3"))
    assert links["name"] == {"query": "?sort=-name&q=%E7%8E%8B", "state": "asc"}
    assert links["due"]["state"] == "" and "sort=due" in links["due"]["query"]


def test_page_size_choices_and_the_jump_form():
    request = _get(size="20", page="2", status="open")
    page = paginate(request, list(range(45)))
    assert (page.size, page.number, len(page.object_list)) == (20, 2, 20)
    assert (
        page.first_query == "?size=20&page=1&status=open" and page.last_query == "?size=20&page=3&status=open"
    )
    assert page.keep == [("status", "open")]
    assert page.filtered and page.clear_query == "?size=20"
    assert paginate(_get(size="1000"), list(range(45))).size == 50  # not offered
    html = render_to_string("includes/_pagination.html", {"page": page})
    assert 'name="page"' in html and 'max="3"' in html and '<option value="20" selected>' in html
    assert '<input type="hidden" name="status" value="open">' in html


def test_view_choices_do_not_count_as_filters():
    page = paginate(_get(list="week", sort="name", size="20"), [])
    assert not page.filtered
