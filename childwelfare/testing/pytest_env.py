"""Environment defaults for the test suite, applied when this module is imported.

pytest-django reads the settings (DJANGO_SETTINGS_MODULE from pyproject.toml) before the
root conftest.py is imported, and settings.py refuses to load without a secret key. So
these defaults have to be in place earlier: pyproject.toml's addopts loads this module as a
plugin (`-p childwelfare.testing.pytest_env`), so a plain `pytest` needs nothing exported,
and `run_tests` passes the same values in the environment. A variable already set wins.
"""

import os

TEST_ENVIRONMENT = {
    # DEBUG at import time picks the development storages (no collectstatic manifest) and no
    # SSL redirect; Django's test runner still runs every test with DEBUG = False.
    "DJANGO_DEBUG": "1",
    "DJANGO_SECRET_KEY": "test-only-secret-key-not-for-production-0123456789abcdefghijklmnop",
    "FIELD_ENCRYPTION_KEY": "test-only-field-encryption-key-not-for-production",
    # Background jobs run inside the request, so a test sees their result at once.
    "TASKS_IMMEDIATE": "1",
}


def apply_test_environment() -> None:
    for name, value in TEST_ENVIRONMENT.items():
        os.environ.setdefault(name, value)


apply_test_environment()
