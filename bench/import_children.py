"""Benchmark of the roster import (名册导入), not a test: rows per second for

  (a) reading a 100,000-row .xlsx roster (`lib.spreadsheets.read_table`),
  (b) validation only (`import_roster(..., dry_run=True)`),
  (c) a full import (validate + write) into an empty database,
  (d) re-importing the same file (every row unchanged),

on SQLite and on PostgreSQL (a throwaway cluster), and django-import-export importing the
same file as Child rows, for a ratio. Prints the machine and the figures; a complete run
(default row count, both databases, import-export) replaces its section of BENCHMARKS.md.

    .venv/bin/python bench/import_children.py [--rows N] [--skip-postgres] [--skip-import-export]
                                              [--ie-sample N] [--repeat N] [--profile]

The roster file comes from bench/import_data.py, import-export's resource from
bench/import_ie.py. Every database run is a subprocess of this script with its own fresh
database (a temporary SQLite file, or a new database in the throwaway cluster) migrated with
`migrate`.
`--profile` runs only our import under cProfile (SQLite unless `--skip-sqlite`, then
PostgreSQL unless `--skip-postgres`) and prints the hot spots.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pickle
import pstats
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from time import perf_counter, process_time
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "bench" / "output"
BENCHMARKS = ROOT / "BENCHMARKS.md"
SECTION = "## Roster import (bench/import_children.py)"
FULL_ROWS = 100_000
AIM_ROWS_PER_SECOND = 10_000  # validated rows per second on SQLite, 2 cores (issue: roster import)
DISTRICT = "320102"  # 玄武区

import _common as common  # noqa: E402  (Django set up, DEBUG off: no query log)
from django.conf import settings  # noqa: E402
from import_data import communities, extra_communities, write_roster  # noqa: E402
from import_ie import IE_MODES, child_resource  # noqa: E402
from tqdm import tqdm  # noqa: E402

from childwelfare.lib.spreadsheets import read_table  # noqa: E402
from childwelfare.testing import people  # noqa: E402


class Timer(common.Timer):
    """common.Timer (wall-clock and CPU seconds of this process) with the stage record."""

    def stage(self, rows: int, **extra) -> dict:
        return {"rows": rows, "seconds": self.wall, "cpu_seconds": self.cpu, **extra}


def rate(stage: dict) -> str:
    return f"{stage['rows'] / stage['seconds']:,.0f} rows/s ({stage['seconds']:.1f} s, CPU {stage['cpu_seconds']:.1f} s)"


def best_of(times: int, function, rows: int) -> tuple[dict, object]:
    """Run `function` `times` times: (the stage of the fastest run, the last return value)."""
    timers = []
    for _ in range(times):
        with Timer() as timer:
            value = function()
        timers.append(timer)
    return min(timers, key=lambda timer: timer.wall).stage(rows, runs=times), value


# --- worker side: one database, one subprocess ------------------------------------------


def prepare_database():
    """Migrate the empty database, load the named areas and users, then add the communities.
    Returns (actor, district, seconds spent)."""
    from django.core.management import call_command

    from childwelfare.areas.models import Area
    from childwelfare.areas.services import create_community

    started = perf_counter()
    call_command("migrate", verbosity=0)
    users = people.ensure_people()
    for street_code, names in extra_communities().items():
        street = Area.objects.get(code=street_code)
        for name in names:
            create_community(street=street, name=name)
    return users["officer_xuanwu"], Area.objects.get(code=DISTRICT), perf_counter() - started


class StageBars:
    """The import's progress callback as one tqdm bar per stage."""

    def __init__(self, label: str):
        self.label = label
        self.bars: dict[str, tqdm] = {}

    def __call__(self, done: int, total: int, stage: str) -> None:
        bar = self.bars.get(stage)
        if bar is None:
            bar = self.bars[stage] = tqdm(
                total=total, desc=f"{self.label}: {stage}", unit="row", leave=False, disable=None
            )
        bar.update(done - bar.n)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


