"""Issue 9, batch work: the supervisor verifies and the officer confirms many screening
records at once — ticked ones or every record matching the work list's filter on all pages —
each through the same service as its own button; the records that cannot be taken are left
untouched and the summary counts them, grouped by reason; a second submit does nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from childwelfare.discovery import services
from childwelfare.discovery.choices import RecordStatus
from childwelfare.discovery.models import ScreeningRecord
from childwelfare.discovery.tests.helpers import (
    TODAY,
    as_user,
    item_ids,
    messages_of,
    record_of,
    register,
    start,
)
from childwelfare.submissions.tests.forms_on_pages import form_data
from childwelfare.testing import people as named

pytestmark = pytest.mark.django_db


def screened(record, director):
    return services.screen_record(record, actor=director, expected_version=record.version, visited_on=TODAY)


def verified(record, people):
    record = screened(record, people["director_meiyuan"])
    return services.verify_record(record, actor=people["supervisor_meiyuan"], expected_version=record.version)


def test_batch_verify_takes_the_valid_and_names_the_skipped_by_reason(client, people, kids, xuanwu):
    director, supervisor = people["director_meiyuan"], people["supervisor_meiyuan"]
    wang = screened(record_of(xuanwu, kids["wang"]), director)
    li = screened(record_of(xuanwu, kids["li"]), director)
    # 赵安安's record: shown to the supervisor at one version, then returned by a colleague.
    zhao = screened(record_of(xuanwu, kids["zhao"]), people["director_daxinggong"])
    seen = zhao.version
    services.return_record(zhao, actor=supervisor, expected_version=zhao.version, reason="监护情况未写")
    # 孙新新 lives in another street: not the supervisor's.
    outside = record_of(xuanwu, kids["xin"])
    values = [f"{wang.pk}:{wang.version}", f"{li.pk}:{li.version}", f"{zhao.pk}:{seen}", f"{outside.pk}:0"]
    response = as_user(client, supervisor).post(reverse("discovery:verify_many"), {"records": values})
    assert response.status_code == 302
    notes = messages_of(response)
    assert "已核实 2 条记录。" in notes
    [skipped] = [note for note in notes if "未能核实" in note]
    assert skipped.startswith("2 条记录未能核实：")
    assert "状态已变化（他人已先处理或记录已更新）（1 条）：赵安安" in skipped
    assert "不存在或不在您的辖区（1 条）" in skipped
    statuses = dict(ScreeningRecord.objects.filter(campaign=xuanwu).values_list("child__name", "status"))
    assert statuses["王小明"] == statuses["李小红"] == RecordStatus.VERIFIED
    assert statuses["赵安安"] == RecordStatus.RETURNED  # untouched
    assert statuses["孙新新"] == RecordStatus.PENDING


def test_batch_confirm_groups_the_mismatch_and_the_changed(client, people, kids):
    campaign = start(people, named.MEIYUAN_STREET, rate="1")
    officer = people["officer_xuanwu"]
    ready = []
    for kid in (kids["wang"], kids["li"]):
        record = verified(record_of(campaign, kid), people)
        ready.append(
            services.revisit_record(
                record, actor=officer, expected_version=record.version, visited_on=TODAY, item_ids=[]
            )
        )
    # 赵安安: re-visited with an emergency item the screening did not find — red against blue.
    zhao = record_of(campaign, kids["zhao"])
    zhao = screened(zhao, people["director_daxinggong"])
    zhao = services.verify_record(zhao, actor=people["supervisor_meiyuan"], expected_version=zhao.version)
    zhao = services.revisit_record(
        zhao,
        actor=officer,
        expected_version=zhao.version,
        visited_on=TODAY,
        item_ids=item_ids("living_alone"),
    )
    stale = ready[1].version - 1
    values = [f"{ready[0].pk}:{ready[0].version}", f"{ready[1].pk}:{stale}", f"{zhao.pk}:{zhao.version}"]
    response = as_user(client, officer).post(reverse("discovery:confirm_many"), {"records": values})
    notes = messages_of(response)
    assert "已确认 1 条记录。" in notes
    [skipped] = [note for note in notes if "未能确认" in note]
    assert "抽样复访颜色与排查不一致，须先处理（1 条）：赵安安" in skipped
    assert "状态已变化（他人已先处理或记录已更新）（1 条）：李小红" in skipped
    statuses = dict(ScreeningRecord.objects.filter(campaign=campaign).values_list("child__name", "status"))
    assert statuses == {"王小明": "confirmed", "李小红": "verified", "赵安安": "verified"}


def test_select_all_matching_takes_every_page_and_skips_what_changed_since(client, people):
    """51 screened records in 梅园社区 (two pages of 50): "all matching" verifies every one shown
    before the page, except one screened again after it; another community is left alone
    when the filter names 梅园社区."""
    director, supervisor = people["director_meiyuan"], people["supervisor_meiyuan"]
    for number in range(51):
        register(f"梅园{number:02d}号", named.MEIYUAN)
    register("赵安安", named.DAXINGGONG)
    campaign = start(people, named.MEIYUAN_STREET)
    for record in ScreeningRecord.objects.filter(campaign=campaign).select_related("child", "campaign"):
        screened(record, director if record.area_id == named.MEIYUAN else people["director_daxinggong"])
    client = as_user(client, supervisor)
    page = client.get(reverse("discovery:work"), {"area": named.MEIYUAN})
    html = page.content.decode()
    assert "全部 51 条符合筛选条件的记录（包括其他页）" in html
    data = form_data(html, "as_of")
    assert data["area"] == [named.MEIYUAN]
    # After the page was shown, one record is returned and screened again.
    late = ScreeningRecord.objects.select_related("campaign").get(campaign=campaign, child__name="梅园50号")
    late = services.return_record(late, actor=supervisor, expected_version=late.version, reason="补充")
    ScreeningRecord.objects.filter(pk=late.pk).update(screened_at=timezone.now() + timedelta(seconds=1))
    late.refresh_from_db()
    screened(late, director)
    data["select"] = ["matching"]
    response = client.post(reverse("discovery:verify_many"), data)
    notes = messages_of(response)
    assert "已核实 50 条记录。" in notes
    assert any("状态已变化（他人已先处理或记录已更新）（1 条）：梅园50号" in note for note in notes)
    records = ScreeningRecord.objects.filter(campaign=campaign)
    assert records.filter(status=RecordStatus.VERIFIED).count() == 50
    assert records.get(child__name="梅园50号").status == RecordStatus.SCREENED
    assert records.get(child__name="赵安安").status == RecordStatus.SCREENED


def test_a_batch_posted_twice_acts_once(client, people, kids, xuanwu):
    director, supervisor = people["director_meiyuan"], people["supervisor_meiyuan"]
    wang = screened(record_of(xuanwu, kids["wang"]), director)
    client = as_user(client, supervisor)
    data = form_data(client.get(reverse("discovery:work")).content.decode(), "as_of")
    assert data["form_token"][0]
    data["records"] = [f"{wang.pk}:{wang.version}"]
    first = client.post(reverse("discovery:verify_many"), data)
    assert "已核实 1 条记录。" in messages_of(first)
    second = client.post(reverse("discovery:verify_many"), data)
    assert second["Location"] == first["Location"]
    notes = messages_of(second)
    assert "已提交，请勿重复提交" in notes and not any("未能核实" in note for note in notes)


def test_nothing_ticked_says_so(client, people, xuanwu):
    response = as_user(client, people["supervisor_meiyuan"]).post(reverse("discovery:verify_many"), {})
    assert messages_of(response) == ["请先勾选要处理的记录。"]


def test_only_supervisors_verify_in_batch(client, people, kids, xuanwu):
    wang = screened(record_of(xuanwu, kids["wang"]), people["director_meiyuan"])
    for name in ("director_meiyuan", "officer_xuanwu", "liaison_education_xuanwu"):
        response = as_user(client, people[name]).post(
            reverse("discovery:verify_many"), {"records": [f"{wang.pk}:{wang.version}"]}
        )
        assert response.status_code == 403, name
    wang.refresh_from_db()
    assert wang.status == RecordStatus.SCREENED
