"""The demo city's work positions hold the published figures (DOMAIN.md §2) as records:
the guidance centre, 95 workstations (15 new + 12 upgraded provincial demonstration
stations, livelihood projects), 209 projects, 3,468 activities, about 58,000 person-times;
staff_meiyuan belongs to the station of 梅园新村街道."""

from datetime import date

import pytest

from childwelfare.accounts.models import User
from childwelfare.stations import figures
from childwelfare.stations.choices import BuildType, SiteKind, SiteLevel
from childwelfare.stations.models import Activity, Site, SiteChange, StationMembership
from childwelfare.testing import people
from childwelfare.testing.demo_stations import seed_stations
from childwelfare.workflow.models import TransitionEvent

TODAY = date(2026, 11, 30)


@pytest.fixture
def city(db):
    people.ensure_people()
    return seed_stations(today=TODAY)


def test_the_published_counts_are_records(city):
    # The published figures are those since the stations were built up to the end of 2023.
    city_figures = figures.figures(people.NANJING, None, date(2023, 12, 31))
    assert city_figures.sites == 95
    assert city_figures.projects == 209
    assert city_figures.activities == 3468
    assert 57_500 <= city_figures.person_times <= 58_500
    workstations = Site.objects.filter(kind=SiteKind.WORKSTATION)
    provincial = workstations.filter(level=SiteLevel.PROVINCIAL, livelihood_project=True)
    assert provincial.filter(build_type=BuildType.NEW).count() == 15
    assert provincial.filter(build_type=BuildType.UPGRADED).count() == 12
    assert city_figures.by_build_type == {"new": 15, "upgraded": 12, "existing": 68}
    assert city_figures.livelihood == 27


def test_the_guidance_centre_belongs_to_the_welfare_home_and_moved(city):
    centre = Site.objects.get(kind=SiteKind.GUIDANCE_CENTRE)
    assert centre.institution == "南京市儿童福利院"
    assert "救助管理站" in SiteChange.objects.get(site=centre).note


def test_activities_lie_between_opening_and_today_and_periods_add_up(city):
    assert not Activity.objects.filter(held_on__gt=TODAY).exists()
    for site_id, opened in Site.objects.values_list("pk", "opened_on"):
        assert not Activity.objects.filter(site_id=site_id, held_on__lt=opened).exists()
    years = [
        figures.figures(people.NANJING, date(y, 1, 1), date(y, 12, 31)).person_times
        for y in range(2010, 2027)
    ]
    assert sum(years) == figures.figures(people.NANJING).person_times
    # Each livelihood station's build is five dated moves.
    assert TransitionEvent.objects.filter(kind="stations.site").count() == 27 * 5


def test_staff_meiyuan_works_at_the_meiyuan_station_and_nobody_records_as_the_admin(city):
    staff = User.objects.get(username="staff_meiyuan")
    assert StationMembership.objects.get(user=staff).site.area_id == people.MEIYUAN_STREET
    assert Site.objects.visible_to(staff).count() == 1
    admin = User.objects.get(username="admin_nanjing")
    assert not Activity.objects.filter(created_by=admin).exists()
    assert not Site.objects.filter(created_by=admin).exists()


def test_seeding_is_deterministic(db):
    people.ensure_people()
    first = seed_stations(today=TODAY)
    rows = list(
        Activity.objects.order_by("pk").values_list("site__area_id", "held_on", "kind", "person_times")
    )
    Activity.objects.all().delete()
    from childwelfare.stations.models import FundingAllocation, Inspection, Project, TrainingSession

    for model in (FundingAllocation, Inspection, TrainingSession, Project, StationMembership, SiteChange):
        model.objects.all().delete()
    TransitionEvent.objects.filter(kind="stations.site").delete()
    Site.objects.all().delete()
    assert seed_stations(today=TODAY) == first
    again = list(
        Activity.objects.order_by("pk").values_list("site__area_id", "held_on", "kind", "person_times")
    )
    assert again == rows
