"""Helpers shared by the benchmarks of bench/ (not tests): Django set-up, the machine, a fresh
database per run (a temporary SQLite file or a new database in a throwaway PostgreSQL
cluster, each run in a subprocess), fast bulk loading of synthetic rows (COPY on PostgreSQL,
executemany on SQLite), timing with medians, query capture and plans, and the section of
BENCHMARKS.md a script owns.

Import it first in a benchmark script: it sets the environment defaults and calls
django.setup() (DEBUG off: no query log).
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from time import perf_counter, process_time

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "bench" / "output"
BENCHMARKS = ROOT / "BENCHMARKS.md"

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "childwelfare.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")  # development keys; the query log is switched off below
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")  # a parent process touches no database
os.environ.setdefault("TASKS_IMMEDIATE", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# DEBUG keeps every query in memory and, on SQLite, quotes every parameter of bulk inserts for
# the log: production runs without it, and so do the benchmarks.
settings.DEBUG = False

from tqdm import tqdm  # noqa: E402

# --- the machine ------------------------------------------------------------------------------


def machine() -> dict:
    """CPU model, usable cores, memory (GB), OS, Python, Django and SQLite versions."""
    cpuinfo = Path("/proc/cpuinfo").read_text()
    meminfo = Path("/proc/meminfo").read_text()
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    memory_kb = int(re.search(r"^MemTotal:\s*(\d+)", meminfo, re.M).group(1))
    return {
        "cpu": model.group(1).strip() if model else platform.processor() or "unknown",
        "cores": len(os.sched_getaffinity(0)),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
        "load": os.getloadavg()[0],
        "code": code_version(),
    }


def load_text(info: dict) -> str:
    """'Load average (1 min) 1.2 at the start of the run and 2.3 at the end' (info from
    machine(), with "load_end" set by finish())."""
    return (
        f"Load average (1 min) {info['load']:.1f} at the start of the run and "
        f"{info.get('load_end', float('nan')):.1f} at the end"
    )


def finish(info: dict) -> dict:
    """Record the load average at the end of the run into `info`; returns it."""
    info["load_end"] = os.getloadavg()[0]
    return info


def header_lines(info: dict, command: str, servers: Iterable[str] = ()) -> list[str]:
    """The lines every benchmark section starts with: command, time, code, machine (CPU model,
    cores), software, load before and after. Absolute times move with the machine and its
    load (a re-run elsewhere came out 2–2.5× slower, issue 14): the ratios, measured side by
    side in one run, are the figures to compare."""
    return [
        f"Command: `{command}`  ",
        f"Run: {now_text()}, application code at commit {info['code']}  ",
        f"Machine: {machine_line(info)}  ",
        f"Software: Python {info['python']}, Django {info['django']}"
        + "".join(f", {server}" for server in servers)
        + "  ",
        f"{load_text(info)}.",
    ]


def markdown_table(rows: list[tuple[str, ...]]) -> list[str]:
    """Rows (the first is the header) as a Markdown table."""
    return [
        "| " + " | ".join(rows[0]) + " |",
        "|" + "---|" * len(rows[0]),
        *("| " + " | ".join(row) + " |" for row in rows[1:]),
    ]


def print_table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    print()
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


def machine_line(info: dict) -> str:
    return f"{info['cpu']}, {info['cores']} cores, {info['memory_gb']} GB memory; {info['os']}"


def code_version() -> str:
    """The commit the application code was at: 'abc1234', plus a warning when childwelfare/
    has uncommitted changes."""

    def git(*args: str) -> str:
        result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return result.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "childwelfare")
    return commit + (" with uncommitted changes in childwelfare/" if dirty else "")


def server_version() -> str:
    """'PostgreSQL 15.x' or 'SQLite 3.x' for the connection in use."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    return f"SQLite {sqlite3.sqlite_version}"


# --- timing -----------------------------------------------------------------------------------


class Timer:
    """Wall-clock and CPU seconds (of this process) spent in a block."""

    def __enter__(self) -> Timer:
        self.wall, self.cpu = perf_counter(), process_time()
        return self

    def __exit__(self, *exc_info) -> None:
        self.wall, self.cpu = perf_counter() - self.wall, process_time() - self.cpu


