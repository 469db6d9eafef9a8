"""PostgreSQL's JIT is off for the application's connections unless DATABASE_JIT=1 (issue 14,
item 2): on the work lists it cost more than the queries it compiled."""

import json
import os
import subprocess
import sys

import pytest
from django.db import connection

SHOW = (
    "import json, django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'childwelfare.settings'); "
    "from django.conf import settings; print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"
)


def options_with(**env) -> dict:
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_JIT"}
    environment.update(DATABASE_URL="postgres://u:p@localhost:5432/db", **env)
    out = subprocess.run(
        [sys.executable, "-c", SHOW], env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_jit_off_in_the_connection_options_unless_asked():
    assert "-c jit=off" in options_with().get("options", "")
    assert "jit" not in options_with(DATABASE_JIT="1").get("options", "")


@pytest.mark.django_db
def test_jit_is_off_on_the_application_connection():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
