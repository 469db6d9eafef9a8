"""The demo city looks alive on the day it is loaded (issue 9): its dates follow the load
date, a small share of children is overdue for a visit, a campaign is running this month,
nothing happened before a child was born, colours and applications are a realistic mix, and
the same load date writes the same data."""

from collections import Counter
from datetime import date, timedelta
from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import F
from django.test import TestCase

from childwelfare.benefits.choices import ApplicationStatus
from childwelfare.benefits.models import EligibilityApplication
from childwelfare.discovery.choices import CampaignStatus, Colour
from childwelfare.discovery.models import (
    Campaign,
    CareMeasure,
    Problem,
    RiskAssessment,
    ScreeningRecord,
    Visit,
)
from childwelfare.discovery.schedule import overdue, with_schedule
from childwelfare.registry.models import CategorySpell, Child, FamilyMember
from childwelfare.testing.demo import seed_demo
from childwelfare.testing.demo_work import seed_work

# A load date in spring (the school year began the September before), earlier than the
# real today so every service accepts its dates.
LOAD_DATE = date(2026, 5, 20)
SMALL = 300


def _load(today=LOAD_DATE, children=SMALL):
    seed_demo(children=children, today=today)
    return seed_work(today=today)


class DemoOnItsLoadDate(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.counts = _load()

    def test_a_small_share_of_children_is_overdue(self):
        children = Child.objects.all()
        late = overdue(children, LOAD_DATE).count()
        # The colour intervals are 7/15/30/90 days: a realistic office is mostly on time.
        self.assertGreater(late, 0)
        self.assertLess(late / children.count(), 0.15)
        # Visits are recent: every child was visited within its interval plus a few weeks.
        latest = with_schedule(children).values_list("last_visit", flat=True)
        self.assertTrue(all(LOAD_DATE - timedelta(days=120) <= day <= LOAD_DATE for day in latest))

    def test_a_campaign_is_running_this_month(self):
        running = Campaign.objects.get(status=CampaignStatus.RUNNING)
        self.assertLessEqual(running.start_date, LOAD_DATE)
        self.assertGreaterEqual(running.end_date, LOAD_DATE)
        self.assertEqual(running.year, LOAD_DATE.year)
        self.assertIn(str(LOAD_DATE.year), running.name)
        screened = ScreeningRecord.objects.filter(campaign=running, visit__isnull=False)
        self.assertTrue(screened.exists())
        self.assertFalse(screened.filter(visit__visited_on__gt=LOAD_DATE).exists())
        self.assertFalse(screened.filter(confirmed_at__date__gt=LOAD_DATE).exists())

    def test_nothing_is_dated_before_the_child_was_born(self):
        before_birth = {
            "visits": Visit.objects.filter(visited_on__lt=F("child__birth_date")),
            "assessments": RiskAssessment.objects.filter(assessed_on__lt=F("child__birth_date")),
            "categories": CategorySpell.objects.filter(start_date__lt=F("child__birth_date")),
            "applications": EligibilityApplication.objects.filter(submitted_on__lt=F("child__birth_date")),
            "measures": CareMeasure.objects.filter(start_date__lt=F("child__birth_date")),
            "problems": Problem.objects.filter(raised_at__date__lt=F("child__birth_date")),
            "screenings": ScreeningRecord.objects.filter(screened_at__date__lt=F("child__birth_date")),
        }
        self.assertEqual(
            {kind: qs.count() for kind, qs in before_birth.items()}, dict.fromkeys(before_birth, 0)
        )

    def test_nothing_is_dated_after_the_load_date(self):
        self.assertFalse(Visit.objects.filter(visited_on__gt=LOAD_DATE).exists())
        self.assertFalse(RiskAssessment.objects.filter(assessed_on__gt=LOAD_DATE).exists())
        self.assertFalse(EligibilityApplication.objects.filter(submitted_on__gt=LOAD_DATE).exists())
        self.assertFalse(Problem.objects.filter(raised_at__date__gt=LOAD_DATE).exists())

    def test_visits_are_recorded_by_the_communitys_own_child_director(self):
        routine = Visit.objects.filter(is_sample_revisit=False)
        self.assertTrue(routine.exists())
        self.assertEqual(set(routine.values_list("visitor__role", flat=True)), {"child_director"})
        self.assertFalse(routine.exclude(visitor__area_id=F("child__area_id")).exists())
        revisits = Visit.objects.filter(is_sample_revisit=True)
        self.assertEqual(set(revisits.values_list("visitor__role", flat=True)) - {"district_officer"}, set())

    def test_colours_are_a_realistic_mix(self):
        latest = {}
        for child_id, colour in RiskAssessment.objects.order_by("child_id", "assessed_on", "id").values_list(
            "child_id", "colour"
        ):
            latest[child_id] = colour
        mix = Counter(latest.values())
        total = sum(mix.values())
        self.assertGreater(mix[Colour.GREEN] / total, 0.4)
        self.assertLess(mix[Colour.BLUE] / total, 0.4)
        self.assertGreater(mix[Colour.YELLOW], 0)
        self.assertTrue(0 < mix[Colour.RED] / total <= 0.05, mix)
        # The running campaign's screenings, too, are not all one colour.
        running = ScreeningRecord.objects.filter(
            campaign__status=CampaignStatus.RUNNING, assessment__isnull=False
        )
        campaign_mix = Counter(running.values_list("assessment__colour", flat=True))
        self.assertGreater(len(campaign_mix), 1)
        self.assertLess(max(campaign_mix.values()) / sum(campaign_mix.values()), 0.8)

    def test_applications_are_a_mix_with_named_applicants(self):
        apps = EligibilityApplication.objects.all()
        statuses = Counter(apps.values_list("status", flat=True))
        self.assertGreaterEqual(statuses[ApplicationStatus.REFUSED], 1)
        self.assertGreaterEqual(statuses[ApplicationStatus.CONFIRMED], 1)
        self.assertGreaterEqual(
            statuses[ApplicationStatus.SUBMITTED] + statuses[ApplicationStatus.VERIFIED], 1
        )
        eligible = Counter(bool(app.eligibility.get("eligible")) for app in apps)
        self.assertGreaterEqual(eligible[True], 1)
        self.assertGreaterEqual(eligible[False], 1)
        self.assertFalse(apps.filter(applicant_name="").exists())
        self.assertFalse(apps.filter(applicant_relation="").exists())
        for app in apps.filter(status=ApplicationStatus.REFUSED):
            self.assertTrue(app.refusal_reason.strip())
            self.assertFalse(app.eligibility["eligible"])


def _restart_id_sequences() -> None:
    """Set every table's id sequence to follow its highest id (PostgreSQL; nothing to do on
    SQLite, which numbers from the highest row)."""
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _snapshot():
    return (
        list(Child.objects.order_by("id_hash").values_list("id_hash", "name", "birth_date")),
        list(
            Visit.objects.order_by("child__id_hash", "visited_on", "visitor__username").values_list(
                "child__id_hash", "visited_on", "visitor__username"
            )
        ),
        list(
            RiskAssessment.objects.order_by("child__id_hash", "assessed_on", "colour").values_list(
                "child__id_hash", "assessed_on", "colour"
            )
        ),
        list(
            EligibilityApplication.objects.order_by("child__id_hash").values_list(
                "child__id_hash", "status", "applicant_name", "submitted_on"
            )
        ),
        list(
            Problem.objects.order_by("child__id_hash", "kind").values_list(
                "child__id_hash", "kind", "deadline"
            )
        ),
    )


def _counts():
    models = (
        Child,
        FamilyMember,
        CategorySpell,
        Visit,
        RiskAssessment,
        ScreeningRecord,
        Problem,
        CareMeasure,
    )
    return {model.__name__: model.objects.count() for model in models} | {
        "applications": EligibilityApplication.objects.count()
    }


class SameLoadDateSameData(TestCase):
    def test_a_load_date_writes_the_same_data_every_time(self):
        # Each load as into a new database: the id sequences start after the rows the
        # migrations seeded. (A rollback does not rewind PostgreSQL's sequences, and the
        # screening sample is drawn from the campaign's and the children's ids.)
        with transaction.atomic():
            _restart_id_sequences()
            _load(children=120)
            first = _snapshot()
            transaction.set_rollback(True)
        self.assertFalse(Child.objects.exists())
        _restart_id_sequences()
        _load(children=120)
        self.assertEqual(_snapshot(), first)

    def test_seed_demo_if_empty_twice_leaves_the_same_data(self):
        args = ("seed_demo", "--allow-production", "--if-empty", "--children", "120", "--as-of", "2026-05-20")
        call_command(*args, stdout=StringIO(), verbosity=0)
        counts = _counts()
        self.assertGreater(counts["Visit"], 0)
        out = StringIO()
        call_command(*args, stdout=out, verbosity=0)
        self.assertIn("跳过", out.getvalue())
        self.assertEqual(_counts(), counts)

    def test_another_load_date_moves_the_dates(self):
        _load(today=date(2026, 3, 2), children=120)
        running = Campaign.objects.get(status=CampaignStatus.RUNNING)
        self.assertEqual(running.year, 2026)
        self.assertLessEqual(running.start_date, date(2026, 3, 2))
        self.assertFalse(Visit.objects.filter(visited_on__gt=date(2026, 3, 2)).exists())
