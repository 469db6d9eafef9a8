"""The demo city's case conferences (会商, issue 10): in 玄武区 one held with minutes,
decisions and actions in every state (open, in progress, done, overdue, reminded) and one
planned; the education liaison of 玄武区 sees their department's actions; the convener's home
page lists the overdue ones. Deterministic for a load date."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from childwelfare.cases.models import CaseAction, Conference
from childwelfare.cases.services.conference import overdue_actions
from childwelfare.testing import people
from childwelfare.testing.demo_city import REFERENCE_DATE


@pytest.fixture
def city(db):
    call_command(
        "seed_demo",
        "--allow-production",
        "--children",
        "300",
        "--as-of",
        REFERENCE_DATE.isoformat(),
        stdout=StringIO(),
        verbosity=0,
    )


def test_conferences_in_every_state_for_the_named_users(city):
    xuanwu = Conference.objects.filter(area_id=people.XUANWU)
    assert set(xuanwu.values_list("status", flat=True)) == {"held", "planned"}
    held = xuanwu.get(status="held")
    assert held.minutes and held.next_review_on and held.convener.username == "officer_xuanwu"
    actions = CaseAction.objects.filter(decision__item__conference=held)
    assert {"open", "in_progress", "done"} <= set(actions.values_list("status", flat=True))
    late = overdue_actions(actions)
    assert late.count() >= 2 and late.filter(reminder_count__gt=0).exists()
    assert held.agenda_cases.filter(decision__dissent__gt="").exists()
    assert actions.filter(department="education").count() >= 2
    # every agenda case is a distinct child of 梅园新村街道
    children = list(
        Conference.objects.filter(area_id=people.XUANWU).values_list("agenda_cases__case__child", flat=True)
    )
    assert len(children) == len(set(children)) == 5
    assert not Conference.objects.filter(convener__username="admin_nanjing").exists()


def test_the_named_users_find_them(city):
    client = Client()
    client.force_login(people.ensure_people()["liaison_education_xuanwu"])
    page = client.get(reverse("cases:conference_list")).content.decode()
    assert "梅园新村街道困境儿童个案会商（第一次）" in page and "宁海路街道个案会商" not in page
    client.force_login(people.ensure_people()["officer_xuanwu"])
    home = client.get(reverse("home")).content.decode()
    assert 'id="conference-overdue"' in home
