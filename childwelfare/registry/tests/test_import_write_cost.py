"""The roster import's write path does each piece of work once (issue 14 item 3): history rows
built without a historical model instance per row, each ID number and phone encrypted once
for its row and the row's history, and the history equal to what simple_history records."""

from datetime import date

import pytest
from django.db import connection
from django.db.models.signals import pre_init

from childwelfare.areas.models import Area
from childwelfare.lib.spreadsheets import read_table
from childwelfare.registry.importing import import_roster
from childwelfare.registry.models import CategorySpell, Child, FamilyMember
from childwelfare.testing import people

from .rosters import with_title_and_total, write_xlsx
from .test_import import TODAY, good_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def users():
    return people.ensure_people()


def run_import(tmp_path, users):
    path = write_xlsx(tmp_path / "roster.xlsx", with_title_and_total(good_rows()))
    area = Area.objects.get(code=people.XUANWU)
    return import_roster(read_table(path), area, actor=users["officer_xuanwu"], today=TODAY)


def test_history_rows_are_written_without_a_model_instance_per_row(tmp_path, users):
    if connection.vendor != "sqlite":
        pytest.skip("lib.bulk_write writes set-based on SQLite; PostgreSQL keeps simple_history's path")
    built = []

    def count(sender, **kwargs):
        built.append(sender)

    historical = {Child.history.model, CategorySpell.history.model, FamilyMember.history.model}
    pre_init.connect(count)
    try:
        result = run_import(tmp_path, users)
    finally:
        pre_init.disconnect(count)
    assert result.errors == [] and result.created == 3
    assert [model for model in built if model in historical] == []


def test_a_child_and_its_history_row_share_one_encrypted_token(tmp_path, users):
    run_import(tmp_path, users)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.id_number, h.id_number, c.phone, h.phone FROM registry_child c "
            "JOIN registry_historicalchild h ON h.id = c.id WHERE c.name = %s",
            ["赵安安"],
        )
        child_id, history_id, _, _ = cursor.fetchone()
        cursor.execute(
            "SELECT m.id_number, h.id_number, m.phone, h.phone FROM registry_familymember m "
            "JOIN registry_historicalfamilymember h ON h.id = m.id WHERE m.name = %s",
            ["王建国"],
        )
        member_id, member_history_id, member_phone, member_history_phone = cursor.fetchone()
    assert child_id and child_id == history_id  # one encryption of the number, not two
    assert member_id == member_history_id and member_phone == member_history_phone
    assert "13912345678" not in member_phone  # still encrypted at rest
    assert FamilyMember.objects.get(name="王建国").phone == "13912345678"


def test_history_rows_match_what_simple_history_records(tmp_path, users):
    run_import(tmp_path, users)
    wang = Child.objects.get(name="王小明")
    record = wang.history.get()
    assert record.history_type == "+"
    assert record.history_change_reason == "名册导入"
    assert record.history_user == users["officer_xuanwu"]
    for field in ("name", "gender", "id_number", "birth_date", "area_id", "phone", "school_name", "version"):
        assert getattr(record, field) == getattr(wang, field), field
    assert record.created_at == wang.created_at
    spell = CategorySpell.objects.get(child=wang)
    spell_record = spell.history.get()
    assert (spell_record.category, spell_record.start_date, spell_record.child_id) == (
        spell.category,
        date(2023, 3, 1),
        wang.pk,
    )
    grandpa = FamilyMember.objects.get(child=wang)
    assert grandpa.history.get().id_number == grandpa.id_number
