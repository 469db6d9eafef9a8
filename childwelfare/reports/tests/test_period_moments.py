"""A period's days as a range of moments (Period.moments): the figures that count records by
a timestamp (screened_at, solved_at) filter the column itself, not its local date, so that
PostgreSQL estimates the rows from the column's statistics. Filtered by `__date`, the
planner guessed 0.5 % of a city's 951,497 screening records where 808,615 matched, and
counted the children screened in a year with 808,615 index lookups: 16.7 s of the 20 s of
the annual report at 1,000,000 children (bench/dashboard.py --explain, BENCHMARKS.md
"Statistics"). Same records either way: the local day's bounds in the current time zone,
checked here on the minutes around New Year's midnight in Nanjing."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.test import TestCase
from django.utils import timezone

from childwelfare.discovery.choices import CampaignStatus, ProblemKind, ProblemStatus, RecordStatus
from childwelfare.registry.choices import Category
from childwelfare.reports import figures
from childwelfare.reports.figures import Period
from childwelfare.reports.sections.screening import screened_records, solved_problems
from childwelfare.testing import people
from childwelfare.testing.factories import (
    CampaignFactory,
    ChildFactory,
    ProblemFactory,
    ScreeningRecordFactory,
    named_area,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


class PeriodMoments(TestCase):
    def test_the_days_of_a_period_are_local_midnight_to_local_midnight(self):
        period = Period.year(people.NANJING, 2025)
        bounds = period.moments("screened_at")
        self.assertEqual(bounds["screened_at__gte"], local(2025, 1, 1))
        self.assertEqual(bounds["screened_at__lt"], local(2026, 1, 1))
        self.assertEqual(timezone.get_current_timezone_name(), "Asia/Shanghai")

    def test_timestamp_figures_filter_the_column_not_its_local_date(self):
        period = Period.year(people.NANJING, 2025)
        for queryset in (screened_records(period), solved_problems(period)):
            sql = str(queryset.query)
            self.assertNotIn("AT TIME ZONE", sql.upper())
            self.assertNotIn("DJANGO_DATETIME_CAST_DATE", sql.upper())  # SQLite's __date


class SameRecordsAroundMidnight(TestCase):
    """Records screened and problems solved one minute either side of New Year's midnight,
    Nanjing time (16:00 UTC): each counts in the year of its local date."""

    @classmethod
    def setUpTestData(cls):
        city = named_area(people.NANJING)
        campaign = CampaignFactory(
            name="跨年排查", year=2025, area=city, target_categories=[], start_date=date(2025, 12, 1),
            end_date=date(2026, 1, 31), status=CampaignStatus.RUNNING, started_at=local(2025, 12, 1, 9),
        )  # fmt: skip
        cls.moments = {
            "last_minute_2025": local(2025, 12, 31, 23, 59),
            "midnight_2026": local(2026, 1, 1, 0, 0),
            "first_minute_2026": local(2026, 1, 1, 0, 1),
        }
        for n, moment in enumerate(cls.moments.values()):
            child = ChildFactory(
                area_id=people.MEIYUAN, birth_date=date(2012, 3, 1), category=Category.DE_FACTO_UNSUPPORTED,
                category__start_date=date(2024, 1, 1),
            )  # fmt: skip
            record = ScreeningRecordFactory(
                campaign=campaign, child=child, area_id=people.MEIYUAN, status=RecordStatus.SCREENED,
                screened_at=moment,
            )  # fmt: skip
            ProblemFactory(
                child=child, record=record, kind=ProblemKind.HUKOU, status=ProblemStatus.SOLVED,
                solved_at=moment + timedelta(seconds=n),
            )  # fmt: skip

    def test_each_year_counts_the_records_of_its_local_days(self):
        in_2025 = Period.year(people.NANJING, 2025)
        in_2026 = Period.year(people.NANJING, 2026)
        self.assertEqual(figures.value_of("screening.children_screened", in_2025), 1)
        self.assertEqual(figures.value_of("screening.children_screened", in_2026), 2)
        self.assertEqual(figures.value_of("screening.problems_solved", in_2025), 1)
        self.assertEqual(figures.value_of("screening.problems_solved", in_2026), 2)
        last_day = Period(people.NANJING, date(2025, 12, 31), date(2025, 12, 31))
        self.assertEqual(
            list(screened_records(last_day).values_list("screened_at", flat=True)),
            [self.moments["last_minute_2025"]],
        )
