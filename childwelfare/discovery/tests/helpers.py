"""Shared set-up of the discovery page tests: children built with testing.factories, campaigns
started through the service (which creates their records), the screening form's data, and
small client helpers."""

from datetime import date, timedelta

from django.contrib.messages import get_messages
from django.utils import timezone

from childwelfare.discovery import services
from childwelfare.discovery.models import RiskItem, ScreeningRecord
from childwelfare.registry.choices import Category
from childwelfare.testing import people as named
from childwelfare.testing.factories import CampaignFactory, ChildFactory

TODAY = timezone.localdate()


def register(name, area, *, category=Category.SCATTERED_ORPHAN, gender="M"):
    """A child of `area` holding `category` since 2020 (none if category is None)."""
    return ChildFactory(
        name=name, area_id=area, gender=gender, category=category, category__start_date=date(2020, 1, 1)
    )


def start(people, area_code, *, rate="0", name="2026年困境儿童专项排查"):
    """A campaign over `area_code` by its district's officer, from five days ago, started:
    one pending record per child in scope."""
    campaign = CampaignFactory(
        created_by=people["officer_xuanwu"]
        if area_code.startswith(named.XUANWU)
        else people["officer_gulou"],
        name=name,
        area_id=area_code,
        start_date=TODAY - timedelta(days=5),
        end_date=TODAY + timedelta(days=30),
        sample_rate=rate,
    )
    services.start_campaign(campaign, actor=campaign.created_by)
    return campaign


def item_ids(*codes):
    return [RiskItem.objects.get(item_set__version=1, code=code).pk for code in codes]


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def as_user(client, user):
    client.force_login(user)
    return client


def status_code(client, user, url):
    return as_user(client, user).get(url).status_code


def record_of(campaign, child) -> ScreeningRecord:
    return ScreeningRecord.objects.get(campaign=campaign, child=child)


def screen_data(record, **extra):
    """The screening form's fields as a browser posts them, at the record's version."""
    data = {
        "version": record.version,
        "visited_on": TODAY.isoformat(),
        "mode": "home",
        "living_situation": "与祖父母同住",
        "guardianship": "祖父监护",
        "problems-TOTAL_FORMS": "2",
        "problems-INITIAL_FORMS": "0",
        "problems-MIN_NUM_FORMS": "0",
        "problems-MAX_NUM_FORMS": "5",
    }
    data.update(extra)
    return data


def row_of(html: str, marker: str) -> str:
    """The table row (<tr…>…</tr>) that contains `marker`."""
    at = html.index(marker)
    return html[html.rindex("<tr", 0, at) : html.index("</tr>", at)]
