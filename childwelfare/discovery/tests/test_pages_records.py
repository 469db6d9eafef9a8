"""The screening record pages: scope (a record out of scope is a 404, also to a POST), stale
forms and buttons, a step of another role refused with the 403 page, a step of one's own role
that does not apply refused with a message, bulk confirmation, and a returned record reopened
with its visit."""

import pytest
from django.urls import reverse

from childwelfare.discovery import services
from childwelfare.discovery.choices import RecordStatus
from childwelfare.discovery.models import Visit
from childwelfare.discovery.tests.helpers import (
    TODAY,
    as_user,
    item_ids,
    messages_of,
    record_of,
    screen_data,
    start,
    status_code,
)
from childwelfare.testing import people as named

pytestmark = pytest.mark.django_db


def test_record_pages_scope(client, people, kids, xuanwu):
    record = record_of(xuanwu, kids["wang"])
    # Everyone in scope reads the record; only the community's director gets the screening
    # form, the others the no-access page (403).
    expected = {
        "record_detail": {
            "director_meiyuan": 200,
            "supervisor_meiyuan": 200,
            "officer_xuanwu": 200,
            "admin_nanjing": 200,
        },
        "record_screen": {
            "director_meiyuan": 200,
            "supervisor_meiyuan": 403,
            "officer_xuanwu": 403,
            "admin_nanjing": 403,
        },
    }
    for name, codes in expected.items():
        url = reverse(f"discovery:{name}", args=[record.pk])
        assert {user: status_code(client, people[user], url) for user in codes} == codes, name
        for user in (
            "director_daxinggong",
            "supervisor_xinjiekou",
            "officer_gulou",
            "liaison_education_xuanwu",
        ):
            assert status_code(client, people[user], url) == 404, (name, user)
    missing = reverse("discovery:record_detail", args=[record.pk + 10_000])
    assert status_code(client, people["officer_xuanwu"], missing) == 404
    # A POST on a record out of scope is a 404 too, and changes nothing.
    response = as_user(client, people["director_daxinggong"]).post(
        reverse("discovery:record_screen", args=[record.pk]), screen_data(record)
    )
    assert response.status_code == 404
    assert record_of(xuanwu, kids["wang"]).status == RecordStatus.PENDING


def test_stale_screen_form_gives_the_conflict_message_and_changes_nothing(client, people, kids, xuanwu):
    director, supervisor = people["director_meiyuan"], people["supervisor_meiyuan"]
    record = record_of(xuanwu, kids["wang"])
    stale = screen_data(record)  # the form as loaded at version 0
    record = services.screen_record(record, actor=director, expected_version=0, visited_on=TODAY)
    record = services.return_record(record, actor=supervisor, expected_version=record.version, reason="不全")
    visits = Visit.objects.count()
    response = as_user(client, director).post(reverse("discovery:record_screen", args=[record.pk]), stale)
    assert response.status_code == 200
    assert "其他人已先处理了这条记录" in response.context["conflict"]
    assert "已退回" in response.context["conflict"]
    html = response.content.decode()
    assert "不全" in html and "与祖父母同住" in html  # current state shown, typed text kept
    fresh = record_of(xuanwu, kids["wang"])
    assert (fresh.status, fresh.version) == (RecordStatus.RETURNED, 2)
    assert Visit.objects.count() == visits
    # The re-rendered form carries the current version: sending it again is deliberate.
    assert response.context["form"]["version"].value() == "2"


def test_stale_button_step_is_a_conflict(client, people, kids, xuanwu):
    record = record_of(xuanwu, kids["li"])
    record = services.screen_record(
        record, actor=people["director_meiyuan"], expected_version=0, visited_on=TODAY
    )
    seen = record.version
    services.verify_record(record, actor=people["supervisor_meiyuan"], expected_version=seen)
    response = as_user(client, people["supervisor_meiyuan"]).post(
        reverse("discovery:record_return", args=[record.pk]), {"version": seen, "reason": "重复"}, follow=True
    )
    text = " ".join(messages_of(response)) + response.content.decode()
    assert "其他人已先处理了这条记录" in text and "已核实待确认" in text
    fresh = record_of(xuanwu, kids["li"])
    assert (fresh.status, fresh.return_reason) == (RecordStatus.VERIFIED, "")


