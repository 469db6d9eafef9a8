"""The list behind any number of the dashboard or the report (reports:figure): the figure's
records for the period and arg, within the user's scope, with the same count as the number.
An area outside the user's, an unknown figure or a malformed query is a 404 (the link is
the platform's own; there is nothing to correct on a form)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from childwelfare.access.guards import page_for
from childwelfare.lib.paging import paginate

from .. import figures, permissions
from ..forms import PeriodForm


@page_for(permissions.can_read_reports)
def figure_list(request):
    key = request.GET.get("figure", "")
    try:
        fig = figures.figure(key)
    except KeyError as exc:
        raise Http404 from exc
    if not fig.readable_by(request.user):
        raise PermissionDenied
    form = PeriodForm(request.GET, user=request.user)
    period = form.period(timezone.localdate())
    if period is None:
        raise Http404
    arg = request.GET.get("arg") or None
    try:
        records = figures.records_of(key, period, arg, user=request.user)
        value = figures.value_of(key, period, arg, user=request.user)
    except (ValueError, LookupError) as exc:  # an arg the figure does not know
        raise Http404 from exc
    page = paginate(request, records)
    columns = fig.columns or (figures.Column("", str),)
    headers = [column.header for column in columns]
    rows = [
        (
            fig.detail_url(record) if fig.detail_url else "",
            list(zip(headers, [column.value(record) for column in columns], strict=True)),
        )
        for record in page.object_list
    ]
    context = {
        "figure": fig,
        "period": period,
        "arg": arg,
        "arg_label": fig.arg_label(arg) if (arg and fig.arg_label) else arg,
        "value": value,
        "count": page.paginator.count,
        "page": page,
        "rows": rows,
        "headers": headers,
    }
    return render(request, "reports/figure_list.html", context)
