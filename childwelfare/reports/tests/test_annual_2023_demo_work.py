"""The demo city's 2023 annual report for 南京市 (3201) gives the published figures of
DOMAIN.md §2 for the stations, publicity, the call and the casebook (issue 12, "Done when"),
computed from the demo's records loaded on a day years later; each number equals the count
of the list it opens for the city administrator."""

from __future__ import annotations

import re
from datetime import date
from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from childwelfare.outreach.models import PublicityEvent
from childwelfare.reports import figures
from childwelfare.reports.figures import Period
from childwelfare.testing import people
from childwelfare.testing.factories import named_user

LOAD_DATE = date(2026, 12, 2)
PERIOD = Period.year(people.NANJING, 2023)

# DOMAIN.md §2 (Nanjing, 2023); the June month's 2023 events are the demo's own (checked
# against a plain count of the events below).
EXPECTED = {
    "outreach.june_month_years": 7,
    "stations.workstations": 95,
    ("stations.by_build_type", "new"): 15,
    ("stations.by_build_type", "upgraded"): 12,
    ("stations.by_level", "provincial"): 27,
    "stations.projects": 209,
    "stations.activities": 3468,
    "stations.person_times": 58000,
    "outreach.calls_running": 3,
    "outreach.call_submissions": 152,
    "outreach.call_selected_cases": 50,
    "outreach.call_selected_projects": 28,
    "outreach.casebook_cases": 50,
}


def listed_count(response) -> int:
    return int(re.search(rb'data-list-count="(\d+)"', response.content).group(1))


class AnnualReport2023DemoWorkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command(
            "seed_demo",
            "--allow-production",
            "--as-of",
            LOAD_DATE.isoformat(),
            stdout=StringIO(),
            verbosity=0,
        )

    def test_the_published_figures(self):
        for key, expected in EXPECTED.items():
            key, arg = key if isinstance(key, tuple) else (key, None)
            with self.subTest(key=key, arg=arg):
                self.assertEqual(figures.value_of(key, PERIOD, arg), expected)

    def test_the_june_month_events_of_2023(self):
        events = PublicityEvent.objects.filter(campaign__year=2023, campaign__is_june_month=True).count()
        self.assertGreater(events, 20)
        self.assertEqual(figures.value_of("outreach.june_month_events", PERIOD), events)

    def test_each_number_equals_the_list_it_opens_for_the_city_administrator(self):
        admin = named_user("admin_nanjing")
        self.client.force_login(admin)
        keys = [*EXPECTED, "outreach.june_month_events"]
        for key in keys:
            key, arg = key if isinstance(key, tuple) else (key, None)
            with self.subTest(key=key, arg=arg):
                value = figures.value_of(key, PERIOD, arg, user=admin)
                response = self.client.get(figures.drill_url(key, PERIOD, arg))
                self.assertEqual(response.status_code, 200)
                records = figures.records_of(key, PERIOD, arg, user=admin).count()
                self.assertEqual(listed_count(response), records)
                if figures.figure(key).is_count:
                    self.assertEqual(value, records)
