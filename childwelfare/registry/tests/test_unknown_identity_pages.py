"""The unknown-identity child's pages (issue 10): registration (with the list filter
身份不明), completion refused beside its field (bad checksum) and, for a number already
registered, the way to merge; the merge visible from both files; 撤销合并 offered to and
done by the city administrator only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from childwelfare.registry.merging import merge_children
from childwelfare.registry.models import Child, MergeRecord
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def register(client, people):
    client.force_login(people["supervisor_meiyuan"])
    response = client.post(
        reverse("registry:unknown_child_create"),
        {
            "gender": "F",
            "estimated_birth_year": TODAY.year - 4,
            "area": named.MEIYUAN,
            "found_place": "南京站南广场",
            "found_on": (TODAY - timedelta(days=1)).isoformat(),
            "descriptors": "短发，红色外套",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Child.objects.get(identity_unknown=True)


def test_registered_listed_under_the_filter_and_completed_through_the_checks(client, people):
    child = register(client, people)
    ChildFactory(area_id=named.MEIYUAN, name="张已知")
    listing = client.get(reverse("registry:child_list") + "?identity=on").content.decode()
    assert "身份不明儿童" in listing and "张已知" not in listing
    page = client.get(reverse("registry:child_detail", args=[child.pk])).content.decode()
    assert "身份不明（临时档案）" in page and "南京站南广场" in page
    url = reverse("registry:child_complete_identity", args=[child.pk])
    registered = ChildFactory(area_id=named.MEIYUAN, gender="F")
    response = client.post(url, {"id_number": registered.id_number, "version": child.version})
    assert response.status_code == 200 and "该身份证号已登记为" in response.content.decode()
    merge_url = reverse("registry:child_merge", args=[registered.pk]) + f"?other={child.pk}"
    assert merge_url not in response.content.decode()  # merging is the district officer's
    client.force_login(people["officer_xuanwu"])
    response = client.post(url, {"id_number": registered.id_number, "version": child.version})
    assert merge_url in response.content.decode()
    bad = registered.id_number[:-1] + ("1" if registered.id_number[-1] != "1" else "2")
    response = client.post(url, {"id_number": bad, "version": child.version})
    assert response.status_code == 200 and response.context["form"].errors["id_number"]
    child.refresh_from_db()
    assert child.identity_unknown


def test_the_merge_is_visible_from_both_and_undone_by_the_administrator_only(client, people):
    child = register(client, people)
    registered = ChildFactory(area_id=named.MEIYUAN, name="刘小雨", gender="F")
    merge_children(registered, child, actor=people["officer_xuanwu"])
    record = MergeRecord.objects.get()
    client.force_login(people["officer_xuanwu"])
    provisional = client.get(reverse("registry:child_detail", args=[child.pk])).content.decode()
    assert "已确认身份，并入 刘小雨" in provisional
    survivor = client.get(reverse("registry:child_detail", args=[registered.pk])).content.decode()
    # The survivor's page says which file came in (it said "merged into" that file: QA).
    assert f"（#{child.pk}）的档案已并入本档案" in survivor and "撤销合并" not in survivor
    assert "已并入 身份不明儿童" not in survivor
    undo = reverse("registry:merge_undo", args=[record.pk])
    assert client.post(undo, {"reason": "误合并"}).status_code == 403
    client.force_login(people["admin_nanjing"])
    survivor = client.get(reverse("registry:child_detail", args=[registered.pk])).content.decode()
    assert "撤销合并" in survivor
    assert client.post(undo, {"reason": "误合并"}).status_code == 302
    child.refresh_from_db()
    assert child.status == "open" and child.identity_unknown
    record.refresh_from_db()
    assert record.reversed_at is not None


def test_the_community_choices_name_their_street(client, people):
    """Communities are offered by their full name (QA leftover: two streets' communities could
    not be told apart in the dropdown)."""
    client.force_login(people["officer_xuanwu"])
    page = client.get(reverse("registry:unknown_child_create")).content.decode()
    assert "梅园新村街道梅园社区" in page
