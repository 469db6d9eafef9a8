"""The test set-up itself: each run uses the database it was asked for, jobs run inline,
and the named people exist and can be logged in."""

import os

import dj_database_url
from django.conf import settings
from django.db import connection
from django.urls import reverse

from childwelfare.accounts.choices import Role
from childwelfare.testing.people import MEIYUAN


def test_suite_runs_on_the_database_it_was_given(db):
    # `run_tests postgres` must not quietly fall back to SQLite.
    url = os.environ.get("DATABASE_URL")
    expected = dj_database_url.parse(url)["ENGINE"] if url else "django.db.backends.sqlite3"
    assert settings.DATABASES["default"]["ENGINE"] == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_background_jobs_run_inline():
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"


def test_named_director_logs_in_and_sees_home(client, people):
    director = people["director_meiyuan"]
    assert (director.role, director.area_id) == (Role.CHILD_DIRECTOR, MEIYUAN)
    client.force_login(director)
    response = client.get(reverse("home"))
    assert response.status_code == 200
