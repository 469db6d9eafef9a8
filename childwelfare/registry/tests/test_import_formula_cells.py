"""Issue 8 item 17: a name cell holding a formula without a stored result (an .xlsx written by
a program, never opened in Excel) is reported as a formula, quoting it, not as an empty name."""

import pytest

from childwelfare.areas.models import Area
from childwelfare.lib.sheet_guard import read_table_isolated
from childwelfare.lib.spreadsheets import read_table
from childwelfare.registry.importing import import_roster
from childwelfare.registry.models import Child
from childwelfare.testing import people

from .rosters import with_title_and_total, write_xlsx
from .test_import import TODAY, good_rows

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("isolated", [False, True])
def test_a_formula_name_without_a_result_is_named_as_a_formula(tmp_path, isolated):
    users = people.ensure_people()
    rows = good_rows()
    rows[0][1] = '=CONCATENATE("王","小明")'  # openpyxl stores the formula and no result
    path = write_xlsx(tmp_path / "formula.xlsx", with_title_and_total(rows))
    table = read_table_isolated(path.read_bytes(), "formula.xlsx") if isolated else read_table(path)

    result = import_roster(
        table, Area.objects.get(code=people.XUANWU), actor=users["officer_xuanwu"], today=TODAY
    )

    [error] = result.errors
    assert (error.row, error.column, error.code) == (4, "姓名", "formula_without_value")
    assert error.message.startswith('第4行「姓名」：单元格是公式（=CONCATENATE("王","小明")），没有计算结果')
    assert "粘贴为数值" in error.message and "为空" not in error.message
    assert error.value == '=CONCATENATE("王","小明")'
    assert not Child.objects.exists()
