"""Roster import: every format, all-or-nothing with row-level errors, re-import, scope."""

import json
import subprocess
import sys
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from childwelfare.areas.models import Area
from childwelfare.audit.models import AccessAction, AccessLog
from childwelfare.lib.idnumber import make_number
from childwelfare.lib.spreadsheets import read_table
from childwelfare.registry.choices import Category, Relation, SchoolStatus
from childwelfare.registry.importing import RosterImportError, import_roster
from childwelfare.registry.models import CategorySpell, Child, FamilyMember, RosterImport
from childwelfare.testing import people
from childwelfare.testing.factories import ChildFactory

from .rosters import HEADER, WRITERS, with_title_and_total, write_xlsx

TODAY = date(2026, 11, 29)

pytestmark = pytest.mark.django_db


@pytest.fixture
def users():
    return people.ensure_people()


def unpaid(rows):
    """The same rows with categories that carry no allowance, as a director's or supervisor's
    roster may give (allowance categories are the district's to grant)."""
    for row, category in zip(rows, ["低保家庭儿童", "农村留守儿童", "其他困境儿童"], strict=False):
        row[9] = category
    return rows


def good_rows():
    """Three children of 梅园社区 with every column filled, dates in three notations."""
    wang = make_number("320102", date(2015, 3, 4), 1, "M")
    li = make_number("320124", date(2012, 12, 30), 2, "F")  # 320124: former 溧水县, abolished
    zhao = make_number("320102", date(2020, 2, 29), 3, "F")
    grandpa = make_number("320102", date(1955, 6, 1), 4, "M")
    return [
        [
            1,
            "王小明",
            "男",
            wang,
            date(2015, 3, 4),
            "汉族",
            "南京市玄武区梅园新村街道",
            "长江路1号",
            "梅园社区",
            "散居孤儿",
            date(2023, 3, 1),
            "在校（梅园小学五年级）",
            "王建国",
            "祖父",
            grandpa,
            "13912345678",
            "",
        ],
        [
            2,
            "李小红",
            "女",
            li,
            "2012年12月30日",
            "回",
            "南京市溧水区",
            "汉府街2号",
            "梅园社区",
            "事实无人抚养、低保家庭儿童",
            "2024/5/6",
            "在校",
            "李桂英",
            "外婆",
            "",
            "025-83001234",
            "父亲服刑",
        ],
        [
            3,
            "赵安安",
            "女",
            zhao,
            "2020.2.29",
            "汉族",
            "",
            "",
            "梅园社区",
            "重病重残儿童",
            "2025-01-02",
            "学龄前",
            "",
            "",
            "",
            "",
            "",
        ],
    ]


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_every_format_imports_with_title_and_total_rows(fmt, tmp_path, users):
    path = WRITERS[fmt](tmp_path / "roster", with_title_and_total(good_rows()))
    result = import_roster(
        read_table(path), Area.objects.get(code=people.XUANWU), actor=users["officer_xuanwu"], today=TODAY
    )

    assert result.errors == []
    assert (result.rows, result.created, result.updated) == (3, 3, 0)
    wang = Child.objects.get(name="王小明")
    assert wang.area_id == people.MEIYUAN
    assert wang.birth_date == date(2015, 3, 4) and wang.gender == "M"
    assert wang.id_number == make_number("320102", date(2015, 3, 4), 1, "M")
    assert (wang.name_pinyin, wang.name_initials) == ("wangxiaoming", "wxm")
    assert wang.school_status == SchoolStatus.IN_SCHOOL and wang.school_name == "梅园小学五年级"
    assert wang.hukou_area_id == people.MEIYUAN_STREET
    spell = CategorySpell.objects.get(child=wang)
    assert (spell.category, spell.start_date, spell.end_date) == (
        Category.SCATTERED_ORPHAN,
        date(2023, 3, 1),
        None,
    )
    grandpa = FamilyMember.objects.get(child=wang)
    assert (grandpa.relation, grandpa.is_guardian, grandpa.phone) == (
        Relation.GRANDFATHER,
        True,
        "13912345678",
    )
    li = Child.objects.get(name="李小红")
    assert li.ethnicity == "回族"
    assert sorted(li.categories.values_list("category", flat=True)) == [
        Category.DE_FACTO_UNSUPPORTED,
        Category.DIBAO_FAMILY,
    ]
    assert li.categories.first().start_date == date(2024, 5, 6)
    assert FamilyMember.objects.get(child=li).relation == Relation.MATERNAL_GRANDMOTHER
    zhao = Child.objects.get(name="赵安安")
    assert zhao.birth_date == date(2020, 2, 29) and zhao.school_status == SchoolStatus.PRESCHOOL
    assert not zhao.family.exists()
    assert Child.history.filter(history_type="+").count() == 3


