"""The casebook (issue 11): searchable by collection, kind, category, problem, measure and
Chinese keywords found inside the text; readable by every staff user, not by reviewers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from childwelfare.outreach.models import CasebookEntry, Collection
from childwelfare.outreach.querysets import search_casebook


@pytest.fixture
def book(db):
    worked = Collection.objects.create(name="困境儿童个案 50 例", year=2023)
    winners = Collection.objects.create(name="2023年度优秀案例及项目", year=2023)
    CasebookEntry.objects.create(
        collection=worked,
        number=1,
        kind="case",
        year=2023,
        title="留守儿童的临时监护",
        category="rural_left_behind",
        problem="guardianship",
        measure="guardianship",
        text="某某父母外出务工，祖父去世后长期处于监护缺失状态，社工联系村委会落实临时监护。",
    )
    CasebookEntry.objects.create(
        collection=worked,
        number=2,
        kind="case",
        year=2023,
        title="重病儿童的医疗救助",
        category="seriously_ill_or_disabled",
        problem="medical",
        measure="medical",
        text="某某患白血病，医保报销后自付部分由慈善基金资助。",
    )
    CasebookEntry.objects.create(
        collection=winners,
        number=1,
        kind="project",
        year=2023,
        title="儿童之家四点半课堂",
        measure="education",
        text="课后托管与课业辅导。",
    )
    return {"worked": worked, "winners": winners}


def _titles(entries):
    return sorted(entries.values_list("title", flat=True))


def test_a_word_inside_a_sentence_is_found(book):
    entries = CasebookEntry.objects.all()
    assert _titles(search_casebook(entries, q="监护缺失")) == ["留守儿童的临时监护"]
    assert _titles(search_casebook(entries, q="白血病 慈善")) == ["重病儿童的医疗救助"]
    assert _titles(search_casebook(entries, q="监护缺失 白血病")) == []


def test_filters_by_collection_category_problem_and_measure(book):
    entries = CasebookEntry.objects.all()
    assert _titles(search_casebook(entries, collection=str(book["winners"].pk))) == ["儿童之家四点半课堂"]
    assert _titles(search_casebook(entries, category="seriously_ill_or_disabled")) == ["重病儿童的医疗救助"]
    assert _titles(search_casebook(entries, problem="guardianship", kind="case")) == ["留守儿童的临时监护"]
    assert _titles(search_casebook(entries, measure="education")) == ["儿童之家四点半课堂"]


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("director_meiyuan", 200),
        ("staff_meiyuan", 200),
        ("liaison_education_xuanwu", 200),
        ("auditor_xuanwu", 200),
        ("reviewer_nanjing", 403),
    ],
)
def test_every_staff_user_reads_the_casebook_but_reviewers(client, people, book, username, status):
    client.force_login(people[username])
    response = client.get(reverse("outreach:casebook") + "?q=监护缺失")
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "留守儿童的临时监护" in html and "重病儿童的医疗救助" not in html
        entry = CasebookEntry.objects.get(number=1, collection=book["worked"])
        assert client.get(reverse("outreach:casebook_entry", args=[entry.pk])).status_code == 200
