"""The language menu names each language in itself (English, 简体中文) on pages of either
language (QA: the Chinese page offered 英语)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_each_language_is_named_in_itself(client, people, language):
    client.force_login(people["director_meiyuan"])
    client.cookies["django_language"] = language
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert ">English</option>" in html and ">简体中文</option>" in html
    assert "英语" not in html
