"""Eligibility applications on the deadline engine (issue 10): the township check and the
district confirmation are deadlines (application_check / application_confirm) whose due
moments equal the applications' own due fields; an approved extension keeps them equal; the
data migration opens deadlines for applications already running."""

import importlib
from datetime import date

import pytest
from django.apps import apps

from childwelfare.benefits.applications import (
    confirm_application,
    refuse_application,
    submit_application,
    verify_application,
)
from childwelfare.benefits.choices import ApplicantKind, ApplicationKind
from childwelfare.benefits.models import EligibilityApplication, HolidayOverride
from childwelfare.deadlines.calendar import end_of_day
from childwelfare.deadlines.changes import decide_change, request_change
from childwelfare.deadlines.models import Deadline
from childwelfare.deadlines.services import deadlines_of
from childwelfare.registry.choices import ParentSituation
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory

pytestmark = pytest.mark.django_db


def eligible_child():
    return ChildFactory(
        area_id=named.MEIYUAN,
        hukou_area_id=named.MEIYUAN_STREET,
        birth_date=date(2014, 6, 1),
        gender="M",
        parents=(ParentSituation.IN_CUSTODY, ParentSituation.OUT_OF_CONTACT),
        parents__start_date=date(2020, 1, 1),
        parents__evidence="公安机关证明",
    )


def submit(people, child, on):
    return submit_application(
        child=child,
        actor=people["supervisor_meiyuan"],
        kind=ApplicationKind.DE_FACTO_UNSUPPORTED,
        applicant_kind=ApplicantKind.RELATIVE,
        applicant_name="祖母",
        submitted_on=on,
    )


def running(app):
    return {d.rule: d for d in deadlines_of(app) if d.met_at is None and d.cancelled_at is None}


def test_each_step_opens_and_meets_its_deadline(people):
    app = submit(people, eligible_child(), date(2026, 9, 28))
    # 15 working days after Mon 28 Sep across National Day (1–7 Oct off, Sat 10 Oct on): 23 Oct.
    check = running(app)["application_check"]
    assert app.verify_due == date(2026, 10, 23)
    assert check.due_at == end_of_day(date(2026, 10, 23)) and check.area_code == named.MEIYUAN
    app = verify_application(app, actor=people["supervisor_meiyuan"], on=date(2026, 10, 9))
    # 15 working days after Fri 9 Oct: 10 (make-up), 12–16, 19–23, 26–29 Oct → 29 Oct.
    assert set(running(app)) == {"application_confirm"}
    assert (
        running(app)["application_confirm"].due_at
        == end_of_day(app.confirm_due)
        == end_of_day(date(2026, 10, 29))
    )
    assert Deadline.objects.get(pk=check.pk).met_at is not None
    confirm_application(app, actor=people["officer_xuanwu"], on=date(2026, 10, 20))
    assert running(app) == {}
    assert all(d.met_at for d in deadlines_of(app))


def test_a_refusal_meets_the_step_and_the_override_table_moves_the_due_day(people):
    # Declaring Fri 9 Oct a day off moves the check one working day: 26 Oct instead of 23.
    HolidayOverride.objects.create(day=date(2026, 10, 9), is_working_day=False, note="测试")
    app = submit(people, eligible_child(), date(2026, 9, 28))
    assert app.verify_due == date(2026, 10, 26)
    assert running(app)["application_check"].due_at == end_of_day(date(2026, 10, 26))
    refuse_application(app, actor=people["supervisor_meiyuan"], on=date(2026, 10, 9), reason="材料不实")
    assert running(app) == {}


def test_an_approved_extension_moves_the_applications_due_day(people):
    app = submit(people, eligible_child(), date(2026, 9, 28))
    check = running(app)["application_check"]
    change = request_change(
        check,
        actor=people["supervisor_meiyuan"],
        kind="extend",
        reason="等待公安回函",
        new_due_at=end_of_day(date(2026, 11, 6)),
    )
    decide_change(change, actor=people["officer_xuanwu"], approve=True, comment="同意")
    app.refresh_from_db()
    assert app.verify_due == date(2026, 11, 6)


def test_the_data_migration_opens_deadlines_of_running_applications(people):
    submitted = submit(people, eligible_child(), date(2026, 9, 28))
    verified = verify_application(
        submit(people, eligible_child(), date(2026, 9, 28)),
        actor=people["supervisor_meiyuan"],
        on=date(2026, 10, 9),
    )
    refused = refuse_application(
        submit(people, eligible_child(), date(2026, 9, 28)),
        actor=people["supervisor_meiyuan"],
        on=date(2026, 10, 9),
        reason="不符合",
    )
    # As before the engine: no deadlines at all.
    Deadline.objects.all().delete()
    migration = importlib.import_module("childwelfare.benefits.migrations.0013_application_deadlines")
    migration.open_deadlines(apps, None)
    migration.open_deadlines(apps, None)  # a second run adds nothing
    assert {d.rule: d.due_at for d in Deadline.objects.filter(subject_id=submitted.pk)} == {
        "application_check": end_of_day(date(2026, 10, 23))
    }
    assert {d.rule: d.due_at for d in Deadline.objects.filter(subject_id=verified.pk)} == {
        "application_confirm": end_of_day(date(2026, 10, 29))
    }
    assert not Deadline.objects.filter(subject_id=refused.pk).exists()
    assert Deadline.objects.count() == 2
    migration.remove_deadlines(apps, None)
    assert Deadline.objects.count() == 0
    assert EligibilityApplication.objects.count() == 3
