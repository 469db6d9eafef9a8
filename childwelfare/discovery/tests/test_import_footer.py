"""The screening import reads a sheet the way the roster import does (one engine): the
total row ends the data and the footer under it (填表人, 日期) is not data."""

from datetime import timedelta

from childwelfare.discovery.choices import RecordStatus
from childwelfare.discovery.importing import import_screening_results
from childwelfare.discovery.models import ScreeningRecord
from childwelfare.lib.spreadsheets import read_table
from childwelfare.registry.tests.rosters import WRITERS

from .test_import import TODAY, campaign, rows  # noqa: F401  (campaign is a fixture)


def test_a_footer_under_the_total_row_is_accepted(campaign, people, tmp_path):  # noqa: F811
    c, kids = campaign
    sheet = rows(kids, TODAY - timedelta(days=1)) + [
        ["填表人：张丽", "", "联系电话：83001234"],
        ["填表日期：2026年11月20日"],
    ]
    path = WRITERS["xlsx"](tmp_path / "screening", sheet)
    result = import_screening_results(read_table(path), c, actor=people["director_meiyuan"])
    assert result.errors == [] and (result.rows, result.screened) == (2, 2)
    assert set(ScreeningRecord.objects.filter(child__in=kids[:2]).values_list("status", flat=True)) == {
        RecordStatus.SCREENED
    }


def test_a_repeated_id_number_names_the_first_row_and_is_masked(campaign, people):  # noqa: F811
    from childwelfare.lib.spreadsheets import Table

    c, kids = campaign
    sheet = rows(kids, TODAY - timedelta(days=1))
    sheet.insert(4, list(sheet[2]))  # row 5 repeats row 3
    result = import_screening_results(Table(rows=sheet), c, actor=people["director_meiyuan"])
    assert [(e.row, e.column, e.other_row) for e in result.errors] == [(5, "身份证号", 3)]
    assert result.errors[0].value == kids[0].id_number[:6] + "*" * 12
    assert not result.written and result.screened == 0


def test_the_page_lists_the_errors_and_writes_nothing(
    campaign,  # noqa: F811
    people,
    client,
    tmp_path,
    settings,
    django_capture_on_commit_callbacks,
):
    """The upload is a background job (run here at once, TASKS_IMMEDIATE): its page lists the
    errors."""
    from django.urls import reverse

    settings.MEDIA_ROOT = tmp_path / "media"

    c, kids = campaign
    sheet = rows(kids, TODAY - timedelta(days=1))
    sheet[3][4] = "飞鸽"  # row 4: no such visit mode
    path = WRITERS["xlsx"](tmp_path / "bad", sheet)
    client.force_login(people["director_meiyuan"])
    with open(path, "rb") as handle, django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("discovery:campaign_import", args=[c.pk]), {"file": handle})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "排查结果导入" in page and "发现 1 处错误" in page and "走访方式应为" in page
    assert kids[1].id_number not in page
    assert not ScreeningRecord.objects.filter(status=RecordStatus.SCREENED).exists()


def test_a_sheet_without_the_optional_columns_imports(campaign, people):  # noqa: F811
    """The 不符合政策但确有困难 and notes columns are optional: a sheet without them imports
    (a missing column reads as an empty cell), instead of failing on the database."""
    from childwelfare.lib.spreadsheets import Table

    c, kids = campaign
    sheet = [row[:7] if len(row) > 2 else row for row in rows(kids, TODAY - timedelta(days=1))]
    result = import_screening_results(Table(rows=sheet), c, actor=people["director_meiyuan"])
    assert result.errors == [] and result.screened == 2
    assert not ScreeningRecord.objects.filter(child=kids[1]).get().in_difficulty_not_eligible
