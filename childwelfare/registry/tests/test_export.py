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
from childwelfare.registry.services import add_category, add_family_member, create_child
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
    return list(rows[0]), rows[1:]


def make_child(people, name, seq, area=MEIYUAN, **fields):
    return create_child(
        actor=people["officer_xuanwu"],
        name=name,
        id_number=make_number("320102", date(2014, 6, 1), seq, "F"),
        area_id=area,
        **fields,
    )


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
    officer = people["officer_xuanwu"]
    child = make_child(
        people,
        "王小红",
        1,
        ethnicity="回族",
        hukou_address="江苏省南京市玄武区",
        address="梅园新村1号",
        school_status=SchoolStatus.IN_SCHOOL,
        notes="需关注",
    )
    add_category(child=child, actor=officer, category=Category.RURAL_LEFT_BEHIND, start_date=date(2023, 1, 5))
    add_category(child=child, actor=officer, category=Category.DIBAO_FAMILY, start_date=date(2023, 1, 5))
    # A category that ended is not listed as of today.
    add_category(
        child=child,
        actor=officer,
        category=Category.MIGRANT,
        start_date=date(2020, 1, 1),
        end_date=date(2021, 1, 1),
    )
    add_family_member(child=child, actor=officer, relation=Relation.FATHER, name="王大", is_guardian=False)
    add_family_member(
        child=child,
        actor=officer,
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
    make_child(
        people, "王小红", 3, address='=HYPERLINK("http://evil.example","点我")', notes="+1+cmd|' /C calc'!A0"
    )
    client.force_login(people["director_meiyuan"])
    _, [row] = export(client)
    assert row[7] == '\'=HYPERLINK("http://evil.example","点我")'
    assert row[17].startswith("'+")


def test_export_uses_the_list_filters(client, people):
    today = timezone.localdate()
    officer = people["officer_xuanwu"]
    left_behind = make_child(people, "甲", 4)
    make_child(people, "乙", 5)
    make_child(people, "丙", 6, area=DAXINGGONG)
    add_category(
        child=left_behind,
        actor=officer,
        category=Category.RURAL_LEFT_BEHIND,
        start_date=today - timedelta(days=10),
    )
    client.force_login(people["supervisor_meiyuan"])
    assert sorted(row[1] for row in export(client)[1]) == ["丙", "乙", "甲"]
    assert [row[1] for row in export(client, "?category=rural_left_behind")[1]] == ["甲"]
    assert [row[1] for row in export(client, f"?area={DAXINGGONG}")[1]] == ["丙"]
    assert [row[1] for row in export(client, "?q=yi")[1]] == ["乙"]
    # As of a date before the spell started, nobody holds the category.
    before = (today - timedelta(days=30)).isoformat()
    assert export(client, f"?category=rural_left_behind&on={before}")[1] == []


def test_export_queries_do_not_grow_with_children(client, people):
    officer = people["officer_xuanwu"]
    client.force_login(people["director_meiyuan"])

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            export(client)
        return len(queries)

    child = make_child(people, "一", 10)
    add_category(child=child, actor=officer, category=Category.MIGRANT, start_date=date(2024, 1, 1))
    add_family_member(child=child, actor=officer, relation=Relation.MOTHER, name="母", is_guardian=True)
    few = count_queries()
    for seq in range(11, 31):
        child = make_child(people, f"儿童{seq}", seq)
        add_category(child=child, actor=officer, category=Category.MIGRANT, start_date=date(2024, 1, 1))
        add_family_member(child=child, actor=officer, relation=Relation.MOTHER, name="母", is_guardian=True)
    assert count_queries() == few


def test_filename_names_the_date(client, people):
    client.force_login(people["director_meiyuan"])
    response = client.get(reverse("registry:child_export") + "?on=2025-06-30")
    assert "20250630.xlsx" in response["Content-Disposition"]
