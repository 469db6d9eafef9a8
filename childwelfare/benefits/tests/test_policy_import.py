"""The insurer's policy numbers on the shared import engine: a repeated ID number is an
error naming both rows, errors are RowError objects, and nothing is written."""

from datetime import date

import pytest

from childwelfare.areas.models import Area
from childwelfare.benefits.choices import InsuranceKind
from childwelfare.benefits.insurance import generate_roster, import_policy_numbers
from childwelfare.benefits.models import InsuranceEnrolment, InsuranceScheme
from childwelfare.lib.spreadsheets import Table
from childwelfare.lib.tabular import RowError
from childwelfare.registry.choices import Category
from childwelfare.testing import people as named

from .test_insurance_and_commands import kid

pytestmark = pytest.mark.django_db
HEADER = ["保单清单"], ["序号", "被保险人姓名", "身份证号", "保单号"]


@pytest.fixture
def enrolled(people):
    scheme = InsuranceScheme.objects.create(
        name="意外伤害保险", kind=InsuranceKind.ACCIDENT, categories=[Category.SCATTERED_ORPHAN]
    )
    a = kid("甲", Category.SCATTERED_ORPHAN)
    b = kid("乙", Category.SCATTERED_ORPHAN)
    generate_roster(
        scheme,
        year=2026,
        area=Area.objects.get(code=named.NANJING),
        as_of=date(2026, 1, 1),
        actor=people["admin_nanjing"],
    )
    return scheme, a, b


def test_a_repeated_id_number_is_an_error_and_nothing_is_written(enrolled, people):
    scheme, a, b = enrolled
    table = Table(
        rows=[
            *HEADER,
            [1, "甲", a.id_number, "P-001"],
            [2, "乙", b.id_number, "P-002"],
            [3, "甲", a.id_number, "P-003"],
            ["合计", "3人"],
            ["经办人：张丽"],
        ]
    )
    result = import_policy_numbers(table, scheme, year=2026, actor=people["admin_nanjing"])
    assert all(isinstance(error, RowError) for error in result.errors)
    assert [(e.row, e.column, e.code, e.other_row) for e in result.errors] == [
        (5, "身份证号", "duplicate", 3)
    ]
    assert result.errors[0].message == "与第3行的身份证号重复"
    assert (result.rows, result.updated, result.written) == (3, 0, False)
    assert not InsuranceEnrolment.objects.exclude(policy_number="").exists()


def test_an_over_long_policy_number_is_refused_not_cut(enrolled, people):
    scheme, a, _b = enrolled
    table = Table(rows=[*HEADER, [1, "甲", a.id_number, "P" * 61]])
    result = import_policy_numbers(table, scheme, year=2026, actor=people["admin_nanjing"])
    assert [(e.row, e.message) for e in result.errors] == [(3, "保单号过长（61字，最多60字）")]
    table = Table(rows=[*HEADER, [1, "甲", a.id_number, "P" * 60]])
    assert import_policy_numbers(table, scheme, year=2026, actor=people["admin_nanjing"]).updated == 1
    assert InsuranceEnrolment.objects.get(child=a).policy_number == "P" * 60
