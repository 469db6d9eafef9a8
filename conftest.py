"""Shared pytest set-up for the whole suite.

The environment defaults (secret keys, TASKS_IMMEDIATE=1) live in
childwelfare/testing/pytest_env.py, because pytest-django reads the settings before this
file is imported; pyproject.toml's addopts loads it as a plugin.

Logging in: django-axes needs the request in `authenticate()`, so `client.login()` fails
with AxesBackendRequestParameterRequired. Use `client.force_login(user)` (or the `people`
fixture below); tests of the login page itself post to it.
"""

import pytest

import childwelfare.testing.pytest_env  # noqa: F401  (the defaults, should the plugin be left out)


def pytest_configure(config):
    from django.conf import settings

    # A fast hasher: every named user is created with a password, and PBKDF2 costs a
    # noticeable fraction of a second each time. Tests never depend on the algorithm.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # WhiteNoise serves STATIC_ROOT, which only `collectstatic` fills; tests get static files
    # from the finders (the live server) and need no such folder.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (zh-hans). LocaleMiddleware activates the
    language of each test-client request in the test's own thread and nothing resets it,
    so without this an English page in one test would leave later tests (and management
    commands they call) in English, depending on the order xdist happens to choose."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def people(db):
    """The named areas and users of childwelfare.testing.people: {username: User}."""
    from childwelfare.testing.people import ensure_people

    return ensure_people()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load Nanjing's divisions and the named communities once per test database, not once
    per test: each test's transaction rolls back to this state. (Tests that flush the
    database, such as the live-server ones, get them back from ensure_people().)"""
    from childwelfare.testing.people import ensure_areas

    with django_db_blocker.unblock():
        ensure_areas()
