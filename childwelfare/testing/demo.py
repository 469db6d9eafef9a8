"""The demo city: Nanjing's real districts and streets, synthetic communities and about
5,000 synthetic children with families, parents' situations and category spells.

Everything is drawn from one `random.Random(SEED)` and dated relative to the load date
(`today`: the day `seed_demo` runs unless given), so a demo loaded as of a given day is the
same on every run, and a demo loaded later is as fresh: children are 0–17 on the load date,
a few turn 18 within four months of it. Every person is invented; ID numbers are valid by construction
(lib.idnumber.make_number) and phone numbers are random.

Category mix at the default 5,000 children (CATEGORY_MIX; DOMAIN.md §2, Nanjing 2023):

    de facto unsupported        1,028   1,037 screened, less the 9 found not eligible
    scattered orphans              38   1,066 accident-insured − 1,028 de facto unsupported
    institutional orphans         110   } orphans + de facto unsupported + seriously ill /
    seriously ill / disabled      351   } severely disabled = 1,527 medically insured
    other in difficulty            60   includes the 9 screened but not eligible
    dibao / extreme-poverty      1,300
    rural left-behind            1,400   villages of 浦口, 江宁, 六合, 溧水 and 高淳 only
    migrant                        713
                                -----
                                5,000   all but the migrants = 4,287 ("4,000+ screened")

Each child holds one active spell of its category; some also hold an open dibao spell
(DFU top-up rule, ill children in poor families) or an ended earlier spell.
"""

from __future__ import annotations

import csv
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as dt_time

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history
from tqdm import tqdm

from childwelfare.accounts.choices import Role
from childwelfare.areas.choices import Level
from childwelfare.areas.models import Area
from childwelfare.areas.services import DATA_DIR, create_community
from childwelfare.lib.dates import add_years, age_on
from childwelfare.lib.idnumber import FEMALE, MALE, keyed_hash, make_number
from childwelfare.registry.choices import (
    ALLOWANCE_CATEGORIES,
    DisabilityType,
    ParentSituation,
    Relation,
    SchoolStatus,
)
from childwelfare.registry.choices import Category as C
from childwelfare.registry.models import CategorySpell, Child, FamilyMember, ParentCondition
from childwelfare.registry.services import derived_child_fields

from . import people
from .demo_staff import ensure_staff, staff_by_area

S = ParentSituation
SEED = 20231
# A fixed load date for tests that need golden dates: seed_demo(today=REFERENCE_DATE).
REFERENCE_DATE = date(2026, 11, 1)
DEFAULT_CHILDREN = 5000
CHANGE_REASON = "演示数据（seed_demo）"
DFU_POLICY_START = date(2020, 1, 1)  # 民发〔2019〕62号 took effect

CATEGORY_MIX = {
    C.DE_FACTO_UNSUPPORTED: 1028,
    C.SCATTERED_ORPHAN: 38,
    C.INSTITUTIONAL_ORPHAN: 110,
    C.SERIOUSLY_ILL_OR_DISABLED: 351,
    C.OTHER_IN_DIFFICULTY: 60,
    C.DIBAO_FAMILY: 1300,
    C.RURAL_LEFT_BEHIND: 1400,
    C.MIGRANT: 713,
}
# Findings of the 2023 screening of de facto unsupported children, per 5,000 children.
SCREENED_NOT_ELIGIBLE, SCHOOLING_PROBLEMS, HUKOU_PROBLEMS = 9, 5, 3

# Resident population, 2020 census (10,000s): the weight of each district.
DISTRICT_WEIGHT = {
    "320102": 53.7, "320104": 74.0, "320105": 53.5, "320106": 94.0, "320111": 117.2, "320113": 98.8,
    "320114": 60.9, "320115": 192.6, "320116": 66.4, "320117": 49.1, "320118": 43.0,
}  # fmt: skip
RURAL_DISTRICTS = ("320111", "320115", "320116", "320117", "320118")
LEFT_BEHIND_WEIGHT = {"320111": 18, "320115": 22, "320116": 26, "320117": 17, "320118": 17}
MIGRANT_FACTOR = {"320105": 1.3, "320113": 1.3, "320114": 1.3, "320115": 1.3, "320111": 1.2,
                  "320116": 0.5, "320117": 0.5, "320118": 0.5}  # fmt: skip
# Codes of counties abolished or renamed, still inside the ID numbers of people born there
# before the change (DOMAIN data README): 江宁县, 江浦县, 六合县, 溧水县, 高淳县.
OLD_CODES = {"320115": ("320121", 2000), "320111": ("320122", 2002), "320116": ("320123", 2002),
             "320117": ("320124", 2013), "320118": ("320125", 2013)}  # fmt: skip
# Children per named community (testing.people) at 5,000 children, so each named director
# has a caseload to show; scaled with --children.
NAMED_QUOTA = {people.MEIYUAN: 30, people.DAXINGGONG: 24, people.XINJIEKOU: 26, people.NINGHAI: 22}
MIGRANT_PROVINCES = {"34": 35, "32": 20, "41": 12, "37": 6, "36": 6, "51": 5, "42": 5, "43": 4, "52": 3,
                     "45": 2, "33": 2}  # fmt: skip

