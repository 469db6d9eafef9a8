"""The application's child search (issue 9): an over-long query gets a message, not a search
of its first 50 characters; the search is the child list's (given-name pinyin)."""

from django.urls import reverse

from childwelfare.testing.factories import ChildFactory
from childwelfare.testing.people import MEIYUAN


def test_over_long_query_gets_a_message(client, people):
    ChildFactory(name="王舒诺", area_id=MEIYUAN, actor=people["officer_xuanwu"])
    client.force_login(people["director_meiyuan"])
    url = reverse("benefits:child_search")
    response = client.get(url, {"q": "王舒诺" + "x" * 60})
    assert response.context["children"] == []
    assert "搜索内容过长" in response.content.decode()
    assert [c.name for c in client.get(url, {"q": "shunuo"}).context["children"]] == ["王舒诺"]
