"""Issue 8 item 16: an event's date is neither before the child's birth nor ahead of today
(a planned date may be); one rule (lib.dates.check_event_date) for the visit and care forms,
the services, the screening import, the parent's situation and the roster import, and its
message names the value."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from childwelfare.discovery import services
from childwelfare.discovery.models import CareMeasure, ScreeningRecord
from childwelfare.discovery.services import DiscoveryError
from childwelfare.discovery.tests.helpers import TODAY, as_user, item_ids, screen_data
from childwelfare.lib.dates import EventDateError, check_event_date
from childwelfare.registry.choices import ParentSituation, Relation
from childwelfare.registry.services import RegistryError, add_family_member, add_parent_condition

pytestmark = pytest.mark.django_db

BIRTH = date(2015, 3, 4)


def test_the_rule_names_the_value_and_lets_planned_dates_lie_ahead():
    today = date(2026, 11, 29)
    with pytest.raises(EventDateError) as early:
        check_event_date(
            date(2015, 3, 3), label="走访日期", field="visited_on", birth_date=BIRTH, today=today
        )
    assert early.value.code == "event_before_birth"
    assert str(early.value) == "走访日期2015-03-03早于儿童的出生日期2015-03-04"
    with pytest.raises(EventDateError) as slip:
        check_event_date(date(1900, 1, 1), label="开始日期", field="start_date", today=today)
    assert slip.value.code == "event_too_early" and "1900-01-01" in str(slip.value)
    with pytest.raises(EventDateError) as ahead:
        check_event_date(date(2026, 11, 30), label="走访日期", field="visited_on", today=today)
    assert str(ahead.value) == "走访日期2026-11-30晚于今天（2026-11-29）"
    assert check_event_date(date(2027, 1, 1), label="期限", field="d", today=today, planned=True)
    assert check_event_date(BIRTH, label="走访日期", field="v", birth_date=BIRTH, today=today) == BIRTH
    assert check_event_date(None, label="走访日期", field="v", today=today) is None


@pytest.mark.parametrize("day", [date(1900, 1, 1), date(2011, 6, 1)])
def test_a_visit_before_the_birth_is_refused_beside_its_field(client, people, kids, day):
    kid = kids["wang"]
    assert kid.birth_date > day
    url = reverse("discovery:child_visit", args=[kid.pk])
    data = screen_data(ScreeningRecord(version=0), items=item_ids("serious_illness"))
    data.pop("version")
    response = as_user(client, people["director_meiyuan"]).post(url, {**data, "visited_on": day.isoformat()})
    assert response.status_code == 200
    assert (
        f"走访日期{day.isoformat()}早于儿童的出生日期{kid.birth_date.isoformat()}"
        in response.content.decode()
    )
    assert kid.visits.count() == 0
    with pytest.raises(DiscoveryError) as refused:
        services.record_visit(child=kid, actor=people["director_meiyuan"], visited_on=day)
    assert (refused.value.code, refused.value.field) == ("event_before_birth", "visited_on")


def test_a_care_measure_under_way_started_after_the_birth_and_not_tomorrow(client, people, kids):
    kid = kids["wang"]
    url = reverse("discovery:child", args=[kid.pk])
    as_user(client, people["director_meiyuan"])
    care = {
        "form": "care",
        "care-measure_type": "education",
        "care-provider_kind": "social_organisation",
        "care-provider_name": "爱心社工站",
        "care-description": "课业辅导",
    }
    before = (kid.birth_date - timedelta(days=1)).isoformat()
    response = client.post(url, {**care, "care-start_date": before})
    assert response.status_code == 200 and f"开始日期{before}早于儿童的出生日期" in response.content.decode()
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    response = client.post(url, {**care, "care-start_date": tomorrow})
    assert response.status_code == 200 and f"开始日期{tomorrow}晚于今天" in response.content.decode()
    assert not CareMeasure.objects.exists()
    # A planned measure may start later.
    services.add_care_measure(
        child=kid,
        actor=people["director_meiyuan"],
        measure_type="education",
        provider_kind="social_organisation",
        provider_name="爱心社工站",
        start_date=TODAY + timedelta(days=30),
        status="planned",
    )


def test_a_parents_situation_may_predate_the_child_but_not_be_ahead_or_in_1900(people, kids):
    officer = people["officer_xuanwu"]
    father = add_family_member(child=kids["wang"], actor=officer, relation=Relation.FATHER, name="王大明")
    for day, code in ((date(1900, 5, 1), "event_too_early"), (TODAY + timedelta(days=3), "event_in_future")):
        with pytest.raises(RegistryError) as refused:
            add_parent_condition(
                member=father, actor=officer, situation=ParentSituation.IN_CUSTODY, start_date=day
            )
        assert (refused.value.code, refused.value.field) == (code, "start_date")
    kept = add_parent_condition(
        member=father, actor=officer, situation=ParentSituation.IN_CUSTODY, start_date=date(2010, 1, 1)
    )
    assert kept.start_date < kids["wang"].birth_date
