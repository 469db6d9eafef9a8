"""Pagination of every list page: one page size and one helper, rendered by the site-wide
template templates/includes/_pagination.html (no models)."""

from __future__ import annotations

from django.core.paginator import Page, Paginator

PAGE_SIZE = 50


def _query(request, param: str, number: int) -> str:
    params = request.GET.copy()
    params[param] = number
    return "?" + params.urlencode()


def paginate(
    request, items, *, param: str = "page", per_page: int = PAGE_SIZE, count: int | None = None
) -> Page:
    """Page `request.GET[param]` of `items` (a QuerySet or list), `per_page` rows a page; an
    invalid or out-of-range number gives the first or last page (Paginator.get_page).

    The page carries `param` and the query strings of its neighbours, `previous_query` and
    `next_query` ("?status=open&page=3", the request's other parameters kept, or "" at
    either end), for includes/_pagination.html. Costs one COUNT and one page query; a page
    that has counted `items` already (with its other figures, in one query) passes `count`
    and saves the COUNT.
    """
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached_property
    page = paginator.get_page(request.GET.get(param))
    page.param = param
    page.previous_query = _query(request, param, page.previous_page_number()) if page.has_previous() else ""
    page.next_query = _query(request, param, page.next_page_number()) if page.has_next() else ""
    return page
