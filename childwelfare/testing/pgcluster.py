"""A throwaway PostgreSQL cluster for one test run: `initdb` in a temporary folder, a server
on 127.0.0.1 at a free port, removed afterwards. Imports nothing from Django, so the test
runner can start it before the settings are read.

`initdb` refuses to run as root, and CI runs as root: then the cluster runs as an
unprivileged user (`nobody` by default) that owns the temporary folder.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

# Durability is pointless for a cluster that is deleted after the run; these make it fast.
SERVER_OPTIONS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "60",
}


class ClusterError(RuntimeError):
    """The throwaway cluster could not be created or started; the message says why and
    ends with the tail of the server log when there is one."""


def find_bin_dir() -> Path | None:
    """The folder holding `initdb` and `pg_ctl`: PG_BIN_DIR if set, else PATH, else the
    newest /usr/lib/postgresql/<major>/bin (Debian puts the server binaries there, not on
    PATH). Returns None when PostgreSQL's server is not installed."""
    candidates: list[Path] = []
    if os.environ.get("PG_BIN_DIR"):
        candidates.append(Path(os.environ["PG_BIN_DIR"]))
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).resolve().parent)
    versions = glob.glob("/usr/lib/postgresql/*/bin")
    versions.sort(key=lambda path: int(Path(path).parent.name) if Path(path).parent.name.isdigit() else 0)
    candidates.extend(Path(path) for path in reversed(versions))
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayCluster:
    """Context manager: `with ThrowawayCluster() as cluster: cluster.url` is a DATABASE_URL
    for the superuser `postgres` (trust authentication, loopback only). On exit the server
    is stopped and its folder removed, also after an error or Ctrl-C.

    Raises ClusterError if the binaries are missing or the server does not start.
    """

    def __init__(self, bin_dir: Path | None = None, run_as: str = "nobody"):
        self.bin_dir = bin_dir or find_bin_dir()
        if self.bin_dir is None:
            raise ClusterError("PostgreSQL server binaries (initdb, pg_ctl) not found")
        self.run_as = run_as if os.geteuid() == 0 else None
        self.folder: Path | None = None
        self.port: int | None = None
        self.started = False

    @property
    def data_dir(self) -> Path:
        return self.folder / "data"

    @property
    def log_file(self) -> Path:
        return self.folder / "server.log"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _command(self, *args: str) -> list[str]:
        if self.run_as is None:
            return list(args)
        if shutil.which("runuser"):
            return ["runuser", "-u", self.run_as, "--", *args]
        return ["setpriv", f"--reuid={self.run_as}", f"--regid={self.run_as}", "--init-groups", *args]

    def _run(self, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
        return subprocess.run(
            self._command(*args),
            cwd=self.folder,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
        )

    def _log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def start(self) -> ThrowawayCluster:
        self.folder = Path(tempfile.mkdtemp(prefix="childwelfare-pg-"))
        if self.run_as is not None:
            try:
                account = pwd.getpwnam(self.run_as)
            except KeyError as exc:
                raise ClusterError(
                    f"running as root, but there is no user {self.run_as!r} to run PostgreSQL"
                ) from exc
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        result = self._run(
            str(self.bin_dir / "initdb"),
            "-D", str(self.data_dir),
            "-U", "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
            "--no-sync",
        )  # fmt: skip
        if result.returncode != 0:
            raise ClusterError(f"initdb failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
        # A free port can be taken between the look and the start; try a few.
        for _attempt in range(3):
            self.port = free_port()
            options = {**SERVER_OPTIONS, "port": str(self.port), "unix_socket_directories": str(self.folder)}
            result = self._run(
                str(self.bin_dir / "pg_ctl"),
                "-D", str(self.data_dir),
                "-l", str(self.log_file),
                "-w", "-t", "60",
                "-o", " ".join(f"-c {key}={value}" for key, value in options.items()),
                "start",
            )  # fmt: skip
            if result.returncode == 0:
                self.started = True
                self._wait_accepting()
                return self
            time.sleep(0.5)
        raise ClusterError(f"pg_ctl start failed:\n{result.stdout}\n{result.stderr}\n{self._log_tail()}")

    def _wait_accepting(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise ClusterError(f"PostgreSQL does not accept connections on port {self.port}\n{self._log_tail()}")

    def stop(self) -> None:
        """Stop the server (fast shutdown, immediate if that hangs) and delete the folder."""
        if self.folder is None:
            return
        try:
            if self.started:
                pg_ctl = str(self.bin_dir / "pg_ctl")
                try:
                    result = self._run(
                        pg_ctl, "-D", str(self.data_dir), "-m", "fast", "-w", "stop", timeout=60
                    )
                    failed = result.returncode != 0
                except subprocess.TimeoutExpired:
                    failed = True
                if failed:
                    self._run(pg_ctl, "-D", str(self.data_dir), "-m", "immediate", "-w", "stop", timeout=60)
                self.started = False
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def __enter__(self) -> ThrowawayCluster:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc_info) -> None:
        self.stop()
