"""Stored full names of areas: filled when loaded or created, kept on rename, read with no
query per level."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from childwelfare.areas.choices import Level
from childwelfare.areas.models import Area, fill_full_names
from childwelfare.areas.services import create_community
from childwelfare.testing.people import MEIYUAN, MEIYUAN_STREET, NANJING, XUANWU


def test_loaded_divisions_carry_their_full_names(people):
    assert Area.objects.get(code=NANJING[:2]).full_name == "江苏省"
    assert Area.objects.get(code=NANJING).full_name == "南京市"
    assert Area.objects.get(code=XUANWU).full_name == "玄武区"
    assert Area.objects.get(code=MEIYUAN_STREET).full_name == "玄武区梅园新村街道"
    assert Area.objects.get(code=MEIYUAN).full_name == "玄武区梅园新村街道梅园社区"


def test_a_created_community_gets_its_full_name(people):
    street = Area.objects.get(code=MEIYUAN_STREET)
    community = create_community(street=street, name="新村社区")
    assert community.full_name == "玄武区梅园新村街道新村社区"
    community.refresh_from_db()
    assert community.full_name == "玄武区梅园新村街道新村社区"


def test_bulk_created_areas_get_full_names_from_parents_in_the_batch_or_stored(people):
    street = Area(code="320102999", name="试点街道", level=Level.STREET, parent_id=XUANWU)
    community = Area(code="320102999001", name="试点社区", level=Level.COMMUNITY, parent_id=street.code)
    Area.objects.bulk_create([community, street])
    assert Area.objects.get(code="320102999001").full_name == "玄武区试点街道试点社区"


def test_renaming_a_street_renames_the_areas_below_it(people):
    street = Area.objects.get(code=MEIYUAN_STREET)
    street.name = "梅园街道"
    street.save()
    assert Area.objects.get(code=MEIYUAN).full_name == "玄武区梅园街道梅园社区"


def test_full_names_of_many_areas_cost_one_query(people):
    with CaptureQueriesContext(connection) as queries:
        names = [area.full_name for area in Area.objects.filter(code__startswith=XUANWU)]
    assert len(queries) == 1
    assert "玄武区梅园新村街道梅园社区" in names


def test_fill_full_names_reads_missing_parents_in_one_query(people):
    areas = [
        Area(
            code=f"{MEIYUAN_STREET}9{n:02d}", name=f"社区{n}", level=Level.COMMUNITY, parent_id=MEIYUAN_STREET
        )
        for n in range(5)
    ]
    with CaptureQueriesContext(connection) as queries:
        fill_full_names(areas)
    assert len(queries) == 1
    assert areas[4].full_name == "玄武区梅园新村街道社区4"


def test_the_data_migration_fills_and_blanks_full_names(people):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("childwelfare.areas.migrations.0003_area_stored_full_name")
    migration.blank_full_names(apps, None)
    assert Area.objects.get(code=MEIYUAN).full_name == ""
    migration.fill_full_names(apps, None)
    assert Area.objects.get(code=MEIYUAN).full_name == "玄武区梅园新村街道梅园社区"
    assert Area.objects.get(code=NANJING).full_name == "南京市"


def test_saving_only_the_name_also_saves_the_full_name(people):
    community = Area.objects.get(code=MEIYUAN)
    community.name = "梅园东社区"
    community.save(update_fields=["name"])
    assert Area.objects.get(code=MEIYUAN).full_name == "玄武区梅园新村街道梅园东社区"
