"""Benchmark of uploads, not a test: peak memory (RSS) and time of

  (a) a 100,000-row roster .xlsx run as a roster job (`registry.tasks.run_roster_import`:
      the file read in the capped child process, validated, dry run and full import),
  (b) each hostile file of issue 13 refused (`lib.sheet_guard.read_table_isolated`): the
      .xlsx reaching XFD1048576, a zip bomb (600 MB of XML in about 0.6 MB), the .ods with
      a row repeated 1,048,575 times,

each in its own process on a fresh SQLite database, so that every peak is that run's own.
"worker" is the process running the job; "reader" the child process that parsed the file.
Prints the machine and the figures; a complete run replaces its section of BENCHMARKS.md.

    .venv/bin/python bench/uploads.py [--rows N]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from time import perf_counter

import import_children as roster  # bench/import_children.py: the roster generator, machine()

ROOT = roster.ROOT
SECTION = "## Uploads: peak memory (bench/uploads.py)"
FULL_ROWS = 100_000


class ReaderPeak(logging.Handler):
    """The reader's own peak RSS, as read_table_isolated logs it."""

    peak_kb = 0

    def emit(self, record: logging.LogRecord) -> None:
        value = record.args[-1] if record.args else 0
        if isinstance(value, int):
            ReaderPeak.peak_kb = max(ReaderPeak.peak_kb, value)


def _peaks(started: float) -> dict:
    status = Path("/proc/self/status").read_text()
    worker_kb = int(re.search(r"^VmHWM:\s*(\d+)", status, re.M).group(1))
    return {
        "seconds": perf_counter() - started,
        "worker_mb": worker_kb / 1024,
        "reader_mb": ReaderPeak.peak_kb / 1024,
    }


def measure_roster(spec: dict) -> dict:
    from django.core.files import File

    from childwelfare.registry.models import RosterImport
    from childwelfare.registry.tasks import run_roster_import

    actor, area, _ = roster.prepare_database()
    with open(spec["file"], "rb") as handle:
        job = RosterImport.objects.create(
            created_by=actor, area=area, filename="roster.xlsx", file=File(handle, "roster.xlsx"),
            dry_run=spec["dry_run"],
        )  # fmt: skip
    started = perf_counter()
    status = run_roster_import.func(job.pk)
    job.refresh_from_db()
    return {**_peaks(started), "status": status, "rows": job.summary.get("rows"), "errors": len(job.errors)}


def measure_hostile(spec: dict) -> dict:
    from childwelfare.lib.sheet_guard import read_table_isolated
    from childwelfare.lib.spreadsheets import SpreadsheetError
    from childwelfare.testing import hostile_sheets

    data = {
        "dimension.xlsx": hostile_sheets.huge_dimension_xlsx,
        "bomb.xlsx": lambda: hostile_sheets.zip_bomb_xlsx(padding_mb=600),
        "repeated.ods": hostile_sheets.repeated_rows_ods,
    }[spec["file"]]()
    started = perf_counter()
    try:
        read_table_isolated(data, spec["file"])
        outcome = "read (not refused!)"
    except SpreadsheetError as exc:
        outcome = f"refused: {exc.code}"
    return {**_peaks(started), "status": outcome, "bytes": len(data)}


def worker(spec: dict) -> None:
    logger = logging.getLogger("childwelfare.lib.sheet_guard")
    logger.addHandler(ReaderPeak())
    logger.setLevel(logging.INFO)
    result = measure_roster(spec) if spec["kind"] == "roster" else measure_hostile(spec)
    Path(spec["result"]).write_text(json.dumps(result))


def run(spec: dict) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="childwelfare-bench-"))
    try:
        spec = {**spec, "result": str(folder / "result.json")}
        env = {**roster.os.environ, "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}"}
        env["MEDIA_ROOT"] = str(folder / "media")
        subprocess.run([sys.executable, __file__, "--worker", json.dumps(spec)], env=env, check=True)
        return json.loads(Path(spec["result"]).read_text())
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def render(info: dict, results: list[tuple[str, dict]], rows: int, command: str) -> str:
    from django.conf import settings

    lines = [
        SECTION,
        "",
        f"Command: `{command}`  ",
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory_gb']} GB, {info['os']}  ",
        f"Software: Python {info['python']}, Django {info['django']}, SQLite {info['sqlite']}, "
        f"python-calamine {info['libraries']['python-calamine']}, openpyxl {info['libraries']['openpyxl']}  ",
        f"Code: {info['code']}",
        "",
        f"The reader runs with RLIMIT_AS = {settings.SPREADSHEET_MEMORY_MB} MB and RLIMIT_CPU = "
        f"{settings.SPREADSHEET_SECONDS} s (settings SPREADSHEET_MEMORY_MB, SPREADSHEET_SECONDS). Peak RSS "
        "is VmHWM of the worker process (Django, the database, validation and writing) and of "
        f"the child process that read the file (the reader). The roster is bench/import_children.py's {rows:,}-row file.",
        "",
        "| run | outcome | time | worker peak RSS | reader peak RSS |",
        "| --- | --- | --- | --- | --- |",
    ]
    for label, result in results:
        lines.append(
            f"| {label} | {result['status']} | {result['seconds']:.1f} s | {result['worker_mb']:,.0f} MB "
            f"| {result['reader_mb']:,.0f} MB |"
        )
    lines += [
        "",
        f"1-min load average: {results[0][1].get('load_start', 0):.1f} at the start, "
        f"{results[-1][1].get('load_end', 0):.1f} at the end. Times are wall-clock on a shared machine; "
        "this section is about the peaks. A refused file costs the worker nothing beyond its baseline "
        "(Django and the database connection) and the reader stops before any sheet is built.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=FULL_ROWS)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(json.loads(args.worker))
        return
    info = roster.machine()
    print(json.dumps(info, ensure_ascii=False, indent=2))
    folder = Path(tempfile.mkdtemp(prefix="childwelfare-bench-file-"))
    try:
        path = folder / "roster.xlsx"
        roster.write_roster(path, args.rows, date.today())
        results = []
        for label, spec in [
            (f"(a) roster job, {args.rows:,} rows .xlsx, dry run", {"kind": "roster", "dry_run": True}),
            (f"(a) roster job, {args.rows:,} rows .xlsx, full import", {"kind": "roster", "dry_run": False}),
            ("(b) .xlsx with cells at A1 and XFD1048576", {"kind": "hostile", "file": "dimension.xlsx"}),
            ("(b) zip bomb .xlsx (600 MB of XML)", {"kind": "hostile", "file": "bomb.xlsx"}),
            ("(b) .ods, a row repeated 1,048,575 times", {"kind": "hostile", "file": "repeated.ods"}),
        ]:
            load_start = os.getloadavg()[0]
            result = run({**spec, "file": spec.get("file", str(path))})
            result.update(load_start=load_start, load_end=os.getloadavg()[0])
            results.append((label, result))
            print(
                f"{label}: {result['status']}, {result['seconds']:.1f} s, worker {result['worker_mb']:,.0f} MB, "
                f"reader {result['reader_mb']:,.0f} MB",
                flush=True,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    command = ".venv/bin/python bench/uploads.py" + (f" --rows {args.rows}" if args.rows != FULL_ROWS else "")
    section = render(info, results, args.rows, command)
    if args.rows == FULL_ROWS:
        roster.SECTION = SECTION
        roster.update_benchmarks(section)
    print("\n" + section)


if __name__ == "__main__":
    main()