def test_bad_rows_are_all_reported_and_nothing_is_written(tmp_path, users):
    rows = good_rows()
    wrong_check = rows[0][3][:-1] + ("0" if rows[0][3][-1] != "0" else "1")
    rows[0][3] = wrong_check  # row 4 in the sheet: title, blank, header come first
    rows[1][2] = "男"  # the number says female
    rows[2][9] = "孤寡儿童"  # not a category
    rows.append(
        [4, "钱多多", "男", rows[1][3], "", "", "", "", "梅园社区", "", "", "", "", "", "", "12345", ""]
    )
    path = write_xlsx(tmp_path / "bad.xlsx", with_title_and_total(rows))

    result = import_roster(
        read_table(path), Area.objects.get(code=people.XUANWU), actor=users["officer_xuanwu"], today=TODAY
    )

    found = {(e.row, e.column) for e in result.errors}
    assert found == {
        (4, "身份证号"),
        (5, "性别"),
        (6, "儿童类别"),
        (7, "性别"),
        (7, "身份证号"),
        (7, "监护人联系电话"),
    }
    by_key = {(e.row, e.column): e for e in result.errors}
    assert (
        "校验码错误" in by_key[(4, "身份证号")].message
        and by_key[(4, "身份证号")].value == wrong_check[:6] + "*" * 12
    )
    assert "与第5行的身份证号重复" in by_key[(7, "身份证号")].message
    assert by_key[(6, "儿童类别")].value == "孤寡儿童"
    assert (
        Child.objects.count() == 0
        and FamilyMember.objects.count() == 0
        and CategorySpell.objects.count() == 0
    )
    assert not result.written


def test_reimport_updates_and_never_duplicates(tmp_path, users):
    area = Area.objects.get(code=people.XUANWU)
    officer = users["officer_xuanwu"]
    first = import_roster(
        read_table(write_xlsx(tmp_path / "a.xlsx", with_title_and_total(good_rows()))),
        area,
        actor=officer,
        today=TODAY,
    )
    assert first.created == 3
    again = import_roster(
        read_table(write_xlsx(tmp_path / "b.xlsx", with_title_and_total(good_rows()))),
        area,
        actor=officer,
        today=TODAY,
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)

    rows = good_rows()
    rows[0][7] = "中山路99号"  # moved house
    changed = import_roster(
        read_table(write_xlsx(tmp_path / "c.xlsx", with_title_and_total(rows))),
        area,
        actor=officer,
        today=TODAY,
    )
    assert (changed.created, changed.updated) == (0, 1)
    assert (
        Child.objects.count() == 3
        and FamilyMember.objects.count() == 2
        and CategorySpell.objects.count() == 4
    )
    wang = Child.objects.get(name="王小明")
    assert wang.address == "中山路99号"
    latest = wang.history.first()
    assert latest.history_type == "~" and latest.history_user == officer
    assert latest.diff_against(latest.prev_record, excluded_fields=["version"]).changed_fields == ["address"]


def test_director_cannot_create_communities_but_the_command_line_can(tmp_path, users):
    rows = unpaid(good_rows())[:1]
    rows[0][8] = "新建社区"
    path = write_xlsx(tmp_path / "new.xlsx", with_title_and_total(rows))
    street = Area.objects.get(code=people.MEIYUAN_STREET)

    result = import_roster(read_table(path), street, actor=users["supervisor_meiyuan"], today=TODAY)
    assert [e.column for e in result.errors] == ["所属社区"]
    assert "不是梅园新村街道下已登记的村（居）" in result.errors[0].message

    # Never created silently (issue 9): the command line names the community to create.
    out = _run_command(path, "--area", people.MEIYUAN_STREET)
    assert out.returncode == 1 and "未自动新增" in out.stdout
    assert not Area.objects.filter(name="新建社区").exists()
    out = _run_command(path, "--area", people.MEIYUAN_STREET, "--create-community", "新建社区")
    assert out.returncode == 0, out.stderr
    community = Area.objects.get(name="新建社区")
    assert community.parent_id == people.MEIYUAN_STREET and len(community.code) == 12
    assert Child.objects.get(name="王小明").area == community


