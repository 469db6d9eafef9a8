"""The interface language: Chinese by default, English on request, and no Chinese left on an
English page but the data."""

import re

import pytest
from django.urls import reverse

from childwelfare.accounts.models import User
from childwelfare.areas.models import Area
from childwelfare.registry.choices import Category, ParentSituation, Relation, SchoolStatus
from childwelfare.registry.tests.helpers import detail, make_child
from childwelfare.testing.factories import FamilyMemberFactory, ParentConditionFactory


def test_pages_are_chinese_by_default_and_english_on_request(client, people):
    child = make_child(people, "王小明")
    client.force_login(people["director_meiyuan"])
    html = client.get(reverse("registry:child_list")).content.decode()
    assert "儿童档案" in html and "筛选" in html
    for url in (reverse("home"), reverse("registry:child_list"), detail(child)):
        english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert 'lang="en"' in english
        assert "My work" in english
    english = client.get(reverse("registry:child_list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for text in ("Child files", "Filter", "Search", "Export to Excel", "Male", "1 child"):
        assert text in english


def area_name_runs() -> set[str]:
    """Every run of consecutive names along each area's line of ancestors (玄武区梅园新村街道,
    梅园新村街道梅园社区, 玄武区梅园新村街道梅园社区, …)."""
    parents = dict(Area.objects.values_list("code", "parent_id"))
    names = dict(Area.objects.values_list("code", "name"))
    runs = set()
    for code in names:
        line = []
        while code:
            line.insert(0, names[code])
            code = parents.get(code)
        runs |= {"".join(line[i:j]) for i in range(len(line)) for j in range(i + 1, len(line) + 1)}
    return runs


@pytest.mark.parametrize("username", ["director_meiyuan", "officer_xuanwu", "liaison_education_xuanwu"])
def test_english_pages_have_no_chinese_left_but_data(client, people, username):
    """Every interface string is translated: once the data (names of people and places) and
    the language's own name are taken out, no Chinese character is left on the page."""
    child = make_child(
        people,
        "王小明",
        school_status=SchoolStatus.IN_SCHOOL,
        category=Category.RURAL_LEFT_BEHIND,
        ethnicity="",  # data in Chinese the filter below would not know
        address="",
    )
    father = FamilyMemberFactory(child=child, relation=Relation.FATHER, name="王强", phone="13912345678")
    ParentConditionFactory(member=father, situation=ParentSituation.MIGRANT_WORKER, evidence_reference="")
    user = people[username]
    client.force_login(user)
    data = {"王小明", "王强", "简体中文"} | set(User.objects.values_list("full_name", flat=True))
    data |= set(Area.objects.values_list("name", flat=True))
    # Place names as pages print them: a community with its street and district, whole or in
    # part (the transfer form lists the receiving communities so).
    data |= area_name_runs()
    cjk = re.compile(r"[\u4e00-\u9fff\u3001-\u303f\uff00-\uffef]+")
    urls = [reverse("home")]
    if username != "liaison_education_xuanwu":
        urls += [reverse("registry:child_list"), detail(child)]
    for url in urls:
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        html = html.replace(child.area.full_name, "").replace(user.area.full_name, "")
        left = {text for text in cjk.findall(html) if text not in data}
        assert not left, (url, left)