def _print_profile(profile: cProfile.Profile, path: Path, title: str) -> None:
    profile.dump_stats(path)
    print(f"\n=== {title}: top functions by cumulative time ({path.relative_to(ROOT)}) ===")
    stats = pstats.Stats(str(path)).strip_dirs().sort_stats("cumulative")
    stats.print_stats(35)
    stats.sort_stats("tottime").print_stats(20)
    for function in (
        r"roster.py:\d+\(import_roster\)",
        r"writer.py:\d+\(write_roster\)",
        r"\(bulk_create_with_history\)",
        r"\(bulk_history_create\)",
    ):
        stats.print_callees(function)


def check_result(stage: str, result, expected: tuple[int, int, int]) -> None:
    """Stop the benchmark when the import did not do what the file calls for."""
    if result.errors:
        shown = "\n".join(f"  row {e.row} {e.column} {e.value!r}: {e.message}" for e in result.errors[:10])
        raise SystemExit(f"{stage}: {len(result.errors)} row errors, the benchmark file is wrong:\n{shown}")
    counts = (result.created, result.updated, result.unchanged)
    if stage == "validate":
        counts = (result.created, result.updated, 0)  # a dry run counts nothing as unchanged
    if counts != expected:
        raise SystemExit(f"{stage}: created/updated/unchanged {counts}, expected {expected}")


def run_ours(spec: dict) -> dict:
    from childwelfare.registry.importing import import_roster
    from childwelfare.registry.models import CategorySpell, Child, FamilyMember

    actor, area, setup_seconds = prepare_database()
    table = read_table(spec["file"])
    stages = {}
    expected = {
        "validate": (spec["rows"], 0, 0),
        "import": (spec["rows"], 0, 0),
        "reimport": (0, 0, spec["rows"]),
    }
    # Validation and the re-import change nothing, so they can be repeated: best of `repeat`.
    repeat = 1 if spec["profile"] else spec["repeat"]
    for stage, dry_run, times in (
        ("validate", True, repeat),
        ("import", False, 1),
        ("reimport", False, repeat),
    ):
        profile = cProfile.Profile(process_time) if spec["profile"] else None  # CPU: the machine is shared
        best = None
        for attempt in range(1, times + 1):
            bars = StageBars(f"{spec['label']} {stage} {attempt}/{times}")
            with Timer() as timer:
                if profile:
                    profile.enable()
                result = import_roster(table, area, actor=actor, dry_run=dry_run, progress=bars)
                if profile:
                    profile.disable()
            bars.close()
            print(f"{spec['label']} {stage} {attempt}/{times}: {rate(timer.stage(result.rows))}", flush=True)
            check_result(stage, result, expected[stage])
            if best is None or timer.wall < best.wall:
                best = timer
        stages[stage] = best.stage(
            result.rows,
            runs=times,
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
            possible_duplicates=len(result.possible_duplicates),
        )
        if profile:
            label = spec["label"]
            _print_profile(profile, OUTPUT / f"profile-{label}-{stage}.prof", f"{label} {stage}")
    return {
        "setup_seconds": setup_seconds,
        "stages": stages,
        "database_rows": {
            "children": Child.objects.count(),
            "category_spells": CategorySpell.objects.count(),
            "guardians": FamilyMember.objects.count(),
            "child_history": Child.history.count(),
        },
    }


def run_import_export(spec: dict) -> dict:
    from childwelfare.registry.models import Child

    _, _, setup_seconds = prepare_database()
    dataset = pickle.loads(Path(spec["dataset"]).read_bytes())
    if spec["sample"] < len(dataset) - 1:
        del dataset[spec["sample"] :]
    rows = min(spec["sample"], spec["rows"])
    label = f"{spec['label']} import-export {spec['mode']}"
    bar = tqdm(total=rows, desc=label, unit="row", leave=False, disable=None)
    resource = child_resource(spec["mode"])(bar)
    with Timer() as timer:
        result = resource.import_data(dataset, dry_run=False)
    bar.close()
    print(f"{label}: {rate(timer.stage(rows))}", flush=True)
    if result.has_errors() or result.has_validation_errors():
        first = (result.base_errors or [None])[0] or result.row_errors()[:1] or result.invalid_rows[:1]
        raise SystemExit(f"import-export {spec['mode']}: errors, e.g. {first!r}")
    created = Child.objects.count()
    if created != rows:
        raise SystemExit(f"import-export {spec['mode']}: {created} children created, expected {rows}")
    return {
        "setup_seconds": setup_seconds,
        "stages": {f"ie_{spec['mode']}": timer.stage(rows, created=created)},
        "database_rows": {"children": created, "child_history": Child.history.count()},
    }