SURNAMES = (
    "王72 李70 张68 陈55 刘53 杨31 黄22 吴22 徐22 赵20 周20 孙17 朱17 马13 胡13 郭11 何10 高10 林9 "
    "许9 罗8 郑8 梁7 谢7 宋7 唐7 曹7 韩6 冯6 蒋6 沈6 邓5 彭5 肖5 董5 袁5 潘5 蔡5 丁5 陆5 曾4 田4 "
    "于4 余4 杜4 叶4 程4 苏4 魏4 吕4 姚4 姜4 汪4 夏4 顾4 任3 卢3 崔3 钟3 范3 金3 石3 方3 陶3 钱3 "
    "戴3 谭2 廖2 贾2 韦2 付2 白2 邹2 孟2 熊2 秦2 邱2 江2 尹2 薛2 雷2 侯2 史2 贺2 毛2 龚2 邵2 万2 "
    "严2 孔2 汤2 葛2 倪2 闫1 段1 龙1 黎1 郝1 殷1 储1"
).split()
SURNAME_CHARS = [s[0] for s in SURNAMES]
SURNAME_WEIGHTS = [int(s[1:]) for s in SURNAMES]
GIVEN = {
    (MALE, 1): "子浩宇梓俊一家博文思泽睿明天晨嘉承景皓佳鸿志锦宏瑞奕彦逸昊",
    (MALE, 2): "轩宇涵然睿辰泽杰豪航阳铭晨博成诚哲凯毅霖楠源鑫宸熙川琛言恒森",
    (FEMALE, 1): "梓欣雨思子诗佳可一语若紫嘉梦馨芷依悦静雅心晓艺书沐安舒",
    (FEMALE, 2): "涵萱彤琪怡妍悦然琳瑶婷璇诺菲雯晴瑾宁溪洁蕊汐宜茜薇颖玥冉希",
}
ADULT_GIVEN = {
    (MALE, 1): "建志海国晓俊永立文小明伟东春云军",
    (MALE, 2): "伟强军勇磊涛斌超明刚平辉鹏华飞峰波林亮健兵龙杰",
    (FEMALE, 1): "晓丽秀春海小玉美雪红淑慧静婷金",
    (FEMALE, 2): "芳娟敏静丽艳燕霞玲婷红梅萍莉琴慧云洁丹娜",
}
ELDER_GIVEN = {
    MALE: "建国 国强 德明 建华 志强 国华 长林 德福 金根 宝山 国平 荣华 永福 正义 家宝 明发 有才 树林 福生 春生".split(),
    FEMALE: "秀英 桂英 秀兰 玉兰 桂兰 凤英 玉珍 秀珍 兰英 淑珍 秀芳 桂芳 玉梅 金凤 翠兰 凤兰 小妹 美华 秀梅 春梅".split(),
}
COMMUNITY_BASES = (
    "翠屏 金陵 银城 龙江 清凉 凤凰 锁金 紫金 钟山 梅花 桂花 丹凤 和平 安居 康乐 新华 兴隆 文昌 复兴 幸福 "
    "阳光 春晖 秀山 明月 湖滨 江景 朝阳 长乐 永安 泰和 瑞金 华侨 荷花 竹园 桃源 柳营 杏林 松涛 枫林 南苑 "
    "北苑 东苑 西苑 天润 锦绣 花园 翠竹 怡景 景明 金桥 银杏 紫荆 玉兰 丁香 兰亭 乐居 民安 汇景 滨江 江岸 "
    "双塘 五福 星河 月华 书香 凤栖 龙华 青石 白鹭 秦淮 石城 金川 宝船 仁和 润泽 嘉园 丰润 新河 东升"
).split()
VILLAGE_BASES = (
    "王家 李庄 张圩 石桥 桃园 丰收 红星 胜利 新民 前进 光明 东风 向阳 永丰 双河 三岔 五里 七里 白马 黄龙 "
    "青山 杨柳 柏树 荷塘 龙井 金牛 卧龙 马鞍 长岗 大岗 新塘 孙家 陈庄 周岗 吴圩 朱湖 石塘 竹山 梅岭 团结 "
    "友谊 联合 平安 福田 杨庄 刘村 三圣 秀山 花园 后塘 前埂 大圩 小圩 蒋庄 徐家 芦塘 高庄 沙河 观山 林场"
).split()
JOBS = "快递 餐饮 建筑 家政 保洁 装修 物流 保安 零售 网约车".split()
WORK_CITIES = "上海 苏州 无锡 杭州 深圳 广州 常州 北京 宁波 南京主城".split()
ILLNESSES = "急性淋巴细胞白血病 先天性心脏病 肾病综合征 血友病 重型地中海贫血 恶性肿瘤 苯丙酮尿症 慢性肾衰竭 再生障碍性贫血".split()
ADULT_ILLNESSES = "尿毒症 恶性肿瘤 重症精神障碍 肝硬化失代偿期 脑卒中后遗症 白血病".split()
HOSPITALS = "南京市第一医院 江苏省人民医院 南京鼓楼医院 南京脑科医院 南京市儿童医院 南京市中医院".split()
DFU_SITUATIONS = {S.IN_CUSTODY: 28, S.OUT_OF_CONTACT: 26, S.SEVERELY_DISABLED: 16, S.SERIOUSLY_ILL: 14,
                  S.DRUG_REHABILITATION: 7, S.OTHER_RESTRICTION: 3, S.GUARDIANSHIP_REVOKED: 4, S.DEPORTED: 2}  # fmt: skip
DISABILITY_WEIGHTS = {DisabilityType.INTELLECTUAL: 25, DisabilityType.PHYSICAL: 25, DisabilityType.MULTIPLE: 15,
                      DisabilityType.HEARING: 10, DisabilityType.VISUAL: 10, DisabilityType.MENTAL: 10,
                      DisabilityType.SPEECH: 5}  # fmt: skip
# Ages (low, high, mode) on the load date, half uniform, half triangular; left-behind and
# migrant children are under 16.
AGES = {C.INSTITUTIONAL_ORPHAN: (0, 17, 5), C.SCATTERED_ORPHAN: (2, 17, 14), C.DE_FACTO_UNSUPPORTED: (1, 17, 13),
        C.SERIOUSLY_ILL_OR_DISABLED: (0, 17, 10), C.RURAL_LEFT_BEHIND: (0, 15, 9), C.MIGRANT: (1, 15, 8),
        C.DIBAO_FAMILY: (0, 17, 12), C.OTHER_IN_DIFFICULTY: (0, 17, 12)}  # fmt: skip
SIBLING_CATEGORIES = {
    C.DE_FACTO_UNSUPPORTED,
    C.SCATTERED_ORPHAN,
    C.RURAL_LEFT_BEHIND,
    C.DIBAO_FAMILY,
    C.MIGRANT,
}
GRADES = "一年级 二年级 三年级 四年级 五年级 六年级 初一 初二 初三 高一 高二 高三".split()


class DemoError(RuntimeError):
    """The demo cannot be seeded (e.g. the database already holds children)."""


