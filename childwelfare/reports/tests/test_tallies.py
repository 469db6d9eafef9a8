"""The dashboard's pre-aggregated numbers (reports/aggregates.py): after any change to a counted
record — through a service, the ORM or raw SQL — the tallied number follows and equals the
number counted from the records, for a city, a district and a community user; a day later
everything is recounted; a trigger lost to a table rebuild is put back; `--check` finds a
kept number that differs from the records."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase
from django.utils import timezone

from childwelfare.accounts.choices import Role
from childwelfare.benefits.choices import PayrollStatus
from childwelfare.benefits.models import Payroll, PayrollLine
from childwelfare.discovery import schedule
from childwelfare.discovery.choices import CampaignStatus, RecordStatus
from childwelfare.discovery.models import RiskAssessment, ScreeningRecord
from childwelfare.discovery.risk import current_item_set
from childwelfare.registry.choices import Category
from childwelfare.registry.models import CategorySpell, Child
from childwelfare.registry.services import end_category
from childwelfare.reports import aggregates, figures, triggers
from childwelfare.reports.figures import Period
from childwelfare.reports.models import Tally, TallyChange, TallyState
from childwelfare.testing import people
from childwelfare.testing.factories import (
    CampaignFactory,
    ChildFactory,
    ScreeningRecordFactory,
    UserFactory,
    VisitFactory,
    named_user,
)

TODAY = timezone.localdate()
DFU = Category.DE_FACTO_UNSUPPORTED
READERS = (("admin_nanjing", "3201"), ("officer_xuanwu", people.XUANWU), ("director_meiyuan", people.MEIYUAN))


def tallied(user, area: str) -> dict[str, dict]:
    tallies = aggregates.tallies_for(Period.as_of(area, TODAY), user)
    return {fig.key: tallies.values(fig.key) for fig in aggregates.tallied_figures()}


def counted(user, area: str) -> dict[str, dict]:
    """Each tallied figure's numbers counted from the records (figures.values_of), with the
    args of zero left out as the tallies leave them out."""
    period = Period.as_of(area, TODAY)
    found = {}
    for fig in aggregates.tallied_figures():
        if fig.values is not None:
            values = figures.values_of(fig.key, period, user=user)
        else:
            values = {"": figures.value_of(fig.key, period, user=user)}
        found[fig.key] = values
    return found


def without_zeros(numbers: dict[str, dict]) -> dict[str, dict]:
    return {key: {arg: v for arg, v in values.items() if v} for key, values in numbers.items()}


class TallyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        birth = {"birth_date": TODAY - timedelta(days=365 * 9)}
        cls.a = ChildFactory(area_id=people.MEIYUAN, category=DFU, **birth)
        cls.b = ChildFactory(area_id=people.MEIYUAN, category=Category.SCATTERED_ORPHAN, **birth)
        cls.c = ChildFactory(area_id=people.DAXINGGONG, category=DFU, **birth)
        cls.n = ChildFactory(area_id=people.NINGHAI, category=DFU, **birth)
        schedule.store_schedule(Child.objects.all())

    def assert_agree(self):
        """Every reader's tallied numbers equal the numbers counted from the records."""
        for username, area in READERS:
            user = named_user(username)
            with self.subTest(username=username):
                self.assertEqual(without_zeros(tallied(user, area)), without_zeros(counted(user, area)))

    def city(self, key) -> dict:
        return tallied(named_user("admin_nanjing"), "3201")[key]

    # --- the log ---------------------------------------------------------------------------------

    def test_every_trigger_is_installed(self):
        self.assertEqual(triggers.installed(connection), triggers.expected_names())
        self.assertEqual(len(triggers.expected_names()), 3 * len(triggers.WATCHED))

    def test_raw_sql_on_a_counted_table_is_logged_with_its_areas(self):
        aggregates.refresh_all()
        self.assertFalse(TallyChange.objects.exists())
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE registry_child SET area_id = %s WHERE id = %s", [people.NINGHAI, self.b.pk]
            )
        self.assertEqual(
            set(TallyChange.objects.values_list("code", flat=True)), {people.MEIYUAN, people.NINGHAI}
        )
        TallyChange.objects.all().delete()
        spell = CategorySpell.objects.get(child=self.c)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE registry_categoryspell SET end_reason = 'x' WHERE id = %s", [spell.pk])
        self.assertEqual(set(TallyChange.objects.values_list("code", flat=True)), {people.DAXINGGONG})

    # --- each figure follows its records -------------------------------------------------------

    def test_a_category_ended_through_the_service_leaves_the_count(self):
        self.assertEqual(self.city("children.by_category")[DFU], 3)
        spell = CategorySpell.objects.get(child=self.a)
        end_category(
            spell, actor=named_user("officer_xuanwu"), end_date=TODAY - timedelta(days=1), reason="已不符合"
        )
        self.assertEqual(self.city("children.by_category")[DFU], 2)
        self.assertEqual(
            tallied(named_user("director_meiyuan"), people.MEIYUAN)["children.by_category"],
            {Category.SCATTERED_ORPHAN: 1},
        )
        self.assert_agree()

    def test_a_child_moved_to_another_district_moves_both_districts(self):
        self.assertEqual(self.city("children.by_district"), {people.XUANWU: 3, people.GULOU: 1})
        Child.objects.filter(pk=self.b.pk).update(area_id=people.NINGHAI)  # any path is logged
        self.assertEqual(self.city("children.by_district"), {people.XUANWU: 2, people.GULOU: 2})
        officer = named_user("officer_xuanwu")
        self.assertEqual(
            tallied(officer, people.XUANWU)["children.by_category"], {DFU: 2}
        )  # b (scattered orphan) left 玄武
        self.assert_agree()

    def test_an_assessment_moves_the_colours_and_a_visit_the_overdue_count(self):
        before = self.city("discovery.overdue_visits").get("", 0)
        RiskAssessment.objects.create(
            child=self.a,
            assessed_on=TODAY - timedelta(days=40),
            assessor=named_user("director_meiyuan"),
            item_set=current_item_set(),
            score=0,
            colour="red",
        )
        VisitFactory(child=self.a, visited_on=TODAY - timedelta(days=40))
        schedule.store_schedule(Child.objects.filter(pk=self.a.pk))
        self.assertEqual(self.city("discovery.colours").get("red"), 1)
        self.assertEqual(self.city("discovery.overdue_visits").get("", 0), before + 1)  # due 33 days ago
        self.assert_agree()

    def test_an_approved_payroll_enters_the_month_total(self):
        month = TODAY.replace(day=1)
        payroll = Payroll.objects.create(area_id=people.XUANWU, month=month, status=PayrollStatus.DRAFT)
        PayrollLine.objects.create(
            payroll=payroll,
            child=self.a,
            category=DFU,
            for_month=month,
            period_start=month,
            period_end=month + timedelta(days=27),
            days_eligible=28,
            days_in_month=28,
            amount_unrounded=Decimal("1500.00"),
            amount=Decimal("1500.00"),
        )
        self.assertEqual(self.city("payroll.monthly_total").get(f"{month:%Y-%m}"), None)  # a draft
        Payroll.objects.filter(pk=payroll.pk).update(status=PayrollStatus.APPROVED)
        self.assertEqual(self.city("payroll.monthly_total")[f"{month:%Y-%m}"], Decimal("1500.00"))
        self.assert_agree()

    def test_a_confirmed_screening_record_moves_the_campaigns_progress(self):
        officer = named_user("officer_xuanwu")
        campaign = CampaignFactory(
            area_id=people.XUANWU,
            created_by=officer,
            status=CampaignStatus.RUNNING,
            started_at=timezone.now() - timedelta(days=3),
        )
        record = ScreeningRecordFactory(campaign=campaign, child=self.a, area_id=people.MEIYUAN)
        ScreeningRecordFactory(campaign=campaign, child=self.c, area_id=people.DAXINGGONG)
        self.assertEqual(self.city("screening.campaign_progress"), {str(campaign.pk): 0})
        ScreeningRecord.objects.filter(pk=record.pk).update(
            status=RecordStatus.CONFIRMED, confirmed_at=timezone.now()
        )
        self.assertEqual(self.city("screening.campaign_progress"), {str(campaign.pk): 1})
        self.assert_agree()

    # --- time, lost triggers, checks ----------------------------------------------------------

    def test_tallies_of_another_day_are_counted_again(self):
        aggregates.refresh_all()
        Tally.objects.filter(figure="children.by_category", arg=DFU).update(value=99)
        self.assertEqual(self.city("children.by_category")[DFU], 99 * 3)  # today's, as kept
        TallyState.objects.update(counted_on=TODAY - timedelta(days=1))
        self.assertEqual(self.city("children.by_category")[DFU], 3)

    def test_a_lost_trigger_is_put_back_and_everything_counted_again(self):
        aggregates.refresh_all()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("DROP TRIGGER reports_tally_registry_child_update ON registry_child")
            else:
                cursor.execute("DROP TRIGGER reports_tally_registry_child_update")
        self.assertNotIn("reports_tally_registry_child_update", triggers.installed(connection))
        Child.objects.filter(pk=self.b.pk).update(area_id=people.NINGHAI)  # not logged
        self.assertFalse(TallyChange.objects.exists())
        TallyChange.objects.create(code="x")  # something to refresh
        self.assertEqual(self.city("children.by_district"), {people.XUANWU: 2, people.GULOU: 2})
        self.assertEqual(triggers.installed(connection), triggers.expected_names())

    def test_check_finds_a_kept_number_that_differs_from_the_records(self):
        call_command("refresh_statistics", "--check", stdout=open("/dev/null", "w"))
        self.assertEqual(aggregates.check(), [])
        Tally.objects.filter(figure="children.by_category", area=people.NINGHAI).update(value=5)
        differences = aggregates.check()
        self.assertEqual(
            differences,
            [("children.by_category", people.NINGHAI, people.NINGHAI, DFU, Decimal("5"), Decimal("1"))],
        )
        with self.assertRaises(CommandError):
            call_command("refresh_statistics", "--check", stdout=open("/dev/null", "w"))

    def test_another_day_and_other_scopes_are_counted_from_the_records(self):
        self.assertIsNone(
            aggregates.tallies_for(Period.as_of(people.XUANWU, TODAY - timedelta(days=1)), None)
        )
        liaison = UserFactory(role=Role.DEPARTMENT_LIAISON, area_id=people.XUANWU, department="education")
        self.assertIsNone(aggregates.scope_prefix(Child, liaison))
        self.assertEqual(aggregates.scope_prefix(Child, named_user("officer_xuanwu")), people.XUANWU)
        self.assertEqual(aggregates.scope_prefix(Child, named_user("admin_nanjing")), "3201")
