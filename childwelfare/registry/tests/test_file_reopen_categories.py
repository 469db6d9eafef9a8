"""Reopening a closed file resumes the categories its closing ended (QA of issue 9: a child
reopened after 迁出本市 had lost 事实无人抚养儿童 for good and dropped out of the payroll).
Reopened the same day, the spell runs on; reopened later, a new spell starts on the day of
reopening — pending for a paid category until a second officer confirms it — so the months
the file was closed are not paid."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from childwelfare.registry.choices import Category, CloseReason, SpellStatus
from childwelfare.registry.lifecycle import close_child, reopen_child
from childwelfare.registry.models import CategorySpell
from childwelfare.registry.tests.helpers import make_child
from childwelfare.testing.factories import CategorySpellFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _closed(people, closed_on, category=Category.DE_FACTO_UNSUPPORTED):
    child = make_child(people, "孙回来", birth=date(2015, 3, 4))
    CategorySpellFactory(
        child=child, category=category, start_date=date(2024, 1, 1), status=SpellStatus.CONFIRMED
    )
    close_child(child, actor=people["officer_xuanwu"], reason=CloseReason.MOVED_AWAY, closed_on=closed_on)
    child.refresh_from_db()
    return child


def test_reopened_the_same_day_the_category_runs_on(people):
    child = _closed(people, TODAY)
    child = reopen_child(child, actor=people["officer_xuanwu"], reason="误操作")
    assert child.resumed == [Category.DE_FACTO_UNSUPPORTED]
    spell = CategorySpell.objects.get(child=child)
    assert (spell.end_date, spell.end_reason, spell.status) == (None, "", SpellStatus.CONFIRMED)


def test_reopened_later_a_paid_category_restarts_today_pending_review(people):
    closed_on = TODAY - timedelta(days=40)
    child = _closed(people, closed_on)
    child = reopen_child(child, actor=people["officer_xuanwu"], reason="搬回本市")
    spells = list(CategorySpell.objects.filter(child=child).order_by("start_date"))
    assert [(s.start_date, s.end_date, s.status) for s in spells] == [
        (date(2024, 1, 1), closed_on, SpellStatus.CONFIRMED),  # the closed period stays unpaid
        (TODAY, None, SpellStatus.PENDING),  # paid again once a second officer confirms
    ]
    assert child.resumed == [Category.DE_FACTO_UNSUPPORTED]


def test_an_unpaid_category_resumes_confirmed(people):
    child = _closed(people, TODAY - timedelta(days=10), category=Category.RURAL_LEFT_BEHIND)
    reopen_child(child, actor=people["officer_xuanwu"], reason="搬回本市")
    latest = CategorySpell.objects.filter(child=child).latest("start_date")
    assert (latest.start_date, latest.end_date, latest.status) == (TODAY, None, SpellStatus.CONFIRMED)
