"""Due moments and escalation levels hand-computed across the 2026 Mid-Autumn and National
Day holidays (State Council calendar as chinese_calendar has it: Fri 25 – Sun 27 Sep off,
Sun 20 Sep a make-up working day; Thu 1 – Wed 7 Oct off; Sat 10 Oct a make-up working day),
and the override table (benefits.HolidayOverride) feeding the engine."""

from datetime import date, timedelta

import pytest

from childwelfare.benefits.models import HolidayOverride
from childwelfare.deadlines.calendar import compute_due, end_of_day
from childwelfare.deadlines.escalation import Thresholds, level_of, level_role, with_levels
from childwelfare.deadlines.models import Deadline
from childwelfare.deadlines.rules import get_rule
from childwelfare.testing import people as named

from .helpers import at, child_in, deadline_on

pytestmark = pytest.mark.django_db


def test_working_days_across_national_day_with_make_up_days():
    rule = get_rule("application_check")  # 15 working days
    # After Mon 28 Sep: 29, 30 Sep (2) — 1–7 Oct off — 8, 9, 10 (Sat, make-up) (5), 12–16 (10),
    # 19–23 Oct (15) → due at the end of Fri 23 Oct.
    assert compute_due(rule, at(date(2026, 9, 28), 10)) == end_of_day(date(2026, 10, 23))
    transfer = get_rule("case_transfer_accept")  # 5 working days
    # After Fri 18 Sep: Sun 20 (make-up) 1, 21, 22, 23, 24 → Thu 24 Sep (25–27 Mid-Autumn off).
    assert compute_due(transfer, at(date(2026, 9, 18), 16)) == end_of_day(date(2026, 9, 24))


def test_calendar_days_hours_and_months_ignore_the_holiday():
    # 7 calendar days after Wed 30 Sep: the end of Wed 7 Oct, holiday or not.
    assert compute_due(get_rule("case_assessment"), at(date(2026, 9, 30), 9)) == end_of_day(date(2026, 10, 7))
    # 24 hours after 1 Oct 15:30: 2 Oct 15:30.
    assert compute_due(get_rule("mandatory_report_ack"), at(date(2026, 10, 1), 15, 30)) == at(
        date(2026, 10, 2), 15, 30
    )
    # 3 months after 30 Nov: 28 Feb (2027 is no leap year).
    assert compute_due(get_rule("case_plan_review"), at(date(2026, 11, 30), 9)) == end_of_day(
        date(2027, 2, 28)
    )


def test_the_override_table_feeds_the_engine(people):
    rule = get_rule("case_transfer_accept")
    start = at(date(2026, 10, 9), 9)
    # After Fri 9 Oct: Sat 10 (make-up), 12, 13, 14, 15 → Thu 15 Oct.
    assert compute_due(rule, start) == end_of_day(date(2026, 10, 15))
    # The administrators declare Mon 12 Oct a day off: one more day → Fri 16 Oct.
    HolidayOverride.objects.create(day=date(2026, 10, 12), is_working_day=False, note="测试")
    assert compute_due(rule, start) == end_of_day(date(2026, 10, 16))


# A case assessment due at the end of Wed 30 Sep (default ladder: director → supervisor →
# officer → city, one step per 3 working days overdue). Working days overdue, counted after
# 30 Sep up to and including the day:
#   Thu 8 Oct: 8 → 1 (1–7 Oct off)           level 0 (director)
#   Fri 9 Oct: 8, 9 → 2                       level 0
#   Sat 10 Oct (make-up): 8, 9, 10 → 3        level 1 (supervisor)
#   Sun 11 Oct: still 3                       level 1
#   Wed 14 Oct: + 12, 13, 14 → 6              level 2 (district officer)
#   Mon 19 Oct: + 15, 16, 19 → 9              level 3 (city)
#   1 Dec: far more                            level 3 (the ladder's top)
LEVELS = [
    (date(2026, 10, 8), 0),
    (date(2026, 10, 9), 0),
    (date(2026, 10, 10), 1),
    (date(2026, 10, 11), 1),
    (date(2026, 10, 13), 1),
    (date(2026, 10, 14), 2),
    (date(2026, 10, 16), 2),
    (date(2026, 10, 19), 3),
    (date(2026, 12, 1), 3),
]


@pytest.mark.parametrize(("day", "level"), LEVELS)
def test_escalation_levels_across_the_holiday(people, day, level):
    child = child_in(named.MEIYUAN)
    deadline = deadline_on(child, "case_assessment", area_code=named.MEIYUAN, start=at(date(2026, 9, 23), 9))
    assert deadline.due_at == end_of_day(date(2026, 9, 30))
    now = at(day, 12)
    assert level_of(deadline, now) == level
    annotated = with_levels(Deadline.objects.filter(pk=deadline.pk), Thresholds(now)).get()
    assert annotated.level == level
    roles = ["child_director", "child_supervisor", "district_officer", "city_admin"]
    assert level_role("case_assessment", level) == roles[level]


def test_not_overdue_and_paused_items_stay_at_the_first_level(people):
    child = child_in(named.MEIYUAN)
    deadline = deadline_on(child, "case_assessment", area_code=named.MEIYUAN, start=at(date(2026, 9, 23), 9))
    # Before and at the due day's end nothing has escalated.
    assert level_of(deadline, at(date(2026, 9, 30), 23, 59)) == 0
    Deadline.objects.filter(pk=deadline.pk).update(paused_at=at(date(2026, 9, 29)))
    deadline.refresh_from_db()
    now = at(date(2026, 12, 1), 12)
    assert level_of(deadline, now) == 0
    assert with_levels(Deadline.objects.filter(pk=deadline.pk), Thresholds(now)).get().level == 0


def test_a_rule_with_a_shorter_ladder_escalates_on_its_own_steps(people):
    # Mandatory-report acknowledgment: 24 hours, ladder district officer → city, a step per
    # working day overdue. Received Wed 30 Sep 10:00 → due Thu 1 Oct 10:00 (a holiday):
    # on Wed 7 Oct no working day has passed after 1 Oct (level 0); on Thu 8 Oct one has
    # (level 1, the city).
    child = child_in(named.MEIYUAN)
    deadline = deadline_on(
        child, "mandatory_report_ack", area_code=named.XUANWU, start=at(date(2026, 9, 30), 10)
    )
    assert deadline.due_at == at(date(2026, 10, 1), 10)
    for day, level in ((date(2026, 10, 7), 0), (date(2026, 10, 8), 1)):
        now = at(day, 12)
        assert level_of(deadline, now) == level
        assert with_levels(Deadline.objects.filter(pk=deadline.pk), Thresholds(now)).get().level == level
    assert level_of(deadline, at(date(2026, 10, 8), 12) - timedelta(days=30)) == 0
