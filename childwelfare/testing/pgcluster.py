"""A throwaway PostgreSQL cluster for one test run: `initdb` in a temporary folder, a server
on 127.0.0.1 at a free port, removed afterwards. Imports nothing from Django, so the test
runner can start it before the settings are read.

`initdb` refuses to run as root, and CI runs as root: then the cluster runs as an
unprivileged user (`nobody` by default) that owns the temporary folder.

The server runs as a child of this process (not daemonised by pg_ctl) and is told by the
kernel to die with it (PR_SET_PDEATHSIG), so even a test run killed with SIGKILL leaves no
server behind; its folder is removed by the next run.
"""

from __future__ import annotations

import ctypes
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
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
FOLDER_PREFIX = "childwelfare-pg-"
READY_LINE = "database system is ready to accept connections"
PR_SET_PDEATHSIG = 1


class ClusterError(RuntimeError):
    """The throwaway cluster could not be created or started; the message says why and
    ends with the tail of the server log when there is one."""


def find_bin_dir() -> Path | None:
    """The folder holding `initdb` and `postgres`: PG_BIN_DIR if set, else PATH, else the
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
        if (folder / "initdb").is_file() and (folder / "postgres").is_file():
            return folder
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def die_with_parent(sig: int = signal.SIGKILL):
    """A `preexec_fn` for Popen: the kernel sends `sig` to the child when this process dies,
    however it dies. It runs between fork and exec, after Popen's switch of user (a later
    change of user would clear it). Linux only; elsewhere a no-op."""

    def preexec() -> None:
        if sys.platform.startswith("linux"):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, sig)

    return preexec


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_folders(max_age_seconds: int = 3600) -> None:
    """Delete the folders of earlier runs whose server is gone (the run was killed before it
    could clean up). A folder with a live server, or a young one still being set up by a run
    going on beside this one, is left alone."""
    for folder in Path(tempfile.gettempdir()).glob(FOLDER_PREFIX + "*"):
        pid_file = folder / "data" / "postmaster.pid"
        try:
            pid = int(pid_file.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            pid = None
        try:
            age = time.time() - folder.stat().st_mtime
        except OSError:
            continue
        if (pid is not None and not _alive(pid)) or (pid is None and age > max_age_seconds):
            shutil.rmtree(folder, ignore_errors=True)


class ThrowawayCluster:
    """Context manager: `with ThrowawayCluster() as cluster: cluster.url` is a DATABASE_URL
    for the superuser `postgres` (trust authentication, loopback only). On exit the server
    is stopped and its folder removed, also after an error or Ctrl-C.

    Raises ClusterError if the binaries are missing or the server does not start.
    """

    def __init__(self, bin_dir: Path | None = None, run_as: str = "nobody"):
        self.bin_dir = bin_dir or find_bin_dir()
        if self.bin_dir is None:
            raise ClusterError("PostgreSQL server binaries (initdb, postgres) not found")
        self.account = None
        if os.geteuid() == 0:
            try:
                self.account = pwd.getpwnam(run_as)
            except KeyError as exc:
                raise ClusterError(
                    f"running as root, but there is no user {run_as!r} to run PostgreSQL"
                ) from exc
        self.folder: Path | None = None
        self.port: int | None = None
        self.server: subprocess.Popen | None = None

    @property
    def data_dir(self) -> Path:
        return self.folder / "data"

    @property
    def log_file(self) -> Path:
        return self.folder / "server.log"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _as_owner(self) -> dict:
        """Popen arguments that run the command as the cluster's owner and tie its life to
        this process."""
        options = {
            "cwd": self.folder,
            "stdin": subprocess.DEVNULL,
            "env": {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
            "preexec_fn": die_with_parent(signal.SIGKILL),
        }
        if self.account is not None:
            options.update(user=self.account.pw_uid, group=self.account.pw_gid, extra_groups=[])
        return options

    def _log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def start(self) -> ThrowawayCluster:
        remove_stale_folders()
        self.folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))
        if self.account is not None:
            os.chown(self.folder, self.account.pw_uid, self.account.pw_gid)
        initdb = [
            str(self.bin_dir / "initdb"),
            "-D", str(self.data_dir),
            "-U", "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
            "--no-sync",
        ]  # fmt: skip
        result = subprocess.run(initdb, capture_output=True, text=True, timeout=180, **self._as_owner())
        if result.returncode != 0:
            raise ClusterError(f"initdb failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
        # A free port can be taken between the look and the start; try a few.
        for _attempt in range(3):
            self.port = free_port()
            if self._start_server():
                return self
        raise ClusterError(f"the PostgreSQL server did not start:\n{self._log_tail()}")

    def _start_server(self, seconds: float = 60) -> bool:
        options = {**SERVER_OPTIONS, "port": str(self.port), "unix_socket_directories": str(self.folder)}
        command = [str(self.bin_dir / "postgres"), "-D", str(self.data_dir)]
        for key, value in options.items():
            command += ["-c", f"{key}={value}"]
        with open(self.log_file, "ab") as log:
            if self.account is not None:
                os.chown(self.log_file, self.account.pw_uid, self.account.pw_gid)
            self.server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, **self._as_owner())
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                self.server = None
                return False
            if READY_LINE in self.log_file.read_text(errors="replace"):
                return True
            time.sleep(0.1)
        self._stop_server()
        raise ClusterError(f"PostgreSQL was not ready after {seconds:.0f} s:\n{self._log_tail()}")

    def _stop_server(self) -> None:
        """Fast shutdown (SIGINT), immediate (SIGQUIT) if that takes too long, then SIGKILL."""
        if self.server is None:
            return
        for sig, wait_seconds in ((signal.SIGINT, 30), (signal.SIGQUIT, 10), (signal.SIGKILL, 10)):
            if self.server.poll() is not None:
                break
            self.server.send_signal(sig)
            try:
                self.server.wait(wait_seconds)
                break
            except subprocess.TimeoutExpired:
                continue
        self.server = None

    def stop(self) -> None:
        """Stop the server and delete the folder."""
        try:
            self._stop_server()
        finally:
            if self.folder is not None:
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