def test_roster_area_and_existing_children_outside_scope_are_refused(tmp_path, users):
    path = write_xlsx(tmp_path / "r.xlsx", with_title_and_total(good_rows()))
    with pytest.raises(RosterImportError):
        import_roster(
            read_table(path), Area.objects.get(code=people.GULOU), actor=users["officer_xuanwu"], today=TODAY
        )
    with pytest.raises(RosterImportError):
        import_roster(
            read_table(path),
            Area.objects.get(code=people.DAXINGGONG),
            actor=users["director_meiyuan"],
            today=TODAY,
        )

    # 王小明 is already registered in 宁海路社区 (鼓楼区): the 玄武 officer may not take him over.
    number = good_rows()[0][3]
    ChildFactory(name="王小明", id_number=number, area_id=people.NINGHAI)
    result = import_roster(
        read_table(path), Area.objects.get(code=people.XUANWU), actor=users["officer_xuanwu"], today=TODAY
    )
    assert [(e.row, e.column) for e in result.errors] == [(4, "身份证号")]
    assert result.errors[0].message == "该儿童不能在此登记，区民政部门将核查"
    assert Child.objects.count() == 1


def test_numbers_stored_as_numbers_and_adults_are_rejected(tmp_path, users):
    rows = good_rows()[:2]
    rows[0][3] = float(rows[0][3][:15])  # Excel turned the ID number into a float
    rows[1][3] = make_number("320102", date(2008, 1, 1), 5, "F")  # 18 on 2026-01-01
    rows[1][2] = "女"
    rows[1][4] = ""
    path = write_xlsx(tmp_path / "r.xlsx", with_title_and_total(rows))
    result = import_roster(
        read_table(path), Area.objects.get(code=people.XUANWU), actor=users["officer_xuanwu"], today=TODAY
    )
    messages = {e.row: e.message for e in result.errors}
    assert "存成了数字" in messages[4]
    assert "已满18周岁" in messages[5]


def test_missing_header_is_a_clear_error(tmp_path, users):
    path = write_xlsx(tmp_path / "r.xlsx", [["名字", "号码"], ["王", "1"]])
    out = _run_command(path, "--area", people.XUANWU, "--json")
    assert out.returncode == 2
    payload = json.loads(out.stdout)
    assert "缺少必需的列 姓名、公民身份号码" in payload["errors"][0]["message"]


def test_command_json_and_dry_run(tmp_path, users):
    rows = good_rows()
    rows[2][4] = "2020-02-30"
    bad = write_xlsx(tmp_path / "bad.xlsx", with_title_and_total(rows))
    out = _run_command(bad, "--area", people.XUANWU, "--json")
    assert out.returncode == 1
    payload = json.loads(out.stdout)
    assert (payload["rows"], payload["created"], payload["updated"]) == (3, 0, 0)
    assert payload["errors"] == [
        {
            "row": 6,
            "column": "出生日期",
            "value": "2020-02-30",
            "message": "“2020-02-30”不是有效日期（应为如 2015-03-04、2015/3/4、2015年3月4日）",
        }
    ]

    good = write_xlsx(tmp_path / "good.xlsx", with_title_and_total(good_rows()))
    out = _run_command(good, "--area", people.XUANWU, "--json", "--dry-run")
    assert out.returncode == 0 and json.loads(out.stdout)["created"] == 3
    assert Child.objects.count() == 0
    call_command("import_children", str(good), "--area", people.XUANWU, "--json")
    assert Child.objects.count() == 3


def _run_command(path, *args):
    """Run import_children in-process and capture what a user would see on the terminal."""
    import io
    from contextlib import redirect_stderr

    stdout, stderr = io.StringIO(), io.StringIO()
    code = 0
    try:
        with redirect_stderr(stderr):
            call_command("import_children", str(path), *args, stdout=stdout)
    except SystemExit as exc:
        code = exc.code
    return subprocess.CompletedProcess(
        args=[sys.executable, *args], returncode=code, stdout=stdout.getvalue(), stderr=stderr.getvalue()
    )


