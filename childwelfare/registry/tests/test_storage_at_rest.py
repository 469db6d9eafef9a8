"""Issue 13, finding 6: a dump of the database (every table, every column, history tables
included) yields no ID number and no phone number, whole or rebuildable: no clear last
four digits beside the district and birth date. Search still finds children by last four
digits and by phone number, through keyed hashes."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection

from childwelfare.areas.models import Area
from childwelfare.benefits.models import BankAccount
from childwelfare.lib.idnumber import FEMALE, MALE, IDNumberError, make_number, parse
from childwelfare.lib.spreadsheets import read_table
from childwelfare.registry.choices import Relation
from childwelfare.registry.importing import import_roster
from childwelfare.registry.models import Child, FamilyMember
from childwelfare.registry.services import add_family_member, create_child, update_child
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory, FamilyMemberFactory

from .rosters import with_title_and_total, write_xlsx

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 29)
WANG = make_number("320102", date(2015, 3, 4), 37, MALE)
WANG_PHONES = ("13951112222", "13951113333")  # the first is changed to the second
GRANDMA = make_number("320102", date(1958, 7, 9), 41, FEMALE)
GRANDMA_PHONE = "025-8371 4455"
ZHAO = make_number("320102", date(2016, 8, 1), 52, FEMALE)
ZHAO_GUARDIAN = make_number("320102", date(1981, 2, 3), 63, MALE)
ZHAO_PHONES = ("13861234567", "13861234568")  # imported, then re-imported with the second


def roster_row(phone: str) -> list:
    return [
        1,
        "赵小雨",
        "女",
        ZHAO,
        date(2016, 8, 1),
        "汉族",
        "南京市玄武区梅园新村街道",
        "长江路3号",
        "梅园社区",
        "农村留守儿童",
        date(2023, 3, 1),
        "在校",
        "赵建国",
        "父亲",
        ZHAO_GUARDIAN,
        phone,
        "",
    ]


@pytest.fixture
def stored(people, tmp_path):
    """Children and family members written by every path: the services (with a changed
    phone, so the history holds both), the factories, and a roster import and re-import."""
    officer = people["officer_xuanwu"]
    meiyuan = Area.objects.get(code=named.MEIYUAN)
    wang = create_child(
        actor=officer, name="王小明", id_number=WANG, area=meiyuan, phone=WANG_PHONES[0], gender=MALE
    )
    update_child(wang, actor=officer, phone=WANG_PHONES[1])
    add_family_member(
        child=wang,
        actor=officer,
        relation=Relation.GRANDMOTHER,
        name="李桂英",
        id_number=GRANDMA,
        phone=GRANDMA_PHONE,
        is_guardian=True,
    )
    # Paid to a social security card, whose number is the holder's ID number.
    BankAccount.objects.create(
        child=wang, holder_name="李桂英", bank_name="社会保障卡", account_number=GRANDMA
    )
    factory_child = ChildFactory(area_id=named.MEIYUAN)
    member = FamilyMemberFactory(child=factory_child, with_id_number=True)
    district = Area.objects.get(code=named.XUANWU)
    for phone in ZHAO_PHONES:
        path = write_xlsx(tmp_path / f"{phone}.xlsx", with_title_and_total([roster_row(phone)]))
        result = import_roster(read_table(path), district, actor=officer, today=TODAY)
        assert result.errors == []
    numbers = [WANG, GRANDMA, ZHAO, ZHAO_GUARDIAN, factory_child.id_number, member.id_number]
    phones = [*WANG_PHONES, GRANDMA_PHONE, *ZHAO_PHONES, factory_child.phone, member.phone]
    return numbers, phones


def dump() -> list[tuple[str, str]]:
    """(table, text) of every non-empty value of every table, as a database dump has it."""
    cells = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if value is None:
                        continue
                    text = (
                        bytes(value).decode(errors="replace") if isinstance(value, memoryview) else str(value)
                    )
                    if text:
                        cells.append((table, text))
    return cells


def valid_numbers(text: str) -> list[str]:
    """Every run of 17 digits and a digit or X in `text` that is a valid ID number."""
    found = []
    for run in re.findall(r"(?<!\d)\d{17}[\dX](?![\dX])", text):
        try:
            found.append(parse(run).number)
        except IDNumberError:
            pass
    return found


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def test_a_dump_holds_no_id_number_no_phone_and_no_clear_last_four(stored):
    numbers, phones = stored
    cells = dump()
    assert any(table == "registry_historicalchild" for table, _ in cells)  # history is in the dump
    found = []
    for table, text in cells:
        found += [f"{table}: a valid ID number {number}" for number in valid_numbers(text)]
        for number in numbers:
            if number in text or number[:17] in text:
                found.append(f"{table}: ID number {number}")
            tail = number[-4:]
            # The last four in clear (a whole value, or a token of its own): with the
            # district and birth date stored beside it, it rebuilds the number.
            if text == tail or re.search(rf"(?<![0-9A-Za-z]){tail}(?![0-9A-Za-z])", text):
                found.append(f"{table}: last four {tail} of {number[:6]}…")
        for phone in phones:
            if digits(phone) in text or phone in text or digits(phone) in digits(text):
                found.append(f"{table}: phone {phone}")
    assert not found, "\n".join(sorted(set(found)))


def test_no_column_is_named_for_clear_last_four():
    columns = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            for column in connection.introspection.get_table_description(cursor, table):
                if "last4" in column.name and not column.name.endswith("_hash"):
                    columns.append(f"{table}.{column.name}")
    assert columns == []


def test_search_by_last_four_and_by_whole_phone_number_through_hashes(stored):
    wang = Child.objects.get(id_number__isnull=False, name="王小明")
    assert list(Child.objects.search(WANG[-4:])) == [wang]
    assert list(Child.objects.search(WANG[-4:].lower())) == [wang]
    # The child's own phone, the grandmother's landline as written or in digits only.
    assert list(Child.objects.search(WANG_PHONES[1])) == [wang]
    assert list(Child.objects.search("+86 139 5111 3333")) == [wang]
    assert list(Child.objects.search(GRANDMA_PHONE)) == [wang]
    assert list(Child.objects.search(digits(GRANDMA_PHONE))) == [wang]
    # An old number and a part of a number find nothing: exact match on the normal form.
    assert not Child.objects.search(WANG_PHONES[0]).exists()
    assert not Child.objects.search(WANG_PHONES[1][:8]).exists()
    zhao = Child.objects.get(name="赵小雨")
    assert list(Child.objects.search(ZHAO_PHONES[1])) == [zhao]  # the re-import's number
    assert list(Child.objects.search(ZHAO[-4:])) == [zhao]


def test_stored_values_read_back_decrypted(stored):
    wang = Child.objects.get(name="王小明")
    assert wang.phone == WANG_PHONES[1] and wang.id_number == WANG
    grandma = FamilyMember.objects.get(name="李桂英")
    assert grandma.phone == "025-83714455"  # stored in the one normal form (lib.phones, issue 8)
    assert list(wang.history.order_by("history_id").values_list("phone", flat=True)) == list(WANG_PHONES)
    # No phone is the empty string, not NULL, and is found by no search.
    blank = ChildFactory(area_id=named.MEIYUAN, phone="")
    assert Child.objects.get(pk=blank.pk).phone == "" and blank.phone_hash == ""
