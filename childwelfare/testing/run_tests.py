"""Run the test suite one way: `python -m childwelfare.testing.run_tests MODE [PYTEST_ARGS...]`.

MODE is one of
  sqlite    every test not marked `browser`, on SQLite (in memory), with pytest-xdist;
  postgres  the same tests on a throwaway PostgreSQL cluster (see pgcluster.py), skipped
            when the server binaries are missing unless REQUIRE_POSTGRES=1;
  browser   only the tests marked `browser` (Playwright driving Chromium against a live
            server), skipped when Chromium is missing unless REQUIRE_BROWSER=1.

`make test` runs the three after `make lint`. Extra arguments go to pytest as they are
(e.g. `run_tests sqlite -k idnumber`). Environment: TEST_WORKERS (xdist workers for the
sqlite and postgres runs, default 2, 0 for none), PG_BIN_DIR, CHROMIUM_PATH.

Exit code: pytest's, except that "no tests collected" (5) is a failure unless extra
arguments narrowed the selection: the repository ships tests for every mode, so an empty
run means something is broken. A missing PostgreSQL or Chromium exits 0 with a SKIPPED
line, or 1 with a FAILED line when required.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from childwelfare.testing.pgcluster import ClusterError, ThrowawayCluster, die_with_parent, find_bin_dir
from childwelfare.testing.pytest_env import TEST_ENVIRONMENT

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
NO_TESTS_COLLECTED = 5
MODES = ("sqlite", "postgres", "browser")


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def say(mode: str, message: str) -> None:
    print(f"run_tests {mode}: {message}", flush=True)


def find_chromium() -> str | None:
    """CHROMIUM_PATH if set, else Debian's /usr/bin/chromium, else `chromium` on PATH."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    for path in CHROMIUM_CANDIDATES:
        if os.access(path, os.X_OK):
            return path
    return shutil.which("chromium") or shutil.which("chromium-browser")


def suite_environment() -> dict[str, str]:
    env = dict(os.environ)
    for name, value in TEST_ENVIRONMENT.items():
        env.setdefault(name, value)
    env.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    return env


def xdist_args() -> list[str]:
    workers = os.environ.get("TEST_WORKERS", "2").strip()
    if workers in ("", "0", "1"):
        return []
    return ["-n", workers]


def run_pytest(mode: str, args: list[str], env: dict[str, str], extra: list[str]) -> int:
    # pyproject.toml's addopts loads childwelfare.testing.pytest_env; the defaults are also
    # passed here so that they hold even for a pytest run with other addopts.
    command = [sys.executable, "-m", "pytest", *args, *extra]
    say(mode, " ".join(command))
    started = time.monotonic()
    # pytest ends with this runner even when the runner is killed outright.
    code = subprocess.run(
        command, cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL, preexec_fn=die_with_parent(signal.SIGTERM)
    ).returncode
    elapsed = time.monotonic() - started
    if code == NO_TESTS_COLLECTED:
        if extra:
            say(mode, f"NOTICE: no tests matched the given arguments {extra}; counted as success")
            return 0
        say(mode, "FAILED: pytest collected no tests, but this mode always has tests; check the markers")
        return code
    verdict = "passed" if code == 0 else f"FAILED (pytest exit code {code})"
    say(mode, f"{verdict} in {elapsed:.1f} s")
    return code


def missing(mode: str, what: str, required_by: str) -> int:
    if env_flag(required_by):
        say(mode, f"FAILED: {what}, and {required_by}=1 requires it")
        return 1
    say(mode, f"SKIPPED: {what} (set {required_by}=1 to make this a failure)")
    return 0


def run_sqlite(extra: list[str]) -> int:
    env = suite_environment()
    env.pop("DATABASE_URL", None)  # settings.py falls back to SQLite; tests use it in memory
    return run_pytest("sqlite", ["-m", "not browser", *xdist_args()], env, extra)


def run_postgres(extra: list[str]) -> int:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        return missing(
            "postgres",
            "PostgreSQL server binaries (initdb, postgres) not found on PATH or in /usr/lib/postgresql/*/bin",
            "REQUIRE_POSTGRES",
        )
    started = time.monotonic()
    try:
        with ThrowawayCluster(bin_dir) as cluster:
            say(
                "postgres",
                f"cluster from {bin_dir} at {cluster.url} started in {time.monotonic() - started:.1f} s",
            )
            env = suite_environment()
            env["DATABASE_URL"] = cluster.url
            return run_pytest("postgres", ["-m", "not browser", *xdist_args()], env, extra)
    except ClusterError as exc:
        say("postgres", f"FAILED: could not start the throwaway cluster: {exc}")
        return 1


def run_browser(extra: list[str]) -> int:
    chromium = find_chromium()
    if chromium is None:
        return missing(
            "browser", "Chromium not found (/usr/bin/chromium or CHROMIUM_PATH)", "REQUIRE_BROWSER"
        )
    try:
        import playwright  # noqa: F401
    except ImportError:
        say("browser", "FAILED: Chromium is there but the playwright package is not (make install)")
        return 1
    env = suite_environment()
    env.pop("DATABASE_URL", None)
    env["CHROMIUM_PATH"] = chromium
    # A database file, not SQLite in memory (see settings.py, SQLITE_TEST_DATABASE).
    with tempfile.TemporaryDirectory(prefix="childwelfare-browser-") as directory:
        env["SQLITE_TEST_DATABASE"] = str(Path(directory) / "test.sqlite3")
        return run_pytest("browser", ["-m", "browser"], env, extra)


def _terminate(signum, frame):
    # Turn SIGTERM into an exception so that `with ThrowawayCluster()` stops the server.
    raise SystemExit(128 + signum)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in MODES:
        print(__doc__, file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _terminate)
    mode, extra = argv[0], argv[1:]
    runner = {"sqlite": run_sqlite, "postgres": run_postgres, "browser": run_browser}[mode]
    return runner(extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
