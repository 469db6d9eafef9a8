"""Issue 8 item 16: one phone rule (forms, import, search) and one name rule (forms, import),
both from lib (lib.phones with the phonenumbers package, lib.names)."""

import pytest
from django.urls import reverse

from childwelfare.areas.models import Area
from childwelfare.lib.names import PersonNameError, check_name
from childwelfare.lib.phones import PhoneError, parse_phone
from childwelfare.lib.spreadsheets import read_table
from childwelfare.registry.choices import Relation
from childwelfare.registry.importing import import_roster
from childwelfare.registry.models import Child, FamilyMember
from childwelfare.registry.services import RegistryError, add_family_member
from childwelfare.testing import people
from childwelfare.testing.factories import ChildFactory

from .rosters import with_title_and_total, write_xlsx
from .test_import import TODAY, good_rows

PHONE_SPELLINGS = [
    ("13912345678", "13912345678"),
    ("139 1234 5678", "13912345678"),
    ("139-1234-5678", "13912345678"),
    ("+86 139 1234 5678", "13912345678"),
    ("+86-139-1234-5678", "13912345678"),
    ("0086 13912345678", "13912345678"),
    ("１３９１２３４５６７８", "13912345678"),
    ("025-83001234", "025-83001234"),
    ("025 8300 1234", "025-83001234"),
    ("(025) 8300-1234", "025-83001234"),
    ("+86 25 8300 1234", "025-83001234"),
    ("0512-65211234", "0512-65211234"),
    ("010 1234 5678", "010-12345678"),
]
NOT_PHONES = ["abc", "12345", "83001234", "1391234567", "139123456789", "+1 650 253 0000", "电话13912345678x"]


@pytest.mark.parametrize(("typed", "stored"), PHONE_SPELLINGS)
def test_every_spelling_of_a_mainland_number_is_stored_the_same_way(typed, stored):
    assert parse_phone(typed) == stored


@pytest.mark.parametrize("typed", NOT_PHONES)
def test_what_is_no_mainland_number_is_refused_naming_it(typed):
    with pytest.raises(PhoneError) as refused:
        parse_phone(typed)
    assert refused.value.code == "bad_phone" and typed[:10] in str(refused.value)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("王小明", "王小明"),
        ("阿依古丽・买买提", "阿依古丽·买买提"),  # katakana middle dot
        ("阿依古丽•买买提", "阿依古丽·买买提"),  # bullet
        ("阿依古丽.买买提", "阿依古丽·买买提"),
        ("阿依古丽 ‧ 买买提", "阿依古丽·买买提"),
        ("John  Smith", "John Smith"),
    ],
)
def test_names_of_chinese_characters_middle_dots_and_latin_letters(typed, stored):
    assert check_name(typed) == stored


@pytest.mark.parametrize(
    "typed", ["王小明😀", "王小明2", "王小明!", "王（小明）", "·王", "王··明", "=A1", "王\x07明"]
)
def test_emoji_digits_and_punctuation_are_no_name(typed):
    with pytest.raises(PersonNameError):
        check_name(typed)


@pytest.mark.django_db
def test_the_profile_forms_use_the_same_rules(client):
    users = people.ensure_people()
    child = ChildFactory()
    client.force_login(users["officer_xuanwu"])
    url = reverse("registry:child_detail", args=[child.pk])
    base = {"form": "member", "member-relation": Relation.FATHER, "member-is_guardian": "on"}
    response = client.post(url, {**base, "member-name": "王大明", "member-phone": "abc"})
    assert response.status_code == 200 and "联系电话“abc”不是有效的电话号码" in response.content.decode()
    response = client.post(url, {**base, "member-name": "王大明🙂", "member-phone": ""})
    assert response.status_code == 200 and "含有不允许的字符" in response.content.decode()
    assert not FamilyMember.objects.filter(child=child).exists()

    response = client.post(
        url, {**base, "member-name": "阿依古丽・买买提", "member-phone": "+86 25 8300-1234"}
    )
    assert response.status_code == 302
    member = FamilyMember.objects.get(child=child)
    assert (member.name, member.phone) == ("阿依古丽·买买提", "025-83001234")
    # Search by any spelling of the number finds the child (the hash is of the normal form).
    for spelling in ("025-83001234", "02583001234", "+86 25 8300 1234", "(025)83001234"):
        assert list(Child.objects.search(spelling)) == [child], spelling


@pytest.mark.django_db
def test_the_service_refuses_a_bad_phone_whoever_calls_it():
    users = people.ensure_people()
    with pytest.raises(RegistryError) as refused:
        add_family_member(
            child=ChildFactory(),
            actor=users["officer_xuanwu"],
            relation=Relation.MOTHER,
            name="李梅",
            phone="abc",
        )
    assert (refused.value.code, refused.value.field) == ("bad_phone", "phone")


@pytest.mark.django_db
def test_the_roster_import_uses_the_same_rules(tmp_path):
    users = people.ensure_people()
    rows = good_rows()
    rows[0][15] = "+86 139-1234-5678"
    rows[1][15] = "abc"
    rows[2][1] = "赵安安🐱"
    rows[0][12] = "王建国1"  # the guardian's name
    path = write_xlsx(tmp_path / "people.xlsx", with_title_and_total(rows))
    area = Area.objects.get(code=people.XUANWU)

    result = import_roster(read_table(path), area, actor=users["officer_xuanwu"], today=TODAY)

    found = {(e.row, e.column, e.code, e.value) for e in result.errors}
    assert found == {
        (4, "监护人姓名", "bad_name_character", "王建国1"),
        (5, "监护人联系电话", "bad_phone", "abc"),
        (6, "姓名", "bad_name_character", "赵安安🐱"),
    }
    rows[0][12], rows[1][15], rows[2][1] = "王建国", "025 8300 1234", "赵安安"
    path = write_xlsx(tmp_path / "people.xlsx", with_title_and_total(rows))
    result = import_roster(read_table(path), area, actor=users["officer_xuanwu"], today=TODAY)
    assert result.errors == []
    phones = set(FamilyMember.objects.values_list("phone", flat=True))
    assert phones == {"13912345678", "025-83001234"}