def test_illegal_steps_are_refused(client, people, kids, xuanwu):
    record = record_of(xuanwu, kids["wang"])
    # The officer's own step, on a record not yet verified: refused with the domain's message.
    response = as_user(client, people["officer_xuanwu"]).post(
        reverse("discovery:record_confirm", args=[record.pk]), {"version": record.version}
    )
    assert response.status_code == 302
    assert any("不能改为" in m for m in messages_of(response))
    # Another role's step, on a record in scope: the no-access page, by GET or POST.
    response = as_user(client, people["director_meiyuan"]).post(
        reverse("discovery:record_verify", args=[record.pk]), {"version": record.version}
    )
    assert response.status_code == 403 and "您的角色没有使用此功能的权限" in response.content.decode()
    screen = reverse("discovery:record_screen", args=[record.pk])
    assert as_user(client, people["supervisor_meiyuan"]).get(screen).status_code == 403
    assert as_user(client, people["supervisor_meiyuan"]).post(screen, screen_data(record)).status_code == 403
    assert record_of(xuanwu, kids["wang"]).status == RecordStatus.PENDING
    # The director's own form on a record already screened: back to the record with the reason.
    services.screen_record(record, actor=people["director_meiyuan"], expected_version=0, visited_on=TODAY)
    response = as_user(client, people["director_meiyuan"]).get(screen)
    assert response.status_code == 302
    assert any("不能再排查" in m for m in messages_of(response))
    assert (
        as_user(client, people["director_meiyuan"]).get(reverse("discovery:campaign_create")).status_code
        == 403
    )


def test_bulk_confirm_reports_the_records_that_failed(client, people, kids, xuanwu):
    director, supervisor, officer = (
        people["director_meiyuan"],
        people["supervisor_meiyuan"],
        people["officer_xuanwu"],
    )
    verified = []
    for kid in (kids["wang"], kids["li"]):
        record = services.screen_record(
            record_of(xuanwu, kid), actor=director, expected_version=0, visited_on=TODAY
        )
        verified.append(services.verify_record(record, actor=supervisor, expected_version=record.version))
    pending = record_of(xuanwu, kids["zhao"])
    outside = start(people, named.GULOU, name="鼓楼排查")
    gulou_record = record_of(outside, kids["qian"])
    values = [f"{r.pk}:{r.version}" for r in verified]
    values += [f"{pending.pk}:0", f"{gulou_record.pk}:0", f"{verified[0].pk}:{verified[0].version}"]
    response = as_user(client, officer).post(reverse("discovery:confirm_many"), {"records": values})
    notes = messages_of(response)
    assert "已确认 2 条记录。" in notes
    failure = next(m for m in notes if "未能确认" in m)
    assert "赵安安" in failure and "不存在或不在您的辖区" in failure and "王小明" in failure
    assert record_of(xuanwu, kids["zhao"]).status == RecordStatus.PENDING


def test_a_returned_record_reopens_with_the_returned_visit(client, people, kids, xuanwu):
    record = services.screen_record(
        record_of(xuanwu, kids["wang"]),
        actor=people["director_meiyuan"],
        expected_version=0,
        visited_on=TODAY,
        item_ids=item_ids("elderly_carer"),
        living_situation="与祖父母同住",
        in_difficulty_not_eligible=True,
    )
    services.return_record(
        record, actor=people["supervisor_meiyuan"], expected_version=record.version, reason="补充监护人情况"
    )
    response = as_user(client, people["director_meiyuan"]).get(
        reverse("discovery:record_screen", args=[record.pk])
    )
    form = response.context["form"]
    assert form["living_situation"].value() == "与祖父母同住"
    assert form["in_difficulty_not_eligible"].value() is True
    assert form["items"].value() == [str(pk) for pk in item_ids("elderly_carer")]
    assert form["version"].value() == 2
    html = response.content.decode()
    assert "补充监护人情况" in html and 'name="version" value="2"' in html
