"""Shared set-up of the benefits page tests: children built with testing.factories (both
parents listed, in the situations given), the application form's posts, the March 2026
payroll's children, and small client helpers."""

from __future__ import annotations

import io
from datetime import date

from django.urls import reverse
from django.utils import timezone

from childwelfare.areas.models import Area
from childwelfare.benefits.choices import ApplicantKind, ApplicationKind
from childwelfare.registry.choices import Category, ParentSituation
from childwelfare.testing import people as named
from childwelfare.testing.factories import CategorySpellFactory, ChildFactory

TODAY = timezone.localdate()
LONG_AGO = date(2024, 1, 1)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def make_child(name, *, father=None, mother=None, area=named.MEIYUAN, birth=date(2014, 6, 1)):
    """A boy of `area` born on `birth` with hukou in its street; father and mother both listed,
    each in the situation given from 2024 (a custody with its judgment as evidence, the
    other situations with none)."""
    return ChildFactory(
        name=name,
        area_id=area,
        hukou_area_id=area[:9],
        birth_date=birth,
        gender="M",
        parents=(father, mother),
        parents__start_date=LONG_AGO,
        parents__evidence={ParentSituation.IN_CUSTODY: "法院判决书"},
    )


def named_area(code: str) -> Area:
    return Area.objects.get(code=code)


def as_user(client, users, username):
    client.force_login(users[username])
    return client


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def row_of(html: str, marker: str) -> str:
    """The table row (<tr…>…</tr>) that contains `marker`."""
    at = html.index(marker)
    return html[html.rindex("<tr", 0, at) : html.index("</tr>", at)]


def submit(client, child, *, kind=ApplicationKind.DE_FACTO_UNSUPPORTED, on):
    """Post the application form for `child`, received on `on`, from the grandmother."""
    return client.post(
        reverse("benefits:application_create") + f"?child={child.pk}",
        {
            "kind": kind,
            "applicant_kind": ApplicantKind.RELATIVE,
            "applicant_name": "王桂兰",
            "applicant_relation": "祖母",
            "submitted_on": on.isoformat(),
        },
    )


def step(client, app, step, **data):
    """Post one step's form (verify, confirm, refuse) at the application's current version."""
    app.refresh_from_db()
    payload = {f"{step}-version": app.version, **{f"{step}-{k}": v for k, v in data.items()}}
    return client.post(reverse(f"benefits:application_{step}", args=[app.pk]), payload)


def payroll_children():
    """Scattered orphans in March 2026: 王小明 of 梅园 from 10 to 20 March, 刘小芳 of 梅园 from
    1 January on, 郑小宁 of 宁海路 (鼓楼区) from 1 January on. Returns (王小明, 刘小芳, her spell)."""
    part = make_child("王小明")
    full = make_child("刘小芳")
    gulou = make_child("郑小宁", area=named.NINGHAI)
    CategorySpellFactory(
        child=part,
        category=Category.SCATTERED_ORPHAN,
        start_date=date(2026, 3, 10),
        end_date=date(2026, 3, 20),
    )
    full_spell = CategorySpellFactory(
        child=full, category=Category.SCATTERED_ORPHAN, start_date=date(2026, 1, 1)
    )
    CategorySpellFactory(child=gulou, category=Category.SCATTERED_ORPHAN, start_date=date(2026, 1, 1))
    return part, full, full_spell


def csv_file(rows) -> io.BytesIO:
    handle = io.BytesIO("\n".join(",".join(row) for row in rows).encode("utf-8"))
    handle.name = "保单清单.csv"
    return handle
