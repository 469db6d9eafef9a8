"""QA findings on the statistics pages: a date outside the platform's range is a form error,
not a 500 (year 1, year 9999); the call's figures are left out of the report for readers
who may not see the call (a director saw 0 where the city saw 3)."""

from __future__ import annotations

from datetime import timedelta

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

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
                    reverse("reports:figure")
                    + f"?figure=children.by_category&arg=scattered_orphan&date_to={day}"
                )
                self.assertEqual(drill.status_code, 404)

    def test_a_dashboard_as_of_a_day_to_come_is_refused(self):
        # QA: ?date_to=2027-06-01 showed "截至 2027-06-01" with today's records.
        self.client.force_login(named_user("officer_xuanwu"))
        tomorrow = timezone.localdate() + timedelta(days=1)
        response = self.client.get(reverse("reports:dashboard") + f"?date_to={tomorrow:%Y-%m-%d}")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "统计截止日期不能晚于今天")
        self.assertNotContains(response, "data-figure-link")
        today = self.client.get(reverse("reports:dashboard") + f"?date_to={timezone.localdate():%Y-%m-%d}")
        self.assertContains(today, "data-figure-link")

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


class FigureNumbersAsPrintedTest(TestCase):
    def test_thousands_separated_and_two_places_without_trailing_zeros(self):
        from decimal import Decimal

        from childwelfare.reports.templatetags.figures import figure_number

        self.assertEqual(figure_number(1025), "1,025")
        self.assertEqual(figure_number(Decimal("230690.00")), "230,690")
        self.assertEqual(figure_number(Decimal("4.76")), "4.76")
        self.assertEqual(figure_number("—"), "—")

    def test_the_list_behind_a_number_leads_back_to_the_dashboard_and_report(self):
        self.client.force_login(named_user("officer_xuanwu"))
        page = self.client.get(
            reverse("reports:figure") + "?figure=children.by_category&arg=scattered_orphan"
        )
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, f'href="{reverse("reports:dashboard")}"')
        self.assertContains(page, f'href="{reverse("reports:annual")}"')


class AnnualYearChoiceTest(TestCase):
    def test_the_year_shown_is_the_year_selected(self):
        """QA: /reports/annual/?year=2005 showed the 2005 report under a dropdown on 2026."""
        self.client.force_login(named_user("officer_xuanwu"))
        page = self.client.get(reverse("reports:annual") + "?year=2005").content.decode()
        self.assertIn('<option value="2005" selected>', page)
