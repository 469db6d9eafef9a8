"""Issue 8, item 2: a sample re-visit whose colour differs from the screening's blocks the
record's confirmation until the district resolves it (the re-visit's colour wins unless
overruled with a reason); batch confirm skips such records and says why; the campaign
figures count the resolved colour."""

import pytest
from django.urls import reverse

from childwelfare.discovery import board, services
from childwelfare.discovery.choices import Colour, RecordStatus
from childwelfare.discovery.models import ScreeningRecord
from childwelfare.discovery.services import DiscoveryError
from childwelfare.discovery.tests.helpers import TODAY, as_user, item_ids, messages_of, record_of, start
from childwelfare.testing import people as named
from childwelfare.workflow.models import TransitionEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def mismatch(people, kids):
    """王小明 screened yellow (3 + 2 = 5), verified, re-visited red (an emergency item)."""
    campaign = start(people, named.MEIYUAN_STREET, rate="1")
    record = record_of(campaign, kids["wang"])
    record = services.screen_record(
        record,
        actor=people["director_meiyuan"],
        expected_version=record.version,
        visited_on=TODAY,
        item_ids=item_ids("serious_illness", "malnutrition"),
    )
    record = services.verify_record(
        record, actor=people["supervisor_meiyuan"], expected_version=record.version
    )
    record = services.revisit_record(
        record,
        actor=people["officer_xuanwu"],
        expected_version=record.version,
        visited_on=TODAY,
        item_ids=item_ids("serious_illness", "malnutrition", "living_alone"),
    )
    assert record.assessment.colour == Colour.YELLOW
    return campaign, record


def colours(campaign):
    return board.campaign_figures(campaign, ScreeningRecord.objects.all()).colours


def test_a_mismatch_blocks_confirmation(people, mismatch):
    _campaign, record = mismatch
    with pytest.raises(DiscoveryError) as refused:
        services.confirm_record(record, actor=people["officer_xuanwu"], expected_version=record.version)
    assert refused.value.code == "revisit_mismatch"
    record.refresh_from_db()
    assert record.status == RecordStatus.VERIFIED


def test_batch_confirm_skips_the_mismatch_and_says_why(client, people, mismatch):
    _campaign, record = mismatch
    response = as_user(client, people["officer_xuanwu"]).post(
        reverse("discovery:confirm_many"), {"records": [f"{record.pk}:{record.version}"]}
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == RecordStatus.VERIFIED
    [message] = messages_of(response)
    assert "王小明" in message and "复访" in message and "不一致" in message


def test_resolving_keeps_the_revisit_red_by_default_and_the_campaign_counts_it(people, mismatch):
    campaign, record = mismatch
    # Unresolved, the re-visit's colour already counts: it wins unless overruled.
    assert colours(campaign)[Colour.RED] == 1
    record = services.resolve_revisit_mismatch(record, actor=people["officer_xuanwu"])
    assert record.resolved_colour == Colour.RED
    event = TransitionEvent.objects.filter(object_id=record.pk, step="resolve_mismatch").get()
    assert event.actor == people["officer_xuanwu"]
    record = services.confirm_record(record, actor=people["officer_xuanwu"], expected_version=record.version)
    assert record.status == RecordStatus.CONFIRMED
    counted = colours(campaign)
    assert (counted[Colour.RED], counted[Colour.YELLOW]) == (1, 0)


def test_the_campaign_page_counts_the_resolved_colour(client, people, mismatch):
    campaign, record = mismatch
    services.resolve_revisit_mismatch(record, actor=people["officer_xuanwu"])
    page = as_user(client, people["officer_xuanwu"]).get(
        reverse("discovery:campaign_detail", args=[campaign.pk])
    )
    assert page.context["figures"].colours[Colour.RED] == 1


def test_overruling_the_revisit_needs_each_emergency_stated_ended_and_a_reason(people, mismatch):
    """Keeping the screening's yellow sets aside the re-visit's emergency item (living
    alone): like lowering a colour on a visit, the item must be stated no longer present,
    and a reason given (QA: one line of reason set aside a family-violence finding)."""
    campaign, record = mismatch
    officer = people["officer_xuanwu"]
    emergencies = services.revisit_emergencies(record)
    assert [item.code for item in emergencies] == ["living_alone"]
    reason = "复访当日孩子临时独处，祖母外出就医，次日已回"
    with pytest.raises(DiscoveryError) as refused:
        services.resolve_revisit_mismatch(record, actor=officer, keep="screening", reason=reason)
    assert (refused.value.code, refused.value.field) == ("removed_item_unconfirmed", "ended_items")
    stated = [item.pk for item in emergencies]
    with pytest.raises(DiscoveryError) as refused:
        services.resolve_revisit_mismatch(
            record, actor=officer, keep="screening", reason="  ", ended_item_ids=stated
        )
    assert (refused.value.code, refused.value.field) == ("reason_missing", "reason")
    record.refresh_from_db()
    assert record.resolved_colour == ""
    record = services.resolve_revisit_mismatch(
        record, actor=officer, keep="screening", reason=reason, ended_item_ids=stated
    )
    assert record.resolved_colour == Colour.YELLOW
    assert TransitionEvent.objects.get(object_id=record.pk, step="resolve_mismatch").reason.startswith(
        "复访当日"
    )
    counted = colours(campaign)
    assert (counted[Colour.RED], counted[Colour.YELLOW]) == (0, 1)


def test_only_the_district_resolves(people, mismatch):
    _campaign, record = mismatch
    with pytest.raises(DiscoveryError):
        services.resolve_revisit_mismatch(record, actor=people["supervisor_meiyuan"])


def test_resolving_through_the_record_page(client, people, mismatch):
    _campaign, record = mismatch
    url = reverse("discovery:record_resolve", args=[record.pk])
    detail = as_user(client, people["officer_xuanwu"]).get(
        reverse("discovery:record_detail", args=[record.pk])
    )
    assert url in detail.content.decode()
    response = client.post(url, {"version": record.version, "keep": "screening", "reason": "看错了"})
    # Refused on the page itself, the choice kept and the error beside the items to state.
    assert response.status_code == 200
    form = response.context["resolve_form"]
    assert form["keep"].value() == "screening" and form.errors.get("ended_items")
    record.refresh_from_db()
    assert record.resolved_colour == ""
    response = client.post(url, {"version": record.version, "keep": "revisit", "reason": ""})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.resolved_colour == Colour.RED
    assert (
        as_user(client, people["director_meiyuan"]).post(url, {"version": record.version}).status_code == 403
    )


def test_the_record_list_of_a_colour_matches_its_count(client, people, mismatch):
    campaign, record = mismatch
    services.resolve_revisit_mismatch(record, actor=people["officer_xuanwu"])
    url = reverse("discovery:record_list", args=[campaign.pk])
    listed = as_user(client, people["officer_xuanwu"]).get(url, {"colour": Colour.RED})
    assert [r.pk for r in listed.context["page"].object_list] == [record.pk]
    # QA: the row showed the screening's colour (yellow) under the red filter.
    row = listed.context["page"].object_list[0]
    assert row.shown_colour == Colour.RED
    html = listed.content.decode()
    assert "红色" in html and "排查时：" in html


def test_the_campaign_board_totals_the_pending_re_visits(client, people, mismatch):
    campaign, _record = mismatch
    page = as_user(client, people["officer_xuanwu"]).get(
        reverse("discovery:campaign_detail", args=[campaign.pk])
    )
    rows = page.context["rows"]
    assert page.context["total_sample_pending"] == sum(row.sample_pending for row in rows)
