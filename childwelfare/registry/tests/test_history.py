"""The history timeline of a child's file: who changed what, before → after, newest first,
ID numbers masked, and other modules' events through registered providers."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from childwelfare.lib.idnumber import make_number, mask
from childwelfare.registry import timeline
from childwelfare.registry.choices import Category, ParentSituation, Relation, SchoolStatus
from childwelfare.registry.services import (
    add_category,
    add_family_member,
    add_parent_condition,
    end_category,
    update_child,
)
from childwelfare.registry.timeline import TimelineEvent, events_for, register_timeline_provider
from childwelfare.testing.factories import ChildFactory
from childwelfare.testing.people import MEIYUAN

NUMBER = make_number("320102", date(2015, 3, 4), 21, "M")


@pytest.fixture
def child(people):
    return ChildFactory(
        actor=people["officer_xuanwu"],
        name="王小明",
        id_number=NUMBER,
        area_id=MEIYUAN,
        school_status=SchoolStatus.PRESCHOOL,
        ethnicity="",  # only what the basic form below posts, so that it changes nothing else
        address="",
        phone="",
    )


def test_update_shows_before_and_after_with_verbose_names(client, people, child):
    update_child(
        child, actor=people["director_meiyuan"], school_status=SchoolStatus.IN_SCHOOL, grade="一年级"
    )
    newest = events_for(child, user=people["director_meiyuan"])[0]
    assert newest.title == "修改基本信息"
    assert newest.actor == "张丽"
    assert [(c.label, c.before, c.after) for c in newest.changes] == [
        ("就学状况", "学龄前", "在校"),
        ("年级", "（空）", "一年级"),
    ]
    client.force_login(people["director_meiyuan"])
    html = client.get(reverse("registry:child_detail", args=[child.pk])).content.decode()
    assert "<del>学龄前</del> → 在校" in html
    assert "张丽" in html


def test_timeline_is_newest_first_and_covers_family_conditions_and_categories(people, child):
    officer = people["officer_xuanwu"]
    father = add_family_member(child=child, actor=officer, relation=Relation.FATHER, name="王强")
    add_parent_condition(
        member=father,
        actor=officer,
        situation=ParentSituation.IN_CUSTODY,
        start_date=date(2024, 1, 1),
        evidence_reference="判决书（2023）苏0102刑初1号",
    )
    spell = add_category(
        child=child, actor=officer, category=Category.DE_FACTO_UNSUPPORTED, start_date=date(2024, 2, 1)
    )
    end_category(spell, actor=officer, end_date=date(2024, 12, 31), reason="父亲刑满释放")
    titles = [event.title for event in events_for(child, user=officer)]
    assert titles == ["终止儿童类别", "认定儿童类别", "登记父母情形", "新增家庭成员", "建立档案"]
    ended = events_for(child, user=officer)[0]
    assert ("终止日期", "（空）", "2024-12-31") in [(c.label, c.before, c.after) for c in ended.changes]
    assert ended.detail == "事实无人抚养儿童"
    condition = events_for(child, user=officer)[2]
    assert condition.detail == "王强（父亲）"
    assert ("情形", "", "服刑在押") in [(c.label, c.before, c.after) for c in condition.changes]


def test_id_numbers_in_history_are_masked(client, people, child):
    officer = people["officer_xuanwu"]
    corrected = make_number("320102", date(2015, 3, 4), 22, "M")
    update_child(child, actor=officer, id_number=corrected)
    guardian_number = make_number("320102", date(1960, 1, 1), 3, "F")
    add_family_member(
        child=child, actor=officer, relation=Relation.GRANDMOTHER, name="李桂英", id_number=guardian_number
    )
    events = events_for(child, user=officer)
    shown = " ".join(f"{c.before} {c.after}" for event in events for c in event.changes)
    assert mask(NUMBER) in shown and mask(corrected) in shown and mask(guardian_number) in shown
    for number in (NUMBER, corrected, guardian_number):
        assert number not in shown
    client.force_login(officer)  # even for a user who may see full numbers
    html = client.get(reverse("registry:child_detail", args=[child.pk])).content.decode()
    for number in (NUMBER, corrected, guardian_number):
        assert number not in html


def test_edit_form_reason_is_shown_in_the_timeline(client, people, child):
    client.force_login(people["director_meiyuan"])
    response = client.post(
        reverse("registry:child_detail", args=[child.pk]),
        {
            "form": "basic",
            "basic-version": child.version,
            "basic-name": "王小明",
            "basic-gender": "M",
            "basic-birth_date": "2015-03-04",
            "basic-area": MEIYUAN,
            "basic-school_status": "in_school",
            "basic-reason": "入户核实",
        },
    )
    assert response.status_code == 302
    newest = events_for(child, user=people["director_meiyuan"])[0]
    assert newest.detail == "入户核实"
    assert [(c.label, c.after) for c in newest.changes] == [("就学状况", "在校")]


def test_timeline_queries_do_not_grow_with_history(people, child):
    officer = people["officer_xuanwu"]

    def count():
        with CaptureQueriesContext(connection) as queries:
            events_for(child, user=officer)
        return len(queries)

    member = add_family_member(child=child, actor=officer, relation=Relation.FATHER, name="王强")
    add_parent_condition(
        member=member, actor=officer, situation=ParentSituation.MIGRANT_WORKER, start_date=date(2024, 1, 1)
    )
    first = count()
    for year, grade in enumerate(("一年级", "二年级", "三年级"), start=2020):
        update_child(child, actor=officer, grade=grade)
        member = add_family_member(child=child, actor=officer, relation=Relation.SIBLING, name=grade)
        add_parent_condition(
            member=member,
            actor=officer,
            situation=ParentSituation.MIGRANT_WORKER,
            start_date=date(2024, 1, 1),
        )
        add_category(
            child=child,
            actor=officer,
            category=Category.MIGRANT,
            start_date=date(year, 1, 1),
            end_date=date(year, 6, 1),
        )
    assert count() == first


@pytest.fixture
def visit_provider():
    def visits(child, user):
        yield TimelineEvent(
            at=timezone.now() + timedelta(days=1), kind="discovery.visit", title="入户走访", actor="张丽"
        )
        yield TimelineEvent(at=date(2000, 1, 1), kind="discovery.visit", title="早年记录")

    register_timeline_provider(visits)
    register_timeline_provider(visits)  # registering twice does nothing
    yield visits
    timeline._providers.remove(visits)


def test_other_modules_add_events_through_providers(client, people, child, visit_provider):
    assert timeline.timeline_providers().count(visit_provider) == 1
    titles = [event.title for event in events_for(child, user=people["director_meiyuan"])]
    assert titles == ["入户走访", "建立档案", "早年记录"]
    client.force_login(people["director_meiyuan"])
    html = client.get(reverse("registry:child_detail", args=[child.pk])).content.decode()
    assert "入户走访" in html and "2000-01-01" in html


def test_event_sort_key_accepts_naive_and_dated_events():
    naive = TimelineEvent(at=datetime(2024, 1, 1, 8, 0), kind="x", title="x")
    dated = TimelineEvent(at=date(2024, 1, 1), kind="x", title="x")
    assert timezone.is_aware(naive.sort_key) and timezone.is_aware(dated.sort_key)
    # An event known only by its day happened no later than the end of that day, so it sorts
    # after (above, newest first) the timed events of the same day.
    assert dated.sort_key > naive.sort_key
    assert dated.sort_key < TimelineEvent(at=date(2024, 1, 2), kind="x", title="x").sort_key


def test_a_failing_provider_is_logged_and_skipped(people, child, caplog):
    def broken(child, user):
        raise RuntimeError("table missing")

    register_timeline_provider(broken)
    try:
        titles = [event.title for event in events_for(child, user=people["director_meiyuan"])]
    finally:
        timeline._providers.remove(broken)
    assert "建立档案" in titles
    assert "broken" in caplog.text


def test_a_confirmation_reads_as_a_name_and_a_local_time(people, child):
    """Who confirmed a category shows as a person, and a timestamp as local minutes, not a
    user id and an ISO string in UTC (QA)."""
    from datetime import UTC
    from datetime import datetime as moment

    from childwelfare.registry.models import CategorySpell
    from childwelfare.registry.timeline import _Display

    at = moment(2026, 12, 1, 16, 16, 36, tzinfo=UTC)
    formatter = _Display([])
    officer = people["officer_xuanwu"]
    assert formatter.value(CategorySpell, "confirmed_by", officer.pk) == "李文静"
    assert formatter.value(CategorySpell, "confirmed_at", at) == "2026-12-02 00:16"
