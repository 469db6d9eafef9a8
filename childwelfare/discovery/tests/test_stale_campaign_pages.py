"""Starting or closing a campaign from a stale page, or with no or a malformed version, is
refused and changes nothing (QA, issue 7: a POST with version=zz closed a running campaign)."""

from datetime import date

import pytest
from django.urls import reverse

from childwelfare.areas.models import Area
from childwelfare.discovery import services
from childwelfare.discovery.choices import CampaignStatus
from childwelfare.discovery.models import Campaign
from childwelfare.testing.people import XUANWU

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(people):
    campaign = services.create_campaign(
        actor=people["officer_xuanwu"],
        name="玄武区排查",
        year=2026,
        area=Area.objects.get(code=XUANWU),
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
    )
    services.start_campaign(campaign, actor=people["officer_xuanwu"])
    campaign.refresh_from_db()
    return campaign


@pytest.mark.parametrize("posted", [{}, {"version": "zz"}, {"version": "0"}])
def test_closing_from_a_stale_or_unversioned_post_changes_nothing(client, people, running, posted):
    client.force_login(people["officer_xuanwu"])
    client.post(reverse("discovery:campaign_close", args=[running.pk]), posted)
    assert Campaign.objects.get(pk=running.pk).status == CampaignStatus.RUNNING


def test_closing_with_the_version_the_page_showed(client, people, running):
    client.force_login(people["officer_xuanwu"])
    page = client.get(reverse("discovery:campaign_detail", args=[running.pk])).content.decode()
    assert f'name="version" value="{running.version}"' in page
    client.post(reverse("discovery:campaign_close", args=[running.pk]), {"version": running.version})
    assert Campaign.objects.get(pk=running.pk).status == CampaignStatus.CLOSED
