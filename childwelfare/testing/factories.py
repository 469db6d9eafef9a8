"""factory-boy factories for tests: children with valid, unique ID numbers and their search
keys filled exactly as the registry services fill them, family members, parents' situations,
category spells, users, and the rows of discovery (campaigns, screening records, visits,
problems) and benefits (eligibility applications).

    child = ChildFactory()                                  # in 梅园社区, born 2012 or later
    child = ChildFactory(area_id=NINGHAI, birth_date=date(2010, 5, 1), gender="F")
    child = ChildFactory(id_number="320102201005010026")    # birth date and gender follow
    child = ChildFactory(category=Category.SCATTERED_ORPHAN, category__start_date=date(2020, 1, 1))
    child = ChildFactory(parents=(ParentSituation.IN_CUSTODY, None))  # father and mother listed
    child = ChildFactory(actor=officer)                     # history says who registered it
    mother = FamilyMemberFactory(child=child, relation=Relation.MOTHER)
    ParentConditionFactory(member=mother, situation=ParentSituation.IN_CUSTODY)
    CategorySpellFactory(child=child, category=Category.DE_FACTO_UNSUPPORTED)
    director = UserFactory(role=Role.CHILD_DIRECTOR, area_id=MEIYUAN)
    campaign = CampaignFactory(area_id=XUANWU)              # a draft; start it with the service
    ScreeningRecordFactory(campaign=campaign, child=child)  # pending, in the child's area
    VisitFactory(child=child, visited_on=date(2026, 3, 1))
    ProblemFactory(child=child, deadline=date(2026, 3, 1))  # open, education's
    EligibilityApplicationFactory(child=child, submitted_on=..., verify_due=...)

The named areas (testing.people.ensure_areas) are loaded on first use. Writes go straight to
the models (registry history is recorded by the save signal, with the `actor` given or no
user; no event or action rows): use the services when the test is about the rules they
enforce.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.conf import settings
from django.utils import timezone
from factory.django import DjangoModelFactory

from childwelfare.accounts.choices import Department, Role
from childwelfare.accounts.models import User
from childwelfare.areas.models import Area
from childwelfare.benefits.choices import ApplicantKind, ApplicationKind
from childwelfare.benefits.models import EligibilityApplication
from childwelfare.discovery.choices import ProblemKind
from childwelfare.discovery.models import Campaign, Problem, ScreeningRecord, Visit
from childwelfare.lib.idnumber import FEMALE, MALE, keyed_hash, make_number, parse
from childwelfare.registry.choices import Category, DisabilityType, ParentSituation, Relation, SchoolStatus
from childwelfare.registry.models import CategorySpell, Child, FamilyMember, ParentCondition
from childwelfare.registry.services import derived_child_fields

from . import people
from .demo_city import ADULT_GIVEN, GIVEN, SURNAME_CHARS

LONG_AGO = date(2024, 1, 1)
DISTRICTS = (
    "320102",
    "320104",
    "320105",
    "320106",
    "320111",
    "320113",
    "320114",
    "320115",
    "320116",
    "320117",
    "320118",
)


def named_area(code: str = people.MEIYUAN) -> Area:
    """A named area of testing.people (areas loaded on first use)."""
    area = Area.objects.filter(code=code).first()
    if area is None:
        people.ensure_areas()
        area = Area.objects.get(code=code)
    return area


def _default_area(kwargs: dict) -> None:
    """梅园社区 unless the test gave `area` or `area_id` (declaring a default for one would
    clash with the other); a named area given by code is loaded if needed."""
    if "area" not in kwargs and "area_id" not in kwargs:
        kwargs["area"] = named_area()
    elif kwargs.get("area_id"):
        named_area(kwargs["area_id"])


def child_id_number(n: int, birth: date, gender: str) -> str:
    """The n-th factory ID number for a birth date and gender. Order digits 90–99 are left
    to factories (the demo city uses 00–89), so the two never collide; with the region
    cycling through Nanjing's 11 districts, 110 children can share one birth date and gender."""
    return make_number(DISTRICTS[n % 11], birth, 90 + (n // 11) % 10, gender)


def _name(n: int, gender: str, given: dict) -> str:
    surname = SURNAME_CHARS[(n * 7) % len(SURNAME_CHARS)]
    first, second = given[(gender, 1)], given[(gender, 2)]
    return surname + first[(n * 3) % len(first)] + second[(n * 5) % len(second)]


class RecordedFactory(DjangoModelFactory):
    """A registry row saved with its history's user: `actor=user` (default none), as the
    registry services record who acted."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, actor=None, **kwargs):
        instance = model_class(*args, **kwargs)
        instance._history_user = actor
        instance.save()
        return instance


class ChildFactory(RecordedFactory):
    """A child with a valid ID number. The ID number agrees with birth_date and gender; if
    a test passes its own id_number, birth date and gender are taken from it.

    `category=Category.X` adds an open spell of that category (from 2024-01-01, or
    `category__start_date=`, `category__end_date=`); `parents=(father's situation, mother's
    situation)` lists both parents as guardians, each with an ongoing condition where the
    situation is not None (from 2024-01-01 or `parents__start_date=`, with
    `parents__evidence=` a text for every condition or {situation: text}, default none)."""

    class Meta:
        model = Child
        skip_postgeneration_save = True

    gender = factory.Sequence(lambda n: MALE if n % 2 == 0 else FEMALE)
    name = factory.LazyAttributeSequence(lambda o, n: _name(n, o.gender, GIVEN))
    # 110 consecutive children share a birth date; dates step a week, from 2012-03-01 on.
    birth_date = factory.Sequence(lambda n: date(2012, 3, 1) + timedelta(days=7 * ((n // 110) % 700)))
    id_number = factory.LazyAttributeSequence(lambda o, n: child_id_number(n, o.birth_date, o.gender))
    ethnicity = "汉族"
    address = factory.Sequence(lambda n: f"演示路{n + 1}号")
    phone = factory.Sequence(lambda n: f"139{n % 100_000_000:08d}")
    school_status = SchoolStatus.IN_SCHOOL

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        _default_area(kwargs)
        if "hukou_area" not in kwargs and "hukou_area_id" not in kwargs:
            kwargs["hukou_area_id"] = kwargs["area"].code if "area" in kwargs else kwargs["area_id"]
        parsed = parse(kwargs["id_number"])
        kwargs.update(id_number=parsed.number, birth_date=parsed.birth_date, gender=parsed.gender)
        kwargs.update(derived_child_fields(kwargs["name"], parsed.number))
        return kwargs

    @factory.post_generation
    def category(child, create, extracted, **kwargs):
        if extracted:
            CategorySpellFactory(child=child, category=extracted, **kwargs)

    @factory.post_generation
    def parents(child, create, extracted, *, evidence="", start_date=LONG_AGO, actor=None):
        if not extracted:
            return
        for relation, situation in zip((Relation.FATHER, Relation.MOTHER), extracted, strict=True):
            member = FamilyMemberFactory(child=child, relation=relation, actor=actor)
            if situation:
                text = evidence.get(situation, "") if isinstance(evidence, dict) else evidence
                # A severely disabled parent holds a certificate of a severe grade (肢体一级).
                graded = (
                    {"disability_type": DisabilityType.PHYSICAL, "disability_grade": 1}
                    if situation == ParentSituation.SEVERELY_DISABLED
                    else {}
                )
                ParentConditionFactory(
                    member=member,
                    situation=situation,
                    start_date=start_date,
                    evidence_reference=text,
                    actor=actor,
                    **graded,
                )


class FamilyMemberFactory(RecordedFactory):
    """A guardian living with the child (the mother by default); no ID number unless given,
    in which case id_hash is filled as the registry services fill it."""

    class Meta:
        model = FamilyMember
        skip_postgeneration_save = True

    child = factory.SubFactory(ChildFactory)
    relation = Relation.MOTHER
    name = factory.LazyAttributeSequence(
        lambda o, n: _name(
            n, MALE if o.relation in (Relation.FATHER, Relation.GRANDFATHER) else FEMALE, ADULT_GIVEN
        )
    )
    id_number = None
    phone = factory.Sequence(lambda n: f"138{n % 100_000_000:08d}")
    is_guardian = True
    lives_with_child = True

    class Params:
        # FamilyMemberFactory(with_id_number=True): an adult's ID number born 1985.
        with_id_number = factory.Trait(
            id_number=factory.LazyAttributeSequence(
                lambda o, n: make_number(
                    "320102",
                    date(1985, 1, 1) + timedelta(days=n % 3650),
                    90 + n % 10,
                    MALE if o.relation in (Relation.FATHER, Relation.GRANDFATHER) else FEMALE,
                )
            )
        )

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        number = kwargs.get("id_number")
        if number:
            kwargs["id_number"] = parse(number, allow_15=True).number
            kwargs["id_hash"] = keyed_hash(kwargs["id_number"], settings.ID_HASH_KEY)
        return kwargs


class ParentConditionFactory(RecordedFactory):
    """A parent's ongoing situation (in custody by default) since 2024-01-01."""

    class Meta:
        model = ParentCondition

    member = factory.SubFactory(FamilyMemberFactory, relation=Relation.FATHER, is_guardian=False)
    situation = ParentSituation.IN_CUSTODY
    start_date = date(2024, 1, 1)
    end_date = None
    evidence_reference = "（2024）苏0102刑初1号刑事判决书"


class CategorySpellFactory(RecordedFactory):
    """An open category spell (de facto unsupported by default) from 2024-01-01."""

    class Meta:
        model = CategorySpell

    child = factory.SubFactory(ChildFactory)
    category = Category.DE_FACTO_UNSUPPORTED
    start_date = date(2024, 1, 1)
    end_date = None


class UserFactory(DjangoModelFactory):
    """A user with a role and area (child director of 梅园社区 by default) and the demo
    password. Roles and areas of the named users: testing.people.PEOPLE."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: _name(n, FEMALE, ADULT_GIVEN))
    role = Role.CHILD_DIRECTOR
    password = factory.django.Password(people.DEMO_PASSWORD)

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        _default_area(kwargs)
        return kwargs


def named_user(username: str) -> User:
    """A named user of testing.people (all of them created on first use)."""
    user = User.objects.filter(username=username).first()
    return user if user is not None else people.ensure_people()[username]


class CampaignFactory(DjangoModelFactory):
    """A draft screening campaign over 玄武区 created by officer_xuanwu, running from five
    days before today to 30 days after, no sample; start it with services.start_campaign,
    which creates the records, or add them with ScreeningRecordFactory."""

    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"专项排查{n + 1}")
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    start_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=5))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    sample_rate = Decimal("0")
    target_categories = factory.LazyFunction(list)
    created_by = factory.LazyFunction(lambda: named_user("officer_xuanwu"))

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        if "area" not in kwargs and "area_id" not in kwargs:
            kwargs["area"] = named_area(people.XUANWU)
        elif kwargs.get("area_id"):
            named_area(kwargs["area_id"])
        return kwargs


class ScreeningRecordFactory(DjangoModelFactory):
    """A pending screening record of a campaign for a child (a new child of 梅园社区 by
    default), in the child's area."""

    class Meta:
        model = ScreeningRecord

    campaign = factory.SubFactory(CampaignFactory)
    child = factory.SubFactory(ChildFactory)
    area_id = factory.LazyAttribute(lambda o: o.child.area_id)


class VisitFactory(DjangoModelFactory):
    """A home visit today by director_meiyuan to a child (a new child of 梅园社区 by
    default), with no risk assessment: record_visit grades the child."""

    class Meta:
        model = Visit

    child = factory.SubFactory(ChildFactory)
    visited_on = factory.LazyFunction(timezone.localdate)
    visitor = factory.LazyFunction(lambda: named_user("director_meiyuan"))
    living_situation = "与父母同住"


class ProblemFactory(DjangoModelFactory):
    """An open schooling problem handed to education, due in 10 days, raised by
    director_meiyuan for a child (a new child of 梅园社区 by default); no action row. A
    deadline in the past makes it overdue (raise_problem refuses one)."""

    class Meta:
        model = Problem

    child = factory.SubFactory(ChildFactory)
    kind = ProblemKind.SCHOOLING
    description = "长期不到校"
    department = Department.EDUCATION
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))
    raised_by = factory.LazyFunction(lambda: named_user("director_meiyuan"))


class EligibilityApplicationFactory(DjangoModelFactory):
    """A submitted de facto unsupported application by the grandmother, received today by
    director_meiyuan, for a child (a new child of 梅园社区 by default). The verification is
    due 21 calendar days later unless `verify_due` is given (the service counts 15 working
    days: give the date when the test is about it)."""

    class Meta:
        model = EligibilityApplication

    child = factory.SubFactory(ChildFactory)
    kind = ApplicationKind.DE_FACTO_UNSUPPORTED
    applicant_kind = ApplicantKind.RELATIVE
    applicant_name = "王桂兰"
    applicant_relation = "祖母"
    submitted_on = factory.LazyFunction(timezone.localdate)
    verify_due = factory.LazyAttribute(lambda o: o.submitted_on + timedelta(days=21))
    created_by = factory.LazyFunction(lambda: named_user("director_meiyuan"))
