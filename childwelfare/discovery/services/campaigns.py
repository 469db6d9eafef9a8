"""Screening campaigns (专项排查): create, start (one record per child in scope), close."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.areas.choices import Level
from childwelfare.registry.models import CategorySpell, Child
from childwelfare.workflow.services import transition

from .. import permissions
from ..choices import CampaignStatus
from ..models import (
    Campaign,
    ScreeningRecord,
)
from .common import _ERRORS, DiscoveryError, in_sample

# ---- campaigns ---------------------------------------------------------------------------


@transaction.atomic
def create_campaign(
    *,
    actor,
    name: str,
    year: int,
    area,
    start_date: date,
    end_date: date,
    target_categories: list[str] | None = None,
    sample_rate: Decimal = Decimal("0.100"),
) -> Campaign:
    """A draft campaign over `area` (a district or street inside the actor's area).
    `target_categories` empty means every child holding any category on the start date."""
    if not permissions.can_manage_campaigns(actor, area.code):
        raise DiscoveryError(
            _("只有区民政干部或市级管理员可以在本辖区发起专项排查"), code="cannot_manage_campaigns"
        )
    if not Level.CITY <= area.level <= Level.STREET:
        raise DiscoveryError(_("排查范围应为市、区或街道"), code="campaign_area_level", field="area")
    if end_date < start_date:
        raise DiscoveryError(_("结束日期早于开始日期"), code="end_before_start", field="end_date")
    if not Decimal("0") <= Decimal(sample_rate) <= Decimal("1"):
        raise DiscoveryError(_("抽样比例应在 0 到 1 之间"), code="sample_rate_range", field="sample_rate")
    return Campaign.objects.create(
        name=name,
        year=year,
        area=area,
        start_date=start_date,
        end_date=end_date,
        target_categories=list(target_categories or []),
        sample_rate=sample_rate,
        created_by=actor,
    )


def campaign_children(campaign: Campaign):
    """Children in scope of a campaign as of its start date (set-based)."""
    spells = CategorySpell.objects.current_on(campaign.start_date).filter(child=OuterRef("pk"))
    if campaign.target_categories:
        spells = spells.filter(category__in=campaign.target_categories)
    return Child.objects.in_area(campaign.area_id).open_files().filter(Exists(spells))


@transaction.atomic
def start_campaign(campaign: Campaign, *, actor, expected_version: int | None = None) -> int:
    """Start a draft campaign: one screening record per child in scope as of the start date.
    Returns the number of records created. Raises DiscoveryError unless draft, ConflictError
    if someone changed it since `campaign` (or `expected_version`) was read."""
    if not permissions.can_manage_campaigns(actor, campaign.area_id):
        raise DiscoveryError(_("您不能启动此专项排查"), code="cannot_start_campaign")
    transition(
        campaign,
        CampaignStatus.RUNNING,
        actor=actor,
        expected_version=expected_version,
        started_at=timezone.now(),
        **_ERRORS,
    )
    rate = Decimal(campaign.sample_rate)
    records = [
        ScreeningRecord(
            campaign=campaign,
            child_id=child_id,
            area_id=area_id,
            in_sample=in_sample(campaign.pk, child_id, rate),
        )
        for child_id, area_id in campaign_children(campaign)
        .values_list("pk", "area_id")
        .iterator(chunk_size=5000)
    ]
    ScreeningRecord.objects.bulk_create(records, batch_size=2000)
    return len(records)


@transaction.atomic
def close_campaign(campaign: Campaign, *, actor, expected_version: int | None = None) -> Campaign:
    """Close a running campaign. Raises DiscoveryError unless running, ConflictError if
    someone changed it since it was read."""
    if not permissions.can_manage_campaigns(actor, campaign.area_id):
        raise DiscoveryError(_("您不能结束此专项排查"), code="cannot_close_campaign")
    return transition(
        campaign,
        CampaignStatus.CLOSED,
        actor=actor,
        expected_version=expected_version,
        closed_at=timezone.now(),
        **_ERRORS,
    )
