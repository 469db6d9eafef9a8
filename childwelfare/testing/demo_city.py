"""The demo city's people and places (testing.demo builds on it): the name pools, weights and
category mix, the community and household shapes, and `_City`, which draws people, addresses,
schools and parents' situations from one random generator in a fixed order."""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from childwelfare.areas.services import DATA_DIR
from childwelfare.lib.dates import add_years, age_on
from childwelfare.lib.idnumber import FEMALE, MALE, make_number
from childwelfare.registry.choices import Category as C
from childwelfare.registry.choices import (
    DisabilityType,
    ParentSituation,
    Relation,
    SchoolStatus,
)

from . import people

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
