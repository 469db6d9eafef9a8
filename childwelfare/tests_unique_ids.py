"""Every id on a page is unique, so each label names its own field: a duplicate id once made
the payroll page's "发放月份" label fill the wrong month picker (and compute the wrong month)."""

import re
from collections import Counter
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from childwelfare.accounts.choices import Department
from childwelfare.discovery.choices import ProblemKind
from childwelfare.discovery.services import raise_problem
from childwelfare.lib.idnumber import make_number
from childwelfare.registry.services import create_child
from childwelfare.testing import people as named

pytestmark = pytest.mark.django_db


def duplicate_ids(html: str) -> list[str]:
    counts = Counter(re.findall(r'\sid="([^"]+)"', html))
    return sorted(name for name, n in counts.items() if n > 1)


def test_pages_with_several_forms_have_unique_ids(client, people):
    child = create_child(
        actor=people["admin_nanjing"],
        name="王小明",
        id_number=make_number("320102", date(2015, 3, 4), 1, "M"),
        area_id=named.MEIYUAN,
    )
    problem = raise_problem(
        child=child,
        actor=people["director_meiyuan"],
        kind=ProblemKind.SCHOOLING,
        description="辍学",
        department=Department.EDUCATION,
        deadline=timezone.localdate() + timedelta(days=5),
    )
    pages = {
        "officer_xuanwu": [
            reverse("benefits:payroll_month"),
            reverse("discovery:problem_detail", args=[problem.pk]),
            reverse("registry:child_detail", args=[child.pk]),
            reverse("home"),
        ],
        "liaison_education_xuanwu": [reverse("discovery:problem_detail", args=[problem.pk])],
        "director_meiyuan": [
            reverse("registry:child_detail", args=[child.pk]),
            reverse("registry:child_list"),
        ],
    }
    for username, urls in pages.items():
        client.force_login(people[username])
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (username, url)
            assert duplicate_ids(response.content.decode()) == [], (username, url)
