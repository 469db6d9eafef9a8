"""Removing a child from an insurance roster (issue 8, item 10): a reason is required, who,
when and why are kept (on the roster page and the child's timeline), the counts follow, a
regenerated roster does not put the child back, and a re-enrolment needs a note."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from childwelfare.areas.models import Area
from childwelfare.benefits.choices import InsuranceKind
from childwelfare.benefits.insurance import generate_roster
from childwelfare.benefits.models import InsuranceEnrolment, InsuranceScheme
from childwelfare.registry.choices import Category
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory
from childwelfare.workflow.models import TransitionEvent

pytestmark = pytest.mark.django_db

CUT_OFF = date(2026, 3, 1)


@pytest.fixture
def roster(people):
    """困境儿童意外伤害保险 2026: 张小雨 and 李小军 of 梅园社区 enrolled by 李文静 (officer_xuanwu)."""
    scheme = InsuranceScheme.objects.create(
        name="困境儿童意外伤害保险", kind=InsuranceKind.ACCIDENT, categories=[Category.SCATTERED_ORPHAN]
    )
    for name in ("张小雨", "李小军"):
        ChildFactory(name=name, area_id=named.MEIYUAN, category=Category.SCATTERED_ORPHAN)
    generate_roster(
        scheme,
        year=2026,
        area=Area.objects.get(code=named.XUANWU),
        as_of=CUT_OFF,
        actor=people["officer_xuanwu"],
    )
    return scheme


def enrolment_of(name: str) -> InsuranceEnrolment:
    return InsuranceEnrolment.objects.select_related("child").get(child__name=name)


def post(client, enrolment, action, text, version=None):
    enrolment.refresh_from_db()
    field = "reason" if action == "remove" else "note"
    return client.post(
        reverse("benefits:insurance_enrolment", args=[enrolment.pk]),
        {
            "action": action,
            f"{action}-{field}": text,
            f"{action}-version": enrolment.version if version is None else version,
        },
    )


def scheme_page(client, scheme):
    return client.get(reverse("benefits:insurance_scheme", args=[scheme.pk]) + "?year=2026")


def test_removal_needs_a_reason_and_is_kept_with_who_when_why(client, people, roster):
    client.force_login(people["officer_xuanwu"])
    zhang = enrolment_of("张小雨")

    refused = post(client, zhang, "remove", "  ")
    assert refused.status_code == 200
    assert refused.context["remove_form"].errors["reason"] == ["移出名单须说明原因"]
    zhang.refresh_from_db()
    assert zhang.status == "enrolled"

    done = post(client, zhang, "remove", "已由户籍地参保，重复")
    assert done.status_code == 302
    zhang.refresh_from_db()
    assert (zhang.status, zhang.changed_by, zhang.change_reason) == (
        "removed",
        people["officer_xuanwu"],
        "已由户籍地参保，重复",
    )
    event = TransitionEvent.objects.of(zhang).get()
    assert (event.from_status, event.to_status, event.actor, event.reason) == (
        "enrolled",
        "removed",
        people["officer_xuanwu"],
        "已由户籍地参保，重复",
    )

    # The roster page: counts follow, the removed child is listed with who and why.
    page = scheme_page(client, roster)
    assert (page.context["total"], page.context["removed"], page.context["without_policy"]) == (1, 1, 1)
    html = page.content.decode()
    assert "已由户籍地参保，重复" in html and "李文静" in html
    index = client.get(reverse("benefits:insurance_index") + "?year=2026")
    assert [s.n for s in index.context["schemes"]] == [1]

    # The child's timeline.
    detail = client.get(reverse("registry:child_detail", args=[zhang.child_id]))
    titles = [(e.title, e.detail, e.actor) for e in detail.context["events"]]
    assert ("移出参保名单：困境儿童意外伤害保险 2026年", "已由户籍地参保，重复", "李文静") in titles
    assert any(title.startswith("列入参保名单：困境儿童意外伤害保险 2026年") for title, _, _ in titles)

    # Generating the roster again does not put her back.
    added = generate_roster(
        roster,
        year=2026,
        area=Area.objects.get(code=named.XUANWU),
        as_of=CUT_OFF,
        actor=people["officer_xuanwu"],
    )
    assert added == 0 and enrolment_of("张小雨").status == "removed"


def test_a_removed_child_is_re_enrolled_with_a_note(client, people, roster):
    client.force_login(people["officer_xuanwu"])
    zhang = enrolment_of("张小雨")
    post(client, zhang, "remove", "迁出本市")
    refused = post(client, zhang, "reenrol", "")
    assert refused.status_code == 200
    assert refused.context["reenrol_form"].errors["note"] == ["重新列入名单须填写说明"]

    client.force_login(people["officer2_xuanwu"])
    assert post(client, zhang, "reenrol", "迁出未办成，仍在本市居住").status_code == 302
    zhang.refresh_from_db()
    assert zhang.status == "enrolled" and zhang.changed_by == people["officer2_xuanwu"]
    assert [(e.to_status, e.reason) for e in TransitionEvent.objects.of(zhang)] == [
        ("removed", "迁出本市"),
        ("enrolled", "迁出未办成，仍在本市居住"),
    ]
    page = scheme_page(client, roster)
    assert (page.context["total"], page.context["removed"]) == (2, 0)
    html = client.get(reverse("benefits:insurance_enrolment", args=[zhang.pk])).content.decode()
    assert "迁出本市" in html and "迁出未办成，仍在本市居住" in html and "黄志强" in html


def test_a_stale_removal_is_refused_and_nothing_changes(client, people, roster):
    client.force_login(people["officer_xuanwu"])
    zhang = enrolment_of("张小雨")
    seen = zhang.version
    post(client, zhang, "remove", "重复参保")
    post(client, zhang, "reenrol", "核实后恢复")
    stale = post(client, zhang, "remove", "另一人的移出", version=seen)
    assert stale.status_code == 200
    assert "已被他人处理" in stale.content.decode()
    zhang.refresh_from_db()
    assert zhang.status == "enrolled" and TransitionEvent.objects.of(zhang).count() == 2


def test_who_may_remove(client, people, roster):
    zhang = enrolment_of("张小雨")
    client.force_login(people["director_meiyuan"])  # reads the roster, may not change it
    assert client.get(reverse("benefits:insurance_enrolment", args=[zhang.pk])).status_code == 200
    assert post(client, zhang, "remove", "x").status_code == 403
    client.force_login(people["officer_gulou"])  # another district: a missing record
    assert post(client, zhang, "remove", "x").status_code == 404
    zhang.refresh_from_db()
    assert zhang.status == "enrolled"
