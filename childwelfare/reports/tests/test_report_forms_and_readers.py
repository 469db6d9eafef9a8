"""QA findings on the statistics pages: a date outside the platform's range is a form error,
not a 500 (year 1, year 9999); the call's figures are left out of the report for readers
who may not see the call (a director saw 0 where the city saw 3)."""

from __future__ import annotations

from django.test import TestCase
from django.urls import reverse

from childwelfare.reports.annual import annual_report
from childwelfare.reports.figures import Period
from childwelfare.testing import people
from childwelfare.testing.factories import named_user


class ReportFormsAndReadersTest(TestCase):
    def test_dates_outside_the_range_are_refused_on_the_form(self):
        self.client.force_login(named_user("admin_nanjing"))
        for day in ("9999-12-31", "0001-01-01", "0001-12-31", "1999-12-31"):
            with self.subTest(day):
                response = self.client.get(reverse("reports:dashboard") + f"?date_to={day}")
                self.assertEqual(response.status_code, 200)
                self.assertIn("日期应在", response.content.decode())
                drill = self.client.get(
                    reverse("reports:figure") + f"?figure=children.by_category&arg=orphan&date_to={day}"
                )
                self.assertEqual(drill.status_code, 404)

    def test_the_calls_figures_only_for_those_who_read_the_call(self):
        period = Period.year(people.MEIYUAN, 2023)
        keys = {row.key for row in annual_report(period, user=named_user("director_meiyuan")).rows()}
        self.assertFalse({key for key in keys if key.startswith("outreach.call")})
        self.assertIn("outreach.june_month_years", keys)
        city = {row.key for row in annual_report(period, user=named_user("admin_nanjing")).rows()}
        self.assertIn("outreach.calls_running", city)
        self.client.force_login(named_user("director_meiyuan"))
        page = self.client.get(reverse("reports:annual") + "?year=2023").content.decode()
        self.assertNotIn("figure=outreach.calls_running", page)
