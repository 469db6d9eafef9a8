"""Issue 8, item 12: the roster's optional parent columns (父亲/母亲 姓名, 情形, 残疾类别, 残疾等级,
残疾证号) record each parent's situation, a severe disability with its certificate's type and
grade; a 重残 without them, or disagreeing with the certificate number, is a row error."""

from datetime import date

import pytest

from childwelfare.areas.models import Area
from childwelfare.lib.idnumber import make_number
from childwelfare.lib.spreadsheets import read_table
from childwelfare.registry.choices import DisabilityType, ParentSituation, Relation
from childwelfare.registry.importing import import_roster
from childwelfare.registry.importing.parents import UNDATED
from childwelfare.registry.models import Child, FamilyMember, ParentCondition
from childwelfare.testing import people as named

from .rosters import write_xlsx

pytestmark = pytest.mark.django_db
HEADER = ["姓名", "身份证号", "所属社区", "儿童类别", "类别认定日期", "父亲姓名", "父亲情形", "父亲残疾类别",
          "父亲残疾等级", "父亲残疾证号", "母亲姓名", "母亲情形", "监护人姓名", "与儿童关系"]  # fmt: skip
CERTIFICATE = "32010219850101001X62"  # type 6 (精神), grade 2


def roster(tmp_path, *rows):
    return read_table(write_xlsx(tmp_path / "名册.xlsx", [HEADER, *rows]))


def kid(n):
    return make_number("320102", date(2015, 3, 4), n, "M")


def test_parent_columns_record_situations_and_graded_disability(tmp_path, people):
    officer = people["officer_xuanwu"]
    table = roster(
        tmp_path,
        ["王小明", kid(1), "梅园社区", "低保家庭儿童", date(2024, 3, 1), "王强", "重残", "精神残疾", "三级", "",
         "李芳", "服刑在押", "王大爷", "祖父"],
        ["赵小东", kid(2), "梅园社区", "", "", "赵刚", "重残", "", "", CERTIFICATE,
         "孙丽", "外出务工", "孙丽", "母亲"],
    )  # fmt: skip
    result = import_roster(
        table, Area.objects.get(code=named.XUANWU), actor=officer, today=date(2026, 11, 29)
    )
    assert result.errors == [] and result.written
    wang = Child.objects.get(name="王小明")
    father = wang.family.get(relation=Relation.FATHER)
    assert (father.name, father.is_guardian) == ("王强", False)
    condition = father.conditions.get()
    assert (
        condition.situation,
        condition.disability_type,
        condition.disability_grade,
        condition.start_date,
    ) == (
        ParentSituation.SEVERELY_DISABLED,
        DisabilityType.MENTAL,
        3,
        date(2026, 11, 29),  # no start date given: the roster's date, never the category's
    )
    assert condition.evidence_reference == UNDATED
    assert wang.family.get(relation=Relation.MOTHER).conditions.get().situation == ParentSituation.IN_CUSTODY
    zhao = Child.objects.get(name="赵小东")
    # Type and grade read from the certificate number; the mother is also the guardian: one person.
    father = zhao.family.get(relation=Relation.FATHER).conditions.get()
    assert (father.disability_type, father.disability_grade, father.certificate_number) == (
        DisabilityType.MENTAL,
        2,
        CERTIFICATE,
    )
    assert father.start_date == date(2026, 11, 29)  # no start date: the import's date
    mother = zhao.family.get(relation=Relation.MOTHER)
    assert mother.is_guardian and zhao.family.filter(name="孙丽").count() == 1
    # The same file again adds nothing.
    again = import_roster(table, Area.objects.get(code=named.XUANWU), actor=officer, today=date(2026, 11, 29))
    assert again.errors == []
    assert (FamilyMember.objects.count(), ParentCondition.objects.count()) == (5, 4)


