"""Benchmark of a large export, not a test (issue 9): the child list of 玄武区 with 100,000
children (each holding a category, one in ten with a guardian) exported

  (a) as the background job the export page starts above EXPORT_JOB_THRESHOLD rows
      (`exports.tasks.run_export`: lib.exporting's write-only workbook, the queryset read in
      chunks of 2,000), and
  (b) the obvious alternative: every row built into a list first, then written by openpyxl
      in its normal (not write-only) mode,

each in its own process on the same SQLite database (loaded once beforehand by a third
process), so that each peak RSS (ru_maxrss) is that run's own. Prints the machine, the load
average before and after, the figures, and the ratio of (b) to (a); a run of the full size
replaces its section of BENCHMARKS.md.

    .venv/bin/python bench/exports.py [--rows N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path
from time import perf_counter

import _common as common

SECTION = "## Exports: a 100,000-row export in the background (bench/exports.py)"
FULL_ROWS = 100_000
LIMIT_MB = 300


def rss_mb() -> float:
    """The current resident set size of this process (MB)."""
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"^VmRSS:\s*(\d+)", status, re.M).group(1)) / 1024


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load(spec: dict) -> dict:
    """Migrate, add the named users and communities, and load the children, their category
    spells and some guardians straight into the tables."""
    from childwelfare.registry.models import CategorySpell, Child, FamilyMember

    users, communities, _seconds = common.prepare_database()
    rng = random.Random(9)
    rows = common.ChildRows(rng)
    today = date.today()
    spells, guardians = [], []

    def children():
        for pk in range(1, spec["rows"] + 1):
            birth = today - timedelta(days=rng.randint(60, 17 * 365))
            opened = today - timedelta(days=rng.randint(1, 900))
            spells.append(
                (pk, rng.choice(("rural_left_behind", "dibao_family", "disabled")), opened, None, "")
            )
            if pk % 10 == 0:
                guardians.append((pk, "grandmother", "王桂兰", True, ""))
            yield rows.row(
                pk,
                birth=birth,
                gender=rng.choice("MF"),
                area=rng.choice(communities),
                created=common.datetime(opened.year, opened.month, opened.day, 9, tzinfo=common.UTC),
                school=common.school_status((today - birth).days // 365, rng),
            )

    common.load_rows(Child, common.CHILD_FIELDS, children(), total=spec["rows"], desc="children")
    common.load_rows(CategorySpell, ["child", "category", "start_date", "end_date", "end_reason"], spells)
    common.load_rows(FamilyMember, ["child", "relation", "name", "is_guardian", "notes"], guardians)
    common.reset_sequences(Child, CategorySpell, FamilyMember)
    common.analyze()
    return {"children": Child.objects.count(), "officer": users["officer_xuanwu"].pk}


def as_job(spec: dict) -> dict:
    """(a): the export page's job, run by the worker's task function."""
    from django.http import QueryDict

    from childwelfare.accounts.models import User
    from childwelfare.exports.models import ExportJob
    from childwelfare.exports.tasks import run_export

    user = User.objects.get(username="officer_xuanwu")
    baseline = rss_mb()
    # The row start_export_job writes (not called: with TASKS_IMMEDIATE its on-commit
    # enqueue would run the job at once, outside the timed block).
    job = ExportJob.objects.create(created_by=user, key="children", query=QueryDict().urlencode())
    started = perf_counter()
    status = run_export.func(job.pk)
    seconds = perf_counter() - started
    job = ExportJob.objects.get(pk=job.pk)
    return {
        "status": status,
        "rows": job.processed,
        "seconds": seconds,
        "baseline_mb": baseline,
        "bytes": job.file.size,
    }


def in_memory(spec: dict) -> dict:
    """(b): the same rows (registry.exports.export_rows, masked as the job writes them) built
    into a list, then a normal openpyxl workbook holding every cell, saved at the end."""
    from django.utils import timezone
    from openpyxl import Workbook

    from childwelfare.accounts.models import User
    from childwelfare.registry.exports import EXPORT_COLUMNS, export_rows
    from childwelfare.registry.models import Child

    user = User.objects.get(username="officer_xuanwu")
    baseline = rss_mb()
    started = perf_counter()
    on = timezone.localdate()
    rows = list(export_rows(Child.objects.visible_to(user).born_by(on), on, full_id=False))
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(EXPORT_COLUMNS)
    for row in rows:
        sheet.append(row)
    target = Path(spec["folder"]) / "in-memory.xlsx"
    workbook.save(target)
    return {
        "status": "written",
        "rows": len(rows),
        "seconds": perf_counter() - started,
        "baseline_mb": baseline,
        "bytes": target.stat().st_size,
    }


def worker(spec: dict) -> None:
    result = {"load": load, "job": as_job, "in_memory": in_memory}[spec["kind"]](spec)
    result["peak_mb"] = peak_mb()
    result["server"] = common.server_version()
    Path(spec["result"]).write_text(json.dumps(result, default=str))


def render(info: dict, results: dict, rows: int, command: str, loads: tuple[float, float]) -> str:
    job, memory = results["job"], results["in_memory"]
    ratio_time = memory["seconds"] / job["seconds"] if job["seconds"] else 0
    ratio_memory = memory["peak_mb"] / job["peak_mb"] if job["peak_mb"] else 0
    verdict = "under" if job["peak_mb"] < LIMIT_MB else "OVER"
    lines = [
        SECTION,
        "",
        f"Command: `{command}`  ",
        f"Machine: {common.machine_line(info)}  ",
        f"Software: Python {info['python']}, Django {info['django']}, {job['server']}  ",
        f"Code: {info['code']}  ",
        f"1-min load average: {loads[0]:.2f} before, {loads[1]:.2f} after (a shared machine: times vary).",
        "",
        f"{rows:,} children of 玄武区 (each holding a category, one in ten with a guardian), exported "
        "as officer_xuanwu sees them, ID numbers masked. Each run in its own process on the same SQLite "
        "database; peak RSS is the process's ru_maxrss (Django and the database connection included: "
        "the baseline column is the RSS before the export started).",
        "",
        "| run | rows | time | peak RSS | baseline RSS | file |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for label, result in (
        ("(a) background job: lib.exporting, write-only, queryset in chunks of 2,000", job),
        ("(b) all rows in a list, openpyxl normal mode", memory),
    ):
        lines.append(
            f"| {label} | {result['rows']:,} | {result['seconds']:.1f} s | {result['peak_mb']:,.0f} MB "
            f"| {result['baseline_mb']:,.0f} MB | {result['bytes'] / 1e6:.1f} MB |"
        )
    lines += [
        "",
        f"The job's peak is {verdict} the {LIMIT_MB} MB the issue allows. (b) / (a): "
        f"{ratio_time:.2f}× the time, {ratio_memory:.1f}× the peak memory. The job's memory does not "
        "grow with the rows (write-only cells go to a temporary file as they are appended; 2,000 "
        "children are held at a time); the in-memory workbook holds every cell as a Python object.",
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
    info = common.machine()
    print(json.dumps(info, ensure_ascii=False, indent=2))
    load_before = os.getloadavg()[0]
    folder = Path(tempfile.mkdtemp(prefix="childwelfare-bench-exports-"))
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    script = str(Path(__file__).resolve())
    results = {}
    try:
        for kind in ("load", "job", "in_memory"):
            spec = {"label": kind, "kind": kind, "rows": args.rows, "folder": str(folder)}
            results[kind] = common.run_worker(script, spec, url)
            print(kind, json.dumps(results[kind], ensure_ascii=False), flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    load_after = os.getloadavg()[0]
    command = ".venv/bin/python bench/exports.py" + (f" --rows {args.rows}" if args.rows != FULL_ROWS else "")
    section = render(info, results, args.rows, command, (load_before, load_after))
    if args.rows == FULL_ROWS:
        common.update_benchmarks(SECTION, section)
    print("\n" + section)


if __name__ == "__main__":
    sys.exit(main())
