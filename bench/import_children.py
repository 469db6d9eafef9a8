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

Every database run is a subprocess of this script with its own fresh database (a temporary
SQLite file, or a new database in the throwaway cluster) migrated with `migrate`.
`--profile` runs only our import on SQLite under cProfile and prints the hot spots.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import json
import os
import pickle
import platform
import pstats
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta
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

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "childwelfare.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")  # development keys; query logging is switched off below
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")  # the parent never touches a database
os.environ.setdefault("TASKS_IMMEDIATE", "1")

import django  # noqa: E402

django.setup()
# DEBUG keeps a log of every query and, on SQLite, quotes every parameter of every bulk insert
# for it (one extra SELECT per 999 values): production runs without it, and so does this.
from django.conf import settings  # noqa: E402

settings.DEBUG = False

from tqdm import tqdm  # noqa: E402

from childwelfare.areas.services import DATA_DIR  # noqa: E402
from childwelfare.lib.idnumber import FEMALE, MALE, make_number  # noqa: E402
from childwelfare.lib.spreadsheets import read_table  # noqa: E402
from childwelfare.registry.choices import ALLOWANCE_CATEGORIES, CATEGORY_SYNONYMS  # noqa: E402
from childwelfare.registry.importing import COLUMNS, TEMPLATE_COLUMNS  # noqa: E402
from childwelfare.testing import people  # noqa: E402

# Communities created with create_community beside the named ones of testing/people.py:
# seven under each street of 玄武区, names unique in the district (the template has no
# street column, so a name must identify its community).
EXTRA_COMMUNITIES = {
    "320102002": "长江新村 珠江路 大悲巷 成贤街 碑亭巷 太平北路 总统府",
    "320102003": "丹凤街 估衣廊 洪武北路 华侨路 文昌巷 香铺营 同仁街",
    "320102005": "玄武门 湖北路 将军庙 许府巷 樱铁村 百子亭 高楼门",
    "320102007": "锁金一村 锁金二村 锁金三村 锁金四村 锁金五村 锁金新村 板仓",
    "320102008": "红山 和燕路 小市 红山新村 恒嘉 北苑 东井亭",
    "320102009": "孝陵卫 卫岗 钟灵 中山门 白马 中山陵园 南航",
    "320102010": "玄武湖 后宰门 童卫路 孝陵路 岗子村 樱驼村 黄埔路",
    "320102400": "徐庄 紫金 苏宁大道 环陵路 运粮河 仙鹤 麒麟门",
}
STREETS = ["梅园新村街道", "新街口街道", "玄武门街道", "锁金村街道", "红山街道", "孝陵卫街道", "玄武湖街道"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶贺顾毛郝龚邵万钱严武戴孔汤"
GIVEN = "子涵欣怡梓轩浩宇一诺雨桐佳思远俊杰萱若曦泽嘉天佑墨诗博文可馨然晨阳书瑶明雅琪皓心安琪睿宸铭语彤芮乐航"
ROADS = "北京东路 中山路 珠江路 长江路 太平北路 龙蟠路 玄武大道 中山门大街 后宰门街 丹凤街 湖南路 童卫路 红山路 和燕路".split()
REGIONS = {  # region code of a child's ID number → hukou text, weight
    "320102": ("江苏省南京市玄武区", 55),
    "320106": ("江苏省南京市鼓楼区", 8),
    "320104": ("江苏省南京市秦淮区", 6),
    "320113": ("江苏省南京市栖霞区", 5),
    "320115": ("江苏省南京市江宁区", 4),
    "320124": ("江苏省南京市溧水区", 2),  # county code of an abolished county: still valid
    "340104": ("安徽省合肥市蜀山区", 5),
    "341122": ("安徽省滁州市来安县", 4),
    "411303": ("河南省南阳市卧龙区", 4),
    "420111": ("湖北省武汉市洪山区", 4),
    "510122": ("四川省成都市双流区", 3),
}
CATEGORIES = [  # (text as districts write it, weight)
    ("流动儿童", 22),
    ("低保家庭儿童", 10),
    ("低保儿童", 5),
    ("特困儿童", 4),
    ("重病重残儿童", 9),
    ("重病重残", 5),
    ("事实无人抚养儿童", 7),
    ("事实孤儿", 3),
    ("散居孤儿", 4),
    ("机构养育孤儿", 2),
    ("留守儿童", 7),
    ("农村留守儿童", 4),
    ("其他困境儿童", 10),
]
RELATIONS = [  # (text, weight, same surname as the child, generation above the child)
    ("父亲", 33, True, 1),
    ("母亲", 30, False, 1),
    ("爷爷", 6, True, 2),
    ("祖父", 3, True, 2),
    ("奶奶", 6, False, 2),
    ("外婆", 5, False, 2),
    ("外公", 3, False, 2),
    ("舅舅", 2, False, 1),
    ("姑姑", 2, True, 1),
    ("姐姐", 1, True, 0),
    ("居委会", 1, False, 1),
    ("邻居", 1, False, 1),  # not a known relation: kept as 其他 with the text in the notes
]
CATEGORY_CODES = {text: code for code, texts in CATEGORY_SYNONYMS.items() for text in texts}
NOTES = ["父亲服刑", "母亲失联", "父母离异，随母生活", "随祖父母生活", "父亲重病", "单亲家庭", "2025年新增"]


def extra_communities() -> dict[str, list[str]]:
    return {street: [f"{name}社区" for name in names.split()] for street, names in EXTRA_COMMUNITIES.items()}


def communities() -> list[tuple[str, str]]:
    """(community, street) names of every community the benchmark gives 玄武区: the named ones
    of testing/people.py and EXTRA_COMMUNITIES."""
    with open(DATA_DIR / "streets.csv", encoding="utf-8", newline="") as handle:
        streets = {row["code"]: row["name"] for row in csv.DictReader(handle)}
    named = [(name, code[:9]) for code, name in people.COMMUNITIES.items() if code.startswith(DISTRICT)]
    extra = [(name, street) for street, names in extra_communities().items() for name in names]
    pairs = [(name, streets[street]) for name, street in named + extra]
    assert len({name for name, _ in pairs}) == len(pairs), "community names must be unique in the district"
    return pairs


def _weighted(rng: random.Random, pairs):
    items = list(pairs)
    return rng.choices(items, weights=[item[1] for item in items])[0]


def _person_name(rng: random.Random, surname: str | None = None) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(2 if rng.random() < 0.7 else 1))
    return (surname or rng.choice(SURNAMES)) + given


