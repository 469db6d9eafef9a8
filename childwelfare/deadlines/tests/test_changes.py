"""Pause, resumption and extension (issue 10): a reason, a supervisor's approval by someone
other than the requester, recorded; the clock stops while paused and the due moment moves
on resumption by the working days paused."""

from datetime import date

import pytest
from django.urls import reverse

from childwelfare.access.scope import OutOfScope
from childwelfare.deadlines.calendar import end_of_day
from childwelfare.deadlines.changes import DeadlineError, decide_change, pending_for, request_change
from childwelfare.deadlines.models import Deadline, DeadlineChange
from childwelfare.testing import people as named

from .helpers import at, child_in, deadline_on

pytestmark = pytest.mark.django_db
PAUSE, RESUME, EXTEND = DeadlineChange.Kind.PAUSE, DeadlineChange.Kind.RESUME, DeadlineChange.Kind.EXTEND


@pytest.fixture
def transfer(people):
    """A case transfer to accept within 5 working days, opened Mon 21 Sep 2026 09:00:
    22, 23, 24 Sep, (25–27 Mid-Autumn off), 28, 29 → due at the end of Tue 29 Sep."""
    deadline = deadline_on(
        child_in(named.MEIYUAN),
        "case_transfer_accept",
        area_code=named.MEIYUAN,
        start=at(date(2026, 9, 21), 9),
    )
    assert deadline.due_at == end_of_day(date(2026, 9, 29))
    return deadline


def codes(call):
    with pytest.raises(DeadlineError) as caught:
        call()
    return caught.value.code


def test_pause_stops_the_clock_and_resume_moves_the_due_day(people, transfer):
    director, supervisor = people["director_meiyuan"], people["supervisor_meiyuan"]
    assert (
        codes(lambda: request_change(transfer, actor=director, kind=PAUSE, reason="  ")) == "reason_missing"
    )
    change = request_change(transfer, actor=director, kind=PAUSE, reason="儿童住院治疗")
    assert (
        codes(lambda: request_change(transfer, actor=director, kind=EXTEND, reason="x")) == "new_due_missing"
    )
    assert codes(lambda: decide_change(change, actor=director, approve=True)) == "four_eyes"
    # Nothing changes until the approval.
    transfer.refresh_from_db()
    assert transfer.paused_at is None
    decide_change(change, actor=supervisor, approve=True, comment="同意", at=at(date(2026, 9, 23), 10))
    transfer.refresh_from_db()
    assert transfer.paused_at == at(date(2026, 9, 23), 10)
    change.refresh_from_db()
    assert (change.decision, change.decided_by, change.comment) == ("approved", supervisor, "同意")
    # While paused it is neither overdue nor due, long after its due day.
    later = at(date(2026, 10, 12), 9)
    assert not Deadline.objects.overdue(later).filter(pk=transfer.pk).exists()
    assert (
        codes(lambda: request_change(transfer, actor=director, kind=PAUSE, reason="再暂停"))
        == "already_paused"
    )
    resume = request_change(transfer, actor=director, kind=RESUME, reason="儿童出院")
    decide_change(resume, actor=supervisor, approve=True, comment="", at=at(date(2026, 10, 12), 10))
    transfer.refresh_from_db()
    # Paused Wed 23 Sep, resumed Mon 12 Oct: the working days after 23 Sep up to 12 Oct are
    # 24, 28, 29, 30 Sep, 8, 9, 10 (Sat, make-up), 12 Oct = 8. Eight working days after the
    # old due day Tue 29 Sep: 30 Sep, 8, 9, 10, 12, 13, 14, 15 Oct → the end of Thu 15 Oct.
    assert transfer.paused_at is None
    assert transfer.due_at == end_of_day(date(2026, 10, 15))
    assert [c.kind for c in transfer.changes.all()] == [RESUME, PAUSE]


