"""The live dashboard (reports:dashboard, issue 12): the user's area (or one inside it) as of
a day, every number a link to the list behind it, with bar, donut and line charts drawn on
the server (reports.charts)."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from childwelfare.access.guards import page_for
from childwelfare.areas.models import Area

from .. import charts, permissions
from ..dashboard import dashboard_data
from ..forms import DashboardForm

DRAWERS = {"bar": charts.bar, "donut": charts.donut, "line": charts.line}


def _chart(panel):
    draw = DRAWERS.get(panel.chart)
    if draw is None:
        return ""
    points = [charts.ChartPoint(item.label, item.value, item.url, item.colour) for item in panel.items]
    return draw(panel.title, points)


@page_for(permissions.can_read_reports)
def dashboard(request):
    user = request.user
    today = timezone.localdate()
    form = DashboardForm(request.GET, user=user)
    period = form.period(today)
    panels = []
    area = None
    if period is not None:
        data = dashboard_data(user, period)
        panels = [(panel, _chart(panel)) for panel in data["panels"]]
        area = Area.objects.filter(code=period.area_code).only("code", "name", "full_name").first()
    context = {
        "form": form,
        "period": period,
        "area": area,
        "today": today,
        "panels": panels,
        "title": _("统计看板"),
    }
    return render(request, "reports/dashboard.html", context)
