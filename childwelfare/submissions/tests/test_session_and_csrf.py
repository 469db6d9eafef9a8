"""Session expiry must not lose a write-up (issue 8, item 5): the pages carry what the
browser script needs (who is signed in, when the session ends, the texts of the warning and
of a restored draft), the keep-alive renews the session, and a form sent with a stale CSRF
token gets a page in the user's language that offers to send it again."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from childwelfare.discovery.models import CareMeasure
from childwelfare.registry.choices import Category
from childwelfare.registry.services import add_category
from childwelfare.submissions.once import issue_form_token
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory

TODAY = timezone.localdate()
CJK = re.compile(r"[\u4e00-\u9fff\u3001-\u303f\uff00-\uffef]+")


@pytest.fixture
def child(people):
    child = ChildFactory(area_id=named.MEIYUAN, name="王小明")
    add_category(
        child=child,
        actor=people["admin_nanjing"],
        category=Category.RURAL_LEFT_BEHIND,
        start_date=date(2020, 1, 1),
    )
    return child


def test_pages_tell_the_script_who_is_signed_in_and_when_the_session_ends(client, people, settings):
    settings.SESSION_COOKIE_AGE = 1800
    settings.SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
    login_page = client.get(reverse("login")).content.decode()
    assert "data-user=" not in login_page and 'id="session-warning"' not in login_page
    director = people["director_meiyuan"]
    client.force_login(director)
    html = client.get(reverse("home")).content.decode()
    assert f'data-user="{director.pk}"' in html and 'data-session-idle="1800"' in html
    left = int(re.search(r'data-session-left="(\d+)"', html).group(1))
    assert 12 * 60 * 60 - 60 <= left <= 12 * 60 * 60
    assert "继续工作" in html and reverse("submissions:keep_alive") in html
    assert "已恢复未提交的草稿" in html and "放弃草稿" in html
    assert "submissions/forms.js" in html and "data-clear-drafts" in html


def test_every_textarea_marks_its_form_to_keep_a_draft(client, people, child):
    client.force_login(people["director_meiyuan"])
    html = client.get(reverse("discovery:child_visit", args=[child.pk])).content.decode()
    textareas = re.findall(r"<textarea[^>]*>", html)
    assert textareas and all("data-draft" in tag for tag in textareas)


@pytest.mark.parametrize("username", ["director_meiyuan", "auditor_xuanwu"])
def test_keep_alive_renews_the_session_of_anyone_signed_in(client, people, username):
    client.force_login(people[username])
    url = reverse("submissions:keep_alive")
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 200
    answer = response.json()
    assert answer["idle"] == 1800 and 0 < answer["left"] <= 12 * 60 * 60
    assert response.cookies["sessionid"].value  # the session went out again, renewed


def test_keep_alive_sends_someone_signed_out_to_the_login_page(client):
    response = Client().post(reverse("submissions:keep_alive"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def _stale_post(client, url, data, **extra):
    """POST as a page of the site whose CSRF token went stale (the browser's cookie no longer
    matches); browsers send the page's Origin with a POST."""
    extra.setdefault("HTTP_ORIGIN", "http://testserver")
    return client.post(url, {**data, "csrfmiddlewaretoken": "x" * 64}, **extra)


def test_a_post_forged_by_another_site_is_not_offered_again(people, child):
    """A forged cross-site POST (no valid token, the victim signed in) must not come back as
    a form with a fresh token one click from being sent."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people["director_meiyuan"])
    url = reverse("discovery:child", args=[child.pk])
    browser.get(url)
    for origin in ({"HTTP_ORIGIN": "https://evil.example"}, {"HTTP_ORIGIN": "null"}, {}):
        response = browser.post(url, {"form": "care", "care-description": "伪造"}, **origin)
        html = response.content.decode()
        assert response.status_code == 403 and "页面已过期" in html
        assert "data-resubmit" not in html and "伪造" not in html
    assert CareMeasure.objects.count() == 0


def test_a_stale_form_gets_a_chinese_page_that_offers_to_send_it_again(people, child):
    browser = Client(enforce_csrf_checks=True)
    director = people["director_meiyuan"]
    browser.force_login(director)
    url = reverse("discovery:child", args=[child.pk])
    browser.get(url)  # the CSRF cookie
    token = issue_form_token(director)
    data = {
        "form": "care",
        "form_token": token,
        "care-measure_type": "education",
        "care-provider_kind": "social_organisation",
        "care-provider_name": '爱心社工站 "<script>alert(1)</script>',
        "care-start_date": TODAY.isoformat(),
        "care-description": "课业辅导\n每周两次",
        "old_password": "secret-never-shown",
        "evidence": SimpleUploadedFile("证明.pdf", b"%PDF-1.4 data-never-shown"),
    }
    response = _stale_post(browser, url, data)
    html = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期" in html and "重新提交" in html and "CSRF verification failed" not in html
    assert "上传的文件不会保留" in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "secret-never-shown" not in html and "data-never-shown" not in html and "x" * 64 not in html
    assert CareMeasure.objects.count() == 0
    # The page's own form: the same address, a fresh CSRF token, every value kept.
    form = re.search(r'<form method="post" action="([^"]*)"[^>]*data-resubmit>(.*?)</form>', html, re.S)
    assert form and form.group(1) == url
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(2)))
    assert fields["form_token"] == token and fields["care-description"] == "课业辅导\n每周两次"
    resent = {name: value for name, value in fields.items()}
    resent["care-provider_name"] = data["care-provider_name"]  # as the browser unescapes it
    response = browser.post(url, resent)
    assert response.status_code == 302 and CareMeasure.objects.count() == 1
    measure = CareMeasure.objects.get()
    assert measure.provider_name == data["care-provider_name"] and measure.description == "课业辅导\n每周两次"


def test_a_stale_form_of_someone_signed_out_asks_them_to_sign_in_and_echoes_nothing(people, child):
    browser = Client(enforce_csrf_checks=True)
    browser.get(reverse("login"))
    url = reverse("discovery:child", args=[child.pk])
    response = _stale_post(browser, url, {"form": "care", "care-description": "课业辅导"})
    html = response.content.decode()
    assert response.status_code == 403 and "登录已失效" in html
    assert f'href="{reverse("login")}?next={url}"' in html
    assert "课业辅导" not in html


def test_a_stale_form_page_speaks_english_to_an_english_user(people, child):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people["director_meiyuan"])
    url = reverse("discovery:child", args=[child.pk])
    browser.get(url)
    response = _stale_post(browser, url, {"form": "care"}, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 403 and 'lang="en"' in html
    assert "CSRF verification failed" not in html and "data-resubmit" in html


def test_the_stale_form_page_in_english_has_no_chinese_left(people, child):
    browser = Client(enforce_csrf_checks=True)
    director = people["director_meiyuan"]
    browser.force_login(director)
    url = reverse("discovery:child", args=[child.pk])
    browser.get(url)
    html = _stale_post(browser, url, {"form": "care"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    html = html.replace(director.area.full_name, "")
    data = {director.full_name, "简体中文"}
    left = {text for text in CJK.findall(html) if text not in data}
    assert not left, left
