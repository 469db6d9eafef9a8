"""Writes to administrative divisions: loading the bundled codes, and creating communities
(12-digit codes, at most 999 under a street)."""

import pytest

from childwelfare.areas.choices import Level
from childwelfare.areas.models import Area
from childwelfare.areas.services import (
    AreaError,
    create_community,
    free_community_codes,
    load_divisions,
    next_community_code,
)
from childwelfare.lib.errors import DomainError

pytestmark = pytest.mark.django_db

# The test database holds Nanjing (testing.people); these tests use 北京市东城区, loaded here.
DONGCHENG = "110101"
STREET = "110101001"  # 东华门街道


@pytest.fixture
def street():
    load_divisions(prefix=DONGCHENG)
    return Area.objects.get(code=STREET)


def test_load_divisions_by_prefix_brings_the_ancestors_and_nothing_else():
    before = set(Area.objects.values_list("code", flat=True))
    created = load_divisions(prefix=DONGCHENG)
    codes = set(Area.objects.values_list("code", flat=True)) - before
    # 北京市, its municipal districts (1101), 东城区 and its streets; no other district.
    assert {"11", "1101", DONGCHENG, STREET} <= codes
    assert all(code in ("11", "1101") or code.startswith(DONGCHENG) for code in codes)
    assert created == len(codes) and len(codes) > 10
    street = Area.objects.get(code=STREET)
    assert (street.name, street.level, street.parent_id) == ("东华门街道", Level.STREET, DONGCHENG)
    assert Area.objects.get(code=DONGCHENG).parent_id == "1101"
    assert load_divisions(prefix=DONGCHENG) == 0  # existing rows are left as they are


def test_communities_are_numbered_after_the_highest_code(street):
    first = create_community(street=street, name=" 梅园社区 ")
    assert (first.code, first.name, first.level, first.parent_id) == (
        "110101001001",
        "梅园社区",
        Level.COMMUNITY,
        STREET,
    )
    create_community(street=street, name="长江路社区", code="110101001010")
    assert next_community_code(street) == "110101001011"  # the gap below 010 is not reused
    assert create_community(street=street, name="新社区").code == "110101001011"
    assert free_community_codes(street) == 999 - 11


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"name": ""}, "empty_name"),
        ({"name": "梅园社区"}, "duplicate_name"),
        ({"name": "甲", "code": "1101010010011"}, "bad_code"),  # 13 digits
        ({"name": "甲", "code": "11010100101"}, "bad_code"),  # 11 digits
        ({"name": "甲", "code": "110101002001"}, "bad_code"),  # another street's prefix
        ({"name": "甲", "code": "110101001000"}, "bad_code"),
        ({"name": "甲", "code": "11010100100A"}, "bad_code"),
        ({"name": "甲", "code": "110101001001"}, "code_taken"),
    ],
)
def test_create_community_rules(street, kwargs, code):
    create_community(street=street, name="梅园社区")
    with pytest.raises(AreaError) as caught:
        create_community(street=street, **kwargs)
    assert caught.value.code == code and isinstance(caught.value, DomainError)
    assert list(street.children.values_list("code", flat=True)) == ["110101001001"]


def test_communities_only_under_a_street(street):
    with pytest.raises(AreaError, match="不是乡镇街道") as caught:
        create_community(street=Area.objects.get(code=DONGCHENG), name="甲社区")
    assert caught.value.code == "not_a_street"


def test_a_street_takes_999_communities_and_refuses_the_1000th(street):
    create_community(street=street, name="九百九十八社区", code="110101001998")
    assert free_community_codes(street) == 1
    last = create_community(street=street, name="九百九十九社区")
    assert last.code == "110101001999" and len(last.code) == 12
    assert free_community_codes(street) == 0
    with pytest.raises(AreaError) as caught:
        create_community(street=street, name="第一千个社区")
    assert caught.value.code == "community_codes_exhausted"
    assert str(caught.value) == "东华门街道下的村居代码已用尽（最多999个村居），请联系市民政部门"
    with pytest.raises(AreaError):
        next_community_code(street)
    assert not Area.objects.filter(name="第一千个社区").exists()
    assert all(len(code) == 12 for code in street.children.values_list("code", flat=True))