def worker(spec: dict) -> None:
    from django.db import connection

    result = run_ours(spec) if spec["kind"] == "ours" else run_import_export(spec)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            result["server"] = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            result["server"] = f"SQLite {sqlite3.sqlite_version}"
    import resource

    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    Path(spec["result"]).write_text(json.dumps(result))


# --- parent side ---------------------------------------------------------------------------


def run_worker(spec: dict, database_url: str) -> dict:
    spec = {
        **spec,
        "result": str(OUTPUT / f"result-{spec['label']}-{spec['kind']}-{spec.get('mode', '')}.json"),
    }
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run([sys.executable, __file__, "--worker", json.dumps(spec)], env=env, check=True)
    return json.loads(Path(spec["result"]).read_text())


def run_sqlite(spec: dict) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="childwelfare-bench-"))
    try:
        return run_worker(spec, f"sqlite:///{folder / 'bench.sqlite3'}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def postgres_runner(cluster):
    import psycopg

    counter = iter(range(1, 100))

    def run(spec: dict) -> dict:
        name = f"bench_{next(counter)}"
        with psycopg.connect(cluster.url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return run_worker(spec, cluster.url.rsplit("/", 1)[0] + "/" + name)

    return run


def machine() -> dict:
    """common.machine() with the import's libraries' versions."""
    info = common.machine()
    info["code"] = f"commit {info['code']}"
    info["libraries"] = {
        name: version(name)
        for name in ("python-calamine", "openpyxl", "django-simple-history", "django-import-export", "tablib")
    }
    return info


NO_DATABASE = "same file, no database"
STAGES = {  # key in a database's stages → label in the table
    "validate": "(b) validate only (`import_roster(dry_run=True)`)",
    "import": "(c) full import into an empty database (validate + write)",
    "reimport": "(d) re-import of the same file (all unchanged)",
    "end_to_end": "(a)+(c) end to end: read, validate, write",
    "ie_bulk": "import-export, tuned, `use_bulk=True` (its fast path)",
    "ie_per_row": "import-export, tuned, `use_bulk=False` (save() per row)",
    "ie_defaults": "import-export, out-of-the-box options (diff, a query per row for the community)",
}


def figures(results: dict, reads: dict, rows: int) -> tuple[list[tuple[str, str, str]], dict]:
    """The table as (stage, SQLite, PostgreSQL) text rows, and per database the ratios of our
    full import to import-export's bulk mode: {"sqlite": {"import": x, "end_to_end": y}}."""
    table = [("(a) read the .xlsx (`read_table`, calamine)", rate(reads["ours"]), NO_DATABASE)]
    if "ie" in reads:
        table.append(("import-export: read the .xlsx (tablib, openpyxl)", rate(reads["ie"]), NO_DATABASE))
    for key, label in STAGES.items():
        stages = [results.get(db, {}).get(key) for db in ("sqlite", "postgres")]
        sample = next((stage["rows"] for stage in stages if stage), rows)
        if any(stages):
            suffix = "" if sample == rows else f", first {sample:,} rows"
            table.append((label + suffix, *(rate(stage) if stage else "—" for stage in stages)))
    ratios = {}
    for db, stages in results.items():
        if "ie_bulk" in stages:
            ours, theirs = stages["import"], stages["ie_bulk"]
            their_end_to_end = reads["ie"]["seconds"] * theirs["rows"] / rows + theirs["seconds"]
            ratios[db] = {
                "import": (ours["rows"] / ours["seconds"]) / (theirs["rows"] / theirs["seconds"]),
                "import_cpu": (ours["rows"] / ours["cpu_seconds"]) / (theirs["rows"] / theirs["cpu_seconds"]),
                "end_to_end": (rows / stages["end_to_end"]["seconds"]) / (theirs["rows"] / their_end_to_end),
            }
    return table, ratios


def aim_verdict(wall_rate: float, cpu_rate: float) -> str:
    if wall_rate >= AIM_ROWS_PER_SECOND:
        return "the aim is met."
    if cpu_rate >= AIM_ROWS_PER_SECOND:
        return (
            "the aim is not met by the wall clock, but other work slowed this run; validation on SQLite is "
            "one Python process, so rows per CPU-second is what an idle machine gives, and by that the aim is met."
        )
    return "the aim is not met."


def render_markdown(info: dict, results: dict, runs: dict, reads: dict, rows: int, command: str) -> str:
    table, ratios = figures(results, reads, rows)
    server = runs["postgres"]["ours"]["server"] if "postgres" in runs else "PostgreSQL not run"
    validate = results["sqlite"]["validate"]
    validate_rate = validate["rows"] / validate["seconds"]
    validate_cpu_rate = validate["rows"] / validate["cpu_seconds"]
    read_validate_rate = rows / (reads["ours"]["seconds"] + validate["seconds"])
    headline = "; ".join(
        f"{'SQLite' if db == 'sqlite' else 'PostgreSQL'} **{ratio['import']:.2f}×** "
        f"(per CPU-second of the Python process {ratio['import_cpu']:.2f}×)"
        for db, ratio in ratios.items()
    )
    lines = [
        SECTION,
        "",
        f"Headline, rows per second of our full import (validate everything, write children, "
        f"guardians, categories and history) ÷ django-import-export's bulk mode on the same file in "
        f"the same run: {headline or 'import-export not run'}. Load average (1 min) "
        f"{info['load_start']:.1f} before, {info['load_end']:.1f} after, on {info['cpu']}, "
        f"{info['cores']} cores.",
        "",
        f"Command: `{command}`  ",
        f"Run: {datetime.now(ZoneInfo(settings.TIME_ZONE)):%Y-%m-%d %H:%M} ({settings.TIME_ZONE})  ",
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory_gb']} GB memory; {info['os']}  ",
        f"Code: {info['code']}  ",
        f"Software: Python {info['python']}, Django {info['django']}, SQLite {info['sqlite']}, {server}; "
        + ", ".join(f"{name} {ver}" for name, ver in info["libraries"].items()),
        "",
        f"The file: {rows:,} children of 玄武区 (320102) over {len(communities())} communities, every "
        "template column, a title row, a blank row and a 合计 row; valid ID numbers (15 % of birth dates as "
        "text); guardians on 88 % of rows (three quarters with an ID number, a few 15-digit), categories on "
        "85 %. Each database run is a subprocess on a fresh database migrated with `migrate`: a temporary "
        "SQLite file (WAL, synchronous=NORMAL, as in the settings) or a new database in a throwaway "
        "PostgreSQL cluster (fsync and synchronous_commit off, so its writes are optimistic). DEBUG is off "
        f"(no query log). (a), (b) and (d) change nothing and are the best of {reads['ours']['runs']} runs; "
        "(c) and each import-export import run once, into a fresh database. Times are wall-clock; CPU is the Python process's own (the PostgreSQL server's is "
        f"not in it). Load average (1 min): {info['load_start']:.1f} at the start of the run, "
        f"{info['load_end']:.1f} at the end; where wall-clock time on SQLite is well above CPU time, other "
        "work on the machine slowed the run.",
        "",
        "| Stage | SQLite | PostgreSQL |",
        "|---|---|---|",
        *(f"| {stage} | {sqlite} | {postgres} |" for stage, sqlite, postgres in table),
        "",
    ]
    for db, ratio in ratios.items():
        lines.append(
            f"- Ratio on {'SQLite' if db == 'sqlite' else 'PostgreSQL'}: our full import runs at "
            f"{ratio['import']:.2f}× the rows per second of django-import-export's bulk mode "
            f"({ratio['end_to_end']:.2f}× end to end, reading the file included; "
            f"{ratio['import_cpu']:.2f}× per CPU-second)."
        )
    for db, run in runs.items():
        written = run["ours"]["database_rows"]
        lines.append(
            f"- (c) on {db} wrote {written['children']:,} children, {written['category_spells']:,} category "
            f"spells, {written['guardians']:,} guardians and {written['child_history']:,} child history rows; "
            f"the run's peak memory was {run['ours']['peak_rss_mb']:,.0f} MB."
        )
    lines += [
        "- import-export here reads the sheet with openpyxl through tablib (`skip_lines=2` for the title), "
        "maps the columns that have a Child field (name, sex, ID number, birth date, ethnicity, hukou, "
        "address, community, school status, notes) with its widgets and creates Child rows in one "
        "transaction. The benchmark adds only what a valid Child row needs: 男/女 → M/F, school status by "
        "prefix, the keyed ID hash and pinyin keys, dropping the 合计 row; the tuned runs follow its "
        "performance notes (`force_init_instance`, `skip_diff`, a cached ForeignKeyWidget). It does not "
        "check ID numbers (checksum, birth date, sex, under 18), duplicates within the file, ethnicity, "
        "phone numbers, categories or the user's scope; it writes no guardians and no category spells, no "
        "history in bulk mode, and cannot tell a returning child from a new one (tuned runs only create).",
        "",
        f"Aim: at least {AIM_ROWS_PER_SECOND:,} validated rows per second on SQLite on a 2-core machine. "
        f"Validation ran at {validate_rate:,.0f} rows/s on this {info['cores']}-core machine "
        f"({read_validate_rate:,.0f} rows/s including reading the file; {validate_cpu_rate:,.0f} rows per "
        f"CPU-second): {aim_verdict(validate_rate, validate_cpu_rate)}",
        "",
        "`--profile` runs our import on SQLite alone under cProfile and prints where the time goes; "
        "`--rows 2000` is a quick smoke run (it writes bench/output/import_children.md, not this file).",
        "",
    ]
    return "\n".join(lines)


def update_benchmarks(section: str) -> None:
    text = (
        BENCHMARKS.read_text()
        if BENCHMARKS.exists()
        else "# Benchmarks\n\nResults of the scripts in `bench/`.\n"
    )
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    section = section.rstrip("\n") + "\n\n"
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    BENCHMARKS.write_text(text.rstrip("\n") + "\n")


def print_figures(info: dict, results: dict, reads: dict, rows: int) -> None:
    table, ratios = figures(results, reads, rows)
    width = max(len(stage) for stage, *_ in table)
    print(f"\n{'stage':<{width}}  {'SQLite':<28}  PostgreSQL")
    for stage, sqlite, postgres in table:
        print(f"{stage:<{width}}  {sqlite:<28}  {postgres}")
    for db, ratio in ratios.items():
        print(
            f"ours / import-export bulk on {db}: {ratio['import']:.2f}x import, {ratio['end_to_end']:.2f}x end to end"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=FULL_ROWS, help="data rows in the roster (100,000)")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true", help="with --profile: PostgreSQL only")
    parser.add_argument("--skip-import-export", action="store_true")
    parser.add_argument(
        "--ie-sample", type=int, default=10_000, help="rows for import-export's slow default run"
    )
    parser.add_argument(
        "--ie-modes", default=",".join(IE_MODES), help="import-export modes to run (bulk,per_row,defaults)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="only our import (SQLite, PostgreSQL), under cProfile"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of the stages that change nothing (best)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(json.loads(args.worker))
        return

    OUTPUT.mkdir(parents=True, exist_ok=True)
    info = machine()
    info["load_start"] = os.getloadavg()[0]
    if info["load_start"] > info["cores"] / 2:
        print(f"warning: load average {info['load_start']:.1f} on {info['cores']} cores; figures will be low")
    print(f"{info['cpu']}, {info['cores']} cores, {info['memory_gb']} GB; {info['os']}")
    print(f"Python {info['python']}, Django {info['django']}, SQLite {info['sqlite']}")
    path = OUTPUT / f"roster-{args.rows}.xlsx"
    started = perf_counter()
    write_roster(path, args.rows, datetime.now(ZoneInfo(settings.TIME_ZONE)).date())
    print(
        f"wrote {path.relative_to(ROOT)} ({path.stat().st_size / 1e6:.1f} MB) in {perf_counter() - started:.0f} s"
    )

    reads = {"ours": best_of(args.repeat, lambda: read_table(path), args.rows)[0]}
    print(f"(a) read_table: {rate(reads['ours'])}")
    base = {"file": str(path), "rows": args.rows, "profile": args.profile, "repeat": args.repeat}
    if args.profile:
        if not args.skip_sqlite:
            run_sqlite({**base, "kind": "ours", "label": "sqlite"})
        if not args.skip_postgres:
            from childwelfare.testing.pgcluster import ThrowawayCluster

            with ThrowawayCluster() as cluster:
                postgres_runner(cluster)({**base, "kind": "ours", "label": "postgres"})
        return

    specs = [{**base, "kind": "ours"}]
    if not args.skip_import_export:
        import tablib

        def load_dataset():
            with open(path, "rb") as handle:
                return tablib.Dataset().load(handle, format="xlsx", skip_lines=2)

        reads["ie"], dataset = best_of(args.repeat, load_dataset, args.rows)
        print(f"import-export read (tablib): {rate(reads['ie'])}")
        dataset_path = OUTPUT / f"roster-{args.rows}.tablib.pickle"
        dataset_path.write_bytes(pickle.dumps(dataset))
        del dataset
        for mode in [mode for mode in IE_MODES if mode in args.ie_modes.split(",")]:
            sample = min(args.ie_sample, args.rows) if mode == "defaults" else args.rows
            specs.append({**base, "kind": "ie", "mode": mode, "dataset": str(dataset_path), "sample": sample})

    from childwelfare.testing.pgcluster import ThrowawayCluster

    results: dict[str, dict] = {}  # database → stage → {"rows", "seconds", ...}
    runs: dict[str, dict] = {}  # database → run → everything the worker reported
    cluster = None if args.skip_postgres else ThrowawayCluster().start()
    try:
        targets = [("sqlite", run_sqlite)] + ([("postgres", postgres_runner(cluster))] if cluster else [])
        for db, run in targets:
            results[db], runs[db] = {}, {}
            for spec in specs:
                report = run({**spec, "label": db})
                runs[db][spec.get("mode", "ours")] = report
                results[db].update(report["stages"])
            results[db]["end_to_end"] = {
                key: reads["ours"][key] + results[db]["import"][key] for key in ("seconds", "cpu_seconds")
            } | {"rows": args.rows}
    finally:
        if cluster is not None:
            cluster.stop()

    print(f"\n{info['cpu']}, {info['cores']} cores, {info['memory_gb']} GB; Python {info['python']}, "
          f"Django {info['django']}; " + ", ".join(run["ours"]["server"] for run in runs.values()))  # fmt: skip
    info["load_end"] = os.getloadavg()[0]
    print(f"load average (1 min): {info['load_start']:.1f} at the start, {info['load_end']:.1f} at the end")
    print_figures(info, results, reads, args.rows)
    command = " ".join([".venv/bin/python bench/import_children.py", *sys.argv[1:]])
    section = render_markdown(info, results, runs, reads, args.rows, command)
    (OUTPUT / "import_children.md").write_text(section)
    if args.rows == FULL_ROWS and not args.skip_postgres and not args.skip_import_export:
        update_benchmarks(section)
        print(f"\nwrote the section {SECTION[3:]!r} of {BENCHMARKS.relative_to(ROOT)}")
    else:
        print(f"\npartial run: the section is in {(OUTPUT / 'import_children.md').relative_to(ROOT)} only")


if __name__ == "__main__":
    main()
