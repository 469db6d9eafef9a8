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

import random
import time
from collections import Counter, defaultdict
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
from childwelfare.areas.services import create_community
from childwelfare.lib.dates import add_years, age_on
from childwelfare.lib.idnumber import FEMALE, MALE, keyed_hash
from childwelfare.registry.choices import (
    ALLOWANCE_CATEGORIES,
    DisabilityType,
    Relation,
    SchoolStatus,
)
from childwelfare.registry.choices import Category as C
from childwelfare.registry.models import CategorySpell, Child, FamilyMember, ParentCondition
from childwelfare.registry.services import derived_child_fields

from . import people
from .demo_city import (
    AGES,
    CHANGE_REASON,
    COMMUNITY_BASES,
    DEFAULT_CHILDREN,
    DFU_POLICY_START,
    DFU_SITUATIONS,
    HOSPITALS,
    HUKOU_PROBLEMS,
    ILLNESSES,
    JOBS,
    MIGRANT_PROVINCES,
    NAMED_QUOTA,
    RURAL_DISTRICTS,
    SCHOOLING_PROBLEMS,
    SCREENED_NOT_ELIGIBLE,
    SEED,
    SIBLING_CATEGORIES,
    VILLAGE_BASES,
    DemoError,
    S,
    _City,
    _Community,
    _Household,
    _Person,
    _scaled,
    plan_counts,
)
from .demo_staff import ensure_staff, staff_by_area


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