def plan_counts(children: int) -> dict[str, int]:
    """Children per category for a city of `children` (CATEGORY_MIX scaled, largest
    remainder, every category at least once), e.g. plan_counts(5000) == CATEGORY_MIX. Sums
    to `children` (at least 8)."""
    total = sum(CATEGORY_MIX.values())
    exact = {cat: n * children / total for cat, n in CATEGORY_MIX.items()}
    counts = {cat: int(value) for cat, value in exact.items()}
    by_remainder = sorted(exact, key=lambda cat: (counts[cat] - exact[cat], list(CATEGORY_MIX).index(cat)))
    for cat in by_remainder[: children - sum(counts.values())]:
        counts[cat] += 1
    for cat in [cat for cat, n in counts.items() if n == 0]:  # every kind at least once
        largest = max(counts, key=counts.get)
        counts[cat], counts[largest] = 1, counts[largest] - 1
    return counts


def _scaled(value: int, children: int, minimum: int = 1) -> int:
    return max(minimum, round(value * children / sum(CATEGORY_MIX.values())))


@dataclass
class _Community:
    code: str
    name: str
    street: str
    street_name: str
    district: str
    district_name: str

    @property
    def is_village(self) -> bool:
        return self.name.endswith("村")

    @property
    def place(self) -> str:
        return f"南京市{self.district_name}{self.street_name}{self.name}"

    @property
    def base(self) -> str:
        return self.street_name.removesuffix("街道").removesuffix("镇").removesuffix("乡")


@dataclass
class _Person:
    """A relative as shared by siblings; each child gets its own FamilyMember copy."""

    relation: str
    name: str
    id_number: str | None = None
    phone: str = ""
    is_guardian: bool = False
    lives_with_child: bool = False
    notes: str = ""
    conditions: list[tuple] = field(default_factory=list)  # (situation, start, end, evidence, disability)


@dataclass
class _Household:
    category: str
    size: int
    community: _Community | None = None


