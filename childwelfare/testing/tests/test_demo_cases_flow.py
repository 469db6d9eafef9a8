"""The demo city's cases (issue 10, caseflow): every status, approvals pending and decided,
actions of several departments in every state, recorded by the staff of record and visible
to the named users of 梅园新村街道."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from childwelfare.accounts.models import User
from childwelfare.cases.models import Case, CaseAction, CaseApproval, CaseEvent, ProgressNote
from childwelfare.deadlines.models import Deadline


@pytest.fixture
def city(db):
    call_command("seed_demo", "--allow-production", "--children", "400", stdout=StringIO(), verbosity=0)


def test_cases_in_every_status_with_their_work(city):
    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses == {"intake", "assessment", "plan", "intervention", "review", "closed"}
    assert CaseApproval.objects.filter(decision="pending").exists()
    assert CaseApproval.objects.filter(decision="approved").exists()
    assert CaseApproval.objects.filter(decision="returned").exclude(comment="").exists()
    assert set(CaseAction.objects.values_list("status", flat=True)) >= {"open", "in_progress", "done"}
    assert len(set(CaseAction.objects.values_list("department", flat=True))) >= 3
    today = timezone.localdate()
    assert CaseAction.objects.filter(status__in=("open", "in_progress"), due_on__lt=today).exists()
    assert Deadline.objects.overdue().filter(rule="case_action").exists()
    assert ProgressNote.objects.exists() and CaseEvent.objects.filter(kind="moved").exists()
    # Recorded by the staff of record, never the city administrator; dated before the load.
    admin = User.objects.get(username="admin_nanjing")
    assert not Case.objects.filter(created_by=admin).exists()
    assert not CaseEvent.objects.filter(actor=admin).exists()
    assert Case.objects.filter(opened_on__lt=today - timezone.timedelta(days=60)).exists()


def test_the_named_users_of_meiyuan_find_their_work(city):
    named = {
        u.username: u
        for u in User.objects.filter(
            username__in=[
                "officer_xuanwu",
                "supervisor_meiyuan",
                "director_meiyuan",
                "liaison_education_xuanwu",
            ]
        )
    }
    assert Case.objects.visible_to(named["supervisor_meiyuan"]).count() >= 8
    assert Case.objects.filter(worker=named["director_meiyuan"]).exists()
    assert CaseApproval.objects.visible_to(named["supervisor_meiyuan"]).filter(decision="pending").exists()
    assert CaseAction.objects.visible_to(named["liaison_education_xuanwu"]).exists()
    assert Deadline.objects.visible_to(named["officer_xuanwu"]).filter(rule="case_transfer_accept").exists()