# Mobile prefixes in libphonenumber's plan for CN (lib/phones.py refuses 14x, 16x, 17x, ...).
MOBILE_PREFIXES = [*range(130, 140), 150, 151, 152, 153, 155, 156, 157, 158, 159, *range(180, 190)]


def _phone(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.72:
        return f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**8):08d}"
    if roll < 0.74:
        number = f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**8):08d}"
        return f"{number[:3]} {number[3:7]} {number[7:]}"
    if roll < 0.92:
        return f"025-8{rng.randrange(10**7):07d}"
    return ""


def _guardian_id(rng: random.Random, born: date) -> str:
    roll = rng.random()
    region = _weighted(rng, [(code, weight) for code, (_, weight) in REGIONS.items()])[0]
    if roll < 0.75:
        return make_number(region, born, rng.randrange(100), rng.choice([MALE, FEMALE]))
    if roll < 0.78 and born.year < 2000:  # first-generation 15-digit card
        return f"{region}{born:%y%m%d}{rng.randrange(1000):03d}"
    return ""


def _school(rng: random.Random, age: int) -> str:
    if age < 3:
        return "学龄前" if rng.random() < 0.5 else ""
    if age < 6:
        return rng.choice(["学龄前", "幼儿园", "在园"])
    roll = rng.random()
    if roll < (0.85 if age < 16 else 0.65):
        if rng.random() < 0.4:
            school = rng.choice(["梅园小学", "长江路小学", "南京市第九中学", "玄武高级中学", "科利华中学"])
            return f"在校（{school}{rng.randint(1, 6)}年级）"
        return rng.choice(["在校", "在读"])
    if roll < (0.90 if age < 16 else 0.85):
        return "辍学"
    return "未入学" if rng.random() < 0.5 else ""


