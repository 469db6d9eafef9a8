"""The demo city's deadlines (issue 10): every running application of the applications demo
holds its step's deadline on the engine, due at the end of its own due day, and a request
for an extension waits for the district officer."""

from datetime import date

from django.test import TestCase

from childwelfare.benefits.choices import ApplicationStatus
from childwelfare.benefits.models import EligibilityApplication
from childwelfare.deadlines.calendar import end_of_day
from childwelfare.deadlines.changes import pending_for
from childwelfare.deadlines.models import Deadline
from childwelfare.deadlines.services import deadlines_of
from childwelfare.testing.demo import seed_demo
from childwelfare.testing.demo_cases_deadlines import seed_cases_deadlines
from childwelfare.testing.demo_work import seed_work
from childwelfare.testing.people import ensure_people

LOAD_DATE = date(2026, 5, 20)


class DemoDeadlines(TestCase):
    @classmethod
    def setUpTestData(cls):
        seed_demo(children=300, today=LOAD_DATE)
        seed_work(today=LOAD_DATE)
        cls.counts = seed_cases_deadlines(today=LOAD_DATE)

    def test_running_applications_hold_their_steps_deadline(self):
        running = EligibilityApplication.objects.filter(
            status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.VERIFIED]
        )
        assert running.exists()
        for app in running:
            open_ones = [d for d in deadlines_of(app) if d.met_at is None and d.cancelled_at is None]
            rule, due = (
                ("application_check", app.verify_due)
                if app.status == ApplicationStatus.SUBMITTED
                else ("application_confirm", app.confirm_due)
            )
            assert [(d.rule, d.due_at) for d in open_ones] == [(rule, end_of_day(due))], app
        assert self.counts["running"] == Deadline.objects.running().count() >= running.count()

    def test_an_extension_waits_for_the_district_officer(self):
        assert self.counts["changes"] == 1
        officer = ensure_people()["officer_xuanwu"]
        assert pending_for(officer).count() == 1