def test_extension_needs_a_later_date_and_another_persons_approval(people, transfer):
    supervisor, officer = people["supervisor_meiyuan"], people["officer_xuanwu"]
    earlier = end_of_day(date(2026, 9, 28))
    assert (
        codes(
            lambda: request_change(
                transfer, actor=supervisor, kind=EXTEND, reason="材料未齐", new_due_at=earlier
            )
        )
        == "extension_not_later"
    )
    change = request_change(
        transfer, actor=supervisor, kind=EXTEND, reason="材料未齐", new_due_at=end_of_day(date(2026, 10, 20))
    )
    assert codes(lambda: request_change(transfer, actor=officer, kind=PAUSE, reason="x")) == "change_pending"
    # The township's supervisor asked: they cannot decide; a director never decides; the
    # district officer does, and sees it in their approvals list.
    assert codes(lambda: decide_change(change, actor=supervisor, approve=True)) == "four_eyes"
    assert codes(lambda: decide_change(change, actor=people["director_meiyuan"], approve=True)) == (
        "cannot_decide_change"
    )
    assert list(pending_for(supervisor)) == []
    assert list(pending_for(officer)) == [change]
    assert codes(lambda: decide_change(change, actor=officer, approve=False, comment="")) == "comment_missing"
    decide_change(change, actor=officer, approve=True, comment="同意延期")
    transfer.refresh_from_db()
    assert transfer.due_at == end_of_day(date(2026, 10, 20))


def test_a_refusal_is_recorded_and_changes_nothing(people, transfer):
    change = request_change(transfer, actor=people["director_meiyuan"], kind=PAUSE, reason="家庭外出")
    assert list(pending_for(people["supervisor_meiyuan"])) == [change]
    decide_change(change, actor=people["supervisor_meiyuan"], approve=False, comment="理由不充分")
    transfer.refresh_from_db()
    change.refresh_from_db()
    assert transfer.paused_at is None and transfer.due_at == end_of_day(date(2026, 9, 29))
    assert (change.decision, change.comment) == ("refused", "理由不充分")
    assert list(pending_for(people["supervisor_meiyuan"])) == []


def test_who_may_ask_and_who_may_not(people, transfer):
    for name in ("auditor_xuanwu", "staff_meiyuan"):
        actor = people[name]
        assert codes(lambda actor=actor: request_change(transfer, actor=actor, kind=PAUSE, reason="x")) == (
            "cannot_request_change"
        )
    with pytest.raises(OutOfScope):
        request_change(transfer, actor=people["director_ninghai"], kind=PAUSE, reason="x")
    with pytest.raises(OutOfScope):
        request_change(transfer, actor=people["supervisor_xinjiekou"], kind=PAUSE, reason="x")
    # A liaison works the items of their department.
    action = deadline_on(
        child_in(named.MEIYUAN),
        "case_action",
        area_code=named.MEIYUAN,
        due=end_of_day(date(2026, 12, 30)),
        department="education",
    )
    change = request_change(
        action,
        actor=people["liaison_education_xuanwu"],
        kind=EXTEND,
        reason="学期末",
        new_due_at=end_of_day(date(2027, 1, 15)),
    )
    assert change.decision == "pending"


def test_the_pages_request_and_decide(people, transfer, client):
    client.force_login(people["director_meiyuan"])
    page = client.get(reverse("deadlines:detail", kwargs={"pk": transfer.pk}))
    assert page.status_code == 200 and "申请暂停、恢复或延期" in page.content.decode()
    # A rejected form keeps what was typed.
    refused = client.post(
        reverse("deadlines:change_request", kwargs={"pk": transfer.pk}),
        {"change-kind": "extend", "change-reason": "等待学校回复", "change-new_due_on": "2026-09-01"},
    )
    assert refused.status_code == 200 and "等待学校回复" in refused.content.decode()
    done = client.post(
        reverse("deadlines:change_request", kwargs={"pk": transfer.pk}),
        {"change-kind": "extend", "change-reason": "等待学校回复", "change-new_due_on": "2026-10-30"},
    )
    assert done.status_code == 302
    change = transfer.changes.get()
    assert change.new_due_at == end_of_day(date(2026, 10, 30))
    client.force_login(people["supervisor_meiyuan"])
    listing = client.get(reverse("deadlines:approvals"))
    assert f'data-change="{change.pk}"' in listing.content.decode()
    decided = client.post(
        reverse("deadlines:change_decide", kwargs={"pk": change.pk}),
        {"decision-decision": "approve", "decision-comment": "同意"},
    )
    assert decided.status_code == 302
    transfer.refresh_from_db()
    assert transfer.due_at == end_of_day(date(2026, 10, 30))
    history = client.get(reverse("deadlines:detail", kwargs={"pk": transfer.pk})).content.decode()
    assert "等待学校回复" in history and "王秀英" in history
