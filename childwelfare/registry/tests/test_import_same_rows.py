"""The roster import writes the same rows on SQLite and on PostgreSQL (issue 14 item 3: on
PostgreSQL lib.bulk_write writes with COPY and ids drawn from the sequence, on SQLite with
multi-row INSERTs and executemany): every column of children, category spells, guardians and
their history rows, compared with one snapshot (import_same_rows.json) that both databases
must produce; encrypted at rest and readable back; the sequences left ahead of the ids used."""

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models.signals import pre_init
from django.utils import timezone

from childwelfare.areas.models import Area
from childwelfare.lib.spreadsheets import read_table
from childwelfare.registry.importing import import_roster
from childwelfare.registry.models import CategorySpell, Child, FamilyMember
from childwelfare.testing import people
from childwelfare.testing.factories import ChildFactory

from .rosters import with_title_and_total, write_xlsx
from .test_import import TODAY, good_rows

pytestmark = pytest.mark.django_db

SNAPSHOT = Path(__file__).with_name("import_same_rows.json")
# Columns whose value differs between two runs of the same import by nature: ids, clocks.
VOLATILE = {"id", "history_id", "history_date", "created_at", "updated_at"}


@pytest.fixture
def users():
    return people.ensure_people()


def _import(tmp_path, users, rows, name):
    area = Area.objects.get(code=people.XUANWU)
    path = write_xlsx(tmp_path / name, with_title_and_total(rows))
    result = import_roster(read_table(path), area, actor=users["officer_xuanwu"], today=TODAY)
    assert result.errors == []
    return result


def _plain(value):
    if value == timezone.localdate():
        return "today"  # a new child's first visit is due the day the file is opened
    return value.isoformat() if isinstance(value, date | datetime) else value


def _snapshot() -> dict[str, list[dict]]:
    """Every row the import wrote, read back through the ORM (encrypted fields decrypted),
    with ids replaced by what they point at (the child's name, the user's username)."""
    names = dict(Child.objects.values_list("id", "name"))
    members = dict(FamilyMember.objects.values_list("id", "name"))
    spells = {
        pk: f"{names[child]} {category}"
        for pk, child, category in CategorySpell.objects.values_list("id", "child_id", "category")
    }
    users = {user.pk: user.username for user in get_user_model().objects.all()}
    refer = {
        "child_id": names,
        "member_id": members,
        "created_by_id": users,
        "confirmed_by_id": users,
        "history_user_id": users,
    }
    snapshot = {}
    for model in (Child, CategorySpell, FamilyMember):
        for table, manager in ((model.__name__, model.objects), (f"{model.__name__}History", model.history)):
            rows = []
            for row in manager.values():
                if table.endswith("History"):
                    row["of"] = {Child: names, FamilyMember: members, CategorySpell: spells}[model][row["id"]]
                rows.append(
                    {
                        key: _plain(refer[key].get(value) if key in refer and value is not None else value)
                        for key, value in row.items()
                        if key not in VOLATILE
                    }
                )
            snapshot[table] = sorted(
                rows, key=lambda row: json.dumps(row, sort_keys=True, ensure_ascii=False)
            )
    return snapshot


def _write_twice(tmp_path, users):
    """The roster of three children, then again with one child moved and one guardian's
    new phone: rows created ("+") and changed ("~")."""
    _import(tmp_path, users, good_rows(), "first.xlsx")
    rows = good_rows()
    rows[0][7] = "中山路99号"
    rows[0][15] = "13912345679"
    result = _import(tmp_path, users, rows, "second.xlsx")
    assert (result.created, result.updated) == (0, 1)


def test_the_import_writes_the_same_rows_on_either_database(tmp_path, users):
    _write_twice(tmp_path, users)
    snapshot = _snapshot()
    if not SNAPSHOT.exists():  # a new snapshot is written once, to be read and committed
        SNAPSHOT.write_text(json.dumps(snapshot, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
        pytest.fail(f"wrote {SNAPSHOT.name}: check it and run again")
    assert snapshot == json.loads(SNAPSHOT.read_text())


def test_history_rows_match_their_rows_and_encrypted_values_read_back(tmp_path, users):
    _write_twice(tmp_path, users)
    for model in (Child, FamilyMember):
        for obj in model.objects.all():
            latest = obj.history.first()
            if model is Child:
                assert latest.created_at == obj.created_at
            assert (latest.id_number, latest.phone) == (obj.id_number, obj.phone)
    grandpa = FamilyMember.objects.get(name="王建国")
    assert grandpa.phone == "13912345679"
    assert list(grandpa.history.values_list("history_type", "phone")) == [
        ("~", "13912345679"),
        ("+", "13912345678"),
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM registry_familymember WHERE name = %s", ["王建国"])
        stored_number, stored_phone = cursor.fetchone()
    assert grandpa.id_number not in stored_number and "13912345679" not in stored_phone  # encrypted at rest


def test_rows_added_after_the_import_get_new_ids(tmp_path, users):
    """On PostgreSQL the import takes its ids from the sequence itself: the next row added the
    ordinary way must not collide with them."""
    _write_twice(tmp_path, users)
    later = ChildFactory()
    assert later.pk > max(Child.objects.exclude(pk=later.pk).values_list("pk", flat=True))


def test_no_historical_model_instance_per_row_on_either_database(tmp_path, users):
    built = []

    def count(sender, **kwargs):
        built.append(sender)

    historical = {Child.history.model, CategorySpell.history.model, FamilyMember.history.model}
    pre_init.connect(count)
    try:
        _import(tmp_path, users, good_rows(), "roster.xlsx")
    finally:
        pre_init.disconnect(count)
    assert [model for model in built if model in historical] == []
