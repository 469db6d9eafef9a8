"""The hardening an audit asks for (issue 13, finding 10): Content-Security-Policy without
inline script, Permissions-Policy, no caching of pages and files, password rules and the
password-change page, a forced change of a password someone else chose, an absolute session
lifetime, demo commands that refuse production, uploaded files readable by the server only."""

from __future__ import annotations

import io
import os
import re
import stat
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from childwelfare.accounts.models import User
from childwelfare.testing.people import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

REPO_ROOT = Path(settings.BASE_DIR)


def directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def test_pages_carry_a_csp_without_inline_script_or_eval(client, people):
    client.force_login(people["director_meiyuan"])
    for url in (reverse("home"), reverse("registry:child_list"), reverse("login")):
        policy = directives(client.get(url))
        script = policy.get("script-src", policy.get("default-src"))
        assert script == ["'self'"], (url, policy)
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
        assert "'unsafe-inline'" not in policy.get("style-src", [])


def test_no_template_has_an_inline_script_handler_or_style_element():
    """Inline scripts, on…= handlers and <style> elements would be refused by the CSP."""
    found = []
    roots = [REPO_ROOT / "templates", REPO_ROOT / "childwelfare"]
    for root in roots:
        for path in root.rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"\son[a-z]+\s*=", r"<style\b", r"javascript:"):
                found += [f"{path.relative_to(REPO_ROOT)}: {m.group(0)}" for m in re.finditer(pattern, text)]
    assert not found, "\n".join(found)


def test_permissions_policy_and_no_store_on_pages_and_files(client, people):
    client.force_login(people["officer_xuanwu"])
    for url in (reverse("home"), reverse("registry:child_list"), reverse("registry:child_export")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response.headers.get("Cache-Control", ""), url
        policy = response.headers.get("Permissions-Policy", "")
        for feature in ("camera=()", "microphone=()", "geolocation=()"):
            assert feature in policy, (url, policy)


def test_passwords_like_the_user_short_or_numeric_are_refused(people):
    director = people["director_meiyuan"]
    director.full_name = "Zhang Lihua"
    for weak in ("director_meiyuan", "zhanglihua1", "Tonghu-26", "2026031512345"):
        with pytest.raises(ValidationError):
            validate_password(weak, director)
    validate_password("Qiu-yue-mingming-7", director)


def test_password_change_page_changes_the_password_and_is_in_the_navbar(client, people):
    client.force_login(people["director_meiyuan"])
    home = client.get(reverse("home")).content.decode()
    assert reverse("password_change") in home
    page = client.get(reverse("password_change"))
    assert page.status_code == 200 and "修改密码" in page.content.decode()
    refused = client.post(
        reverse("password_change"),
        {
            "old_password": DEMO_PASSWORD,
            "new_password1": "director_meiyuan",
            "new_password2": "director_meiyuan",
        },
    )
    assert refused.status_code == 200
    response = client.post(
        reverse("password_change"),
        {
            "old_password": DEMO_PASSWORD,
            "new_password1": "Qiu-yue-mingming-7",
            "new_password2": "Qiu-yue-mingming-7",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="director_meiyuan").check_password("Qiu-yue-mingming-7")
    # Still signed in after the change.
    assert client.get(reverse("home")).status_code == 200


def test_a_password_set_by_an_administrator_must_be_changed(client, people):
    admin = User.objects.create_superuser(username="root_admin", password="Admin-pass-2026x")
    client.force_login(admin)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "new_director",
            "usable_password": "true",
            "password1": "Chushi-mima-2026",
            "password2": "Chushi-mima-2026",
            "role": "",
            "full_name": "新主任",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(username="new_director")
    assert created.must_change_password
    director = people["director_meiyuan"]
    response = client.post(
        reverse("admin:auth_user_password_change", args=[director.pk]),
        {"usable_password": "true", "password1": "Chongzhi-mima-2026", "password2": "Chongzhi-mima-2026"},
    )
    assert response.status_code == 302
    director.refresh_from_db()
    assert director.must_change_password

    client.logout()
    client.post(reverse("login"), {"username": "director_meiyuan", "password": "Chongzhi-mima-2026"})
    for url in (reverse("home"), reverse("registry:child_list")):
        assert client.get(url)["Location"] == reverse("password_change"), url
    assert client.get(reverse("password_change")).status_code == 200
    client.post(
        reverse("password_change"),
        {
            "old_password": "Chongzhi-mima-2026",
            "new_password1": "Ziji-mima-2026x",
            "new_password2": "Ziji-mima-2026x",
        },
    )
    director.refresh_from_db()
    assert not director.must_change_password
    assert client.get(reverse("home")).status_code == 200


def test_the_demo_accounts_are_not_forced_to_change(people):
    assert not any(user.must_change_password for user in people.values())


def test_a_session_ends_twelve_hours_after_sign_in_whatever_the_activity(client, people):
    from childwelfare.accounts.middleware import SIGNED_IN_AT

    assert settings.SESSION_ABSOLUTE_SECONDS == 12 * 60 * 60
    client.force_login(people["director_meiyuan"])
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS + 60
    session.save()
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.get(reverse("home")).status_code == 302


def test_demo_commands_refuse_to_run_without_debug(settings):
    settings.DEBUG = False
    for command in ("seed_demo", "demo_logins"):
        with pytest.raises(CommandError, match="--allow-production"):
            call_command(command, stdout=io.StringIO())
    out = io.StringIO()
    call_command("demo_logins", "--allow-production", stdout=out)
    assert "director_meiyuan" in out.getvalue()
    settings.DEBUG = True
    call_command("demo_logins", stdout=io.StringIO())


def test_uploaded_files_are_readable_by_the_server_only(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("imports/2026/名册.csv", ContentFile(b"a,b\n"))
    assert stat.S_IMODE(os.stat(storage.path(name)).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "imports").st_mode) == 0o700
