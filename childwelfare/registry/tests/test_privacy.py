"""ID numbers: masked on every page and export for users without the permission, shown in
full only on request to those with it, and every full view and export logged."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from childwelfare.accounts.permissions import can_view_full_id
from childwelfare.audit.models import AccessAction, AccessLog
from childwelfare.lib.idnumber import make_number, mask
from childwelfare.registry.choices import Relation
from childwelfare.testing.factories import ChildFactory, FamilyMemberFactory
from childwelfare.testing.people import MEIYUAN

CHILD_NUMBER = make_number("320102", date(2015, 3, 4), 11, "M")
GUARDIAN_NUMBER = make_number("320102", date(1962, 5, 6), 12, "F")


@pytest.fixture
def child(people):
    child = ChildFactory(name="王小明", id_number=CHILD_NUMBER, area_id=MEIYUAN)
    FamilyMemberFactory(
        child=child,
        relation=Relation.GRANDMOTHER,
        name="李桂英",
        id_number=GUARDIAN_NUMBER,
        phone="13912345678",
        is_guardian=True,
    )
    return child


@pytest.mark.parametrize("username", ["director_meiyuan", "officer_xuanwu"])
def test_list_and_profile_show_masked_numbers_only(client, people, child, username):
    client.force_login(people[username])
    for url in (reverse("registry:child_list"), reverse("registry:child_detail", args=[child.pk])):
        html = client.get(url).content.decode()
        assert mask(CHILD_NUMBER) in html
        assert CHILD_NUMBER not in html
        assert GUARDIAN_NUMBER not in html
    # The profile lists the guardian, with the number masked too.
    assert mask(GUARDIAN_NUMBER) in html and "李桂英" in html
    assert not AccessLog.objects.exists()


def test_reveal_button_only_for_permitted_users(client, people, child):
    url = reverse("registry:child_full_id", args=[child.pk])
    client.force_login(people["director_meiyuan"])
    assert url not in client.get(reverse("registry:child_detail", args=[child.pk])).content.decode()
    client.force_login(people["officer_xuanwu"])
    assert url in client.get(reverse("registry:child_detail", args=[child.pk])).content.decode()


def test_full_id_without_permission_is_refused_and_not_logged(client, people, child):
    assert not can_view_full_id(people["director_meiyuan"])
    client.force_login(people["director_meiyuan"])
    response = client.post(reverse("registry:child_full_id", args=[child.pk]))
    assert response.status_code == 403
    assert CHILD_NUMBER not in response.content.decode()
    assert not AccessLog.objects.exists()


def test_full_id_is_shown_and_logged(client, people, child):
    officer = people["officer_xuanwu"]
    client.force_login(officer)
    response = client.post(reverse("registry:child_full_id", args=[child.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert CHILD_NUMBER in response.content.decode()
    assert "<html" not in response.content.decode()  # the htmx fragment only
    assert "no-store" in response["Cache-Control"]
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.object_type, log.object_id) == (
        officer,
        AccessAction.VIEW_FULL_ID,
        "registry.child",
        str(child.pk),
    )


def test_full_id_without_javascript_is_a_page(client, people, child):
    client.force_login(people["officer_xuanwu"])
    response = client.post(reverse("registry:child_full_id", args=[child.pk]))
    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert CHILD_NUMBER in response.content.decode()


def test_full_id_of_a_guardian_is_logged_against_the_member(client, people, child):
    member = child.family.get()
    client.force_login(people["officer_xuanwu"])
    response = client.post(
        reverse("registry:child_full_id", args=[child.pk]), {"member": member.pk}, HTTP_HX_REQUEST="true"
    )
    assert GUARDIAN_NUMBER in response.content.decode()
    log = AccessLog.objects.get()
    assert (log.object_type, log.object_id) == ("registry.familymember", str(member.pk))


def test_full_id_of_another_childs_member_is_404(client, people, child):
    other = ChildFactory(name="张小红", area_id=MEIYUAN)
    member = child.family.get()
    client.force_login(people["officer_xuanwu"])
    response = client.post(reverse("registry:child_full_id", args=[other.pk]), {"member": member.pk})
    assert response.status_code == 404
    assert not AccessLog.objects.exists()


def test_full_id_needs_post(client, people, child):
    client.force_login(people["officer_xuanwu"])
    assert client.get(reverse("registry:child_full_id", args=[child.pk])).status_code == 405
    assert not AccessLog.objects.exists()


def _export(client, query=""):
    response = client.get(reverse("registry:child_export") + query)
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    return list(sheet.iter_rows(min_row=3, values_only=True))  # title row, header


def test_export_is_masked_without_permission_and_logged(client, people, child):
    client.force_login(people["director_meiyuan"])
    [row] = _export(client)
    assert row[3] == mask(CHILD_NUMBER)
    assert row[15] == mask(GUARDIAN_NUMBER)
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.object_type, log.row_count) == (
        people["director_meiyuan"],
        AccessAction.EXPORT,
        "registry.child",
        1,
    )
    assert "脱敏" in log.detail


def test_export_has_full_numbers_with_permission_and_logged(client, people, child):
    client.force_login(people["officer_xuanwu"])
    [row] = _export(client, "?full=1")  # full numbers only on explicit request (issue 9)
    assert row[3] == CHILD_NUMBER
    assert row[15] == GUARDIAN_NUMBER
    log = AccessLog.objects.get()
    assert log.row_count == 1
    assert "完整身份证号" in log.detail


def test_every_export_writes_its_own_log_row(client, people, child):
    client.force_login(people["director_meiyuan"])
    _export(client)
    client.get(reverse("registry:child_export") + "?category=migrant")
    logs = list(AccessLog.objects.order_by("at", "id"))
    assert [log.row_count for log in logs] == [1, 0]
    assert "儿童类别：流动儿童" in logs[1].detail
