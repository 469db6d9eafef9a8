"""Closing a child's file (issue 9, the child file over time): it leaves every work list (the
visit plan, the red lists, a new campaign's screening, the home figures), its allowance stops
from the closing date by the payroll's own proration, it stays searchable in the child list
(已结档 / 全部), the profile says why; a district officer reopens it with a reason."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from childwelfare.areas.models import Area
from childwelfare.benefits.models import PayrollLine
from childwelfare.benefits.payroll import run_payroll
from childwelfare.discovery.models import RiskAssessment, RiskItemSet
from childwelfare.discovery.schedule import store_schedule
from childwelfare.discovery.services import campaign_children
from childwelfare.discovery.views.attention import attention_children
from childwelfare.discovery.views.visits import scheduled_children
from childwelfare.registry.choices import Category, CloseReason, FileStatus
from childwelfare.registry.home import child_file_summary
from childwelfare.registry.lifecycle import close_child, reopen_child
from childwelfare.registry.models import CategorySpell, Child
from childwelfare.registry.services import RegistryError
from childwelfare.registry.tests.helpers import detail, listed, make_child
from childwelfare.testing import people as named
from childwelfare.testing.factories import CampaignFactory, CategorySpellFactory
from childwelfare.workflow.models import TransitionEvent

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _red(child, people):
    RiskAssessment.objects.create(
        child=child,
        assessed_on=TODAY,
        assessor=people["director_meiyuan"],
        item_set=RiskItemSet.objects.order_by("pk").first(),
        score=10,
        colour="red",
    )
    # Written past the assessment service, so its stored colour is written here (issue 14).
    store_schedule(Child.objects.filter(pk=child.pk))


def _two(people):
    """Two children of 梅园社区 with a running category and a red assessment."""
    kept = make_child(people, "王在档")
    gone = make_child(people, "李结档")
    for child in (kept, gone):
        CategorySpellFactory(child=child, category=Category.RURAL_LEFT_BEHIND, start_date=date(2024, 1, 1))
        _red(child, people)
    return kept, gone


def test_closed_file_leaves_every_work_list(people):
    kept, gone = _two(people)
    director = people["director_meiyuan"]
    close_child(gone, actor=director, reason=CloseReason.MOVED_AWAY, closed_on=TODAY)
    assert list(scheduled_children(director, TODAY)) == [kept]
    assert list(attention_children(director, "case", TODAY)) == [kept]
    assert list(attention_children(director, "measure", TODAY)) == [kept]
    campaign = CampaignFactory(area_id=named.MEIYUAN_STREET, start_date=TODAY)
    assert list(campaign_children(campaign)) == [kept]
    summary = child_file_summary(director, TODAY)
    assert (summary["total"], summary["in_any_category"]) == (1, 1)


def test_closed_file_stays_searchable(client, people):
    kept, gone = _two(people)
    close_child(gone, actor=people["director_meiyuan"], reason=CloseReason.DIED, closed_on=TODAY)
    client.force_login(people["director_meiyuan"])
    assert listed(client) == ["王在档"]
    assert listed(client, "?files=closed") == ["李结档"]
    assert sorted(listed(client, "?files=all")) == sorted(["王在档", "李结档"])
    assert listed(client, "?files=all&q=李结档") == ["李结档"]
    html = client.get(detail(gone)).content.decode()
    assert "已结档" in html and "死亡" in html and TODAY.isoformat() in html


def test_closing_ends_the_running_spells_and_the_allowance_prorates(people, settings):
    settings.PAYMENT_TIMING = "prorated"  # calendar-day proration (DOMAIN.md §10)
    call_command("seed_standards", stdout=io.StringIO())
    child = make_child(people, "赵孤儿", birth=date(2015, 3, 4))
    CategorySpellFactory(child=child, category=Category.SCATTERED_ORPHAN, start_date=date(2025, 1, 1))
    close_child(
        child, actor=people["officer_xuanwu"], reason=CloseReason.MOVED_AWAY, closed_on=date(2026, 3, 20)
    )
    spell = CategorySpell.objects.get(child=child)
    assert spell.end_date == date(2026, 3, 20)
    assert spell.end_reason == "结档：迁出本市"
    payroll = run_payroll(
        Area.objects.get(code=named.XUANWU), date(2026, 3, 1), actor=people["officer_xuanwu"]
    )
    line = PayrollLine.objects.get(payroll=payroll, child=child)
    # 1–20 March = 20 of 31 days: 2,300 × 20 / 31 = 1,483.870… → 1,483.87
    assert (line.period_end, line.days_eligible, line.amount) == (date(2026, 3, 20), 20, Decimal("1483.87"))
    april = run_payroll(Area.objects.get(code=named.XUANWU), date(2026, 4, 1), actor=people["officer_xuanwu"])
    assert not PayrollLine.objects.filter(payroll=april, child=child).exists()


def test_close_rules(people):
    child = make_child(people, "钱规则", birth=date(2015, 3, 4))
    director = people["director_meiyuan"]
    with pytest.raises(RegistryError) as refused:
        close_child(child, actor=director, reason=CloseReason.OTHER, closed_on=TODAY)
    assert refused.value.code == "close_note_missing"
    with pytest.raises(RegistryError) as refused:
        close_child(child, actor=director, reason=CloseReason.DIED, closed_on=date(2015, 1, 1))
    assert refused.value.code == "event_before_birth"
    with pytest.raises(RegistryError) as refused:
        close_child(child, actor=director, reason="bogus", closed_on=TODAY)
    assert refused.value.code == "bad_close_reason"
    CategorySpellFactory(child=child, category=Category.MIGRANT, start_date=date(2026, 6, 1))
    with pytest.raises(RegistryError) as refused:
        close_child(child, actor=director, reason=CloseReason.DIED, closed_on=date(2026, 5, 1))
    assert refused.value.code == "spell_after_close"
    assert Child.objects.get(pk=child.pk).status == FileStatus.OPEN
    with pytest.raises(RegistryError) as refused:
        close_child(child, actor=people["director_ninghai"], reason=CloseReason.DIED, closed_on=TODAY)
    assert refused.value.code == "cannot_close"


def test_reopen_by_the_district_officer_with_a_reason(people):
    child = make_child(people, "孙恢复")
    close_child(child, actor=people["director_meiyuan"], reason=CloseReason.MOVED_AWAY, closed_on=TODAY)
    child.refresh_from_db()
    with pytest.raises(RegistryError) as refused:
        reopen_child(child, actor=people["director_meiyuan"], reason="搬回来了")
    assert refused.value.code == "cannot_reopen"
    with pytest.raises(RegistryError) as refused:
        reopen_child(child, actor=people["officer_xuanwu"], reason="  ")
    assert refused.value.code == "reopen_reason_missing"
    child = reopen_child(child, actor=people["officer_xuanwu"], reason="搬回本市")
    assert (child.status, child.closed_on, child.close_reason) == (FileStatus.OPEN, None, "")
    assert Child.objects.open_files().filter(pk=child.pk).exists()
    moves = TransitionEvent.objects.filter(kind="registry.child", object_id=child.pk).order_by("at")
    assert [(e.from_status, e.to_status, e.reason) for e in moves] == [
        ("open", "closed", "迁出本市"),
        ("closed", "open", "搬回本市"),
    ]
    with pytest.raises(RegistryError) as refused:
        reopen_child(child, actor=people["officer_xuanwu"], reason="again")
    assert refused.value.code == "illegal_transition"


def test_close_and_reopen_through_the_profile(client, people):
    child = make_child(people, "周页面")
    client.force_login(people["director_meiyuan"])
    page = client.get(detail(child)).content.decode()
    assert 'name="close-close_reason"' in page and 'value="reopen"' not in page
    response = client.post(
        detail(child),
        {
            "form": "close",
            "close-close_reason": "other",
            "close-closed_on": TODAY.isoformat(),
            "close-close_note": "",
            "close-version": "0",
        },
    )
    assert response.status_code == 200  # the note is missing: the form again, values kept
    assert "结档原因为“其他”时请填写说明" in response.content.decode()
    response = client.post(
        detail(child),
        {
            "form": "close",
            "close-close_reason": "other",
            "close-closed_on": TODAY.isoformat(),
            "close-close_note": "送养",
            "close-version": "0",
        },
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.status, child.close_note) == (FileStatus.CLOSED, "送养")
    page = client.get(detail(child)).content.decode()
    assert 'value="reopen"' not in page  # the director does not reopen
    client.force_login(people["officer_xuanwu"])
    response = client.post(
        detail(child), {"form": "reopen", "reopen-reason": "误结档", "reopen-version": str(child.version)}
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.status == FileStatus.OPEN
    timeline = client.get(detail(child)).content.decode()
    assert "误结档" in timeline and "送养" in timeline  # both moves and their reasons are kept


def test_a_search_of_open_files_says_a_closed_one_matches(client, people):
    """QA: searching a closed child's name showed 没有符合筛选条件的记录 and nothing else."""
    _kept, gone = _two(people)
    close_child(gone, actor=people["director_meiyuan"], reason=CloseReason.DIED, closed_on=TODAY)
    client.force_login(people["director_meiyuan"])
    html = client.get(reverse("registry:child_list") + "?q=李结档").content.decode()
    assert "另有 1 份已结档的档案符合搜索条件" in html and "files=all" in html
    html = client.get(reverse("registry:child_list") + "?q=王在档").content.decode()
    assert "已结档的档案符合搜索条件" not in html