class _City:
    """Draws the demo city from one random generator; `rng` calls happen in a fixed order."""

    def __init__(
        self, rng: random.Random, communities: list[_Community], districts: dict[str, str], today: date
    ):
        self.rng = rng
        self.today = today
        self.districts = districts
        self.used_ids: set[str] = set()
        self.used_phones: set[str] = set()
        named = set(NAMED_QUOTA)
        self.by_district: dict[str, list[_Community]] = defaultdict(list)
        self.villages: dict[str, list[_Community]] = defaultdict(list)
        self.streets: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for community in communities:
            if (community.street, community.street_name) not in self.streets[community.district]:
                self.streets[community.district].append((community.street, community.street_name))
            if community.code in named:
                continue
            self.by_district[community.district].append(community)
            if community.is_village:
                self.villages[community.district].append(community)
        self.origins = _migrant_origins()

    # -- small draws ----------------------------------------------------------------------
    def pick(self, weights: dict):
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def days_before(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def surname(self) -> str:
        return self.rng.choices(SURNAME_CHARS, weights=SURNAME_WEIGHTS)[0]

    def child_name(self, surname: str, gender: str) -> str:
        if self.rng.random() < 0.12:
            return surname + self.rng.choice(GIVEN[(gender, 2)])
        return surname + self.rng.choice(GIVEN[(gender, 1)]) + self.rng.choice(GIVEN[(gender, 2)])

    def adult_name(self, surname: str, gender: str, elder: bool = False) -> str:
        if elder:
            return surname + self.rng.choice(ELDER_GIVEN[gender])
        if self.rng.random() < 0.3:
            return surname + self.rng.choice(ADULT_GIVEN[(gender, 2)])
        return surname + self.rng.choice(ADULT_GIVEN[(gender, 1)]) + self.rng.choice(ADULT_GIVEN[(gender, 2)])

    def phone(self) -> str:
        while True:
            number = (
                f"1{self.rng.choice('35789')}{self.rng.randint(0, 9)}{self.rng.randint(0, 99_999_999):08d}"
            )
            if number not in self.used_phones:
                self.used_phones.add(number)
                return number

    def id_number(self, region: str, birth: date, gender: str) -> str:
        while True:
            number = make_number(region, birth, self.rng.randint(0, 89), gender)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def region_for(self, district: str, birth: date) -> str:
        """The ID region code of someone registered in `district` at birth: people born in
        溧水 or 高淳 before 2013 keep the county code (320124, 320125); in 江宁, 浦口 and 六合
        half of those born before the county became a district do."""
        old = OLD_CODES.get(district)
        if old and birth.year < old[1] and (district in ("320117", "320118") or self.rng.random() < 0.5):
            return old[0]
        return district

    def birth_for_age(self, age: int) -> date:
        latest = add_years(self.today, -age)
        earliest = add_years(self.today, -(age + 1)) + timedelta(days=1)
        if age == 0:
            latest = self.today - timedelta(days=30)
        return self.between(earliest, latest)

    def child_age(self, category: str) -> int:
        low, high, mode = AGES[category]
        if self.rng.random() < 0.5:
            return self.rng.randint(low, high)
        return min(high, int(self.rng.triangular(low, high + 1, mode)))

    # -- areas ------------------------------------------------------------------------------
    def community_for(self, category: str) -> _Community:
        if category == C.RURAL_LEFT_BEHIND:
            district = self.pick(LEFT_BEHIND_WEIGHT)
            return self.rng.choice(self.villages[district] or self.by_district[district])
        weights = dict(DISTRICT_WEIGHT)
        for code in weights:
            if category == C.MIGRANT:
                weights[code] *= MIGRANT_FACTOR.get(code, 0.8)
            elif code in RURAL_DISTRICTS:
                weights[code] *= 1.4
        return self.rng.choice(self.by_district[self.pick(weights)])

    # -- families ---------------------------------------------------------------------------
    def parents(self, eldest_birth: date, region_district: str | None, origin: str | None) -> list[_Person]:
        """Father and mother with names, IDs (70 %) and phones; the child's surname is the
        father's (the caller may switch it)."""
        result = []
        mother_birth = add_years(eldest_birth, -self.rng.randint(22, 36)) - timedelta(
            days=self.rng.randint(0, 364)
        )
        father_birth = mother_birth - timedelta(days=self.rng.randint(-400, 2200))
        for relation, gender, birth in (
            (Relation.FATHER, MALE, father_birth),
            (Relation.MOTHER, FEMALE, mother_birth),
        ):
            region = origin or self.region_for(region_district, birth)
            number = self.id_number(region, birth, gender) if self.rng.random() < 0.7 else None
            result.append(
                _Person(relation, self.adult_name(self.surname(), gender), number, self.phone(), True, True)
            )
        return result

    def elder(self, relation: str, surname: str) -> _Person:
        gender = MALE if relation in (Relation.GRANDFATHER, Relation.MATERNAL_GRANDFATHER) else FEMALE
        phone = self.phone() if self.rng.random() < 0.75 else ""
        return _Person(relation, self.adult_name(surname, gender, elder=True), None, phone, False, True)

    def caregivers(self, father: _Person, mother: _Person) -> list[_Person]:
        """Relatives who bring the child up when the parents cannot: grandparents mostly."""
        roll = self.rng.random()
        if roll < 0.55:
            people_ = [
                self.elder(Relation.GRANDFATHER, father.name[0]),
                self.elder(Relation.GRANDMOTHER, self.surname()),
            ]
        elif roll < 0.8:
            people_ = [self.elder(Relation.MATERNAL_GRANDMOTHER, self.surname())]
            if self.rng.random() < 0.6:
                people_.insert(0, self.elder(Relation.MATERNAL_GRANDFATHER, mother.name[0]))
        else:
            gender = self.rng.choice([MALE, FEMALE])
            people_ = [
                _Person(Relation.UNCLE_AUNT, self.adult_name(father.name[0], gender), None, "", False, True)
            ]
        if self.rng.random() < 0.2 and len(people_) > 1:
            people_[0].notes = "年老体弱"
        for person in people_:
            person.phone = person.phone or self.phone()
        guardian = people_[-1] if people_[0].notes else people_[0]
        guardian.is_guardian = True
        return people_

    def condition(self, situation: str, district: str, eldest_birth: date) -> tuple:
        """(situation, start, end, evidence, disability fields) for a parent's situation,
        ongoing on the load date (a severe disability with its certificate's type and grade)."""
        court = f"苏{district[2:]}"
        disability: dict = {}
        n = self.rng.randint(11, 2999)
        end = None
        if situation == S.IN_CUSTODY:
            start = self.days_before(120, 2500)
            end = max(start + timedelta(days=self.rng.randint(365, 3650)), self.days_before(-1500, -90))
            evidence = f"（{start.year}）{court}刑初{n}号刑事判决书；监狱在押证明"
        elif situation == S.DRUG_REHABILITATION:
            start = self.days_before(120, 700)
            end = start + timedelta(days=730)
            evidence = f"强制隔离戒毒决定书（{start.year}年第{n}号）"
        elif situation == S.OTHER_RESTRICTION:
            start = self.days_before(120, 300)
            end = start + timedelta(days=self.rng.randint(365, 900))
            evidence = f"限制人身自由措施决定书（{start.year}年第{n}号）"
        elif situation == S.OUT_OF_CONTACT:
            start = self.days_before(300, 3000)
            evidence = f"公安机关失踪人员查找受案回执（{start:%Y年%m月%d日}登记）"
        elif situation == S.SEVERELY_DISABLED:
            kind, grade = self.disability(severe=True)
            start = self.days_before(365, 5000)
            evidence = f"残疾人证（{DisabilityType(kind).label}{grade}级）"
            disability = {"disability_type": kind, "disability_grade": grade}
        elif situation == S.SERIOUSLY_ILL:
            start = self.days_before(200, 3000)
            evidence = f"{self.rng.choice(HOSPITALS)}诊断证明（{self.rng.choice(ADULT_ILLNESSES)}）"
        elif situation == S.GUARDIANSHIP_REVOKED:
            start = self.days_before(120, 2500)
            evidence = f"（{start.year}）{court}民特{n}号民事判决书（撤销监护人资格）"
        elif situation == S.DEPORTED:
            start = self.days_before(120, 2500)
            evidence = "出入境管理部门遣返证明"
        elif situation == S.DECEASED:
            start = self.between(eldest_birth - timedelta(days=150), self.today - timedelta(days=150))
            evidence = self.rng.choice(["居民死亡医学证明", "火化证明", "户籍注销证明"])
        elif situation == S.DECLARED_MISSING:
            start = self.between(eldest_birth + timedelta(days=60), self.today - timedelta(days=150))
            evidence = f"（{start.year}）{court}民特{n}号民事判决书（宣告失踪）"
        else:  # migrant worker
            start = self.between(
                max(eldest_birth + timedelta(days=30), self.days_before(3500, 3500)), self.days_before(60, 60)
            )
            evidence = f"村委会证明（在{self.rng.choice(WORK_CITIES)}务工）"
        return (situation, start, end, evidence, disability)

    def disability(self, severe: bool) -> tuple[str, int]:
        """A certificate type and grade; `severe` follows DOMAIN.md §4 (grade 1–2 of any
        kind, or 3–4 intellectual/mental), otherwise a mild grade 3–4 of another kind."""
        if not severe:
            kinds = [DisabilityType.PHYSICAL, DisabilityType.HEARING, DisabilityType.VISUAL]
            return self.rng.choice(kinds), self.rng.choice([3, 4])
        if self.rng.random() < 0.3:
            kinds = [DisabilityType.INTELLECTUAL, DisabilityType.MENTAL]
            return self.rng.choice(kinds), self.rng.choice([3, 4])
        return self.pick(DISABILITY_WEIGHTS), self.rng.choice([1, 1, 2])

    # -- schooling -------------------------------------------------------------------------
    def school(self, birth: date, community: _Community, disabled: bool) -> tuple[str, str, str]:
        """(school_status, school_name, grade) consistent with age: school starts the
        September after the sixth birthday (the school year running on the load date)."""
        entry_year = birth.year + 6 if (birth.month, birth.day) < (9, 1) else birth.year + 7
        school_year = self.today.year if self.today.month >= 9 else self.today.year - 1
        grade = school_year - entry_year + 1
        grade -= grade >= 2 and self.rng.random() < 0.03  # kept down a year
        age = age_on(birth, self.today)
        district = community.district_name
        if grade < 1:
            if age >= 3 and self.rng.random() < 0.8:
                return (
                    SchoolStatus.PRESCHOOL,
                    f"{community.base}幼儿园",
                    ["小班", "中班", "大班"][min(age, 5) - 3],
                )
            return SchoolStatus.PRESCHOOL, "", ""
        if disabled and self.rng.random() < 0.45:
            if self.rng.random() < 0.25:
                return SchoolStatus.NOT_ENROLLED, "", ""
            return SchoolStatus.IN_SCHOOL, f"南京市{district}特殊教育学校", GRADES[min(grade, 12) - 1]
        if grade >= 10 and self.rng.random() < 0.02:
            return SchoolStatus.DROPPED_OUT, "", ""
        grade = min(grade, 12)
        if grade <= 6:
            name = f"{community.base}{'中心' if community.is_village else ''}小学"
        elif grade <= 9:
            name = f"南京市{community.base}初级中学"
        elif self.rng.random() < 0.3:
            name = f"南京市{district}中等专业学校"
            return SchoolStatus.IN_SCHOOL, name, ["中职一年级", "中职二年级", "中职三年级"][grade - 10]
        else:
            name = f"南京市{district}高级中学"
        return SchoolStatus.IN_SCHOOL, name, GRADES[grade - 1]


def _migrant_origins() -> dict[str, list[tuple[str, str]]]:
    """County codes and names outside Nanjing, by province, from the bundled division data."""

    def rows(name):
        with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    provinces = {row["code"]: row["name"] for row in rows("provinces.csv")}
    cities = {row["code"]: row["name"] for row in rows("cities.csv")}
    origins: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in rows("areas.csv"):
        code = row["code"]
        if code[:2] in MIGRANT_PROVINCES and not code.startswith("3201") and row["name"] != "市辖区":
            city = cities.get(code[:4], "")
            city = "" if city in ("市辖区", "县", "省直辖县级行政区划") else city
            origins[code[:2]].append((code, provinces[code[:2]] + city + row["name"]))
    return origins


class _Builder(_City):
    """Turns households into unsaved Child, FamilyMember, ParentCondition and CategorySpell
    objects (families are drawn per category: DOMAIN.md §3–4)."""

    def __init__(self, rng, communities, districts, children: int, today: date):
        super().__init__(rng, communities, districts, today)
        self.named = {c.code: c for c in communities if c.code in NAMED_QUOTA}
        self.children = children
        self.flags = {
            "not_eligible": _scaled(SCREENED_NOT_ELIGIBLE, children),
            "schooling": _scaled(SCHOOLING_PROBLEMS, children),
            "hukou": _scaled(HUKOU_PROBLEMS, children),
        }

    def households(self) -> list[_Household]:
        """Households (1–3 children of one category) in a shuffled order, each placed in a
        community: the named communities first get their quota (梅园 one of each kind)."""
        result = []
        for category, count in plan_counts(self.children).items():
            while count > 0:
                roll = self.rng.random() if category in SIBLING_CATEGORIES else 1
                size = min(count, 3 if roll < 0.02 else 2 if roll < 0.16 else 1)
                result.append(_Household(category, size))
                count -= size
        self.rng.shuffle(result)
        showcase = [C.SCATTERED_ORPHAN, C.DE_FACTO_UNSUPPORTED, C.SERIOUSLY_ILL_OR_DISABLED,
                    C.DIBAO_FAMILY, C.MIGRANT, C.OTHER_IN_DIFFICULTY, C.INSTITUTIONAL_ORPHAN]  # fmt: skip
        for code, quota in NAMED_QUOTA.items():
            community, target = self.named[code], _scaled(quota, self.children, minimum=6)
            placed = 0
            for wanted in showcase if code == people.MEIYUAN else []:
                household = next((h for h in result if h.category == wanted and not h.community), None)
                if household:
                    household.community, placed = community, placed + household.size
            for household in result:
                if placed >= target:
                    break
                if household.community is None and household.category != C.RURAL_LEFT_BEHIND:
                    household.community, placed = community, placed + household.size
        for household in result:
            household.community = household.community or self.community_for(household.category)
        return result

    def build(self, household: _Household) -> tuple[list, list, list, list]:
        """(children, members, conditions, spells) of one household, unsaved."""
        rng, community, category = self.rng, household.community, household.category
        origin, hukou_area, hukou_district = None, community.code, community.district
        roll = rng.random()
        if category == C.MIGRANT:
            origins = self.origins[self.pick(MIGRANT_PROVINCES)]
            origin = rng.choice(origins)
            hukou_area, hukou_district = None, None
        elif category in (C.DIBAO_FAMILY, C.SERIOUSLY_ILL_OR_DISABLED, C.OTHER_IN_DIFFICULTY) and roll < 0.2:
            hukou_district = community.district if roll < 0.1 else rng.choice(sorted(self.streets))
            hukou_area = rng.choice(self.streets[hukou_district])[0]
        births = self.births(category, household.size)
        members, event, notes = self.family(
            household, births[0], hukou_district or community.district, origin
        )
        shared_spells = self.household_spells(category, event, births[0], community.is_village)
        address = self.address(community, category)
        if hukou_area is None:
            hukou_address = origin[1]
        elif hukou_area == community.code:
            hukou_address = community.place
        else:
            street_name = dict(self.streets[hukou_district])[hukou_area]
            hukou_address = f"南京市{self.districts[hukou_district]}{street_name}"
        ethnicity = self.ethnicity(migrant=origin is not None)
        father = next((m for m in members if m.relation == Relation.FATHER), None)
        mother = next((m for m in members if m.relation == Relation.MOTHER), None)
        surname = father.name[0] if father else self.surname()
        if mother and rng.random() < 0.05:
            surname = mother.name[0]
        kids = []
        for birth in births:
            gender = MALE if rng.random() < 0.515 else FEMALE
            region = origin[0] if origin else self.region_for(hukou_district, birth)
            kids.append(
                (self.child_name(surname, gender), gender, self.id_number(region, birth, gender), birth)
            )
        guardian_phone = next((m.phone for m in members if m.is_guardian and m.phone), "")
        children, all_members, conditions, spells = [], [], [], []
        for index, (name, gender, number, birth) in enumerate(kids):
            child = Child(
                name=name, gender=gender, id_number=number, birth_date=birth, ethnicity=ethnicity,
                hukou_area_id=hukou_area, hukou_address=hukou_address, area_id=community.code,
                address=address, phone=guardian_phone, notes=notes,
                **derived_child_fields(name, number),
            )  # fmt: skip
            self.describe(child, category, community)
            children.append(child)
            for person in members:
                member = FamilyMember(
                    child=child, relation=person.relation, name=person.name, id_number=person.id_number,
                    id_hash=keyed_hash(person.id_number, settings.ID_HASH_KEY) if person.id_number else "",
                    phone=person.phone, is_guardian=person.is_guardian,
                    lives_with_child=person.lives_with_child, notes=person.notes,
                )  # fmt: skip
                all_members.append(member)
                conditions.extend(
                    ParentCondition(
                        member=member,
                        situation=s,
                        start_date=start,
                        end_date=end,
                        evidence_reference=ev,
                        **disability,
                    )
                    for s, start, end, ev, disability in person.conditions
                )
            for other, (sibling, _, sibling_number, _) in enumerate(kids):
                if other != index:
                    all_members.append(
                        FamilyMember(
                            child=child,
                            relation=Relation.SIBLING,
                            name=sibling,
                            id_number=sibling_number,
                            id_hash=keyed_hash(sibling_number, settings.ID_HASH_KEY),
                            lives_with_child=category != C.INSTITUTIONAL_ORPHAN,
                        )  # fmt: skip
                    )
            spells.extend(self.spells(child, shared_spells))
        return children, all_members, conditions, spells

    def births(self, category: str, size: int) -> list[date]:
        """Birth dates, eldest first; about 0.8 % of the eldest turn 18 within 120 days."""
        low, high, _ = AGES[category]
        if high == 17 and self.rng.random() < 0.008:
            eldest = add_years(self.today + timedelta(days=self.rng.randint(1, 120)), -18)
        else:
            eldest = self.birth_for_age(self.child_age(category))
        births = [eldest]
        for _ in range(size - 1):
            if self.rng.random() < 0.05:
                births.append(births[-1])  # twins
                continue
            younger = births[-1] + timedelta(days=self.rng.randint(330, 2000))
            youngest_allowed = self.today - timedelta(days=30 if low == 0 else 400)
            births.append(max(births[-1], min(younger, youngest_allowed)))
        return births

    def family(
        self, household: _Household, eldest: date, district: str, origin
    ) -> tuple[list[_Person], date, str]:
        """Relatives, the date the category's condition was met, and notes for the child."""
        rng, category = self.rng, household.category
        father, mother = self.parents(eldest, district, origin[0] if origin else None)
        parents = [father, mother]
        event, notes = self.today, ""

        def mark(person, situation, guardian=False, lives=False):
            person.conditions.append(self.condition(situation, district, eldest))
            person.is_guardian, person.lives_with_child = guardian, lives
            if situation in (S.DECEASED, S.DECLARED_MISSING, S.OUT_OF_CONTACT, S.DEPORTED, S.IN_CUSTODY):
                person.phone = ""
            return person.conditions[-1]

        if category in (C.INSTITUTIONAL_ORPHAN, C.SCATTERED_ORPHAN):
            if category == C.INSTITUTIONAL_ORPHAN and rng.random() < 0.3:
                parents, event = [], eldest + timedelta(days=rng.randint(1, 60))
                notes = "弃婴，经公告查找不到生父母"
            else:
                event = max(mark(p, S.DECEASED)[1] for p in parents)
            if category == C.INSTITUTIONAL_ORPHAN:
                home = _Person(
                    Relation.CIVIL_AFFAIRS,
                    "南京市儿童福利院",
                    None,
                    f"025-{rng.randint(5200_0000, 8699_9999)}",
                    True,
                    True,
                )
                return [home, *parents], event, notes
            return self.caregivers(father, mother) + parents, event, notes
        if category == C.DE_FACTO_UNSUPPORTED:
            first = self.pick(DFU_SITUATIONS)
            if rng.random() < 0.6:  # Rule A: both parents in one of the eight
                situations = [first, self.pick(DFU_SITUATIONS)]
            else:  # Rule B: one dead or declared missing, the other in one of the eight
                situations = [first, S.DECEASED if rng.random() < 0.8 else S.DECLARED_MISSING]
            if rng.random() < 0.5:
                situations.reverse()
            dates = []
            for person, situation in zip(parents, situations, strict=True):
                lives = situation in (S.SEVERELY_DISABLED, S.SERIOUSLY_ILL) and rng.random() < 0.5
                _, start, _, _, _ = mark(person, situation, lives=lives)
                dates.append(start + timedelta(days=183) if situation == S.OUT_OF_CONTACT else start)
            return self.caregivers(father, mother) + parents, max(dates), notes
        if category == C.RURAL_LEFT_BEHIND:
            carers = self.caregivers(father, mother)
            for carer in carers:
                carer.notes = carer.notes or ("受委托照护人" if carer.is_guardian else "")
            if rng.random() < 0.15:  # one parent away, the other unable to care
                away, home = rng.sample(parents, 2)
                event = mark(away, S.MIGRANT_WORKER, guardian=True)[1]
                mark(home, rng.choice([S.SEVERELY_DISABLED, S.SERIOUSLY_ILL]), lives=True)
            else:
                event = max(mark(p, S.MIGRANT_WORKER, guardian=True)[1] for p in parents)
            return carers + parents, event, notes
        if category == C.MIGRANT:
            event = self.between(max(eldest, self.days_before(3650, 3650)), self.days_before(200, 200))
            job = rng.choice(JOBS)
            for person in parents:
                person.notes = f"在{household.community.district_name}从事{job}工作"
            return parents, event, notes
        if category == C.OTHER_IN_DIFFICULTY and self.flags["not_eligible"] > 0:
            self.flags["not_eligible"] -= 1
            mark(father, rng.choice([S.IN_CUSTODY, S.OUT_OF_CONTACT]))
            mother.notes, mother.lives_with_child = "离异，另组家庭，具备抚养能力", False
            notes = "事实无人抚养儿童排查：母亲具备抚养能力，不符合认定条件；生活困难，纳入其他困境儿童关爱"
            return self.caregivers(father, mother) + parents, event, notes
        # Dibao, ill/disabled and other children live with their parents; at most one parent
        # has a situation, so none of them meets Rule A or B by accident.
        roll = rng.random()
        if category == C.DIBAO_FAMILY and roll < 0.25:
            mark(rng.choice(parents), S.DECEASED)
        elif category == C.DIBAO_FAMILY and roll < 0.45:
            away = rng.choice(parents)
            away.notes, away.is_guardian, away.lives_with_child = "离异，未共同生活", False, False
        elif category != C.SERIOUSLY_ILL_OR_DISABLED and roll < 0.75:
            ill = rng.choice(parents)
            mark(ill, rng.choice([S.SERIOUSLY_ILL, S.SEVERELY_DISABLED]), guardian=True, lives=True)
            notes = "因病致贫" if category == C.DIBAO_FAMILY else "家庭遭遇重大变故，生活困难"
        extra = [self.elder(Relation.GRANDMOTHER, self.surname())] if rng.random() < 0.25 else []
        return parents + extra, event, notes

    def address(self, community: _Community, category: str) -> str:
        if category == C.INSTITUTIONAL_ORPHAN:
            return "南京市儿童福利院（集中养育）"
        if community.is_village:
            return f"{community.place}{self.rng.randint(1, 15)}组{self.rng.randint(1, 80)}号"
        road = self.rng.choice(COMMUNITY_BASES) + self.rng.choice("路街巷")
        return f"{community.place}{road}{self.rng.randint(1, 200)}号{self.rng.randint(1, 30)}幢{self.rng.randint(1, 18)}0{self.rng.randint(1, 4)}室"

    def ethnicity(self, migrant: bool) -> str:
        roll = self.rng.random()
        if roll < (0.96 if migrant else 0.983):
            return "汉族"
        if roll < (0.975 if migrant else 0.993):
            return "回族"
        return self.rng.choice(["满族", "蒙古族", "壮族", "苗族", "土家族", "布依族", "彝族"])

    def describe(self, child: Child, category: str, community: _Community) -> None:
        """Disability, health and schooling of one child, consistent with category and age."""
        rng = self.rng
        severe = (category == C.SERIOUSLY_ILL_OR_DISABLED and rng.random() < 0.6) or (
            category == C.INSTITUTIONAL_ORPHAN and rng.random() < 0.4
        )
        if category == C.SERIOUSLY_ILL_OR_DISABLED and not severe:
            child.health_notes = f"{rng.choice(ILLNESSES)}，{rng.choice(HOSPITALS)}确诊，长期治疗"
        elif severe or rng.random() < 0.025:
            child.disability_type, child.disability_grade = self.disability(severe=severe)
            label = DisabilityType(child.disability_type).label
            child.health_notes = f"持残疾人证（{label}{child.disability_grade}级）"
        child.school_status, child.school_name, child.grade = self.school(
            child.birth_date, community, disabled=bool(child.disability_grade and child.disability_grade <= 2)
        )
        age = age_on(child.birth_date, self.today)
        if category == C.DE_FACTO_UNSUPPORTED and age >= 8 and self.flags["schooling"] > 0:
            self.flags["schooling"] -= 1
            child.school_status, child.school_name, child.grade = SchoolStatus.DROPPED_OUT, "", ""
            child.notes = "事实无人抚养儿童排查：就学问题（辍学），已转教育部门"
        elif category == C.DE_FACTO_UNSUPPORTED and self.flags["hukou"] > 0:
            self.flags["hukou"] -= 1
            child.notes = "事实无人抚养儿童排查：户籍问题（户口未随监护人迁移），已转公安部门"

    def household_spells(self, category: str, event: date, eldest: date, village: bool) -> list[tuple]:
        """(category, start, end, end_reason) shared by a household's children: the open
        spell of its category, sometimes an open dibao spell (DFU top-up rule, ill children
        in poor families) or an ended earlier spell. Starts fall before the load date."""
        rng = self.rng
        after = lambda day, low, high: day + timedelta(days=rng.randint(low, high))  # noqa: E731
        if category in (C.INSTITUTIONAL_ORPHAN, C.SCATTERED_ORPHAN):
            start = after(max(event, eldest), 30, 120)
        elif category == C.DE_FACTO_UNSUPPORTED:
            start = max(after(event, 25, 70), after(DFU_POLICY_START, 0, 330), after(eldest, 30, 90))
        elif category == C.SERIOUSLY_ILL_OR_DISABLED:
            start = max(after(eldest, 90, 1500), date(2016, 7, 1))
        elif category == C.RURAL_LEFT_BEHIND:
            start = max(after(event, 0, 120), after(eldest, 30, 60), date(2016, 3, 1))
        elif category == C.MIGRANT:
            start = max(event, eldest) + timedelta(days=183)
        else:
            start = max(after(eldest, 0, 60), self.days_before(60, 3000))
        start = min(start, self.today - timedelta(days=7))
        spells = [(category, start, None, "")]
        roll = rng.random()
        dibao_share = {
            C.DE_FACTO_UNSUPPORTED: 0.05,
            C.SERIOUSLY_ILL_OR_DISABLED: 0.12,
            C.RURAL_LEFT_BEHIND: 0.08,
        }
        if roll < dibao_share.get(category, 0):
            spells.append((C.DIBAO_FAMILY, max(eldest, self.days_before(100, 2000)), None, ""))
        elif category == C.DE_FACTO_UNSUPPORTED and roll < 0.13:
            end = start - timedelta(days=1)
            spells.insert(
                0,
                (
                    C.OTHER_IN_DIFFICULTY,
                    end - timedelta(days=rng.randint(90, 700)),
                    end,
                    "认定为事实无人抚养儿童",
                ),
            )
        elif category == C.DIBAO_FAMILY and village and roll < 0.06:
            earlier = after(eldest, 100, 1000)
            end = min(after(earlier, 180, 1200), self.today - timedelta(days=30), add_years(eldest, 16))
            spells.insert(0, (C.RURAL_LEFT_BEHIND, earlier, end, "父母返乡就业，不再属于留守儿童"))
        return spells

    def spells(self, child: Child, household_spells: list[tuple]) -> list[CategorySpell]:
        """One child's spells: a child born after a spell began gets it from shortly after
        birth (a migrant child six months after); ended spells that would be shorter than
        90 days for this child are left out."""
        birth, result = child.birth_date, []
        for category, start, end, reason in household_spells:
            if birth > start:
                delay = 183 if category == C.MIGRANT else self.rng.randint(0, 60)
                start = min(birth + timedelta(days=delay), self.today - timedelta(days=7))
            if end is not None and end < start + timedelta(days=90):
                continue
            result.append(
                CategorySpell(
                    child=child, category=category, start_date=start, end_date=end, end_reason=reason
                )
            )
        return result


def _create_communities(rng: random.Random) -> tuple[list[_Community], int]:
    """3–8 synthetic villages/communities per township or street of Nanjing (codes street
    code + 3 digits), beside any that exist (the named ones). Statistical units coded 4xx
    (development zones, farms, forest farms, prisons) get none. Returns (all, created)."""
    districts = dict(
        Area.objects.filter(level=Level.DISTRICT, code__startswith=people.NANJING).values_list("code", "name")
    )
    streets = Area.objects.filter(level=Level.STREET, code__startswith=people.NANJING).order_by("code")
    existing = defaultdict(list)
    communities = Area.objects.filter(level=Level.COMMUNITY, code__startswith=people.NANJING).order_by("code")
    for code, name, parent in communities.values_list("code", "name", "parent_id"):
        existing[parent].append((code, name))
    result, new = [], []
    for street, street_name in streets.values_list("code", "name"):
        if int(street[6:]) >= 400:
            continue
        have = list(existing[street])
        town, rural = street_name.endswith(("镇", "乡")), street[:6] in RURAL_DISTRICTS
        taken = {name for _, name in have}
        number = max((int(code[9:]) for code, _ in have), default=0)
        bases = {True: rng.sample(VILLAGE_BASES, 12), False: rng.sample(COMMUNITY_BASES, 12)}
        for index in range(max(rng.randint(3, 8), len(have) + 1) - len(have)):
            village = rural and ((town and index > 0) or (not town and rng.random() < 0.5))
            name = bases[village].pop() + ("村" if village else "社区")
            while name in taken:
                name = bases[village].pop() + ("村" if village else "社区")
            taken.add(name)
            number += 1
            have.append((f"{street}{number:03d}", name))
            new.append((street, name, have[-1][0]))
        district = street[:6]
        result.extend(
            _Community(code, name, street, street_name, district, districts[district]) for code, name in have
        )
    by_code = Area.objects.in_bulk({street for street, _name, _code in new})
    for street, name, code in new:  # the one way a community is made (code length, 999 cap)
        create_community(street=by_code[street], name=name, code=code)
    return result, len(new)


def _write(children, members, conditions, spells, officers=None) -> None:
    """Bulk-write a batch with its history rows. A paid category (ALLOWANCE_CATEGORIES) was
    written by one officer of the child's district and confirmed by another on its start
    date (issue 8: four eyes on paid categories; the payment anchor is unchanged)."""
    for spell in spells:
        pair = (officers or {}).get(spell.child.area_id[:6])
        if pair and spell.category in ALLOWANCE_CATEGORIES:
            spell.created_by, spell.confirmed_by = pair[0], pair[1]
            spell.confirmed_on = spell.start_date
            spell.confirmed_at = datetime.combine(spell.start_date, dt_time(10), tzinfo=UTC)
    for objs, model in (
        (children, Child),
        (members, FamilyMember),
        (conditions, ParentCondition),
        (spells, CategorySpell),
    ):
        bulk_create_with_history(objs, model, batch_size=1000, default_change_reason=CHANGE_REASON)


def seed_demo(*, children: int = DEFAULT_CHILDREN, progress: bool = False, today: date | None = None) -> dict:
    """Load the demo city into an empty registry, in one transaction: Nanjing's divisions,
    the named users and communities (testing.people), synthetic communities and `children`
    children (at least 50) with families, parents' situations and category spells, all dated
    relative to `today` (default: the local date; the same `today` writes the same data).

    Returns counts: {"communities", "children", "family_members", "conditions", "spells",
    "categories": {category: children whose main category it is}, "seconds"}.
    Raises DemoError if children already exist (nothing is written) or `children` < 50.
    """
    if children < 50:
        raise DemoError("演示儿童数至少为 50")
    started = time.monotonic()
    today = today or timezone.localdate()
    with transaction.atomic():
        if Child.objects.exists():
            raise DemoError(f"数据库中已有 {Child.objects.count()} 名儿童，演示数据只能载入空库")
        people.ensure_people()
        rng = random.Random(SEED)
        communities, created = _create_communities(rng)
        districts = {c.district: c.district_name for c in communities}
        staff_rng = random.Random(SEED + 1)  # its own generator: the children stay the same
        namer = _City(staff_rng, communities, districts, today)
        ensure_staff(lambda: namer.adult_name(namer.surname(), staff_rng.choice((MALE, FEMALE))))
        officers = {
            code: users for code, users in staff_by_area(Role.DISTRICT_OFFICER).items() if len(users) > 1
        }
        builder = _Builder(rng, communities, districts, children, today)
        totals, categories, batch = Counter(), Counter(), ([], [], [], [])
        with tqdm(total=children, desc="生成演示儿童", unit="人", disable=not progress) as bar:
            for household in builder.households():
                for part, objs in zip(batch, builder.build(household), strict=True):
                    part.extend(objs)
                categories[household.category] += household.size
                bar.update(household.size)
                if len(batch[0]) >= 1000:
                    _write(*batch, officers)
                    totals.update(
                        dict(
                            zip(
                                ("children", "family_members", "conditions", "spells"),
                                map(len, batch),
                                strict=True,
                            )
                        )
                    )
                    batch = ([], [], [], [])
            _write(*batch, officers)
            totals.update(
                dict(
                    zip(("children", "family_members", "conditions", "spells"), map(len, batch), strict=True)
                )
            )
    return {
        "communities": created,
        **totals,
        "categories": dict(categories),
        "today": today,
        "seconds": round(time.monotonic() - started, 1),
    }
