"""Issue 8 item 16 in the roster import: the category date follows the forms' rule for dates
of events (lib.dates.check_event_date), reported with row, column and value."""

from datetime import date

import pytest

from childwelfare.areas.models import Area
from childwelfare.lib.spreadsheets import read_table
from childwelfare.registry.importing import import_roster
from childwelfare.testing import people

from .rosters import with_title_and_total, write_xlsx
from .test_import import TODAY, good_rows

pytestmark = pytest.mark.django_db


def test_a_category_date_ahead_or_before_the_birth_is_a_row_error_naming_it(tmp_path):
    users = people.ensure_people()
    rows = good_rows()
    rows[0][10] = date(2026, 11, 30)  # the day after TODAY
    rows[1][10] = "2010-01-01"  # before 李小红's birth on 2012-12-30
    rows[2][10] = "1900-01-01"  # a slip of the year
    path = write_xlsx(tmp_path / "dates.xlsx", with_title_and_total(rows))

    result = import_roster(
        read_table(path), Area.objects.get(code=people.XUANWU), actor=users["officer_xuanwu"], today=TODAY
    )

    by_row = {e.row: e for e in result.errors}
    assert set(by_row) == {4, 5, 6}
    assert (by_row[4].column, by_row[4].code) == ("类别认定日期", "event_in_future")
    assert by_row[4].message == "类别认定日期2026-11-30晚于今天（2026-11-29）"
    assert (by_row[5].column, by_row[5].value) == ("类别认定日期", "2010-01-01")
    assert "2010-01-01早于出生日期2012-12-30" in by_row[5].message
    assert (by_row[6].code, by_row[6].message) == (
        "event_too_early",
        "类别认定日期1900-01-01过早，请检查年份",
    )
