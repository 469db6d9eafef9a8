"""The demo city's publicity, calls and casebook (issue 11, DOMAIN.md §2): seven June months
2017–2023, three calls 2021–2023 with 152 submissions in 2023 of which the ranking selects 50
cases and 28 projects, the 50 worked cases as a casebook collection, reviewer_nanjing with
assignments; every case text anonymised."""

from datetime import date
from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from childwelfare.outreach import figures
from childwelfare.outreach.anonymise import find_identifying
from childwelfare.outreach.models import (
    Assignment,
    Call,
    CasebookEntry,
    Collection,
    PublicityEvent,
    Submission,
)
from childwelfare.outreach.services.scoring import has_conflict, ranking

LOAD_DATE = date(2026, 5, 20)


class DemoOutreachTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command(
            "seed_demo",
            "--allow-production",
            "--children",
            "300",
            "--as-of",
            LOAD_DATE.isoformat(),
            stdout=StringIO(),
            verbosity=0,
        )

    def test_the_published_figures(self):
        assert figures.june_month_years_running(2023) == 7
        assert figures.calls_running(2023) == 3
        figures_2023 = figures.call_figures(2023)
        assert sum(figures_2023["submissions"].values()) == 152
        assert figures_2023["selected"] == {"case": 50, "project": 28}
        assert figures.call_figures(2020) is None

    def test_the_selection_is_the_rankings_top_n(self):
        call = Call.objects.get(year=2023)
        for kind, items in ranking(call).items():
            top = {r.submission_id for r in items[: call.selection_size(kind)]}
            assert top == set(
                Submission.objects.filter(call=call, kind=kind, selected=True).values_list("pk", flat=True)
            )

    def test_publicity_has_events_of_several_districts_and_member_units(self):
        for year in range(2017, 2024):
            totals = figures.publicity_totals(year=year)
            assert totals["events"] > 20 and totals["audience"] > 0 and totals["materials"] > 0
        districts = set(
            PublicityEvent.objects.filter(campaign__year=2023)
            .exclude(area_id="3201")
            .values_list("area_id", flat=True)
        )
        assert len(districts) >= 5
        assert PublicityEvent.objects.filter(campaign__year=2023).exclude(department="").count() >= 2
        assert not PublicityEvent.objects.filter(created_by__username="admin_nanjing").exists()

    def test_the_casebook_and_the_reviewers(self):
        worked = Collection.objects.get(name="困境儿童个案 50 例")
        assert worked.entries.count() == 50
        assert CasebookEntry.objects.filter(collection__year=2023).exclude(collection=worked).count() == 78
        assert CasebookEntry.objects.filter(text__icontains="监护缺失").exists()
        assert Assignment.objects.filter(reviewer__username="reviewer_nanjing").count() > 50
        for assignment in Assignment.objects.select_related("reviewer", "submission")[:400]:
            assert not has_conflict(assignment.reviewer, assignment.submission)
        for text in Submission.objects.filter(kind="case").values_list("text", flat=True)[:200]:
            assert find_identifying(text) == [], text