def test_upload_page_shows_progress_outcome_and_error_report(
    client, tmp_path, users, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    director = users["director_meiyuan"]
    client.force_login(director)
    rows = unpaid(good_rows())
    rows[1][3] = "32010220121230002"  # 17 characters
    path = write_xlsx(tmp_path / "upload.xlsx", with_title_and_total(rows))
    with open(path, "rb") as handle, django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry:import_upload"), {"file": handle, "area": people.MEIYUAN})
    job = RosterImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "registry:import_job", args=[job.pk]
    )
    assert job.status == RosterImport.Status.REJECTED
    assert not job.file  # the roster file is not kept
    page = client.get(response["Location"]).content.decode()
    assert "未导入任何数据" in page and "身份证号应为18位" in page and "320102***********" in page
    assert "32010220121230002" not in page  # ID numbers are shown by their region code only

    report = client.get(reverse("registry:import_error_report", args=[job.pk]))
    assert report.status_code == 200
    sheet = read_table(__import__("io").BytesIO(report.content), "errors.xlsx").rows
    assert sheet[0] == ["行号", "列", "填写内容", "错误说明"]
    assert sheet[1][:3] == [5.0, "身份证号", "320102" + "*" * 11]
    assert Child.objects.count() == 0

    # Fixed file: imported, logged.
    fixed = write_xlsx(tmp_path / "fixed.xlsx", with_title_and_total(unpaid(good_rows())))
    with open(fixed, "rb") as handle, django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry:import_upload"), {"file": handle, "area": people.MEIYUAN})
    assert RosterImport.objects.latest("pk").status == RosterImport.Status.SUCCEEDED
    assert Child.objects.visible_to(director).count() == 3
    assert AccessLog.objects.filter(user=director, action=AccessAction.IMPORT, row_count=3).exists()


