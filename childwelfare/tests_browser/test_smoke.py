"""The main flow in a real browser, at desktop and phone width: a child director logs in,
finds a child by pinyin initials, opens the child file, uploads a roster with one bad row
and reads the error report."""

from __future__ import annotations

import re
from datetime import date

import openpyxl
import pytest
from playwright.sync_api import expect

from childwelfare.lib.idnumber import FEMALE, MALE, make_number
from childwelfare.registry.models import Child
from childwelfare.registry.services import create_child
from childwelfare.testing.people import DAXINGGONG, DEMO_PASSWORD, MEIYUAN, ensure_people

pytestmark = pytest.mark.browser

XUANWU_REGION = "320102"


def register(actor, name: str, area: str, birth: date, sequence: int, gender: str) -> Child:
    number = make_number(XUANWU_REGION, birth, sequence, gender)
    return create_child(actor=actor, name=name, id_number=number, area_id=area)


def roster_with_one_bad_row(path) -> tuple[str, str]:
    """Two valid rows and, on spreadsheet row 4, an ID number with a wrong check digit.
    Returns (the bad number, the name on the bad row)."""
    good_a = make_number(XUANWU_REGION, date(2016, 5, 1), 31, MALE)
    good_b = make_number(XUANWU_REGION, date(2017, 8, 9), 32, FEMALE)
    valid = make_number(XUANWU_REGION, date(2014, 2, 3), 33, FEMALE)
    bad = valid[:-1] + ("0" if valid[-1] != "0" else "1")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "姓名", "性别", "身份证号", "出生日期", "所属社区"])
    sheet.append([1, "赵一鸣", "男", good_a, "2016-05-01", "梅园社区"])
    sheet.append([2, "钱多多", "女", good_b, "2017-08-09", "梅园社区"])
    sheet.append([3, "孙小红", "女", bad, "2014-02-03", "梅园社区"])
    book.save(path)
    return bad, "孙小红"


def open_children_menu(page) -> None:
    """Click 儿童档案 in the top bar; at phone width the menu sits behind the toggler."""
    navigation = page.get_by_role("navigation")
    toggler = navigation.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
    navigation.get_by_role("link", name="儿童档案").click()


def test_director_finds_child_opens_file_and_imports_roster(page, screenshot, tmp_path, viewport):
    people = ensure_people()
    director = people["director_meiyuan"]
    wang = register(director, "王小明", MEIYUAN, date(2015, 3, 12), 11, MALE)
    register(director, "李思琪", MEIYUAN, date(2013, 7, 21), 12, FEMALE)
    # Same initials (wxm) in the sibling community: outside the director's scope.
    register(people["director_daxinggong"], "王新民", DAXINGGONG, date(2014, 1, 5), 13, MALE)

    page.goto("/login/")
    page.fill("input[name=username]", "director_meiyuan")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))

    open_children_menu(page)
    expect(page).to_have_url(re.compile(r"/children/$"))
    expect(page.get_by_role("link", name="李思琪")).to_be_visible()
    expect(page.get_by_text("王新民")).to_have_count(0)

    page.fill("input[name=q]", "wxm")
    page.press("input[name=q]", "Enter")
    expect(page.get_by_role("link", name="李思琪")).to_have_count(0)
    expect(page.get_by_role("link", name="王小明")).to_be_visible()
    expect(page.get_by_text("王新民")).to_have_count(0)
    screenshot("child-list")

    page.get_by_role("link", name="王小明").click()
    expect(page).to_have_url(re.compile(rf"/children/{wang.pk}/$"))
    expect(page.get_by_role("heading", name=re.compile("王小明")).first).to_be_visible()
    # A director may not see full ID numbers: the file shows the number masked.
    assert wang.id_number not in page.content()
    screenshot("child-file")

    roster = tmp_path / "梅园社区名册.xlsx"
    bad_number, bad_name = roster_with_one_bad_row(roster)
    page.goto("/children/import/")
    page.set_input_files("input[name=file]", str(roster))
    page.locator("form").filter(has=page.locator("input[name=file]")).locator("[type=submit]").click()

    # The error list shows an ID number by its region code only (lib.idnumber.mask).
    bad_row = page.locator("tr", has_text=bad_number[:6] + "*" * 12)
    expect(bad_row).to_be_visible()
    assert bad_number not in page.content()
    expect(bad_row.locator("td").first).to_have_text("4")
    expect(bad_row).to_contain_text(re.compile("身份证|校验"))
    screenshot("import-report")
    # All or nothing: the two good rows were not written either.
    assert not Child.objects.filter(name__in=["赵一鸣", "钱多多", bad_name]).exists()
