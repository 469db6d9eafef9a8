"""The .xlsx export: the roster template's columns, the list's filters, formula escaping, and
a fixed number of queries whatever the number of children."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from childwelfare.lib.idnumber import make_number, mask
from childwelfare.registry.choices import Category, Relation, SchoolStatus
from childwelfare.registry.exports import EXPORT_COLUMNS
from childwelfare.testing.factories import CategorySpellFactory, ChildFactory, FamilyMemberFactory
from childwelfare.testing.people import DAXINGGONG, MEIYUAN

ROSTER_COLUMNS = [
    "序号", "姓名", "性别", "公民身份号码", "出生日期", "民族", "户籍地", "现住址", "所属街道", "所属社区", "儿童类别",
    "类别认定日期", "就学状况", "监护人姓名", "与儿童关系", "监护人身份证号", "监护人联系电话", "备注",
]  # fmt: skip


def export(client, query=""):
    response = client.get(reverse("registry:child_export") + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    # Row 1 is the title row (what, area, as of, who: lib.exporting); row 2 the header.
    return list(rows[1]), rows[2:]


def make_child(name, area=MEIYUAN, **fields):
    """A girl of `area` born 2014-06-01."""
    return ChildFactory(name=name, birth_date=date(2014, 6, 1), gender="F", area_id=area, **fields)


def test_columns_are_the_roster_template(client, people):
    assert EXPORT_COLUMNS == ROSTER_COLUMNS
    client.force_login(people["director_meiyuan"])
    header, rows = export(client)
    assert header == ROSTER_COLUMNS
    assert rows == []


def test_columns_match_the_import_template_when_it_exists():
    importing = pytest.importorskip("childwelfare.registry.importing")
    assert importing.TEMPLATE_COLUMNS == EXPORT_COLUMNS


def test_row_values(client, people):
    child = make_child(
        "王小红",
        ethnicity="回族",
        hukou_address="江苏省南京市玄武区",
        address="梅园新村1号",
        school_status=SchoolStatus.IN_SCHOOL,
        notes="需关注",
    )
    CategorySpellFactory(child=child, category=Category.RURAL_LEFT_BEHIND, start_date=date(2023, 1, 5))
    CategorySpellFactory(child=child, category=Category.DIBAO_FAMILY, start_date=date(2023, 1, 5))
    # A category that ended is not listed as of today.
    CategorySpellFactory(
        child=child, category=Category.MIGRANT, start_date=date(2020, 1, 1), end_date=date(2021, 1, 1)
    )
    FamilyMemberFactory(child=child, relation=Relation.FATHER, name="王大", is_guardian=False)
    FamilyMemberFactory(
        child=child,
        relation=Relation.GRANDMOTHER,
        name="李桂英",
        id_number=make_number("320102", date(1960, 1, 1), 2, "F"),
        phone="13912345678",
        is_guardian=True,
    )
    client.force_login(people["director_meiyuan"])
    _, [row] = export(client)
    assert row[:3] == (1, "王小红", "女")
    assert row[3] == mask(child.id_number)
    assert row[4].date() == date(2014, 6, 1)
    assert row[5:10] == ("回族", "江苏省南京市玄武区", "梅园新村1号", "梅园新村街道", "梅园社区")
    assert row[10] == "农村留守儿童、低保特困家庭儿童"
    assert row[11].date() == date(2023, 1, 5)
    assert row[12] == "在校"
    assert row[13:15] == ("李桂英", "祖母")  # the guardian, not the first family member
    assert row[15] == mask(make_number("320102", date(1960, 1, 1), 2, "F"))
    assert row[16:] == ("13912345678", "需关注")


def test_formula_text_is_escaped(client, people):
    # Names may not start like a formula (registry.services), but addresses and notes may.
    make_child("王小红", address='=HYPERLINK("http://evil.example","点我")', notes="+1+cmd|' /C calc'!A0")
    client.force_login(people["director_meiyuan"])
    response = client.get(reverse("registry:child_export"))
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    address, notes = sheet.cell(row=3, column=8), sheet.cell(row=3, column=18)
    # Plain text cells (issue 9): the text as written, no visible apostrophe, never a formula.
    assert (address.value, address.data_type) == ('=HYPERLINK("http://evil.example","点我")', "s")
    assert (notes.value, notes.data_type) == ("+1+cmd|' /C calc'!A0", "s")


def test_export_uses_the_list_filters(client, people):
    today = timezone.localdate()
    make_child("甲", category=Category.RURAL_LEFT_BEHIND, category__start_date=today - timedelta(days=10))
    make_child("乙")
    make_child("丙", area=DAXINGGONG)
    client.force_login(people["supervisor_meiyuan"])
    assert sorted(row[1] for row in export(client)[1]) == ["丙", "乙", "甲"]
    assert [row[1] for row in export(client, "?category=rural_left_behind")[1]] == ["甲"]
    assert [row[1] for row in export(client, f"?area={DAXINGGONG}")[1]] == ["丙"]
    assert [row[1] for row in export(client, "?q=yi")[1]] == ["乙"]
    # As of a date before the spell started, nobody holds the category.
    before = (today - timedelta(days=30)).isoformat()
    assert export(client, f"?category=rural_left_behind&on={before}")[1] == []


def test_export_queries_do_not_grow_with_children(client, people):
    client.force_login(people["director_meiyuan"])

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            export(client)
        return len(queries)

    # No hukou area: the one with a hukou area is the next test.
    FamilyMemberFactory(child=make_child("一", category=Category.MIGRANT, hukou_area=None), name="母")
    few = count_queries()
    for seq in range(11, 31):
        FamilyMemberFactory(
            child=make_child(f"儿童{seq}", category=Category.MIGRANT, hukou_area=None), name="母"
        )
    assert count_queries() == few


def test_export_queries_do_not_grow_with_children_with_a_hukou_area(client, people):
    client.force_login(people["director_meiyuan"])

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            export(client)
        return len(queries)

    make_child("一", hukou_address="")
    few = count_queries()
    for seq in range(2, 12):
        make_child(f"儿童{seq}", hukou_address="")
    assert count_queries() == few


def test_filename_names_the_date(client, people):
    client.force_login(people["director_meiyuan"])
    response = client.get(reverse("registry:child_export") + "?on=2025-06-30")
    assert "2025-06-30.xlsx" in response["Content-Disposition"]  # 儿童名单_梅园社区_2025-06-30.xlsx