def test_import_pages_are_scoped(client, tmp_path, users, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(users["director_meiyuan"])
    with open(write_xlsx(tmp_path / "r.xlsx", with_title_and_total(unpaid(good_rows()))), "rb") as handle:
        client.post(reverse("registry:import_upload"), {"file": handle, "area": people.MEIYUAN})
    job = RosterImport.objects.get()

    client.force_login(users["director_daxinggong"])
    for name in ("registry:import_job", "registry:import_progress", "registry:import_error_report"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    # A director may not upload into a sibling community.
    with open(write_xlsx(tmp_path / "s.xlsx", with_title_and_total(unpaid(good_rows()))), "rb") as handle:
        response = client.post(reverse("registry:import_upload"), {"file": handle, "area": people.MEIYUAN})
    assert response.status_code == 200 and RosterImport.objects.count() == 1
    client.force_login(users["supervisor_meiyuan"])
    assert client.get(reverse("registry:import_job", args=[job.pk])).status_code == 200
    client.force_login(users["liaison_education_xuanwu"])
    assert client.get(reverse("registry:import_upload")).status_code == 403


def test_header_synonyms_and_column_order(tmp_path, users):
    number = make_number("320102", date(2016, 7, 8), 9, "M")
    rows = [
        ["所属村(居)", "公民身份号码", "儿童姓名", "困境类别"],
        ["梅园社区", number, "孙悟空", "农村留守儿童"],
    ]
    result = import_roster(
        read_table(write_xlsx(tmp_path / "r.xlsx", rows)),
        Area.objects.get(code=people.MEIYUAN_STREET),
        actor=users["supervisor_meiyuan"],
        today=TODAY,
    )
    assert result.errors == [] and result.created == 1
    assert Child.objects.get().categories.get().category == Category.RURAL_LEFT_BEHIND
    assert HEADER[3] == "身份证号"


def test_allowance_categories_are_the_districts_and_one_at_a_time(tmp_path, users):
    rows = good_rows()
    rows[0][9] = "散居孤儿、事实无人抚养儿童"  # two allowances at once
    rows[2][10] = "2019-01-01"  # before 赵安安 was born (2020-02-29)
    path = write_xlsx(tmp_path / "r.xlsx", with_title_and_total(rows))
    result = import_roster(
        read_table(path), Area.objects.get(code=people.XUANWU), actor=users["officer_xuanwu"], today=TODAY
    )
    assert [(e.row, e.column) for e in result.errors] == [(4, "儿童类别"), (6, "类别认定日期")]
    assert "只能享受一项基本生活保障" in result.errors[0].message
    assert "早于出生日期" in result.errors[1].message

    # A director's roster may not put a child on an allowance (it needs confirmation).
    result = import_roster(
        read_table(write_xlsx(tmp_path / "d.xlsx", with_title_and_total(good_rows()))),
        Area.objects.get(code=people.MEIYUAN),
        actor=users["director_meiyuan"],
        today=TODAY,
    )
    assert {e.column for e in result.errors} == {"儿童类别"} and len(result.errors) == 3
    assert "须经认定申请" in result.errors[0].message

    # An existing scattered orphan cannot also become institutional through a later roster.
    import_roster(
        read_table(write_xlsx(tmp_path / "a.xlsx", with_title_and_total(good_rows()))),
        Area.objects.get(code=people.XUANWU),
        actor=users["officer_xuanwu"],
        today=TODAY,
    )
    again = good_rows()
    again[0][9] = "机构养育孤儿"
    result = import_roster(
        read_table(write_xlsx(tmp_path / "b.xlsx", with_title_and_total(again))),
        Area.objects.get(code=people.XUANWU),
        actor=users["officer_xuanwu"],
        today=TODAY,
    )
    assert [(e.row, e.column) for e in result.errors] == [(4, "儿童类别")]
    assert "已是“社会散居孤儿”" in result.errors[0].message


def test_a_community_roster_cannot_name_a_neighbouring_community(tmp_path, users):
    rows = unpaid(good_rows())
    rows[1][8] = "大行宫社区"
    rows[2][8] = "梅园新村街道梅园社区"  # street + community in one cell
    path = write_xlsx(tmp_path / "r.xlsx", with_title_and_total(rows))
    result = import_roster(
        read_table(path), Area.objects.get(code=people.MEIYUAN), actor=users["director_meiyuan"], today=TODAY
    )
    assert [(e.row, e.column) for e in result.errors] == [(5, "所属社区")]
    assert "本名册只能包含梅园社区的儿童" in result.errors[0].message
    assert Child.objects.count() == 0
    rows[1][8] = "梅园社区"
    result = import_roster(
        read_table(write_xlsx(tmp_path / "s.xlsx", with_title_and_total(rows))),
        Area.objects.get(code=people.MEIYUAN_STREET),
        actor=users["supervisor_meiyuan"],
        today=TODAY,
    )
    assert result.errors == [] and set(Child.objects.values_list("area_id", flat=True)) == {people.MEIYUAN}


def test_footer_scientific_ids_formula_names_long_notes_and_empty_files(tmp_path, users):
    area = Area.objects.get(code=people.XUANWU)
    officer = users["officer_xuanwu"]
    rows = with_title_and_total(unpaid(good_rows())) + [
        ["填表人：张丽", "", "联系电话：83001234"],
        ["填表日期：2026年11月20日"],
    ]
    result = import_roster(
        read_table(write_xlsx(tmp_path / "f.xlsx", rows)), area, actor=officer, today=TODAY
    )
    assert result.errors == [] and result.rows == 3  # the footer under 合计 is not data

    bad = unpaid(good_rows())
    bad[0][3] = "3.20102201503040E+17"  # what a CSV keeps of a number Excel shortened
    bad[1][1] = '=HYPERLINK("http://evil.example","点我")'
    bad[2][16] = "很" * 501
    path = WRITERS["csv-gbk"](tmp_path / "bad", with_title_and_total(bad))
    result = import_roster(read_table(path), area, actor=officer, today=TODAY)
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert "存成了数字" in messages[(4, "身份证号")]
    assert "不能以 = + - @ 开头" in messages[(5, "姓名")]
    assert "备注过长（501字，最多500字）" == messages[(6, "备注")]

    header_only = write_xlsx(tmp_path / "h.xlsx", [HEADER])
    result = import_roster(read_table(header_only), area, actor=officer, today=TODAY)
    assert [(e.row, e.message) for e in result.errors] == [(2, "表头下没有数据行")]
    assert Child.objects.count() == 3


def test_dry_run_counts_only_real_changes(tmp_path, users):
    area = Area.objects.get(code=people.XUANWU)
    officer = users["officer_xuanwu"]
    path = write_xlsx(tmp_path / "a.xlsx", with_title_and_total(good_rows()))
    import_roster(read_table(path), area, actor=officer, today=TODAY)
    same = import_roster(read_table(path), area, actor=officer, today=TODAY, dry_run=True)
    assert (same.created, same.updated, same.unchanged) == (0, 0, 3)
    rows = good_rows()
    rows[1][7] = "新地址1号"
    moved = import_roster(
        read_table(write_xlsx(tmp_path / "b.xlsx", with_title_and_total(rows))),
        area,
        actor=officer,
        today=TODAY,
        dry_run=True,
    )
    assert (moved.created, moved.updated, moved.unchanged) == (0, 1, 2)
    assert Child.objects.get(name="李小红").address == "汉府街2号"  # nothing written


def test_possible_duplicates_are_reported_once(tmp_path, users):
    rows = unpaid(good_rows())
    twin = list(rows[0])
    twin[0], twin[3] = 4, make_number("320102", date(2015, 3, 4), 7, "M")  # same name and birth date
    rows.append(twin)
    area = Area.objects.get(code=people.XUANWU)
    path = write_xlsx(tmp_path / "t.xlsx", with_title_and_total(rows))
    first = import_roster(read_table(path), area, actor=users["officer_xuanwu"], today=TODAY)
    again = import_roster(read_table(path), area, actor=users["officer_xuanwu"], today=TODAY)
    assert (
        [d["row"] for d in first.possible_duplicates] == [7] == [d["row"] for d in again.possible_duplicates]
    )
