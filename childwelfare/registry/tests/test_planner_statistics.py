"""SQLite's planner statistics (lib.dbstats): taken after a roster import writes children in
bulk, by the nightly refresh_statistics, and by nothing on PostgreSQL (autovacuum does it)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from childwelfare.lib.dbstats import refresh_planner_statistics
from childwelfare.registry.models import Child
from childwelfare.testing import people as named

from .rosters import with_title_and_total, write_xlsx
from .test_import import good_rows

pytestmark = pytest.mark.django_db


def statistics(table: str = "registry_child") -> list:
    """sqlite_stat1's rows for `table` (none before the first ANALYZE)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if not cursor.fetchone():
            return []
        cursor.execute("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        return cursor.fetchall()


def forget_statistics() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone():
            cursor.execute("DELETE FROM sqlite_stat1")


@pytest.fixture
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL's autovacuum keeps its statistics")
    forget_statistics()


def test_a_roster_import_leaves_the_planner_its_statistics(people, tmp_path, sqlite_only):
    assert statistics() == []
    good = write_xlsx(tmp_path / "good.xlsx", with_title_and_total(good_rows()))
    call_command("import_children", str(good), "--area", named.XUANWU, "--json", stdout=io.StringIO())
    assert Child.objects.count() == 3
    stats = dict(statistics())
    # One row per index of the child table, each starting with the table's row count.
    assert stats and all(stat.split()[0] == "3" for stat in stats.values())


def test_a_dry_run_writes_no_statistics(people, tmp_path, sqlite_only):
    good = write_xlsx(tmp_path / "good.xlsx", with_title_and_total(good_rows()))
    call_command(
        "import_children", str(good), "--area", named.XUANWU, "--json", "--dry-run", stdout=io.StringIO()
    )
    assert statistics() == []


def test_the_nightly_refresh_takes_them(people, sqlite_only):
    out = io.StringIO()
    call_command("refresh_statistics", stdout=out)
    assert "ANALYZE" in out.getvalue()
    assert statistics("areas_area")  # the named areas (an empty table gets no row)


def test_nothing_is_done_on_postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    assert refresh_planner_statistics() is False


def test_each_sqlite_connection_has_a_64_mb_page_cache(db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone()[0] == -65536  # KiB, i.e. 64 MB (SQLite's default: -2000)
