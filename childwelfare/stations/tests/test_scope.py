"""Who sees which sites and their work (issue 11): station staff only their own station
(another station of the same street is missing: 404), townships, districts and the city
their subtree, child directors, liaisons and reviewers nothing; the uploader sees their own
import job of any kind (Scope.owner)."""

from datetime import date

import pytest
from django.urls import reverse

from childwelfare.stations import services
from childwelfare.stations.choices import ActivityKind
from childwelfare.stations.models import Activity, Site


def _activity(site, actor):
    return services.record_activity(
        site, actor=actor, held_on=date(2025, 5, 1), kind=ActivityKind.VISIT, title="走访", person_times=3
    )


def test_station_staff_see_only_their_own_station(people, sites):
    staff = people["staff_meiyuan"]
    assert list(Site.objects.visible_to(staff)) == [sites["meiyuan"]]
    officer = people["officer_xuanwu"]
    _activity(sites["meiyuan"], officer)
    _activity(sites["meiyuan2"], officer)
    assert Activity.objects.visible_to(staff).count() == 1


def test_roles_see_their_subtree_and_the_others_nothing(people, sites):
    assert Site.objects.visible_to(people["officer_xuanwu"]).count() == 3
    assert Site.objects.visible_to(people["supervisor_meiyuan"]).count() == 2
    assert Site.objects.visible_to(people["admin_nanjing"]).count() == 4
    assert Site.objects.visible_to(people["auditor_xuanwu"]).count() == 3
    for name in ("director_meiyuan", "liaison_education_xuanwu", "reviewer_nanjing"):
        assert not Site.objects.visible_to(people[name]).exists(), name


def test_staff_without_a_station_see_none(people, sites):
    from childwelfare.stations.models import StationMembership

    StationMembership.objects.all().delete()
    assert not Site.objects.visible_to(people["staff_meiyuan"]).exists()


@pytest.mark.parametrize("name", ["site_detail", "activity_create", "project_create", "activity_import"])
def test_another_station_of_the_same_street_is_missing_to_staff(client, people, sites, name):
    client.force_login(people["staff_meiyuan"])
    assert client.get(reverse(f"stations:{name}", args=[sites["meiyuan"].pk])).status_code == 200
    assert client.get(reverse(f"stations:{name}", args=[sites["meiyuan2"].pk])).status_code == 404


def test_staff_record_activities_of_their_station_only(people, sites):
    staff = people["staff_meiyuan"]
    assert _activity(sites["meiyuan"], staff).created_by == staff
    from childwelfare.access.scope import OutOfScope

    with pytest.raises(OutOfScope):
        _activity(sites["meiyuan2"], staff)


def test_staff_cannot_manage_their_station(client, people, sites):
    client.force_login(people["staff_meiyuan"])
    assert client.get(reverse("stations:site_funding_add", args=[sites["meiyuan"].pk])).status_code == 403
    with pytest.raises(services.StationError):
        services.add_funding(
            sites["meiyuan"],
            actor=people["staff_meiyuan"],
            amount=1,
            allocated_on=date(2025, 1, 1),
            purpose="x",
        )
