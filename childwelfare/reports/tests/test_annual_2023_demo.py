"""The demo city's 2023 annual report for 南京市 (3201) gives every published figure of
DOMAIN.md §2 (issue 12, "Done when"), computed from the demo's records loaded years later;
each number equals the count of the list it opens for the city administrator, and the
report (`annual_report`) carries each of them.

The full default demo (5,000 children: `seed_demo` with its work, stations, outreach, cases
and 2023 history) is seeded once for the class: the costliest set-up of the suite, shared by
every test here."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from childwelfare.benefits.choices import InsuranceKind
from childwelfare.benefits.models import InsuranceScheme
from childwelfare.outreach.models import PublicityEvent
from childwelfare.registry.choices import Category
from childwelfare.reports import figures
from childwelfare.reports.annual import annual_report
from childwelfare.reports.figures import Period
from childwelfare.reports.sections.screening import running_campaigns
from childwelfare.testing import people
from childwelfare.testing.demo_city import REFERENCE_DATE
from childwelfare.testing.factories import named_user

PERIOD = Period.year(people.NANJING, 2023)

# DOMAIN.md §2 (Nanjing 2023). "4,000+" children screened: the demo's are every child
# holding a category other than migrant on 1 April 2023 (4,287).
EXPECTED_BENEFITS = {
    "screening.children_screened": 4287,
    "screening.dfu_screened": 1037,
    "screening.dfu_not_eligible_in_difficulty": 9,
    "screening.dfu_hukou_problems": 3,
    "screening.dfu_schooling_problems": 5,
    "screening.problems_solved": 40,  # "about 40"
    ("standards.amount", Category.INSTITUTIONAL_ORPHAN): Decimal("2760"),
    ("standards.amount", Category.SCATTERED_ORPHAN): Decimal("2300"),
    ("standards.amount", Category.DE_FACTO_UNSUPPORTED): Decimal("2300"),
    ("standards.amount", Category.SERIOUSLY_ILL_OR_DISABLED): Decimal("1150"),
    "standards.rise_percent": Decimal("4.76"),
    "standards.consecutive_years": 12,
    "insurance.accident_insured": 1066,
    "insurance.medical_insured": 1527,
}

# DOMAIN.md §2 (Nanjing, 2023); the June month's 2023 events are the demo's own (checked
# against a plain count of the events below).
EXPECTED_WORK = {
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

EXPECTED = {**EXPECTED_BENEFITS, **EXPECTED_WORK}


def listed_count(response) -> int:
    return int(re.search(rb'data-list-count="(\d+)"', response.content).group(1))


class Demo2023Figures(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command(
            "seed_demo",
            "--allow-production",
            "--as-of",
            REFERENCE_DATE.isoformat(),
            stdout=StringIO(),
            verbosity=0,
        )

    def test_the_demo_citys_2023_report(self):
        """One test method, so that one xdist worker seeds the full demo (each worker that
        runs a method of the class would seed it again)."""
        for check in (
            self.check_the_published_figures_and_the_lists_they_open,
            self.check_the_report_carries_every_published_figure,
            self.check_insured_per_scheme_at_the_end_of_2023,
            self.check_problems_solved_by_kind,
            self.check_the_running_campaign_on_the_load_date,
            self.check_the_june_month_events_of_2023,
        ):
            with self.subTest(check.__name__):
                check()

    def check_the_published_figures_and_the_lists_they_open(self):
        admin = named_user("admin_nanjing")
        self.client.force_login(admin)
        for entry, value in EXPECTED.items():
            key, arg = entry if isinstance(entry, tuple) else (entry, None)
            with self.subTest(key=key, arg=arg):
                self.assertEqual(figures.value_of(key, PERIOD, arg), value)
                self.assertEqual(figures.value_of(key, PERIOD, arg, user=admin), value)
                response = self.client.get(figures.drill_url(key, PERIOD, arg))
                self.assertEqual(response.status_code, 200)
                records = figures.records_of(key, PERIOD, arg, user=admin).count()
                self.assertEqual(listed_count(response), records)
                if figures.figure(key).is_count:
                    self.assertEqual(value, records)
        self.assertGreaterEqual(EXPECTED["screening.children_screened"], 4000)

    def check_the_report_carries_every_published_figure(self):
        flat = annual_report(PERIOD).flat()
        for entry, value in EXPECTED.items():
            key = ".".join(entry) if isinstance(entry, tuple) else entry
            with self.subTest(key=key):
                self.assertIn(key, flat)
                self.assertEqual(Decimal(str(flat[key])), Decimal(str(value)))

    def check_insured_per_scheme_at_the_end_of_2023(self):
        schemes = {scheme.kind: str(scheme.pk) for scheme in InsuranceScheme.objects.all()}
        grouped = figures.values_of("insurance.insured_by_scheme", PERIOD)
        for kind, value in ((InsuranceKind.ACCIDENT, 1066), (InsuranceKind.SUPPLEMENTARY_MEDICAL, 1527)):
            with self.subTest(kind):
                self.assertEqual(
                    figures.value_of("insurance.insured_by_scheme", PERIOD, schemes[kind]), value
                )
                self.assertEqual(grouped[schemes[kind]], value)

    def check_problems_solved_by_kind(self):
        by_kind = figures.values_of("screening.problems_solved", PERIOD)
        self.assertEqual(by_kind, {"benefit": 32, "hukou": 3, "schooling": 5})
        for kind, value in by_kind.items():
            self.assertEqual(figures.value_of("screening.problems_solved", PERIOD, kind), value)

    def check_the_running_campaign_on_the_load_date(self):
        period = Period.as_of(people.NANJING, REFERENCE_DATE)
        (progress,) = running_campaigns(period, named_user("admin_nanjing"))
        self.assertIn("玄武区", progress.campaign.name)
        self.assertTrue(0 < progress.confirmed < progress.total)
        self.assertEqual(
            figures.value_of("screening.campaign_progress", period, str(progress.campaign.pk)),
            progress.confirmed,
        )
        self.assertEqual(
            date(REFERENCE_DATE.year, 1, 1) <= progress.campaign.start_date <= REFERENCE_DATE, True
        )

    def check_the_june_month_events_of_2023(self):
        events = PublicityEvent.objects.filter(campaign__year=2023, campaign__is_june_month=True).count()
        self.assertGreater(events, 20)
        self.assertEqual(figures.value_of("outreach.june_month_events", PERIOD), events)
