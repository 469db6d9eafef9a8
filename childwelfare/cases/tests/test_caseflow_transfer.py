"""A case follows its child's transfer: the receiving district's acceptance deadline opens
on the proposal, the sending side keeps the case until the acceptance, both sides see the
case's log of it (issue 10, built on registry.transfers' hook)."""

from __future__ import annotations

import pytest

from childwelfare.access.scope import OutOfScope
from childwelfare.areas.models import Area
from childwelfare.cases.choices import CaseStatus
from childwelfare.cases.models import Case, CaseEvent
from childwelfare.cases.services import caseflow as flow
from childwelfare.deadlines.models import Deadline
from childwelfare.deadlines.services import deadlines_of
from childwelfare.registry.transfers import (
    accept_transfer,
    cancel_transfer,
    propose_transfer,
    refuse_transfer,
)
from childwelfare.testing.people import NINGHAI

from .caseflow_world import new_case, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(people):
    case = walk(new_case(people), CaseStatus.INTERVENTION, people)
    transfer = propose_transfer(
        case.child,
        actor=people["director_meiyuan"],
        to_area=Area.objects.get(code=NINGHAI),
        reason="随父母迁居",
    )
    return case, transfer


def test_the_sending_side_keeps_the_case_until_the_receiving_district_accepts(people, proposed, client):
    case, transfer = proposed
    officer_x, officer_g = people["officer_xuanwu"], people["officer_gulou"]
    accept = deadlines_of(transfer).get(rule="case_transfer_accept")
    assert accept.area_code == NINGHAI and accept.met_at is None
    assert Deadline.objects.visible_to(officer_g).filter(pk=accept.pk).exists()
    # Until accepted: the sending side works the case, the receiving side cannot see it
    # (but sees the log line of the proposal).
    flow.begin_review(case, actor=officer_x)
    with pytest.raises(OutOfScope):
        flow.finish_review(case, actor=officer_g)
    client.force_login(officer_g)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert CaseEvent.objects.visible_to(officer_g).filter(kind="transfer_proposed").count() == 1
    # Accepted: the deadline is met, the case and its running deadlines go with the child.
    accept_transfer(transfer, actor=officer_g)
    accept.refresh_from_db()
    assert accept.met_at is not None
    case.refresh_from_db()
    assert Case.objects.visible_to(officer_g).filter(pk=case.pk).exists()
    assert not Case.objects.visible_to(officer_x).filter(pk=case.pk).exists()
    review = deadlines_of(case).get(rule="case_plan_review", met_at__isnull=True)
    assert review.area_code == NINGHAI
    flow.finish_review(case, actor=officer_g)
    # The sending side still sees the acceptance in its own log.
    assert CaseEvent.objects.visible_to(officer_x).filter(case=case, kind="transfer_accepted").exists()
    assert client.get(f"/cases/{case.pk}/").status_code == 200


def test_a_refusal_meets_the_deadline_and_leaves_the_case_where_it_was(people, proposed):
    case, transfer = proposed
    refuse_transfer(transfer, actor=people["officer_gulou"], reason="未实际居住")
    accept = deadlines_of(transfer).get(rule="case_transfer_accept")
    assert accept.met_at is not None
    assert Case.objects.visible_to(people["officer_xuanwu"]).filter(pk=case.pk).exists()
    event = CaseEvent.objects.get(case=case, kind="transfer_refused")
    assert event.text == "未实际居住"
    assert CaseEvent.objects.visible_to(people["officer_gulou"]).filter(pk=event.pk).exists()


def test_a_withdrawn_transfer_cancels_the_deadline(people, proposed):
    case, transfer = proposed
    cancel_transfer(transfer, actor=people["director_meiyuan"])
    accept = deadlines_of(transfer).get(rule="case_transfer_accept")
    assert accept.cancelled_at is not None
    assert CaseEvent.objects.filter(case=case, kind="transfer_cancelled").exists()


def test_a_child_without_an_open_case_moves_without_a_case_deadline(people):
    case = walk(new_case(people), CaseStatus.CLOSED, people)
    transfer = propose_transfer(
        case.child, actor=people["director_meiyuan"], to_area=Area.objects.get(code=NINGHAI), reason="迁居"
    )
    assert not deadlines_of(transfer).exists()
    assert not CaseEvent.objects.filter(case=case, kind__startswith="transfer").exists()