def generate_rows(count: int, today: date, seed: int = 20261129):
    """Roster rows in TEMPLATE_COLUMNS order: valid, unique ID numbers of children under 18
    on `today`, spread over the communities of 玄武区; guardians and categories on most."""
    rng = random.Random(seed)
    places = communities()
    key_of = {names[0]: key for key, names in COLUMNS.items()}
    keys = [key_of[label] for label in TEMPLATE_COLUMNS]
    allowance = {text for text, _ in CATEGORIES if CATEGORY_CODES[text] in ALLOWANCE_CATEGORIES}
    others = [(text, weight) for text, weight in CATEGORIES if text not in allowance]
    used: set[str] = set()
    for seq in range(1, count + 1):
        region = _weighted(rng, [(code, info[1]) for code, info in REGIONS.items()])[0]
        hukou_prefix = REGIONS[region][0]
        gender = rng.choice([MALE, FEMALE])
        while True:
            birth = today - timedelta(days=rng.randint(30, 18 * 365 - 10))
            number = make_number(region, birth, rng.randrange(100), gender)
            if number not in used:
                used.add(number)
                break
        surname = rng.choice(SURNAMES)
        age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
        row = {
            "seq": seq,
            "name": _person_name(rng, surname),
            "gender": "男" if gender == MALE else "女",
            "id_number": number,
            "birth_date": birth if rng.random() < 0.85 else birth.isoformat(),
            "ethnicity": _weighted(rng, [("汉族", 92), ("回族", 3), ("回", 1), ("满族", 2), ("土家族", 1), ("壮族", 1)])[0],
            "hukou": "" if rng.random() < 0.05 else (
                hukou_prefix + (rng.choice(STREETS) if region == DISTRICT else "") + f"{rng.choice(ROADS)}{rng.randint(1, 300)}号"
            ),
            "address": "" if rng.random() < 0.03 else (
                f"{rng.choice(ROADS)}{rng.randint(1, 400)}号{rng.randint(1, 30)}栋{rng.randint(1, 4)}单元{rng.randint(1, 30)}0{rng.randint(1, 4)}室"
            ),
            "community": "",
            "street": "",
            "category": "",
            "category_date": None,
            "school_status": _school(rng, age),
            "guardian_name": "",
            "guardian_relation": "",
            "guardian_id": "",
            "guardian_phone": _phone(rng),
            "notes": rng.choice(NOTES) if rng.random() < 0.12 else "",
        }  # fmt: skip
        if rng.random() < 0.85:
            # A second category is never a second allowance category (one at a time).
            first = _weighted(rng, CATEGORIES)[0]
            second = _weighted(rng, others)[0] if rng.random() < 0.08 else first
            row["category"] = first if second == first else f"{first}、{second}"
            if rng.random() < 0.75:
                row["category_date"] = max(birth, today - timedelta(days=rng.randint(0, 5 * 365)))
        if rng.random() < 0.88:
            relation, _, same_surname, generations = _weighted(rng, RELATIONS)
            row["guardian_relation"] = relation
            row["guardian_name"] = _person_name(rng, surname if same_surname else None)
            years = {0: rng.randint(18, 25), 1: rng.randint(21, 42), 2: rng.randint(44, 70)}[generations]
            guardian_birth = birth - timedelta(days=365 * years + rng.randint(0, 364))
            row["guardian_id"] = _guardian_id(rng, guardian_birth) if relation != "居委会" else ""
        row["community"], row["street"] = rng.choice(places)
        yield [row[key] for key in keys]


