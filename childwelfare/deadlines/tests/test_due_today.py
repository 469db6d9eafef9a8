"""A deadline due today says so ("今天到期" / "Due today"), not "剩 0 天" / "0 days left" (QA),
on the deadline lists and the case pages; a day or more left still counts the days."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation


def row(days_left):
    return SimpleNamespace(
        due_on=date(2026, 12, 2), paused_at=None, is_overdue=False, days_overdue=0, days_left=days_left
    )


@pytest.mark.parametrize(
    "days, chinese, english",
    [(0, "今天到期", "Due today"), (1, "剩 1 天", "1 day left"), (3, "剩 3 天", "3 days left")],
)
def test_due_today_and_days_left(days, chinese, english):
    for language, expected in (("zh-hans", chinese), ("en", english)):
        with translation.override(language):
            due = render_to_string("deadlines/_row_due.html", {"deadline": row(days)})
            case = render_to_string("cases/caseflow/_days_left.html", {"days": days, "late": 0})
        assert expected in due and expected in case, (language, due, case)
