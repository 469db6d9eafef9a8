"""The demo city's dashboard (issue 12): for the city and 玄武区 every panel of the
dashboard's own figures shows records (nothing the demo is meant to show stays at zero), and
a sample of its numbers equals the lists they open."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from childwelfare.accounts.models import User
from childwelfare.reports import figures
from childwelfare.reports.dashboard import dashboard_data
from childwelfare.reports.figures import Period
from childwelfare.testing import people

# Figures of the dashboard's part whose total over their numbers must not be zero in the demo.
SHOWN = (
    "children.by_category",
    "children.by_district",
    "discovery.colours",
    "discovery.overdue_visits",
    "discovery.overdue_problems",
    "applications.by_step",
    "payroll.monthly_total",
    "cases.by_status",
    "cases.by_key_class",
    "conferences.held",
    "conferences.open_actions",
    "mandatory_reports.received",
)


@pytest.fixture
def city(db):
    call_command("seed_demo", "--allow-production", "--children", "600", stdout=StringIO(), verbosity=0)


def test_the_demo_dashboard_shows_every_figure(city, client):
    today = timezone.localdate()
    admin = User.objects.get(username="admin_nanjing")
    data = dashboard_data(admin, Period.as_of(people.NANJING, today))
    totals = {}
    for panel in data["panels"]:
        for item in panel.items:
            totals[item.figure] = totals.get(item.figure, 0) + item.value
    for key in SHOWN:
        assert totals.get(key, 0) > 0, key

    officer = User.objects.get(username="officer_xuanwu")
    client.force_login(officer)
    page = client.get(reverse("reports:dashboard")).content.decode()
    links = re.findall(r'<a data-figure-link="([^"]+)" data-value="([^"]*)" href="([^"]+)">', page)
    assert len(links) > 30
    for key, value, url in links[::5]:
        response = client.get(url.replace("&amp;", "&"))
        assert response.status_code == 200
        if figures.figure(key).is_count:
            assert re.search(rf'data-list-count="{value}"', response.content.decode()), (key, url)
