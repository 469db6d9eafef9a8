"""The roster file of bench/import_children.py: 100,000 (or --rows) children of 玄武区 in the
template's columns, as districts send them (a title row, a blank row, the header, the data,
a 合计 row). Deterministic for a seed and a date. Imported after django.setup()."""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from tqdm import tqdm

from childwelfare.areas.services import DATA_DIR
from childwelfare.lib.idnumber import FEMALE, MALE, make_number
from childwelfare.registry.choices import ALLOWANCE_CATEGORIES, CATEGORY_SYNONYMS
from childwelfare.registry.importing import COLUMNS, TEMPLATE_COLUMNS
from childwelfare.testing import people

DISTRICT = "320102"  # 玄武区

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
