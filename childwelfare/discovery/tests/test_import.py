"""Screening results from spreadsheets: all-or-nothing with row errors, through the same
rules as the screening form."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from childwelfare.discovery import services
from childwelfare.discovery.choices import Colour, RecordStatus
from childwelfare.discovery.importing import import_screening_results
from childwelfare.discovery.models import ScreeningRecord, Visit
from childwelfare.lib.spreadsheets import Table
from childwelfare.registry.choices import Category
from childwelfare.registry.tests.rosters import WRITERS
from childwelfare.testing import people as named
from childwelfare.testing.factories import CampaignFactory, ChildFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
HEADER = [
    "序号",
    "姓名",
    "身份证号",
    "走访日期",
    "走访方式",
    "监护情况",
    "风险情形",
    "不符合政策但确有困难",
    "备注",
]


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
    return c, kids


def rows(kids, day):
    return [
        ["梅园新村街道排查结果"],
        HEADER,
        [
            1,
            kids[0].name,
            kids[0].id_number,
            day,
            "入户",
            "祖父监护",
            "隔代照料且照料人年老体弱、家庭经济困难，基本生活保障不足",
            "否",
            "",
        ],
        [2, kids[1].name, kids[1].id_number, day.isoformat(), "电话", "母亲照料", "", "是", "父亲服刑"],
        ["合计", "2人"],
    ]


@pytest.mark.parametrize("fmt", ["xlsx", "csv-gbk", "ods"])
def test_import_screens_every_row(fmt, campaign, people, tmp_path):
    c, kids = campaign
    from childwelfare.lib.spreadsheets import read_table

    path = WRITERS[fmt](tmp_path / "screening", rows(kids, TODAY - timedelta(days=1)))
    result = import_screening_results(read_table(path), c, actor=people["director_meiyuan"])
    assert result.errors == [] and (result.rows, result.screened) == (2, 2)
    first, second = (ScreeningRecord.objects.get(campaign=c, child=k) for k in kids[:2])
    assert first.status == second.status == RecordStatus.SCREENED
    # 隔代照料 2 + 经济困难 1 = 3 → blue (2–4)
    assert (first.assessment.score, first.assessment.colour) == (3, Colour.BLUE)
    assert first.visit.guardianship == "祖父监护" and first.visit.mode == "home"
    assert second.in_difficulty_not_eligible and second.visit.mode == "phone"


def test_any_bad_row_means_nothing_is_written(campaign, people):
    c, kids = campaign
    table_rows = rows(kids, TODAY - timedelta(days=1))
    table_rows[2][6] = "天降横祸"  # not an item of version 1
    table_rows[3][3] = (TODAY + timedelta(days=1)).isoformat()
    table_rows.insert(
        4, [3, kids[2].name, kids[2].id_number, TODAY.isoformat(), "入户", "", "", "否", ""]
    )  # 大行宫
    table_rows.insert(5, [4, "冒名", kids[0].id_number, TODAY.isoformat(), "飞鸽", "", "", "也许", ""])
    result = import_screening_results(Table(rows=table_rows), c, actor=people["director_meiyuan"])
    assert {(e.row, e.column) for e in result.errors} == {
        (3, "风险情形"),
        (4, "走访日期"),
        (5, "身份证号"),
        (6, "身份证号"),
        (6, "走访方式"),
        (6, "不符合政策但确有困难"),
    }
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert "不在您的管辖范围内" in messages[(5, "身份证号")]  # the director's sibling community
    assert "与第3行的身份证号重复" in messages[(6, "身份证号")]
    assert not Visit.objects.exists()
    assert set(ScreeningRecord.objects.values_list("status", flat=True)) == {RecordStatus.PENDING}


def test_only_the_director_may_import_and_the_page_and_command(
    campaign, people, client, tmp_path, settings, django_capture_on_commit_callbacks
):
    c, kids = campaign
    table = Table(rows=rows(kids, TODAY))
    result = import_screening_results(table, c, actor=people["supervisor_meiyuan"])
    assert [e.message for e in result.errors] == ["只有本村（居）儿童主任可以排查该儿童"] * 2
    path = WRITERS["xlsx"](tmp_path / "s", rows(kids, TODAY))
    out = io.StringIO()
    call_command(
        "import_screening",
        str(path),
        "--campaign",
        str(c.pk),
        "--user",
        "director_meiyuan",
        "--dry-run",
        "--json",
        stdout=out,
    )
    assert '"screened": 0' in out.getvalue() and not Visit.objects.exists()
    client.force_login(people["director_meiyuan"])
    url = reverse("discovery:campaign_import", args=[c.pk])
    settings.MEDIA_ROOT = tmp_path / "media"
    with open(path, "rb") as handle, django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": handle})
    assert response.status_code == 302  # to the job page, run here at once (TASKS_IMMEDIATE)
    assert ScreeningRecord.objects.filter(status=RecordStatus.SCREENED).count() == 2
    assert "完成排查 2 条" in client.get(response.url).content.decode()
    client.force_login(people["director_ninghai"])  # 鼓楼: the campaign is not theirs
    assert client.get(url).status_code == 404
