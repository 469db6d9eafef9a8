"""Production settings pass Django's deployment checklist (`manage.py check --deploy`).

Each check runs manage.py in a subprocess, so settings.py is read afresh from an environment
like a server's: DJANGO_DEBUG unset, real keys, allowed hosts set. The test process itself
keeps its development settings.
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# HSTS preload is an opt-in decision of the deployment (DJANGO_HSTS_PRELOAD): submitting the
# domain to the browsers' preload list binds it and every subdomain to HTTPS for good.
ALLOWED_WARNINGS = {"security.W021"}


def production_environment(**extra: str) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_") and name not in {"TASKS_IMMEDIATE", "DATABASE_URL"}
    }
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        FIELD_ENCRYPTION_KEY=secrets.token_urlsafe(32),
        DJANGO_ALLOWED_HOSTS="tonghu.example.gov.cn",
        **extra,
    )
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


def issue_ids(output: str) -> set[str]:
    return set(re.findall(r"\(([a-z_]+\.[A-Z]\d{3})\)", output))


def test_check_deploy_passes_with_production_settings():
    result = manage("check", "--deploy", env=production_environment())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert issue_ids(output) <= ALLOWED_WARNINGS, output


def test_check_deploy_is_clean_when_hsts_preload_is_chosen():
    env = production_environment(DJANGO_HSTS_PRELOAD="1")
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = production_environment()
    del env["DJANGO_SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
