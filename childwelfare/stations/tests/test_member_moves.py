"""Adding a member who already works at another station (QA leftover of issue 11): refused
with the other station named unless 调入本站 is ticked; ticked, they move (one membership)."""

from datetime import date

import pytest
from django.urls import reverse

from childwelfare.stations import services
from childwelfare.stations.models import StationMembership
from childwelfare.stations.services import StationError


def test_a_member_of_another_station_is_moved_only_when_asked(people, sites):
    officer, staff = people["officer_xuanwu"], people["staff_meiyuan"]
    with pytest.raises(StationError) as caught:
        services.add_member(sites["meiyuan2"], actor=officer, user=staff, since=date(2025, 1, 1))
    assert caught.value.code == "member_elsewhere"
    assert "梅园新村街道未保工作站" in str(caught.value.message % caught.value.params)
    assert StationMembership.objects.get(user=staff).site == sites["meiyuan"]
    services.add_member(sites["meiyuan2"], actor=officer, user=staff, since=date(2025, 1, 1), move=True)
    assert list(StationMembership.objects.filter(user=staff).values_list("site", flat=True)) == [
        sites["meiyuan2"].pk
    ]


def test_the_form_keeps_the_choice_and_names_the_other_station(client, people, sites):
    officer, staff = people["officer_xuanwu"], people["staff_meiyuan"]
    client.force_login(officer)
    url = reverse("stations:site_member_add", args=[sites["meiyuan2"].pk])
    response = client.post(url, {"user": staff.pk, "since": "2025-01-01"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "梅园新村街道未保工作站" in page and "调入本站" in page
    assert f'value="{staff.pk}" selected' in page
    assert StationMembership.objects.get(user=staff).site == sites["meiyuan"]
