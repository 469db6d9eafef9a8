"""Error pages and the login lockout speak Chinese (no English on a Chinese page)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def chinese_page(html: str) -> bool:
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S))
    return bool(re.search(r"[\u4e00-\u9fff]", text)) and not re.search(
        r"\b(Forbidden|Not Found|Account locked)\b", text
    )


def test_lockout_after_five_wrong_passwords_is_explained_in_chinese(client, people):
    for _ in range(5):
        response = client.post(reverse("login"), {"username": "director_meiyuan", "password": "wrong"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "账号已暂时锁定" in html and "30 分钟" in html and chinese_page(html)
    # Locked even with the right password now.
    response = client.post(reverse("login"), {"username": "director_meiyuan", "password": "Tonghu-2026"})
    assert response.status_code == 429


def test_403_and_404_pages_are_chinese(client, people):
    client.force_login(people["liaison_education_xuanwu"])
    response = client.get(reverse("registry:import_upload"))
    assert response.status_code == 403 and chinese_page(response.content.decode())
    client.force_login(people["director_meiyuan"])
    response = client.get("/children/999999/")
    assert response.status_code == 404
    assert "不存在，或不在您的管辖范围内" in response.content.decode()
