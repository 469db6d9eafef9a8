"""The pages offer only the actions the user's role may take (issue 7): a link to a form the
user would get the 403 page for is not shown."""

import pytest
from django.urls import reverse

from childwelfare.discovery.tests.helpers import as_user

pytestmark = pytest.mark.django_db


def test_the_visit_list_links_to_the_visit_form_only_for_those_who_record_visits(client, people, kids):
    form = reverse("discovery:child_visit", args=[kids["wang"].pk])
    url = reverse("discovery:visit_list") + "?list=week"  # 王小明, never visited, is due today
    for username, linked in (
        ("director_meiyuan", True),
        ("supervisor_meiyuan", True),
        ("officer_xuanwu", True),
        ("admin_nanjing", False),
        ("auditor_xuanwu", False),
        ("staff_meiyuan", False),
    ):
        html = as_user(client, people[username]).get(url).content.decode()
        assert "王小明" in html, username
        assert (form in html) is linked, username
        assert as_user(client, people[username]).get(form).status_code == (200 if linked else 403), username
