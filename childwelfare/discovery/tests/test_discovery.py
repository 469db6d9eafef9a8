"""Active discovery: grading, the three steps with their roles and areas, conflicts,
sampling, visit schedule, problems and care measures."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from childwelfare.accounts.choices import Department
from childwelfare.areas.models import Area
from childwelfare.discovery import board, schedule, services
from childwelfare.discovery.choices import Colour, ProblemKind, ProblemStatus, RecordStatus
from childwelfare.discovery.models import RiskItem, RiskItemSet, ScreeningRecord
from childwelfare.discovery.risk import current_item_set, grade
from childwelfare.discovery.services import ConflictError, DiscoveryError
from childwelfare.lib.idnumber import make_number
from childwelfare.registry.choices import Category
from childwelfare.registry.models import Child
from childwelfare.registry.services import RegistryError, end_category
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def child(name, area, *, category=Category.SCATTERED_ORPHAN, since=date(2020, 1, 1), gender="M"):
    """A child of `area` holding `category` from `since` (none if category is None)."""
    return ChildFactory(name=name, area_id=area, gender=gender, category=category, category__start_date=since)


def items(*codes, version=1):
    return [RiskItem.objects.get(item_set__version=version, code=code) for code in codes]


# ---- four-colour grading ---------------------------------------------------------------


def test_scores_at_each_threshold_of_version_1():
    v1 = current_item_set()
    assert (v1.red_min_score, v1.yellow_min_score, v1.blue_min_score) == (8, 5, 2)
    cases = [
        ((), 0, Colour.GREEN),
        (("economic_hardship",), 1, Colour.GREEN),
        (("elderly_carer",), 2, Colour.BLUE),  # 2 = blue threshold
        (("elderly_carer", "family_conflict"), 4, Colour.BLUE),
        (("elderly_carer", "guardian_unable"), 5, Colour.YELLOW),  # 2+3 = yellow threshold
        (("guardian_unable", "guardian_absent", "economic_hardship"), 7, Colour.YELLOW),  # 3+3+1
        (("guardian_unable", "guardian_absent", "elderly_carer"), 8, Colour.RED),  # 3+3+2 = red threshold
    ]
    for codes, score, colour in cases:
        result = grade(v1, items(*codes))
        assert (result.score, result.colour) == (score, colour), codes


def test_emergency_item_makes_red_whatever_the_score():
    result = grade(current_item_set(), items("living_alone"))
    assert (result.score, result.colour, result.is_emergency) == (0, Colour.RED, True)


def test_a_new_version_does_not_change_old_assessments(people):
    kid = child("王小明", named.MEIYUAN)
    _, old = services.record_visit(
        child=kid,
        actor=people["director_meiyuan"],
        visited_on=TODAY,
        item_ids=[i.pk for i in items("elderly_carer", "guardian_unable")],
    )
    assert old.colour == Colour.YELLOW and old.item_set.version == 1
    v2 = RiskItemSet.objects.create(
        version=2, name="v2", effective_from=TODAY, red_min_score=5, yellow_min_score=3, blue_min_score=1
    )
    RiskItem.objects.create(
        item_set=v2, dimension="guardianship", code="guardian_unable", label="x", weight=5
    )
    assert current_item_set(TODAY) == v2
    new = grade(v2, items("guardian_unable", version=2))
    assert new.colour == Colour.RED
    old.refresh_from_db()
    assert (old.colour, old.score, old.item_set.version) == (Colour.YELLOW, 5, 1)
    with pytest.raises(ValueError, match="不属于评估版本 v2"):
        grade(v2, items("guardian_unable"))


# ---- campaigns and the three steps -----------------------------------------------------


@pytest.fixture
def campaign(people):
    """梅园 (2 children), 大行宫 (1), 宁海路 in 鼓楼 (outside), one ended spell, one left-behind."""
    kids = {
        "wang": child("王小明", named.MEIYUAN),
        "li": child("李小红", named.MEIYUAN, category=Category.DE_FACTO_UNSUPPORTED, gender="F"),
        "zhao": child("赵安安", named.DAXINGGONG),
        "gulou": child("钱多多", named.NINGHAI),
        "left": child("孙留守", named.MEIYUAN, category=Category.RURAL_LEFT_BEHIND),
    }
    ended = child("周已止", named.MEIYUAN)
    end_category(
        ended.categories.get(), actor=people["admin_nanjing"], end_date=date(2023, 1, 31), reason="年满18周岁"
    )
    kids["ended"] = ended
    c = services.create_campaign(
        actor=people["officer_xuanwu"],
        name="2026年困境儿童专项排查",
        year=2026,
        area=Area.objects.get(code=named.XUANWU),
        start_date=TODAY - timedelta(days=10),
        end_date=TODAY + timedelta(days=20),
        target_categories=[Category.SCATTERED_ORPHAN, Category.DE_FACTO_UNSUPPORTED],
        sample_rate=Decimal("0.000"),
    )
    assert services.start_campaign(c, actor=people["officer_xuanwu"]) == 3
    return c, kids


def record_of(campaign, kid):
    return ScreeningRecord.objects.get(campaign=campaign, child=kid)


def test_start_creates_records_for_children_in_scope_only(campaign):
    c, kids = campaign
    assert set(ScreeningRecord.objects.filter(campaign=c).values_list("child__name", flat=True)) == {
        "王小明",
        "李小红",
        "赵安安",
    }
    with pytest.raises(DiscoveryError, match="不是草稿状态"):
        services.start_campaign(c, actor=c.created_by)


def test_full_flow_with_return_and_rescreen(campaign, people):
    c, kids = campaign
    record = record_of(c, kids["wang"])
    record = services.screen_record(
        record,
        actor=people["director_meiyuan"],
        expected_version=record.version,
        visited_on=TODAY,
        item_ids=[i.pk for i in items("guardian_unable")],
        living_situation="与祖父同住",
    )
    assert record.status == RecordStatus.SCREENED and record.assessment.colour == Colour.BLUE
    record = services.return_record(
        record, actor=people["supervisor_meiyuan"], expected_version=record.version, reason="监护情况未填写"
    )
    assert record.status == RecordStatus.RETURNED and record.return_reason == "监护情况未填写"
    record = services.screen_record(
        record,
        actor=people["director_meiyuan"],
        expected_version=record.version,
        visited_on=TODAY,
        item_ids=[i.pk for i in items("guardian_unable")],
        guardianship="祖父监护，身体尚可",
    )
    record = services.verify_record(
        record, actor=people["supervisor_meiyuan"], expected_version=record.version
    )
    record = services.confirm_record(record, actor=people["officer_xuanwu"], expected_version=record.version)
    assert record.status == RecordStatus.CONFIRMED and record.version == 5
    assert kids["wang"].visits.count() == 2


def test_each_step_only_for_its_role_and_area(campaign, people):
    c, kids = campaign
    record = record_of(c, kids["zhao"])  # 大行宫社区
    for actor in ("director_meiyuan", "supervisor_meiyuan", "officer_xuanwu", "admin_nanjing"):
        with pytest.raises(DiscoveryError):
            services.screen_record(record, actor=people[actor], expected_version=0, visited_on=TODAY)
    record = services.screen_record(
        record, actor=people["director_daxinggong"], expected_version=0, visited_on=TODAY
    )
    for actor in ("director_daxinggong", "officer_xuanwu", "supervisor_xinjiekou"):
        with pytest.raises(DiscoveryError):
            services.verify_record(record, actor=people[actor], expected_version=record.version)
    record = services.verify_record(
        record, actor=people["supervisor_meiyuan"], expected_version=record.version
    )
    for actor in ("supervisor_meiyuan", "officer_gulou", "admin_nanjing"):
        with pytest.raises(DiscoveryError):
            services.confirm_record(record, actor=people[actor], expected_version=record.version)
    assert record_of(c, kids["zhao"]).status == RecordStatus.VERIFIED


def test_illegal_transitions_change_nothing(campaign, people):
    c, kids = campaign
    record = record_of(c, kids["li"])
    with pytest.raises(DiscoveryError, match="不能改为"):
        services.verify_record(record, actor=people["supervisor_meiyuan"], expected_version=0)
    with pytest.raises(DiscoveryError, match="不能改为"):
        services.confirm_record(record, actor=people["officer_xuanwu"], expected_version=0)
    with pytest.raises(DiscoveryError, match="退回原因"):
        services.return_record(record, actor=people["supervisor_meiyuan"], expected_version=0, reason=" ")
    fresh = record_of(c, kids["li"])
    assert (fresh.status, fresh.version) == (RecordStatus.PENDING, 0)


def test_second_person_on_the_same_record_gets_a_conflict(campaign, people):
    c, kids = campaign
    record = record_of(c, kids["li"])
    services.screen_record(record, actor=people["director_meiyuan"], expected_version=0, visited_on=TODAY)
    seen_by_a = record_of(c, kids["li"])
    seen_by_b = record_of(c, kids["li"])
    services.verify_record(seen_by_a, actor=people["supervisor_meiyuan"], expected_version=seen_by_a.version)
    with pytest.raises(ConflictError, match="已被他人处理"):
        services.return_record(
            seen_by_b, actor=people["supervisor_meiyuan"], expected_version=seen_by_b.version, reason="重复"
        )
    # a stale screen of the same record creates no second visit
    stale = record_of(c, kids["wang"])
    services.screen_record(stale, actor=people["director_meiyuan"], expected_version=0, visited_on=TODAY)
    with pytest.raises(DiscoveryError):
        services.screen_record(stale, actor=people["director_meiyuan"], expected_version=0, visited_on=TODAY)
    assert kids["wang"].visits.count() == 1
    final = record_of(c, kids["li"])
    assert (final.status, final.version, final.return_reason) == (RecordStatus.VERIFIED, 2, "")


def test_sampling_is_reproducible_and_blocks_confirmation_until_revisited(people):
    drawn = [services.in_sample(7, child_id, Decimal("0.1")) for child_id in range(1, 2001)]
    assert drawn == [services.in_sample(7, child_id, Decimal("0.1")) for child_id in range(1, 2001)]
    assert 150 <= sum(drawn) <= 250  # about 10 % of 2,000
    assert not any(services.in_sample(7, i, Decimal("0")) for i in range(1, 500))
    assert all(services.in_sample(7, i, Decimal("1")) for i in range(1, 500))

    kid = child("王小明", named.MEIYUAN)
    c = services.create_campaign(
        actor=people["officer_xuanwu"],
        name="全抽样",
        year=2026,
        area=Area.objects.get(code=named.MEIYUAN_STREET),
        start_date=TODAY,
        end_date=TODAY + timedelta(days=5),
        sample_rate=Decimal("1"),
    )
    services.start_campaign(c, actor=people["officer_xuanwu"])
    record = record_of(c, kid)
    assert record.in_sample
    record = services.screen_record(
        record, actor=people["director_meiyuan"], expected_version=0, visited_on=TODAY
    )
    with pytest.raises(DiscoveryError, match="只有已核实的记录可以复访"):
        services.revisit_record(
            record, actor=people["officer_xuanwu"], expected_version=record.version, visited_on=TODAY
        )
    record = services.verify_record(
        record, actor=people["supervisor_meiyuan"], expected_version=record.version
    )
    with pytest.raises(DiscoveryError, match="须先完成抽样复访"):
        services.confirm_record(record, actor=people["officer_xuanwu"], expected_version=record.version)
    record = services.revisit_record(
        record,
        actor=people["officer_xuanwu"],
        expected_version=record.version,
        visited_on=TODAY,
        notes="复访属实",
    )
    assert record.revisit.is_sample_revisit
    record = services.confirm_record(record, actor=people["officer_xuanwu"], expected_version=record.version)
    assert record.status == RecordStatus.CONFIRMED


def test_unregistered_child_found_during_screening_joins_the_campaign(campaign, people):
    c, _ = campaign
    record = services.add_child_during_screening(
        c,
        actor=people["director_meiyuan"],
        name="新发现",
        id_number=make_number("320102", date(2016, 6, 6), 9, "F"),
        area_id=named.MEIYUAN,
        category=Category.OTHER_IN_DIFFICULTY,
    )
    assert record.added_during_screening and record.status == RecordStatus.PENDING
    assert Child.objects.with_category(Category.OTHER_IN_DIFFICULTY, TODAY).filter(name="新发现").exists()
    with pytest.raises(RegistryError, match="须经认定申请"):  # an allowance needs confirmation first
        services.add_child_during_screening(
            c,
            actor=people["director_meiyuan"],
            name="待认定",
            id_number=make_number("320102", date(2016, 6, 8), 9, "F"),
            area_id=named.MEIYUAN,
            category=Category.DE_FACTO_UNSUPPORTED,
        )
    assert not Child.objects.filter(name="待认定").exists()

    with pytest.raises(RegistryError):  # same validation as the child file
        services.add_child_during_screening(
            c,
            actor=people["director_meiyuan"],
            name="坏号码",
            id_number="320102201606060000",
            area_id=named.MEIYUAN,
        )
    with pytest.raises(DiscoveryError):  # another director's community
        services.add_child_during_screening(
            c,
            actor=people["director_meiyuan"],
            name="别处",
            id_number=make_number("320102", date(2016, 6, 7), 9, "F"),
            area_id=named.DAXINGGONG,
        )


def test_board_and_figures_match_the_records(campaign, people):
    c, kids = campaign
    r = record_of(c, kids["wang"])
    r = services.screen_record(
        r,
        actor=people["director_meiyuan"],
        expected_version=0,
        visited_on=TODAY,
        in_difficulty_not_eligible=True,
    )
    services.raise_problem(
        child=kids["wang"],
        actor=people["director_meiyuan"],
        kind=ProblemKind.HUKOU,
        description="未落户",
        department=Department.PUBLIC_SECURITY,
        deadline=TODAY + timedelta(days=30),
        record=r,
    )
    services.raise_problem(
        child=kids["wang"],
        actor=people["director_meiyuan"],
        kind=ProblemKind.SCHOOLING,
        description="未入学",
        department=Department.EDUCATION,
        deadline=TODAY + timedelta(days=30),
        record=r,
    )
    records = ScreeningRecord.objects.visible_to(people["officer_xuanwu"])
    rows = {row.code: row for row in board.progress_board(c, records, group_length=12)}
    assert rows[named.MEIYUAN].counts == {RecordStatus.SCREENED: 1, RecordStatus.PENDING: 1}
    assert rows[named.MEIYUAN].people == ["张丽"]
    assert rows[named.DAXINGGONG].counts == {RecordStatus.PENDING: 1}
    streets = board.progress_board(c, records, group_length=9)
    assert [(row.code, row.total, row.open) for row in streets] == [(named.MEIYUAN_STREET, 3, 3)]
    figures = board.campaign_figures(c, records)
    assert (figures.in_scope, figures.screened, figures.in_difficulty_not_eligible) == (3, 1, 1)
    assert (figures.with_hukou_problems, figures.with_schooling_problems, figures.problems_raised) == (
        1,
        1,
        2,
    )
    director_view = board.progress_board(
        c, ScreeningRecord.objects.visible_to(people["director_meiyuan"]), group_length=12
    )
    assert [row.code for row in director_view] == [named.MEIYUAN]
    assert not board.late_records(c, records, TODAY).exists()
    assert board.late_records(c, records, c.end_date + timedelta(days=1)).count() == 3


# ---- visits on schedule ----------------------------------------------------------------


def test_next_visit_due_one_colour_interval_after_the_last(people):
    director = people["director_meiyuan"]
    red = child("红红", named.MEIYUAN)
    yellow = child("黄黄", named.MEIYUAN)
    green = child("绿绿", named.MEIYUAN)
    never = child("未访", named.MEIYUAN)
    other = child("别处", named.DAXINGGONG)
    d = TODAY - timedelta(days=20)
    services.record_visit(
        child=red, actor=director, visited_on=d, item_ids=[i.pk for i in items("abandoned")]
    )
    services.record_visit(
        child=yellow,
        actor=director,
        visited_on=d,
        item_ids=[i.pk for i in items("elderly_carer", "guardian_unable")],
    )
    services.record_visit(child=green, actor=director, visited_on=d)
    services.record_visit(child=other, actor=people["director_daxinggong"], visited_on=d)
    rows = {c.name: c for c in schedule.with_schedule(Child.objects.visible_to(director))}
    assert rows["红红"].next_due == d + timedelta(days=7)  # TODAY − 13
    assert rows["黄黄"].next_due == d + timedelta(days=15)  # TODAY − 5
    assert rows["绿绿"].next_due == d + timedelta(days=90)  # TODAY + 70
    assert rows["未访"].next_due == timezone.localtime(never.created_at).date()
    assert "别处" not in rows
    overdue = [c.name for c in schedule.overdue(Child.objects.visible_to(director), TODAY)]
    assert overdue == ["红红", "黄黄"]  # most late first; 未访 is due today, not before
    assert [
        c.name for c in schedule.due_by(Child.objects.visible_to(director), TODAY + timedelta(days=7))
    ] == ["红红", "黄黄", "未访"]
    # A district officer's list covers both communities; a changed setting moves the dates.
    schedule.set_interval(Colour.RED, 30)
    assert [c.name for c in schedule.overdue(Child.objects.visible_to(people["officer_xuanwu"]), TODAY)] == [
        "黄黄"
    ]


# ---- problems and care measures --------------------------------------------------------


def test_liaison_sees_and_handles_only_their_departments_problems(people):
    kid = child("王小明", named.MEIYUAN)
    school = services.raise_problem(
        child=kid,
        actor=people["director_meiyuan"],
        kind=ProblemKind.SCHOOLING,
        description="辍学",
        department=Department.EDUCATION,
        deadline=TODAY + timedelta(days=10),
    )
    hukou = services.raise_problem(
        child=kid,
        actor=people["director_meiyuan"],
        kind=ProblemKind.HUKOU,
        description="无户口",
        department=Department.PUBLIC_SECURITY,
        deadline=TODAY,
    )
    liaison = people["liaison_education_xuanwu"]
    from childwelfare.discovery.models import Problem

    assert list(Problem.objects.visible_to(liaison)) == [school]
    with pytest.raises(DiscoveryError):
        services.solve_problem(hukou, actor=liaison, expected_version=0, text="已落户")
    services.add_problem_action(school, actor=liaison, text="已联系学校")
    school = services.solve_problem(school, actor=liaison, expected_version=0, text="已复学")
    with pytest.raises(DiscoveryError):
        services.close_problem(school, actor=liaison, expected_version=school.version)
    school = services.reopen_problem(
        school, actor=people["officer_xuanwu"], expected_version=school.version, reason="未到校"
    )
    assert school.status == ProblemStatus.OPEN and school.solved_at is None
    school = services.solve_problem(school, actor=liaison, expected_version=school.version, text="已到校一周")
    school = services.close_problem(school, actor=people["officer_xuanwu"], expected_version=school.version)
    assert school.status == ProblemStatus.CLOSED
    assert list(school.actions.values_list("kind", flat=True)) == [
        "raised",
        "action",
        "solved",
        "reopened",
        "solved",
        "closed",
    ]
    assert list(
        board.overdue_problems(
            Problem.objects.visible_to(people["officer_xuanwu"]), TODAY + timedelta(days=1)
        )
    ) == [hukou]
    assert not board.overdue_problems(Problem.objects.all(), TODAY).exists()  # due today is not late yet


def test_red_and_yellow_without_measure_and_needs_a_case(people):
    director = people["director_meiyuan"]
    red = child("红红", named.MEIYUAN)
    yellow = child("黄黄", named.MEIYUAN)
    blue = child("蓝蓝", named.MEIYUAN)
    services.record_visit(
        child=red, actor=director, visited_on=TODAY, item_ids=[i.pk for i in items("runaway_begging")]
    )
    services.record_visit(
        child=yellow,
        actor=director,
        visited_on=TODAY,
        item_ids=[i.pk for i in items("serious_illness", "malnutrition")],
    )
    services.record_visit(
        child=blue, actor=director, visited_on=TODAY, item_ids=[i.pk for i in items("elderly_carer")]
    )
    visible = Child.objects.visible_to(people["officer_xuanwu"])
    assert [c.name for c in board.needs_a_case(visible)] == ["红红"]
    assert sorted(c.name for c in board.without_active_measure(visible, TODAY)) == ["红红", "黄黄"]
    measure = services.add_care_measure(
        child=yellow,
        actor=director,
        measure_type="medical",
        provider_kind="department",
        provider_name="区医保局",
        start_date=TODAY,
    )
    assert [c.name for c in board.without_active_measure(visible, TODAY)] == ["红红"]
    services.end_care_measure(measure, actor=director, end_date=TODAY, outcome="已报销")
    assert sorted(c.name for c in board.without_active_measure(visible, TODAY + timedelta(days=1))) == [
        "红红",
        "黄黄",
    ]
    # the latest assessment decides the colour (ending the emergency item is stated, issue 8)
    services.record_visit(
        child=red,
        actor=director,
        visited_on=TODAY,
        ended_item_ids=[i.pk for i in items("runaway_begging")],
        downgrade_reason="已找回，与祖父母同住",
    )
    assert not board.needs_a_case(visible).exists()
