"""Edits someone else saved first (issue 8, item 4): every edit form of a record carries the
version its page showed, and a save from a page that is out of date is refused — nothing
written, the form shown again with what was typed, and the other person's change named.

One loop over the edit forms of the site: for each, the page is read as it would be in a
first tab (its form as the browser would send it, read with test_form_fuzz.read_forms),
someone else changes the record through the service, then the first tab's form is sent with
one field edited."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from childwelfare.benefits.choices import ApplicationStatus
from childwelfare.benefits.spells import confirm_by_application
from childwelfare.discovery import services as discovery
from childwelfare.discovery.choices import MeasureType, ProviderKind
from childwelfare.discovery.models import CareMeasure
from childwelfare.registry.choices import Category
from childwelfare.registry.models import CategorySpell, Child
from childwelfare.registry.services import add_category, end_category, update_child
from childwelfare.testing.factories import ChildFactory, EligibilityApplicationFactory
from childwelfare.testing.people import MEIYUAN, ensure_people

from .test_form_fuzz import read_forms

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@dataclass
class EditCase:
    """An edit form: the page it is on, which of the page's forms (by its hidden fields),
    the change someone else saves meanwhile, the field the first tab edits, and what must
    hold afterwards."""

    page: Callable[[dict], str]
    hidden: dict
    meanwhile: Callable[[dict], None]
    typed: tuple[str, str]
    unchanged: Callable[[dict], bool]
    shown: tuple[str, ...] = ()
    user: str = "director_meiyuan"


def _child(people):
    child = ChildFactory(area_id=MEIYUAN, address="梅园新村1号", phone="13900000001")
    return {"child": child, "people": people}


def _spell(people):
    world = _child(people)
    world["spell"] = add_category(
        child=world["child"],
        actor=people["officer_xuanwu"],
        category=Category.DE_FACTO_UNSUPPORTED,
        start_date=date(2024, 1, 1),
    )
    return world


def _measure(people):
    world = _child(people)
    world["measure"] = discovery.add_care_measure(
        child=world["child"],
        actor=people["director_meiyuan"],
        measure_type=MeasureType.LIVING,
        provider_kind=ProviderKind.DEPARTMENT,
        provider_name="梅园新村街道民政科",
        start_date=TODAY - timedelta(days=30),
    )
    return world


def _address_and_phone(child) -> tuple[str, str]:
    stored = Child.objects.get(pk=child.pk)  # the phone is stored encrypted: compared here
    return stored.address, stored.phone


def _terminable(people):
    world = _spell(people)
    confirm_by_application(world["spell"], actor=people["officer2_xuanwu"], on=TODAY)
    world["application"] = EligibilityApplicationFactory(
        child=world["child"], status=ApplicationStatus.CONFIRMED, verified_on=TODAY, confirmed_on=TODAY
    )
    return world


CASES = {
    "child basic information": (
        _child,
        EditCase(
            page=lambda w: reverse("registry:child_detail", args=[w["child"].pk]),
            hidden={"form": "basic"},
            meanwhile=lambda w: update_child(
                w["child"], actor=w["people"]["officer_xuanwu"], address="长江路88号"
            ),
            typed=("basic-phone", "13900000002"),
            unchanged=lambda w: _address_and_phone(w["child"]) == ("长江路88号", "13900000001"),
            shown=("现住址：梅园新村1号 → 长江路88号",),
        ),
    ),
    "ending a category": (
        _spell,
        EditCase(
            page=lambda w: reverse("registry:child_detail", args=[w["child"].pk]),
            hidden={"form": "end_category"},
            meanwhile=lambda w: confirm_by_application(
                w["spell"], actor=w["people"]["officer_xuanwu"], on=TODAY
            ),
            typed=("end_category-end_reason", "父亲刑满释放"),
            unchanged=lambda w: CategorySpell.objects.filter(
                pk=w["spell"].pk, end_date=None, status="confirmed"
            ).exists(),
            shown=("复核状态：待复核 → 已确认",),
        ),
    ),
    "terminating an allowance": (
        _terminable,
        EditCase(
            page=lambda w: reverse("benefits:application_detail", args=[w["application"].pk]),
            hidden={},
            meanwhile=lambda w: end_category(
                CategorySpell.objects.get(pk=w["spell"].pk),
                actor=w["people"]["officer2_xuanwu"],
                end_date=TODAY + timedelta(days=400),
                reason="预计年满18周岁",
            ),
            typed=("terminate-note", "已被收养，收养登记证在案"),
            user="officer_xuanwu",
            unchanged=lambda w: CategorySpell.objects.filter(
                pk=w["spell"].pk, end_date=TODAY + timedelta(days=400)
            ).exists(),
            shown=("终止日期：— → ",),
        ),
    ),
    "ending a care measure": (
        _measure,
        EditCase(
            page=lambda w: reverse("discovery:child", args=[w["child"].pk]),
            hidden={"form": "end"},
            meanwhile=lambda w: discovery.end_care_measure(
                w["measure"], actor=w["people"]["supervisor_meiyuan"], end_date=TODAY, outcome="已结束：转介"
            ),
            typed=("end-outcome", "成绩提高"),
            unchanged=lambda w: CareMeasure.objects.filter(
                pk=w["measure"].pk, outcome="已结束：转介"
            ).exists(),
        ),
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_stale_edit_is_refused_with_what_was_typed_kept(name):
    people = ensure_people()
    make, case = CASES[name]
    world = make(people)
    client = Client()
    client.force_login(people[case.user])
    url = case.page(world)
    page = client.get(url)
    form = next(
        f
        for f in read_forms(page.content.decode(), url, url)
        if all(next((i.value for i in f.fields if i.name == k), None) == [v] for k, v in case.hidden.items())
        and case.typed[0] in {i.name for i in f.fields}
    )
    data = {item.name: item.value for item in form.fields}
    assert any(name.endswith("version") for name in data), "the edit form carries no version"

    case.meanwhile(world)
    field, value = case.typed
    data[field] = [value]
    response = client.post(form.action, data)

    assert response.status_code == 200
    assert case.unchanged(world), "the stale save wrote something"
    html = response.content.decode()
    again = lxml.html.fromstring(html)
    assert value in {
        el.get("value") or (el.text or "").strip() for el in again.xpath(f'//*[@name="{field}"]')
    }
    assert "已被他人修改" in html
    box = " ".join(element.text_content() for element in again.find_class("stale-edit"))
    for text in case.shown:
        assert text in box, (text, box)


def basic_form_data(html: str, url: str) -> dict[str, list[str]]:
    """The child's basic-information form on a profile page, as the browser would send it."""
    form = next(f for f in read_forms(html, url, url) if ["basic"] in [i.value for i in f.fields])
    return {item.name: item.value for item in form.fields}


