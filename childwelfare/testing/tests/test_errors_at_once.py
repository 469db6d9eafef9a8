"""QA of issue 8: a form with several bad fields shows every error at once, not one per
submit (the child's basic information: an emoji name, the phone "abc" and a birth date in
the future; a visit: a note over its limit and a date in 1900)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from childwelfare.discovery.models import Visit
from childwelfare.registry.models import Child
from childwelfare.testing.factories import ChildFactory
from childwelfare.testing.people import MEIYUAN, ensure_people
from childwelfare.testing.tests.test_stale_edits import basic_form_data

pytestmark = pytest.mark.django_db


def test_the_basic_information_shows_every_bad_field_at_once():
    users = ensure_people()
    child = ChildFactory(area_id=MEIYUAN, name="王小明")
    client = Client()
    client.force_login(users["officer_xuanwu"])
    url = reverse("registry:child_detail", args=[child.pk])
    data = basic_form_data(client.get(url).content.decode(), url)
    data["basic-name"] = ["李😀"]
    data["basic-phone"] = ["abc"]
    data["basic-birth_date"] = [(timezone.localdate() + timedelta(days=30)).isoformat()]
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["basic_form"].errors if "basic_form" in response.context else None
    html = response.content.decode()
    assert "含有不允许的字符" in html
    assert "联系电话“abc”不是有效的电话号码" in html
    assert "出生日期不能晚于今天" in html
    assert errors is None or {"name", "phone", "birth_date"} <= set(errors)
    assert Child.objects.get(pk=child.pk).name == "王小明"


def test_the_visit_form_shows_the_date_with_the_other_errors():
    users = ensure_people()
    child = ChildFactory(area_id=MEIYUAN)
    client = Client()
    client.force_login(users["director_meiyuan"])
    url = reverse("discovery:child_visit", args=[child.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, {"visited_on": "1900-01-01", "mode": "home", "living_situation": "很" * 3000})
    assert response.status_code == 200
    html = response.content.decode()
    assert "早于儿童的出生日期" in html and "最多2000字" in html
    assert not Visit.objects.filter(child=child).exists()