def test_severe_disability_without_grade_or_against_the_certificate_is_refused(tmp_path, people):
    table = roster(
        tmp_path,
        ["王小明", kid(1), "梅园社区", "", "", "王强", "重残", "肢体", "", "", "", "", "", ""],
        ["赵小东", kid(2), "梅园社区", "", "", "赵刚", "重残", "肢体", "一级", CERTIFICATE, "", "", "", ""],
        ["钱小西", kid(3), "梅园社区", "", "", "", "重病", "", "", "", "", "", "", ""],
        ["孙小南", kid(4), "梅园社区", "", "", "孙刚", "生病", "", "", "", "", "", "", ""],
    )  # fmt: skip
    result = import_roster(table, Area.objects.get(code=named.XUANWU), actor=people["officer_xuanwu"])
    assert [(e.row, e.column, e.code) for e in result.errors] == [
        (2, "父亲残疾等级", "disability_grade_missing"),
        (3, "父亲残疾证号", "certificate_mismatch"),
        (4, "父亲姓名", "parent_without_name"),
        (5, "父亲情形", "bad_situation"),
    ]
    assert not Child.objects.exists()


DATED = ["姓名", "身份证号", "所属社区", "儿童类别", "类别认定日期", "父亲姓名", "父亲情形", "父亲情形开始日期",
         "父亲情形结束日期", "母亲姓名", "母亲情形", "母亲情形开始日期", "监护人姓名", "与儿童关系"]  # fmt: skip


def test_an_undated_custody_term_does_not_meet_six_months_and_dated_ones_do(tmp_path, people):
    """QA of item 13: a roster row giving 服刑在押 and 失联 without dates must not be judged
    eligible from the category's date (2024-06-01): nobody entered when the term began or
    when the police registered the case. With the dates in their columns it is."""
    from childwelfare.benefits.applications import evaluate
    from childwelfare.benefits.choices import ApplicationKind

    officer = people["officer_xuanwu"]
    rows = [
        DATED,
        ["钱小梅", kid(3), "梅园社区", "事实无人抚养儿童", date(2024, 6, 1), "钱军", "服刑在押", "", "",
         "周红", "失联", "", "钱奶奶", "祖母"],
        ["孙小兰", kid(4), "梅园社区", "事实无人抚养儿童", date(2024, 6, 1), "孙军", "服刑在押",
         date(2023, 1, 10), date(2031, 1, 9), "吴红", "失联", date(2024, 1, 5), "孙奶奶", "祖母"],
    ]  # fmt: skip
    table = read_table(write_xlsx(tmp_path / "名册.xlsx", rows))
    result = import_roster(
        table, Area.objects.get(code=named.XUANWU), actor=officer, today=date(2026, 11, 29)
    )
    assert result.errors == [] and result.written
    Child.objects.filter(name__in=["钱小梅", "孙小兰"]).update(hukou_area_id=named.MEIYUAN)  # local hukou
    undated = Child.objects.get(name="钱小梅")
    terms = ParentCondition.objects.filter(member__child=undated)
    assert {(c.start_date, c.evidence_reference) for c in terms} == {(date(2026, 11, 29), UNDATED)}
    check = evaluate(undated, ApplicationKind.DE_FACTO_UNSUPPORTED, date(2026, 11, 30))
    assert not check.eligible
    assert [c.code for c in check.conditions if not c.passed] == ["parent", "parent"]
    dated = Child.objects.get(name="孙小兰")
    term = ParentCondition.objects.get(member__child=dated, situation=ParentSituation.IN_CUSTODY)
    assert (term.start_date, term.end_date, term.evidence_reference) == (
        date(2023, 1, 10),
        date(2031, 1, 9),
        "",
    )
    check = evaluate(dated, ApplicationKind.DE_FACTO_UNSUPPORTED, date(2026, 11, 30))
    assert check.eligible, [(c.code, c.passed, c.params) for c in check.conditions]


def test_a_situation_ending_before_it_starts_is_a_row_error(tmp_path, people):
    rows = [
        DATED,
        ["李小花", kid(5), "梅园社区", "", "", "李军", "服刑在押", date(2025, 1, 10), date(2024, 1, 9),
         "", "", "", "李奶奶", "祖母"],
    ]  # fmt: skip
    table = read_table(write_xlsx(tmp_path / "名册.xlsx", rows))
    result = import_roster(
        table, Area.objects.get(code=named.XUANWU), actor=people["officer_xuanwu"], today=date(2026, 11, 29)
    )
    assert [(e.row, e.code) for e in result.errors] == [(2, "end_before_start")]
    assert not Child.objects.filter(name="李小花").exists()
