"""The annual report's station and outreach figures on a small city built by hand
(annual_world: every record and the count it makes are written out there): each figure of
2023 equals the hand count for the city and for each district, as the city administrator
and as each district's officer (their scope), and the number equals the list it opens."""

from __future__ import annotations

import re

from django.test import TestCase
from django.urls import reverse

from childwelfare.reports import figures
from childwelfare.reports.annual import annual_report
from childwelfare.reports.figures import Period
from childwelfare.testing.factories import named_user

from .annual_world import CITY, GULOU, HAND, XUANWU, build_world

USERS = {CITY: "admin_nanjing", XUANWU: "officer_xuanwu", GULOU: "officer_gulou"}


def listed_count(response) -> int:
    return int(re.search(rb'data-list-count="(\d+)"', response.content).group(1))


def split(key):
    return key if isinstance(key, tuple) else (key, None)


class AnnualHandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_world()

    def test_every_figure_against_the_hand_counts_for_each_area_and_its_officer(self):
        for key, counts in HAND.items():
            key, arg = split(key)
            for code, expected in counts.items():
                period = Period.year(code, 2023)
                with self.subTest(key=key, arg=arg, area=code):
                    self.assertEqual(figures.value_of(key, period, arg), expected)
                    user = named_user(USERS[code])
                    self.assertEqual(figures.value_of(key, period, arg, user=user), expected)

    def test_each_number_equals_the_list_it_opens(self):
        for code, username in USERS.items():
            self.client.force_login(named_user(username))
            period = Period.year(code, 2023)
            for key in HAND:
                key, arg = split(key)
                with self.subTest(key=key, arg=arg, user=username):
                    response = self.client.get(figures.drill_url(key, period, arg))
                    self.assertEqual(response.status_code, 200)
                    records = figures.records_of(key, period, arg, user=named_user(username)).count()
                    self.assertEqual(listed_count(response), records)
                    if figures.figure(key).is_count:
                        self.assertEqual(records, HAND[(key, arg) if arg else key][code])

    def test_a_district_officer_sees_only_their_district_in_the_citys_figures(self):
        # The city asked with a district officer's scope: the station figures are theirs.
        officer = named_user("officer_gulou")
        period = Period.year(CITY, 2023)
        self.assertEqual(figures.value_of("stations.workstations", period, user=officer), 1)
        self.assertEqual(figures.value_of("stations.person_times", period, user=officer), 15)
        self.assertEqual(figures.value_of("outreach.call_submissions", period, user=officer), 3)

    def test_the_report_lists_the_figures_in_its_sections_with_their_lists(self):
        report = annual_report(Period.year(XUANWU, 2023), user=named_user("officer_xuanwu"))
        keys = [section.key for section in report.sections]
        self.assertEqual(keys[-3:], ["stations", "publicity", "calls"])
        flat = report.flat()
        self.assertEqual(flat["stations.workstations"], 4)
        self.assertEqual(flat["stations.by_build_type.new"], 1)
        self.assertEqual(flat["outreach.june_month_events"], 3)
        row = next(row for row in report.rows() if row.key == "stations.projects")
        self.assertIn("figure=stations.projects", row.drill_url)
        self.assertIn("area=320102", row.drill_url)

    def test_the_page_links_every_number_and_keeps_to_the_scope(self):
        self.client.force_login(named_user("officer_xuanwu"))
        url = reverse("reports:annual")
        response = self.client.get(url, {"year": 2023})
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn('data-figure="stations.person_times"', html)
        self.assertIn('data-figure-value="72"', html)
        linked = re.findall(r'<a href="/reports/figures/\?figure=[^"]+" data-figure-value=', html)
        self.assertEqual(len(linked), html.count("data-figure-value="))
        # 9 station lines, 2 publicity, 5 of the call and casebook, and the 14 lines of
        # screening, standards and insurance (sections 一 and 二).
        self.assertEqual(len(linked), 30)
        # Another district, the city and a malformed year: the form's error, no report, no 500.
        for query in ({"area": GULOU, "year": 2023}, {"area": CITY}, {"year": "abc"}, {"year": 3000}):
            with self.subTest(query=query):
                response = self.client.get(url, query)
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("data-figure-value", response.content.decode())

    def test_the_default_is_last_year_of_the_users_area(self):
        self.client.force_login(named_user("officer_gulou"))
        response = self.client.get(reverse("reports:annual"))
        report = response.context["report"]
        self.assertEqual(report.period.area_code, GULOU)
        self.assertEqual(report.year, response.context["form"].today.year - 1)
