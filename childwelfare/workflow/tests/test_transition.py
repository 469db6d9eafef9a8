"""The transition mechanism as the services use it: the event rows of a whole screening
flow, the sample re-visit as a step, the change history of an application, side effects on
commit, and the refusals."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from childwelfare.areas.models import Area
from childwelfare.benefits.applications import ApplicationError, refuse_application
from childwelfare.benefits.choices import ApplicationStatus
from childwelfare.benefits.payroll import PayrollConflict, approve_payroll
from childwelfare.discovery import services
from childwelfare.discovery.choices import CampaignStatus, ProblemStatus, RecordStatus
from childwelfare.discovery.models import ScreeningRecord
from childwelfare.discovery.services import ConflictError, DiscoveryError
from childwelfare.lib.errors import DomainError
from childwelfare.registry.choices import Category
from childwelfare.testing import people as named
from childwelfare.testing.factories import CategorySpellFactory, ChildFactory
from childwelfare.workflow.models import TransitionEvent
from childwelfare.workflow.services import record_step, transition

from .objects import row

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def moves(obj) -> list[tuple]:
    return [
        (e.actor.username, e.from_status, e.to_status, e.step, e.reason)
        for e in TransitionEvent.objects.of(obj).select_related("actor")
    ]


def running_campaign(people, *, sample_rate="0"):
    child = ChildFactory(area_id=named.MEIYUAN)
    CategorySpellFactory(child=child, category=Category.SCATTERED_ORPHAN)
    campaign = services.create_campaign(
        actor=people["officer_xuanwu"],
        name="2026年困境儿童专项排查",
        year=2026,
        area=Area.objects.get(code=named.XUANWU),
        start_date=TODAY - timedelta(days=3),
        end_date=TODAY + timedelta(days=20),
        sample_rate=Decimal(sample_rate),
    )
    assert services.start_campaign(campaign, actor=people["officer_xuanwu"]) == 1
    return campaign, ScreeningRecord.objects.get(campaign=campaign)


def test_a_screening_flow_leaves_one_event_per_step(people):
    campaign, record = running_campaign(people)
    assert campaign.status == CampaignStatus.RUNNING and campaign.version == 1
    director, supervisor, officer = (
        people["director_meiyuan"],
        people["supervisor_meiyuan"],
        people["officer_xuanwu"],
    )
    record = services.screen_record(record, actor=director, expected_version=0, visited_on=TODAY)
    record = services.return_record(record, actor=supervisor, expected_version=1, reason="监护情况未填写")
    record = services.screen_record(record, actor=director, expected_version=2, visited_on=TODAY)
    record = services.verify_record(record, actor=supervisor, expected_version=3)
    record = services.confirm_record(record, actor=officer, expected_version=4)
    services.close_campaign(campaign, actor=officer)

    assert moves(record) == [
        ("director_meiyuan", "pending", "screened", "", ""),
        ("supervisor_meiyuan", "screened", "returned", "", "监护情况未填写"),
        ("director_meiyuan", "returned", "screened", "", ""),
        ("supervisor_meiyuan", "screened", "verified", "", ""),
        ("officer_xuanwu", "verified", "confirmed", "", ""),
    ]
    assert moves(campaign) == [
        ("officer_xuanwu", "draft", "running", "", ""),
        ("officer_xuanwu", "running", "closed", "", ""),
    ]
    events = TransitionEvent.objects.of(record)
    assert {e.area_code for e in events} == {named.MEIYUAN}  # the record's community
    assert [e.version for e in events] == [1, 2, 3, 4, 5]
    assert {e.area_code for e in TransitionEvent.objects.of(campaign)} == {named.XUANWU}


def test_a_refused_step_writes_no_event_and_no_visit(people):
    _campaign, record = running_campaign(people)
    with pytest.raises(DiscoveryError, match="不能改为") as caught:
        services.verify_record(record, actor=people["supervisor_meiyuan"], expected_version=0)
    assert caught.value.code == "illegal_transition"
    record = services.screen_record(
        record, actor=people["director_meiyuan"], expected_version=0, visited_on=TODAY
    )
    stale = ScreeningRecord.objects.get(pk=record.pk)
    services.verify_record(record, actor=people["supervisor_meiyuan"], expected_version=1)
    with pytest.raises(ConflictError, match="已被他人处理"):
        services.return_record(stale, actor=people["supervisor_meiyuan"], expected_version=1, reason="重复")
    # A screen of a verified record is refused before its visit is written.
    verified = ScreeningRecord.objects.get(pk=record.pk)
    with pytest.raises(DiscoveryError, match="不能改为"):
        services.screen_record(
            verified, actor=people["director_meiyuan"], expected_version=2, visited_on=TODAY
        )
    assert record.child.visits.count() == 1
    assert [e.to_status for e in TransitionEvent.objects.of(record)] == ["screened", "verified"]


def test_the_sample_revisit_is_a_step_with_its_own_event(people):
    _campaign, record = running_campaign(people, sample_rate="1")
    assert record.in_sample
    with pytest.raises(DomainError) as caught:
        record_step(record, "revisit", actor=people["officer_xuanwu"], revisit=None)
    assert caught.value.code == "illegal_step" and "不能抽样复访" in str(caught.value)
    with pytest.raises(ValueError, match="no step 'teleport'"):
        record_step(record, "teleport", actor=people["officer_xuanwu"])
    record = services.screen_record(
        record, actor=people["director_meiyuan"], expected_version=0, visited_on=TODAY
    )
    record = services.verify_record(record, actor=people["supervisor_meiyuan"], expected_version=1)
    record = services.revisit_record(
        record, actor=people["officer_xuanwu"], expected_version=2, visited_on=TODAY
    )
    assert (record.status, record.version, record.revisit.is_sample_revisit) == (
        RecordStatus.VERIFIED,
        3,
        True,
    )
    event = TransitionEvent.objects.of(record).last()
    assert (event.from_status, event.to_status, event.step, event.actor) == (
        "verified",
        "verified",
        "revisit",
        people["officer_xuanwu"],
    )
    assert str(event.step_label) == "抽样复访"
    record = services.confirm_record(record, actor=people["officer_xuanwu"], expected_version=3)
    assert record.status == RecordStatus.CONFIRMED


def test_problem_moves_keep_their_reasons_and_the_childs_area(one_of_each, people):
    problem = one_of_each["discovery.problem"]
    officer, liaison = people["officer_xuanwu"], people["liaison_education_xuanwu"]
    problem = services.solve_problem(problem, actor=liaison, expected_version=0, text="已协调入学")
    problem = services.reopen_problem(problem, actor=officer, expected_version=1, reason="未见入学证明")
    assert (problem.status, problem.solved_by) == (ProblemStatus.OPEN, None)
    assert moves(problem) == [
        ("liaison_education_xuanwu", "open", "solved", "", "已协调入学"),
        ("officer_xuanwu", "solved", "open", "", "未见入学证明"),
    ]
    assert {e.area_code for e in TransitionEvent.objects.of(problem)} == {named.MEIYUAN}


def test_a_move_of_a_model_with_history_is_in_its_change_history(one_of_each, people):
    application = one_of_each["benefits.eligibilityapplication"]
    assert application.history.count() == 1  # created
    supervisor = people["supervisor_meiyuan"]
    application = refuse_application(application, actor=supervisor, on=TODAY, reason="父母均在外务工")
    latest = application.history.first()
    assert (latest.history_type, latest.history_user, latest.status, latest.version) == (
        "~",
        supervisor,
        ApplicationStatus.REFUSED,
        1,
    )
    assert latest.history_change_reason == "已申请待查验 → 不予认定：父母均在外务工"
    assert latest.refusal_reason == "父母均在外务工"
    with pytest.raises(ApplicationError, match="不能改为"):
        refuse_application(application, actor=people["officer_xuanwu"], on=TODAY, reason="再次")
    assert application.history.count() == 2


def test_side_effects_run_only_after_the_commit(one_of_each, people, django_capture_on_commit_callbacks):
    measure = one_of_each["discovery.caremeasure"]
    ran = []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        transition(
            measure,
            "ended",
            actor=people["director_meiyuan"],
            on_commit=[lambda: ran.append(row(measure)["status"])],
            end_date=TODAY,
            outcome="已结束",
        )
        assert ran == []  # not before the commit
    assert len(callbacks) == 1 and ran == ["ended"]

    payroll = one_of_each["benefits.payroll"]
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(DomainError):
        transition(payroll, "approved", actor=None, expected_version=7, on_commit=[lambda: ran.append("no")])
    assert callbacks == []


def test_status_and_version_are_the_mechanisms_own(one_of_each, people):
    campaign = one_of_each["discovery.campaign"]
    with pytest.raises(TypeError, match="sets"):
        transition(campaign, "running", actor=people["officer_xuanwu"], version=9)
    assert row(campaign)["status"] == "draft"


def test_a_payroll_approved_in_another_tab_is_a_conflict(one_of_each, people):
    payroll = one_of_each["benefits.payroll"]
    type(payroll).objects.filter(pk=payroll.pk).update(computed_at=timezone.now())
    payroll.refresh_from_db()
    other_tab = type(payroll).objects.get(pk=payroll.pk)
    approve_payroll(payroll, actor=people["officer2_xuanwu"])
    with pytest.raises(PayrollConflict, match="已被他人处理"):
        approve_payroll(other_tab, actor=people["officer2_xuanwu"])
    assert moves(payroll) == [("officer2_xuanwu", "draft", "approved", "", "")]
