"""Pagination and sorting of every list page: one page size rule, one sort rule and one
helper, rendered by the site-wide templates templates/includes/_pagination.html (pager, page
size, page jump) and templates/includes/_sort_th.html (a sortable column header). No models.

A list declares its sort keys once (`SortMap`) and passes the request's choice to
`paginate`; the page then carries everything the templates need."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models.expressions import OrderBy

PAGE_SIZE = 50
# The page sizes a user may choose (`?size=`); any other value gives the list's default.
PAGE_SIZES = (20, 50, 100, 200)
SIZE_PARAM = "size"
SORT_PARAM = "sort"
# Query-string parameters that choose a view of a list rather than narrow it: their presence
# does not make an empty list "filtered to nothing".
NOT_FILTERS = ("tab", "list", "view", "show", "year")


def _query(request, **changes) -> str:
    params = request.GET.copy()
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = value
    return "?" + params.urlencode()


def _flip(field):
    """The reverse of one order_by term: "f" ⇄ "-f"; an expression's direction reversed."""
    if isinstance(field, str):
        return field[1:] if field.startswith("-") else f"-{field}"
    if isinstance(field, OrderBy):
        flipped = field.copy()
        flipped.descending = not field.descending
        flipped.nulls_first, flipped.nulls_last = field.nulls_last, field.nulls_first
        return flipped
    return field.desc()


@dataclass(frozen=True)
class Sorting:
    """The order a list is shown in: `key` of its SortMap, ascending unless `descending`,
    and the ORM fields it stands for (`order_by`, descending already applied)."""

    sort_map: SortMap
    key: str
    descending: bool
    order_by: tuple[str, ...]

    def apply(self, queryset):
        """The queryset in this order (order_by replaces any earlier ordering)."""
        return queryset.order_by(*self.order_by)

    def links(self, request) -> dict[str, dict]:
        """For each key: {"query": "?…&sort=key|-key" (page number dropped, other parameters
        kept), "state": "asc" | "desc" | ""} — a click on the current column reverses it."""
        result = {}
        for key in self.sort_map.keys:
            state = ("desc" if self.descending else "asc") if key == self.key else ""
            target = f"-{key}" if state == "asc" else key
            result[key] = {
                "query": _query(request, **{self.sort_map.param: target, self.sort_map.page_param: None}),
                "state": state,
            }
        return result


@dataclass(frozen=True)
class SortMap:
    """A list's declared sort keys: {"name": ("child__name_sort", "pk"), …}, each the ORM
    fields (or expressions, e.g. F("due").asc(nulls_last=True)) of an ascending order (a field
    may carry its own "-"; a unique last field keeps pages stable). `default` is the key used without a valid `?sort=` ("-key" for
    descending). Only these keys are ever passed to order_by: an unknown value is ignored.
    """

    keys: dict[str, tuple[str, ...]]
    default: str
    param: str = SORT_PARAM
    page_param: str = "page"

    def read(self, request) -> Sorting:
        """The request's `?sort=key` or `?sort=-key` when `key` is declared, else the default."""
        return self.read_query(request.GET if request is not None else {})

    def read_query(self, query) -> Sorting:
        """As read(), from a query dict (a list's export reads the page's own parameters)."""
        chosen = query.get(self.param, "") if query is not None else ""
        key = chosen.removeprefix("-")
        if key not in self.keys:
            chosen = self.default
            key = chosen.removeprefix("-")
        descending = chosen.startswith("-")
        fields = self.keys[key]
        return Sorting(self, key, descending, tuple(_flip(f) for f in fields) if descending else fields)


def page_size(request, default: int = PAGE_SIZE) -> int:
    """`?size=` when it is one of PAGE_SIZES, else `default`."""
    try:
        size = int(request.GET.get(SIZE_PARAM, ""))
    except ValueError:
        return default
    return size if size in PAGE_SIZES else default


def paginate(
    request,
    items,
    *,
    param: str = "page",
    per_page: int = PAGE_SIZE,
    sorting: Sorting | None = None,
    count: int | None = None,
) -> Page:
    """Page `request.GET[param]` of `items` (a QuerySet or list), `per_page` rows a page unless
    the user chose another of PAGE_SIZES (`?size=`); an invalid or out-of-range number gives the
    first or last page (Paginator.get_page), so a page jump past the end clamps.

    With `sorting` (from SortMap.read) a QuerySet is put in that order first. The page carries
    `param`, the query strings of its neighbours and ends (`previous_query`, `next_query`,
    `first_query`, `last_query`: "?status=open&page=3", other parameters kept, "" where there
    is none), `filtered` (a parameter other than paging, sorting and NOT_FILTERS has a value)
    and `clear_query` (the same address without them), `size`, `size_choices` [(n, query,
    chosen)], `keep` (the other parameters as (name, value) pairs, for the page-jump form),
    `sorting`, `sort_value` ("-key"), `size_chosen` and `sort_links` (Sorting.links), for
    includes/_pagination.html, _sort_th.html, _empty_list.html and _list_state.html (a filter
    form keeps the order and page size). Costs one COUNT and one page query; a page that has
    counted `items` already (with its other figures, in one query) passes `count` and saves
    the COUNT.
    """
    unfiltering = {param, SIZE_PARAM, SORT_PARAM, "page", *(NOT_FILTERS)}
    if sorting is not None and hasattr(items, "order_by"):
        items = sorting.apply(items)
    size = page_size(request, per_page)
    paginator = Paginator(items, size)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached_property
    page = paginator.get_page(request.GET.get(param))
    page.param = param
    page.size = size
    page.previous_query = (
        _query(request, **{param: page.previous_page_number()}) if page.has_previous() else ""
    )
    page.next_query = _query(request, **{param: page.next_page_number()}) if page.has_next() else ""
    last = page.paginator.num_pages
    page.first_query = _query(request, **{param: 1}) if page.number > 1 else ""
    page.last_query = _query(request, **{param: last}) if page.number < last else ""
    page.size_choices = [(n, _query(request, **{SIZE_PARAM: n, param: None}), n == size) for n in PAGE_SIZES]
    page.keep = [
        (name, value)
        for name, values in request.GET.lists()
        if name not in (param, SIZE_PARAM)
        for value in values
    ]
    filters = [
        name
        for name, values in request.GET.lists()
        if name not in unfiltering and not name.endswith("page") and any(values)
    ]
    page.filtered = bool(filters)
    page.clear_query = _query(request, **{name: None for name in [*filters, param]})
    page.sorting = sorting
    page.sort_value = (
        (f"-{sorting.key}" if sorting.descending else sorting.key) if sorting is not None else ""
    )
    page.size_chosen = SIZE_PARAM in request.GET and size != per_page
    page.sort_links = sorting.links(request) if sorting is not None else {}
    return page
