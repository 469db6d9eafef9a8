"""The demo city holds intakes from every source and a dozen mandatory reports (issue 10,
part "intake"): some acknowledged late, some awaiting feedback, some in 玄武区 for
officer_xuanwu, all recorded by district officers of record; only admin_nanjing and
officer_xuanwu may see reporters."""

from io import StringIO

import pytest
from django.core.management import call_command

from childwelfare.accounts.models import User
from childwelfare.cases.choices import CaseSource
from childwelfare.cases.intake_lists import report_state_filter
from childwelfare.cases.models import Intake, MandatoryReport
from childwelfare.cases.permissions import can_view_reporter
from childwelfare.testing import people


@pytest.fixture
def city(db):
    call_command("seed_demo", "--allow-production", "--children", "600", stdout=StringIO(), verbosity=0)


def test_the_demo_holds_intakes_and_reports(city):
    officer = User.objects.get(username="officer_xuanwu")
    reports = MandatoryReport.objects.all()
    assert reports.count() >= 10
    sources = set(Intake.objects.values_list("source", flat=True))
    assert set(CaseSource.values) == sources
    assert MandatoryReport.objects.visible_to(officer).count() >= 3
    late = [
        r
        for r in reports.exclude(acknowledged_at=None)
        if (r.acknowledged_at - r.intake.received_at).total_seconds() > 24 * 3600
    ]
    assert late
    assert Intake.objects.filter(report_state_filter("awaiting_feedback")).exists()
    assert Intake.objects.filter(report_state_filter("unacknowledged")).exists()
    assert not Intake.objects.filter(recorded_by__username="admin_nanjing").exists()
    named = [User.objects.get(username=p.username) for p in people.PEOPLE]
    assert {u.username for u in named if can_view_reporter(u)} == {"admin_nanjing", "officer_xuanwu"}