def test_saving_again_after_reading_the_conflict_saves():
    """The page shown after a conflict carries the current version: sent again as it is
    (the user has read the other change and keeps their own), it saves."""
    people = ensure_people()
    world = _child(people)
    child = world["child"]
    client = Client()
    client.force_login(people["director_meiyuan"])
    url = reverse("registry:child_detail", args=[child.pk])
    data = basic_form_data(client.get(url).content.decode(), url)
    update_child(child, actor=people["officer_xuanwu"], address="长江路88号")
    data["basic-phone"] = ["13900000002"]
    refused = client.post(url, data)
    assert refused.status_code == 200
    resent = basic_form_data(refused.content.decode(), url)
    # The phone this user typed is kept; the address they left as it was takes the other
    # person's value, so sending the page again as it is keeps both edits (QA: it reverted).
    assert resent["basic-phone"] == ["13900000002"] and resent["basic-address"] == ["长江路88号"]
    assert client.post(url, resent).status_code == 302
    child.refresh_from_db()
    assert (child.address, child.phone, child.version) == ("长江路88号", "13900000002", 2)


def test_a_post_without_a_version_is_refused():
    people = ensure_people()
    child = _child(people)["child"]
    client = Client()
    client.force_login(people["director_meiyuan"])
    url = reverse("registry:child_detail", args=[child.pk])
    data = basic_form_data(client.get(url).content.decode(), url)
    del data["basic-version"]
    data["basic-address"] = ["长江路88号"]
    assert client.post(url, data).status_code == 200
    child.refresh_from_db()
    assert child.address == "梅园新村1号"


def test_a_field_both_people_changed_keeps_what_this_user_typed():
    people = ensure_people()
    world = _child(people)
    child = world["child"]
    client = Client()
    client.force_login(people["director_meiyuan"])
    url = reverse("registry:child_detail", args=[child.pk])
    data = basic_form_data(client.get(url).content.decode(), url)
    update_child(child, actor=people["officer_xuanwu"], address="长江路88号")
    data["basic-address"] = ["中山路1号"]
    refused = client.post(url, data)
    assert basic_form_data(refused.content.decode(), url)["basic-address"] == ["中山路1号"]
    child.refresh_from_db()
    assert child.address == "长江路88号"
