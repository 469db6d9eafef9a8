"""The access log page: every full view and export is there for the auditor of the area."""

import pytest
from django.urls import reverse

from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory

pytestmark = pytest.mark.django_db


def test_auditor_sees_full_views_and_exports_of_their_area_only(client, people):
    child = ChildFactory(name="王小明", area_id=named.MEIYUAN)
    client.force_login(people["officer_xuanwu"])
    assert client.post(reverse("registry:child_full_id", args=[child.pk])).status_code == 200
    assert client.get(reverse("registry:child_export")).status_code == 200
    client.force_login(people["officer_gulou"])
    client.get(reverse("registry:child_export"))

    client.force_login(people["auditor_xuanwu"])
    page = client.get(reverse("audit:access_log"))
    assert page.status_code == 200
    entries = list(page.context["page"])
    assert [(e.user.username, e.action) for e in entries] == [
        ("officer_xuanwu", "export"),
        ("officer_xuanwu", "view_full_id"),
    ]
    only_views = client.get(reverse("audit:access_log"), {"action": "view_full_id"}).context["page"]
    assert [e.object_id for e in only_views] == [str(child.pk)]
    for username in ("director_meiyuan", "liaison_education_xuanwu"):
        client.force_login(people[username])
        assert client.get(reverse("audit:access_log")).status_code == 403