def write_roster(path: Path, count: int, today: date) -> None:
    """A title row, a blank row, the template header, `count` rows and a total row."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("名册")
    sheet.append([f"南京市玄武区困境儿童名册（{today.year}年{today.month}月）"])
    sheet.append([])
    sheet.append(TEMPLATE_COLUMNS)
    rows = tqdm(
        generate_rows(count, today), total=count, desc="generate", unit="row", leave=False, disable=None
    )
    for row in rows:
        sheet.append(row)
    sheet.append(["合计", f"共{count}人"])
    book.save(path)


class Timer:
    """Wall-clock and CPU seconds (of this process) spent in a block."""

    def __enter__(self) -> Timer:
        self.wall, self.cpu = perf_counter(), process_time()
        return self

    def __exit__(self, *exc_info) -> None:
        self.wall, self.cpu = perf_counter() - self.wall, process_time() - self.cpu

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
            _print_profile(profile, OUTPUT / f"profile-{stage}.prof", f"SQLite {stage}")
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


IE_MODES = {
    # name: (use_bulk, tuned per the "Performance tuning" section of its docs)
    "bulk": (True, True),
    "per_row": (False, True),
    "defaults": (False, False),
}


def child_resource(mode: str):
    """A django-import-export ModelResource for Child with the roster columns that map onto
    Child fields. Its own work: column → field mapping, widgets (text, date, foreign key by
    name), then save() or bulk_create(). What it needs to create a valid row at all and
    cannot do by itself is added here, and no more: 男/女 → M/F, school status by prefix,
    communities looked up within 玄武区, the keyed hash and pinyin keys (the table's unique
    id_hash), dropping the 合计 row."""
    from import_export import fields, resources, widgets

    from childwelfare.areas.choices import Level
    from childwelfare.areas.models import Area
    from childwelfare.registry.choices import SCHOOL_STATUS_SYNONYMS
    from childwelfare.registry.models import Child
    from childwelfare.registry.services import derived_child_fields

    bulk_mode, tuned = IE_MODES[mode]
    school_prefixes = sorted(
        ((alias, code) for code, aliases in SCHOOL_STATUS_SYNONYMS.items() for alias in aliases),
        key=lambda pair: -len(pair[0]),
    )

    class GenderWidget(widgets.CharWidget):
        def clean(self, value, row=None, **kwargs):
            text = super().clean(value, row, **kwargs)
            return {"男": "M", "女": "F"}.get(text, text)

    class SchoolStatusWidget(widgets.CharWidget):
        def clean(self, value, row=None, **kwargs):
            text = super().clean(value, row, **kwargs)
            return next((code for alias, code in school_prefixes if text.startswith(alias)), "")

    class CommunityWidget(widgets.ForeignKeyWidget):
        def get_queryset(self, value, row, *args, **kwargs):
            return Area.objects.filter(code__startswith=DISTRICT, level=Level.COMMUNITY)

    class CachedCommunityWidget(CommunityWidget):
        """Its docs (Bulk imports, caveats): ForeignKeyWidget reads the database for each
        row; subclass it to cache the queryset instead."""

        cache: dict | None = None

        def clean(self, value, row=None, **kwargs):
            if self.cache is None:
                self.cache = {area.name: area for area in self.get_queryset(value, row)}
            return self.cache[value] if value else None

    class ChildResource(resources.ModelResource):
        name = fields.Field(attribute="name", column_name="姓名", widget=widgets.CharWidget())
        gender = fields.Field(attribute="gender", column_name="性别", widget=GenderWidget())
        id_number = fields.Field(
            attribute="id_number", column_name="公民身份号码", widget=widgets.CharWidget()
        )
        birth_date = fields.Field(attribute="birth_date", column_name="出生日期", widget=widgets.DateWidget())
        ethnicity = fields.Field(attribute="ethnicity", column_name="民族", widget=widgets.CharWidget())
        hukou_address = fields.Field(
            attribute="hukou_address", column_name="户籍地", widget=widgets.CharWidget()
        )
        address = fields.Field(attribute="address", column_name="现住址", widget=widgets.CharWidget())
        area = fields.Field(
            attribute="area",
            column_name="所属社区",
            widget=(CachedCommunityWidget if tuned else CommunityWidget)(Area, field="name"),
        )
        school_status = fields.Field(
            attribute="school_status", column_name="就学状况", widget=SchoolStatusWidget()
        )
        notes = fields.Field(attribute="notes", column_name="备注", widget=widgets.CharWidget())

        class Meta:
            model = Child
            fields = ("id", "name", "gender", "id_number", "birth_date", "ethnicity", "hukou_address")
            fields += ("address", "area", "school_status", "notes")
            use_transactions = True
            use_bulk = bulk_mode
            batch_size = 1000
            force_init_instance = tuned  # creating only: no lookup of an existing row
            skip_diff = tuned

        def __init__(self, bar: tqdm | None = None):
            super().__init__()
            self.bar = bar

        def before_import(self, dataset, **kwargs):
            if len(dataset) and str(dataset[-1][0] or "").startswith("合计"):
                del dataset[-1]

        def before_save_instance(self, instance, row, **kwargs):
            for key, value in derived_child_fields(instance.name, instance.id_number).items():
                setattr(instance, key, value)

        def after_import_row(self, row, row_result, **kwargs):
            if self.bar is not None:
                self.bar.update()

    return ChildResource


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


def code_version() -> str:
    """The commit measured, and which files of the import were changed but not committed."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    paths = ["childwelfare/registry", "childwelfare/lib", "childwelfare/areas", "childwelfare/accounts"]
    changed = [line[3:] for line in git("status", "--porcelain", "--", *paths).splitlines()]
    changed = [path for path in changed if path.endswith(".py") and "/tests/" not in path]
    return f"commit {git('rev-parse', '--short', 'HEAD')}" + (
        f" with uncommitted changes to {', '.join(changed)}" if changed else ""
    )


def machine() -> dict:
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
        "code": code_version(),
        "libraries": {
            name: version(name)
            for name in (
                "python-calamine",
                "openpyxl",
                "django-simple-history",
                "django-import-export",
                "tablib",
            )
        },
    }


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
    lines = [
        SECTION,
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
            f"({ratio['end_to_end']:.2f}× end to end, reading the file included)."
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
    parser.add_argument("--skip-import-export", action="store_true")
    parser.add_argument(
        "--ie-sample", type=int, default=10_000, help="rows for import-export's slow default run"
    )
    parser.add_argument(
        "--ie-modes", default=",".join(IE_MODES), help="import-export modes to run (bulk,per_row,defaults)"
    )
    parser.add_argument("--profile", action="store_true", help="only our import on SQLite, under cProfile")
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
        run_sqlite({**base, "kind": "ours", "label": "sqlite"})
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
