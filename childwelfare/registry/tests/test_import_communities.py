"""New communities named in a roster are created through areas.services.create_community:
12-digit codes, and a street at 998 communities refuses the 1,000th before anything is
written (it once got 13-digit codes such as 3201020021000)."""

from datetime import date

import pytest

from childwelfare.accounts.services import system_user
from childwelfare.areas.models import Area
from childwelfare.areas.services import create_community
from childwelfare.lib.idnumber import make_number
from childwelfare.lib.spreadsheets import read_table
from childwelfare.registry.importing import import_roster
from childwelfare.registry.models import Child
from childwelfare.testing import people as named

from .rosters import HEADER, with_title_and_total, write_xlsx

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 29)


def row(seq: int, name: str, community: str) -> list:
    number = make_number("320102", date(2015, 3, seq), seq, "M")
    cells = dict.fromkeys(HEADER, "")
    cells.update({"序号": seq, "姓名": name, "身份证号": number, "所属社区": community})
    return [cells[column] for column in HEADER]


def run(tmp_path, rows):
    path = write_xlsx(tmp_path / f"r{len(rows)}.xlsx", with_title_and_total(rows))
    street = Area.objects.get(code=named.MEIYUAN_STREET)
    # The new communities ticked on the confirm form (issue 9: never created silently).
    ticked = {"新甲社区", "新乙社区"}
    return import_roster(
        read_table(path), street, actor=system_user(), today=TODAY, create_communities=ticked
    )


def test_a_street_at_998_takes_one_more_community_and_refuses_the_1000th(tmp_path, people):
    street = Area.objects.get(code=named.MEIYUAN_STREET)
    create_community(street=street, name="第九百九十八社区", code=f"{named.MEIYUAN_STREET}998")
    rows = [
        row(1, "王小明", "梅园社区"),
        row(2, "李小红", "新甲社区"),
        row(3, "赵安安", "新乙社区"),
        row(4, "钱多多", "新乙社区"),
    ]

    result = run(tmp_path, rows)

    assert [(e.row, e.column, e.code) for e in result.errors] == [
        (6, "所属社区", "community_codes_exhausted"),
        (7, "所属社区", "community_codes_exhausted"),
    ]
    assert result.errors[0].message == "梅园新村街道下的村居代码已用尽（最多999个村居），请联系市民政部门"
    assert result.errors[0].value == "新乙社区"
    assert not result.written and not Child.objects.exists()
    assert not Area.objects.filter(name__in=["新甲社区", "新乙社区"]).exists()

    result = run(tmp_path, rows[:2])
    assert result.errors == [] and result.written and result.new_communities == ["新甲社区"]
    created = Area.objects.get(name="新甲社区")
    assert (created.code, created.parent_id) == (f"{named.MEIYUAN_STREET}999", named.MEIYUAN_STREET)
    assert Child.objects.get(name="李小红").area == created
    codes = Area.objects.filter(parent=street).values_list("code", flat=True)
    assert all(len(code) == 12 for code in codes)


def test_several_new_communities_get_consecutive_codes(tmp_path, people):
    result = run(
        tmp_path, [row(1, "王小明", "新甲社区"), row(2, "李小红", "新乙社区"), row(3, "赵安安", "新甲社区")]
    )
    assert result.errors == [] and result.created == 3
    assert list(
        Area.objects.filter(name__in=["新甲社区", "新乙社区"]).order_by("code").values_list("name", "code")
    ) == [("新甲社区", f"{named.MEIYUAN_STREET}003"), ("新乙社区", f"{named.MEIYUAN_STREET}004")]
