"""Issue 8, item 1: a routine visit must not turn a red child green. The visit form starts
from the child's current items; lowering the colour, or ending an emergency item, needs a
statement per removed item and a reason (checked by the service); the supervisor and the
district officer see every downgrade from red or yellow in their work list."""

from datetime import timedelta

import pytest
from django.urls import reverse

from childwelfare.discovery import services
from childwelfare.discovery.choices import Colour
from childwelfare.discovery.models import RiskAssessment
from childwelfare.discovery.services import DiscoveryError
from childwelfare.discovery.tests.helpers import TODAY, as_user, item_ids

pytestmark = pytest.mark.django_db

REASON = "祖母已于上周搬来同住，经入户核实孩子有人照料"


@pytest.fixture
def red_li(people, kids):
    """李小红, graded red three days ago: she lives alone with nobody caring for her."""
    services.record_visit(
        child=kids["li"],
        actor=people["director_meiyuan"],
        visited_on=TODAY - timedelta(days=3),
        item_ids=item_ids("living_alone"),
    )
    return kids["li"]


def visit_data(**extra):
    data = {
        "visited_on": TODAY.isoformat(),
        "mode": "home",
        "living_situation": "例行走访",
        "problems-TOTAL_FORMS": "2",
        "problems-INITIAL_FORMS": "0",
        "problems-MIN_NUM_FORMS": "0",
        "problems-MAX_NUM_FORMS": "5",
    }
    data.update(extra)
    return data


def latest(child) -> RiskAssessment:
    return child.risk_assessments.order_by("-assessed_on", "-id").first()


def test_the_visit_form_starts_from_the_childs_current_items(client, people, red_li):
    [alone] = item_ids("living_alone")
    response = as_user(client, people["director_meiyuan"]).get(
        reverse("discovery:child_visit", args=[red_li.pk])
    )
    assert response.status_code == 200
    assert response.context["form"]["items"].value() == [str(alone)]
    assert f'value="{alone}" id="item-{alone}" checked' in response.content.decode()


def test_a_visit_with_nothing_ticked_is_refused_and_nothing_written(client, people, red_li):
    url = reverse("discovery:child_visit", args=[red_li.pk])
    response = as_user(client, people["director_meiyuan"]).post(url, visit_data())
    assert response.status_code == 200
    assert "ended_items" in response.context["form"].errors
    assert red_li.visits.count() == 1 and red_li.risk_assessments.count() == 1
    assert latest(red_li).colour == Colour.RED


def test_the_service_refuses_a_downgrade_without_statement_or_reason(people, red_li):
    director = people["director_meiyuan"]
    [alone] = item_ids("living_alone")
    with pytest.raises(DiscoveryError) as refused:
        services.record_visit(child=red_li, actor=director, visited_on=TODAY, item_ids=[])
    assert (refused.value.code, refused.value.field) == ("removed_item_unconfirmed", "ended_items")
    with pytest.raises(DiscoveryError) as refused:
        services.record_visit(
            child=red_li, actor=director, visited_on=TODAY, item_ids=[], ended_item_ids=[alone]
        )
    assert (refused.value.code, refused.value.field) == ("downgrade_reason_missing", "downgrade_reason")
    assert red_li.visits.count() == 1 and red_li.risk_assessments.count() == 1


def test_an_emergency_item_stays_until_ended_even_when_the_score_keeps_red(people, red_li):
    # Score 9 (≥ 8) keeps red without the emergency item; ending it still needs the statement.
    director = people["director_meiyuan"]
    heavy = item_ids("guardian_unable", "serious_illness", "severe_disability")
    with pytest.raises(DiscoveryError) as refused:
        services.record_visit(child=red_li, actor=director, visited_on=TODAY, item_ids=heavy)
    assert refused.value.code == "removed_item_unconfirmed"


def test_yellow_to_blue_needs_the_statement_but_yellow_to_yellow_does_not(people, kids):
    director = people["director_meiyuan"]
    wang = kids["wang"]
    # 3 + 2 + 1 = 6: yellow (5–7).
    services.record_visit(
        child=wang,
        actor=director,
        visited_on=TODAY - timedelta(days=9),
        item_ids=item_ids("serious_illness", "malnutrition", "economic_hardship"),
    )
    # 3 + 2 = 5: still yellow, an item may simply be left off.
    _visit, kept = services.record_visit(
        child=wang,
        actor=director,
        visited_on=TODAY - timedelta(days=5),
        item_ids=item_ids("serious_illness", "malnutrition"),
    )
    assert kept.colour == Colour.YELLOW
    # 3: blue — a downgrade.
    with pytest.raises(DiscoveryError):
        services.record_visit(
            child=wang, actor=director, visited_on=TODAY, item_ids=item_ids("serious_illness")
        )


def test_a_stated_downgrade_lowers_records_who_and_why_and_reaches_the_work_lists(client, people, red_li):
    [alone] = item_ids("living_alone")
    url = reverse("discovery:child_visit", args=[red_li.pk])
    response = as_user(client, people["director_meiyuan"]).post(
        url, visit_data(ended_items=[str(alone)], downgrade_reason=REASON)
    )
    assert response.status_code == 302
    lowered = latest(red_li)
    assert (lowered.colour, lowered.previous_colour, lowered.downgrade_reason) == (
        Colour.GREEN,
        Colour.RED,
        REASON,
    )
    assert list(lowered.ended_items.values_list("pk", flat=True)) == [alone]
    assert lowered.assessor == people["director_meiyuan"]

    for name in ("supervisor_meiyuan", "officer_xuanwu"):
        page = as_user(client, people[name]).get(reverse("discovery:work"))
        section = page.content.decode()
        assert 'id="downgrades"' in section, name
        listed = section[section.index('id="downgrades"') :]
        assert "李小红" in listed and REASON in listed, name
        assert "红色（高风险）" in listed and "绿色（正常）" in listed, name
        assert people["director_meiyuan"].display_name in listed, name
    other = as_user(client, people["supervisor_xinjiekou"]).get(reverse("discovery:work"))
    assert "李小红" not in other.content.decode()


def test_submitting_the_prefilled_form_unchanged_keeps_red(client, people, red_li):
    [alone] = item_ids("living_alone")
    url = reverse("discovery:child_visit", args=[red_li.pk])
    response = as_user(client, people["director_meiyuan"]).post(url, visit_data(items=[str(alone)]))
    assert response.status_code == 302
    assert latest(red_li).colour == Colour.RED and red_li.risk_assessments.count() == 2


def test_the_grade_preview_warns_of_a_downgrade(client, people, red_li):
    response = as_user(client, people["director_meiyuan"]).get(
        reverse("discovery:grade_preview"), {"child": red_li.pk}
    )
    text = response.content.decode()
    assert "绿色（正常）" in text and 'id="downgrade-warning"' in text
    assert "独自居住、无人照料（紧急）" in text
    [alone] = item_ids("living_alone")
    same = client.get(reverse("discovery:grade_preview"), {"child": red_li.pk, "items": [alone]})
    assert 'id="downgrade-warning"' not in same.content.decode()
