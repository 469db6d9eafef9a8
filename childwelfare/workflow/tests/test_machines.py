"""Every declared state machine, walked move by move: each allowed move is made with one event
row and a version one higher; each move not declared is refused and changes nothing; a stale
version is a conflict that changes nothing and writes no event."""

import pytest

from childwelfare.lib.errors import ConflictError, DomainError
from childwelfare.workflow.machines import StateMachine, check_machines, machine_for, machines
from childwelfare.workflow.models import TransitionEvent
from childwelfare.workflow.services import transition

from .objects import put, row

pytestmark = pytest.mark.django_db
KINDS = [machine.kind for machine in machines()]


def test_the_platform_declares_its_machines():
    assert KINDS == [
        "benefits.eligibilityapplication",
        "benefits.insuranceenrolment",
        "benefits.payroll",
        "benefits.uprating",
        "cases.case",
        "cases.caseaction",
        "cases.conference",
        "discovery.campaign",
        "discovery.caremeasure",
        "discovery.problem",
        "discovery.screeningrecord",
        "outreach.call",
        "registry.child",
        "registry.childtransfer",
        "stations.site",
    ]
    assert check_machines() == []


def test_every_machine_has_an_object(one_of_each):
    assert sorted(one_of_each) == KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_every_declared_move_is_made_with_one_event(kind, one_of_each, people):
    machine, obj = machine_for(kind), one_of_each[kind]
    officer = people["officer_xuanwu"]
    made = 0
    for source, targets in machine.moves.items():
        for to in sorted(targets):
            put(obj, source)
            version = obj.version
            assert transition(obj, to, actor=officer, reason=f"{source}→{to}") is obj
            assert (obj.status, obj.version) == (to, version + 1)
            assert row(obj)["status"] == to
            made += 1
            event = TransitionEvent.objects.of(obj).last()
            assert (event.kind, event.from_status, event.to_status, event.step) == (kind, source, to, "")
            assert (event.actor, event.reason, event.version) == (officer, f"{source}→{to}", version + 1)
            assert event.area_code == machine.area_code(obj) and event.area_code.startswith("320102")
    assert made > 0
    assert TransitionEvent.objects.of(obj).count() == made == TransitionEvent.objects.count()


@pytest.mark.parametrize("kind", KINDS)
def test_every_move_not_declared_is_refused_and_changes_nothing(kind, one_of_each, people):
    machine, obj = machine_for(kind), one_of_each[kind]
    refused = 0
    for source in machine.states:
        for to in machine.states:
            if to in machine.allowed(source):
                continue
            put(obj, source)
            before = row(obj)
            with pytest.raises(DomainError) as caught:
                transition(obj, to, actor=people["admin_nanjing"])
            assert caught.value.code == "illegal_transition"
            assert "不能改为" in str(caught.value) and str(machine.label(to)) in str(caught.value)
            assert row(obj) == before and obj.status == source
            refused += 1
    # Every status has at least the self-move refused.
    assert refused >= len(machine.states)
    assert not TransitionEvent.objects.exists()


@pytest.mark.parametrize("kind", KINDS)
def test_a_stale_version_is_a_conflict_and_changes_nothing(kind, one_of_each, people):
    machine, obj = machine_for(kind), one_of_each[kind]
    source, targets = next(iter(machine.moves.items()))
    to = sorted(targets)[0]
    put(obj, source)
    before = row(obj)
    with pytest.raises(ConflictError) as caught:
        transition(obj, to, actor=people["officer_xuanwu"], expected_version=obj.version + 1)
    assert caught.value.code == "stale_version" and "已被他人处理" in str(caught.value)
    assert row(obj) == before
    assert not TransitionEvent.objects.exists()

    # Two people with the same object in hand: the second one's move is a conflict.
    first, second = type(obj).objects.get(pk=obj.pk), type(obj).objects.get(pk=obj.pk)
    transition(first, to, actor=people["officer_xuanwu"])
    after_first = row(first)
    with pytest.raises(ConflictError):
        transition(second, to, actor=people["admin_nanjing"])
    assert row(obj) == after_first
    assert TransitionEvent.objects.count() == 1


def test_the_check_names_statuses_that_are_not_choices(one_of_each):
    campaign_model = type(one_of_each["discovery.campaign"])
    broken = StateMachine(area="area_id", moves={"draft": {"flying"}})
    broken.model = campaign_model
    assert [error.id for error in broken.check()] == ["workflow.E002"]
    no_version = StateMachine(area="area_id", version_field="revision", moves={})
    no_version.model = campaign_model
    assert [error.id for error in no_version.check()] == ["workflow.E001"]
