"""Publicity campaigns (the June month) and their events."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from childwelfare.access.scope import ensure_visible
from childwelfare.accounts.choices import Department
from childwelfare.areas.choices import Level
from childwelfare.areas.models import Area

from .. import permissions
from ..choices import EventKind, Law
from ..models import PublicityCampaign, PublicityEvent
from . import OutreachError

# An event belongs to its campaign when held within it or this many days around it (a
# landmark screen lit on 31 May, a drawing exhibition running into July).
EVENT_DATE_MARGIN_DAYS = 31


def city_area(actor) -> Area:
    """The area a city-wide record belongs to: the actor's (the city administrator's city),
    or the first city for the system user."""
    if actor.area_id:
        return Area.objects.get(code=actor.area_id)
    return Area.objects.filter(level=Level.CITY).order_by("code").first()


@transaction.atomic
def create_campaign(
    *,
    actor,
    year: int,
    theme: str,
    start_date: date,
    end_date: date,
    brand: str = "",
    launch_date: date | None = None,
    launch_place: str = "",
    is_june_month: bool = True,
    area: Area | None = None,
) -> PublicityCampaign:
    """Create the city's publicity campaign of `year` (area: the actor's, the city).

    Raises OutreachError: not the city administrator (code "not_allowed"); end before start
    ("end_before_start", field end_date); a launch outside the campaign's dates
    ("launch_outside", field launch_date); a year not the start date's year ("year_mismatch")."""
    if not permissions.can_manage_campaigns(actor):
        raise OutreachError(_("只有市级管理员可以创建宣传活动"), code="not_allowed")
    if end_date < start_date:
        raise OutreachError(_("结束日期早于开始日期"), code="end_before_start", field="end_date")
    if start_date.year != year:
        raise OutreachError(_("年度与开始日期的年份不一致"), code="year_mismatch", field="year")
    if launch_date is not None and not start_date <= launch_date <= end_date:
        raise OutreachError(_("启动仪式日期须在活动起止日期之内"), code="launch_outside", field="launch_date")
    if area is None:
        area = city_area(actor)
    return PublicityCampaign.objects.create(
        year=year,
        theme=theme.strip(),
        start_date=start_date,
        end_date=end_date,
        brand=brand.strip(),
        launch_date=launch_date,
        launch_place=launch_place.strip(),
        is_june_month=is_june_month,
        area=area,
        created_by=actor,
    )


@transaction.atomic
def add_event(
    campaign: PublicityCampaign,
    *,
    actor,
    kind: str,
    area: Area,
    place: str,
    held_on: date,
    audience: int = 0,
    materials: int = 0,
    laws: list[str] | tuple[str, ...] = (),
    department: str = "",
    unit_name: str = "",
    title: str = "",
    notes: str = "",
) -> PublicityEvent:
    """Record an event of `campaign` organised in `area` (a district, or the city for a
    member unit named by `department` and/or `unit_name`).

    Raises OutOfScope (the campaign is not the actor's to see); OutreachError: the actor may
    not record events of `area` ("not_allowed", field area); an unknown kind, law or
    department ("invalid_choice"); a date more than EVENT_DATE_MARGIN_DAYS outside the
    campaign ("date_outside_campaign", field held_on); a negative count ("negative")."""
    ensure_visible(campaign, actor)
    if not permissions.can_add_event(actor, area.code):
        raise OutreachError(_("您不能登记该区域的宣传活动"), code="not_allowed", field="area")
    if kind not in EventKind.values:
        raise OutreachError(_("活动形式无效"), code="invalid_choice", field="kind")
    if department and department not in Department.values:
        raise OutreachError(_("成员单位无效"), code="invalid_choice", field="department")
    unknown = [law for law in laws if law not in Law.values]
    if unknown:
        raise OutreachError(_("宣传的法律无效"), code="invalid_choice", field="laws")
    margin = timedelta(days=EVENT_DATE_MARGIN_DAYS)
    if not campaign.start_date - margin <= held_on <= campaign.end_date + margin:
        raise OutreachError(
            _("活动日期须在宣传活动期间（%(start)s至%(end)s）前后一个月内"),
            code="date_outside_campaign",
            field="held_on",
            params={"start": campaign.start_date.isoformat(), "end": campaign.end_date.isoformat()},
        )
    if audience < 0 or materials < 0:
        raise OutreachError(_("人次和份数不能为负数"), code="negative", field="audience")
    return PublicityEvent.objects.create(
        campaign=campaign,
        kind=kind,
        title=title.strip(),
        area=area,
        department=department,
        unit_name=unit_name.strip(),
        place=place.strip(),
        held_on=held_on,
        audience=audience,
        materials=materials,
        laws=sorted(set(laws)),
        notes=notes.strip(),
        created_by=actor,
    )
