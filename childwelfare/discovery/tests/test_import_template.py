"""The screening-results template (issue 9): pre-filled with the director's pending children
of the running campaign (their own community only; ID numbers masked without the full-ID
permission, the download logged), drop-downs for the answer columns, and a filled copy
imports through the record numbers it carries."""

import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from childwelfare.audit.models import AccessAction, AccessLog
from childwelfare.discovery import services
from childwelfare.discovery.choices import RecordStatus
from childwelfare.discovery.importing import import_screening_results
from childwelfare.discovery.models import RiskItem, ScreeningRecord
from childwelfare.discovery.risk import current_item_set
from childwelfare.lib.idnumber import mask
from childwelfare.lib.spreadsheets import read_table
from childwelfare.registry.choices import Category
from childwelfare.registry.models import RosterImport
from childwelfare.registry.tasks import run_import
from childwelfare.registry.tests.test_roster_template import validation_lists
from childwelfare.testing import people as named
from childwelfare.testing.factories import CampaignFactory, ChildFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def campaign(people):
    kids = [
        ChildFactory(
            name=name, area_id=area, category=Category.SCATTERED_ORPHAN, category__start_date=date(2020, 1, 1)
        )
        for name, area in [("王小明", named.MEIYUAN), ("李小红", named.MEIYUAN), ("赵安安", named.DAXINGGONG)]
    ]
    c = CampaignFactory(name="测试排查", area_id=named.MEIYUAN_STREET, created_by=people["officer_xuanwu"])
    services.start_campaign(c, actor=people["officer_xuanwu"])
    done = ScreeningRecord.objects.get(campaign=c, child=kids[1])
    services.screen_record(
        done, actor=people["director_meiyuan"], expected_version=done.version, visited_on=TODAY, mode="home"
    )
    return c, kids


def download(client, user, campaign) -> openpyxl.Workbook:
    client.force_login(user)
    response = client.get(reverse("discovery:campaign_import", args=[campaign.pk]) + "?template=1")
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_the_template_holds_the_directors_pending_children_masked(client, people, campaign):
    c, kids = campaign
    book = download(client, people["director_meiyuan"], c)
    sheet = book["排查结果"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["排查记录编号", "姓名", "公民身份号码"]
    data = [[cell.value for cell in row[:3]] for row in sheet.iter_rows(min_row=2) if row[0].value]
    record = ScreeningRecord.objects.get(campaign=c, child=kids[0])
    # 李小红 is screened already, 赵安安 is another community's: only 王小明 is pending.
    assert data == [[str(record.pk), "王小明", mask(kids[0].id_number)]]
    assert "*" in data[0][2]
    id_letter = sheet.cell(row=1, column=3).column_letter
    assert sheet.column_dimensions[id_letter].number_format == "@"

    lists = validation_lists(book)
    assert lists["走访方式"][:3] == ["入户", "到校", "电话"]
    assert lists["不符合政策但确有困难"] == ["是", "否"]
    assert "隔代照料且照料人年老体弱" in lists["风险情形"]
    assert lists["风险情形"] == list(
        RiskItem.objects.filter(item_set=current_item_set(TODAY)).values_list("label", flat=True)
    )
    assert "填写说明" in book.sheetnames

    log = AccessLog.objects.get(action=AccessAction.DOWNLOAD)
    assert log.row_count == 1 and "身份证号已脱敏" in log.detail


def test_a_filled_template_imports_by_its_record_numbers(client, people, campaign, tmp_path):
    c, kids = campaign
    book = download(client, people["director_meiyuan"], c)
    sheet = book["排查结果"]
    headers = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=headers.index("走访日期") + 1, value=TODAY - timedelta(days=1))
    sheet.cell(row=2, column=headers.index("走访方式") + 1, value="入户")
    sheet.cell(row=2, column=headers.index("不符合政策但确有困难") + 1, value="否")
    path = tmp_path / "filled.xlsx"
    book.save(path)

    result = import_screening_results(read_table(path), c, actor=people["director_meiyuan"])

    assert result.errors == [] and (result.rows, result.screened) == (1, 1)
    assert ScreeningRecord.objects.get(campaign=c, child=kids[0]).status == RecordStatus.SCREENED


def test_a_masked_number_without_its_record_number_is_refused(client, people, campaign, tmp_path):
    c, kids = campaign
    book = download(client, people["director_meiyuan"], c)
    sheet = book["排查结果"]
    sheet.delete_cols(1)  # the record number column removed
    headers = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=headers.index("走访日期") + 1, value=TODAY)
    path = tmp_path / "no-record.xlsx"
    book.save(path)

    result = import_screening_results(read_table(path), c, actor=people["director_meiyuan"])

    assert [e.code for e in result.errors] == ["masked_without_record"]
    assert not result.written


def test_a_screening_import_links_to_the_children_it_screened(client, people, campaign, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    c, kids = campaign
    book = download(client, people["director_meiyuan"], c)
    sheet = book["排查结果"]
    headers = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=headers.index("走访日期") + 1, value=TODAY)
    path = tmp_path / "filled.xlsx"
    book.save(path)
    queue_only = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=queue_only), open(path, "rb") as handle:
        client.post(reverse("discovery:campaign_import", args=[c.pk]), {"file": handle})
    job = RosterImport.objects.get()
    assert run_import.call(job.pk) == RosterImport.Status.SUCCEEDED

    page = client.get(reverse("registry:import_job", args=[job.pk])).content.decode()
    link = reverse("registry:child_list") + f"?import={job.pk}"
    assert f'href="{link}"' in page
    assert [child.name for child in client.get(link).context["page"].object_list] == ["王小明"]