def repeat(function: Callable[[], object], times: int, before: Callable[[], object] | None = None) -> dict:
    """Run `function` `times` times (after `before`, untimed, each time). Returns
    {"median", "min", "max", "runs": [seconds...], "cpu": [seconds...], "result": last result}."""
    runs, cpu, result = [], [], None
    for _ in range(times):
        if before is not None:
            before()
        with Timer() as timer:
            result = function()
        runs.append(timer.wall)
        cpu.append(timer.cpu)
    return {
        "median": statistics.median(runs),
        "min": min(runs),
        "max": max(runs),
        "runs": runs,
        "cpu": cpu,
        "result": result,
    }


def seconds_text(stat: dict) -> str:
    runs = ", ".join(f"{s:.1f}" for s in stat["runs"])
    return f"{stat['median']:.1f} s (runs {runs})"


def ms_text(stat: dict) -> str:
    runs = ", ".join(f"{s * 1000:.0f}" for s in stat["runs"])
    return f"{stat['median'] * 1000:,.0f} ms (runs {runs})"


# --- a fresh database per run, in a subprocess ---------------------------------------------------


def run_worker(script: str, spec: dict, database_url: str) -> dict:
    """Run `script --worker SPEC` with DATABASE_URL set; the worker writes its results as
    JSON to spec["result"], returned here."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    # The parent's pid in the name: two runs of one script at once do not share a result file.
    spec = {**spec, "result": str(OUTPUT / f"result-{Path(script).stem}-{spec['label']}-{os.getpid()}.json")}
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run([sys.executable, script, "--worker", json.dumps(spec)], env=env, check=True)
    return json.loads(Path(spec["result"]).read_text())


def run_on_sqlite(script: str, spec: dict) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="childwelfare-bench-"))
    try:
        return run_worker(script, spec, f"sqlite:///{folder / 'bench.sqlite3'}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_on_postgres(script: str, spec: dict, cluster, name: str) -> dict:
    import psycopg

    with psycopg.connect(cluster.url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        return run_worker(script, spec, cluster.url.rsplit("/", 1)[0] + "/" + name)
    finally:
        with psycopg.connect(cluster.url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def write_result(spec: dict, result: dict) -> None:
    import resource

    result["server"] = server_version()
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    Path(spec["result"]).write_text(json.dumps(result, default=str))


# --- the district ---------------------------------------------------------------------------------

DISTRICT = "320102"  # 玄武区
# Synthetic communities under each street of 玄武区 besides the named ones of testing/people.py
# (梅园社区, 大行宫社区, 新街口社区): ten a street, names unique in the district.
EXTRA_COMMUNITIES = {
    "320102002": "长江新村 珠江路 大悲巷 成贤街 碑亭巷 太平北路 总统府 桃源村 丹凤新寓 如意里",
    "320102003": "丹凤街 估衣廊 洪武北路 华侨路 文昌巷 香铺营 同仁街 户部街 吉兆营 莲花桥",
    "320102005": "玄武门 湖北路 将军庙 许府巷 樱铁村 百子亭 高楼门 傅厚岗 北门桥 鼓楼岗",
    "320102007": "锁金一村 锁金二村 锁金三村 锁金四村 锁金五村 锁金新村 板仓 曹后村 营苑 新庄",
    "320102008": "红山 和燕路 小市 红山新村 恒嘉 北苑 东井亭 晓庄 金盛 岗子",
    "320102009": "孝陵卫 卫岗 钟灵 中山门 白马 中山陵园 南航 理工大 马群 茶亭",
    "320102010": "玄武湖 后宰门 童卫路 孝陵路 岗子村 樱驼村 黄埔路 蓁巷 龙蟠里 西家大塘",
    "320102400": "徐庄 紫金 苏宁大道 环陵路 运粮河 仙鹤 麒麟门 石门坎 永丰 仁和",
}


def prepare_database() -> tuple[dict, list[str], float]:
    """Migrate the empty database, load the named areas and users, add the communities.
    Returns ({username: User}, community codes of 玄武区, seconds)."""
    from django.core.management import call_command

    from childwelfare.areas.choices import Level
    from childwelfare.areas.models import Area
    from childwelfare.areas.services import create_community
    from childwelfare.testing import people

    started = perf_counter()
    call_command("migrate", verbosity=0)
    users = people.ensure_people()
    for street_code, names in EXTRA_COMMUNITIES.items():
        street = Area.objects.get(code=street_code)
        for name in names.split():
            create_community(street=street, name=f"{name}社区")
    codes = list(
        Area.objects.filter(code__startswith=DISTRICT, level=Level.COMMUNITY)
        .order_by("code")
        .values_list("code", flat=True)
    )
    return users, codes, perf_counter() - started


# --- synthetic children -------------------------------------------------------------------------

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石"
GIVEN = "子涵欣怡梓轩浩宇一诺雨桐佳思远俊杰萱若曦泽嘉天佑墨诗博文可馨然晨阳书瑶明雅琪皓心安睿宸铭语彤芮乐航"
ROADS = (
    "北京东路 中山路 珠江路 长江路 太平北路 龙蟠路 玄武大道 中山门大街 后宰门街 丹凤街 童卫路 红山路".split()
)
CHILD_FIELDS = [
    "id", "name", "name_pinyin", "name_initials", "gender", "id_number", "id_hash", "id_last4_hash",
    "birth_date", "ethnicity", "hukou_address", "area", "address", "phone", "phone_hash", "school_status",
    "school_name", "grade", "disability_type", "health_notes", "notes", "created_at", "updated_at",
]  # fmt: skip


class ChildRows:
    """Rows of registry_child in CHILD_FIELDS order, fast enough for a million: names from a
    pool of 3,000 with their pinyin keys computed once; a valid ID number (lib.idnumber.
    make_number) matching the child's birth date and sex, encrypted once per (birth date,
    sex, one of three order numbers) and shared by the children drawn with it (the number is
    not unique; the table's unique key, id_hash, is a distinct SHA-256 per child). The last
    four digits and phone numbers are stored as the model stores them (a keyed hash; phones
    encrypted), phones drawn from a pool of 5,000 encrypted once each."""

    def __init__(self, rng, region: str = DISTRICT):
        from childwelfare.lib.pinyin import pinyin_keys
        from childwelfare.registry.models import Child

        self.rng = rng
        self.region = region
        from django.conf import settings

        from childwelfare.lib.idnumber import last4_hash
        from childwelfare.lib.phones import phone_hash

        self.encrypt = Child._meta.get_field("id_number").get_prep_value
        self.last4_hash = lambda number: last4_hash(number, settings.ID_HASH_KEY)
        encrypt_phone = Child._meta.get_field("phone").get_prep_value
        self.phones = []
        for _ in range(5000):
            phone = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
            self.phones.append((encrypt_phone(phone), phone_hash(phone, settings.ID_HASH_KEY)))
        self.names = []
        for _ in range(3000):
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
            self.names.append((name, *pinyin_keys(name)))
        self.numbers: dict[tuple[date, str, int], tuple[str, str]] = {}

    def number(self, birth: date, gender: str, order: int) -> tuple[str, str]:
        from childwelfare.lib.idnumber import FEMALE, MALE, make_number

        key = (birth, gender, order)
        found = self.numbers.get(key)
        if found is None:
            number = make_number(self.region, birth, 17 + order, MALE if gender == "M" else FEMALE)
            found = self.numbers[key] = (self.encrypt(number), self.last4_hash(number))
        return found

    def row(self, pk: int, *, birth: date, gender: str, area: str, created: datetime, school: str) -> tuple:
        rng = self.rng
        name, pinyin, initials = self.names[pk % len(self.names)]
        encrypted, last4 = self.number(birth, gender, pk % 3)
        id_hash = hashlib.sha256(b"bench-child-%d" % pk).hexdigest()
        address = f"{rng.choice(ROADS)}{rng.randint(1, 400)}号{rng.randint(1, 30)}栋{rng.randint(1, 30)}0{rng.randint(1, 4)}室"
        phone, phone_key = rng.choice(self.phones) if rng.random() < 0.8 else ("", "")
        return (
            pk, name, pinyin, initials, gender, encrypted, id_hash, last4, birth, "汉族",
            f"江苏省南京市玄武区{rng.choice(ROADS)}{rng.randint(1, 300)}号", area, address, phone, phone_key,
            school,
            "", "", "", "", "", created, created,
        )  # fmt: skip


def school_status(age: int, rng) -> str:
    if age < 6:
        return "preschool"
    return "in_school" if rng.random() < 0.93 else rng.choice(["dropped_out", "not_enrolled"])


# --- bulk loading ---------------------------------------------------------------------------------


def _sqlite_value(value):
    if isinstance(value, datetime):  # stored as naive UTC text, as Django does with USE_TZ
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bool):
        return int(value)
    return value


def load_rows(
    model, fields: list[str], rows: Iterable[tuple], *, total: int | None = None, desc: str = ""
) -> int:
    """Insert `rows` (tuples in `fields` order, model field names) straight into the model's
    table: COPY on PostgreSQL, executemany in batches of 20,000 on SQLite. No save(), no
    signals, no history: synthetic data for a benchmark only. Fields left out that have a
    default (or are blank text) get it. Returns the row count."""
    from django.db import connection

    # Columns the caller leaves out get their model default (a field added by a later
    # migration, e.g. a version counter or a reason defaulting to ""), so that a new NOT NULL
    # column with a default never breaks a benchmark's raw load.
    omitted = [
        field
        for field in model._meta.concrete_fields
        if field.name not in fields
        and not field.primary_key
        and not field.null
        and (field.has_default() or (field.blank and field.empty_strings_allowed))
    ]
    from django.db.models.expressions import DatabaseDefault

    # A db_default column is filled by the database itself.
    omitted = [field for field in omitted if not isinstance(field.get_default(), DatabaseDefault)]
    if omitted:
        defaults = tuple(field.get_default() for field in omitted)
        rows = (tuple(row) + defaults for row in rows)
        fields = [*fields, *(field.name for field in omitted)]
    table = model._meta.db_table
    columns = [model._meta.get_field(name).column for name in fields]
    bar = tqdm(total=total, desc=desc or table, unit="row", leave=False, disable=None, mininterval=1)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            quoted = ", ".join(f'"{column}"' for column in columns)
            with cursor.cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
                    if count % 10_000 == 0:
                        bar.update(10_000)
        else:
            sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'
            raw = cursor.cursor
            batch = []
            for row in rows:
                batch.append(tuple(_sqlite_value(value) for value in row))
                if len(batch) == 20_000:
                    raw.executemany(sql, batch)
                    count += len(batch)
                    bar.update(len(batch))
                    batch = []
            if batch:
                raw.executemany(sql, batch)
                count += len(batch)
    bar.close()
    return count


def reset_sequences(*models) -> None:
    """After rows were loaded with explicit ids: move the id sequences past them."""
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(sql)


def analyze(vacuum: bool = True) -> None:
    """Fresh planner statistics after a bulk load (autovacuum would get there later)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        else:
            cursor.execute("ANALYZE")


# --- queries: capture and plans ---------------------------------------------------------------------


@contextmanager
def captured_queries():
    """Collect (sql, params, seconds) of every query run in the block."""
    from django.db import connection

    queries: list[tuple[str, object, float]] = []

    def wrapper(execute, sql, params, many, context):
        started = perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append((sql, params, perf_counter() - started))

    with connection.execute_wrapper(wrapper):
        yield queries


def explain(sql: str, params) -> str:
    """EXPLAIN ANALYZE (PostgreSQL, with buffers; a write is rolled back) or EXPLAIN QUERY PLAN
    (SQLite) of one captured query."""
    from django.db import connection, transaction

    class Rollback(Exception):
        pass

    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    lines: list[str] = []
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(prefix + sql, params)
            lines = [" ".join(str(part) for part in row) for row in cursor.fetchall()]
            raise Rollback
    except Rollback:
        pass
    return "\n".join(lines)


def key_plan_lines(plan: str, limit: int = 14) -> list[str]:
    """The plan's lines worth quoting: nodes with their actual times and rows, sorts, hashes
    spilling to disk, and the totals."""
    keep = []
    for line in plan.splitlines():
        text = line.rstrip()
        if (
            "actual time" in text
            or "Sort Method" in text
            or "Batches" in text
            or text.lstrip().startswith(("Execution Time", "Planning Time", "SubPlan", "Trigger"))
            or "QUERY PLAN" in text
            or "SCAN" in text
            or "SEARCH" in text
            or "TEMP B-TREE" in text
            or "CORRELATED" in text
        ):
            keep.append(text)
    return keep[:limit] + ([keep[-1]] if len(keep) > limit and keep[-1] not in keep[:limit] else [])


# --- BENCHMARKS.md -----------------------------------------------------------------------------------


def update_benchmarks(title: str, section: str) -> None:
    """Replace this script's section of BENCHMARKS.md (from `title` to the next '## ') or add
    it at the end; everything else in the file is kept as it is. Reads the file just before
    writing it."""
    text = (
        BENCHMARKS.read_text()
        if BENCHMARKS.exists()
        else "# Benchmarks\n\nResults of the scripts in `bench/`.\n"
    )
    pattern = re.compile(rf"^{re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section.rstrip("\n") + "\n\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    BENCHMARKS.write_text(text.rstrip("\n") + "\n")


def now_text() -> str:
    from zoneinfo import ZoneInfo

    return f"{datetime.now(ZoneInfo(settings.TIME_ZONE)):%Y-%m-%d %H:%M} ({settings.TIME_ZONE})"
