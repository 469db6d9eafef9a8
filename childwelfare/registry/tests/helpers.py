"""Shared set-up of the registry page tests: children registered by officer_xuanwu (built
with testing.factories), the list page's names, the profile's URL."""

from datetime import date

from django.urls import reverse

from childwelfare.testing.factories import ChildFactory
from childwelfare.testing.people import MEIYUAN


def make_child(people, name, *, birth=date(2015, 3, 4), area=MEIYUAN, gender="M", **fields):
    """A child of `area` (梅园社区) born on `birth`, registered by officer_xuanwu (李文静, the
    history's user); other ChildFactory fields as given (`category=` adds a spell)."""
    fields.setdefault("category__actor", people["officer_xuanwu"])
    return ChildFactory(
        name=name, birth_date=birth, gender=gender, area_id=area, actor=people["officer_xuanwu"], **fields
    )


def listed(client, query=""):
    """The names on the child list page for a query string, in the page's order."""
    response = client.get(reverse("registry:child_list") + query)
    assert response.status_code == 200
    return [child.name for child in response.context["page"].object_list]


def detail(child):
    return reverse("registry:child_detail", args=[child.pk])


def row_of(html: str, name: str) -> str:
    """The table row (<tr>…</tr>) of the child named `name` on a list page."""
    link = html.index(f">{name}</a>")
    return html[html.rindex("<tr", 0, link) : html.index("</tr>", link)]
