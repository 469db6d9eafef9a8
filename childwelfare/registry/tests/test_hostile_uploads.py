"""Hostile files posted through every upload path (issue 13 findings 2, 3, 8): the auditor is
refused before any parsing, the right role gets a clear error, a roster job ends failed or
rejected with its message and its file removed, the next job still runs, a job whose worker
died is marked failed, an upload past the limit is refused while it streams in, and a note
with a control character no longer breaks the export."""

import csv
import io
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from childwelfare.benefits.choices import InsuranceKind
from childwelfare.benefits.models import InsuranceScheme
from childwelfare.discovery import services as discovery_services
from childwelfare.registry.models import Child, RosterImport
from childwelfare.registry.tasks import fail_stale_imports
from childwelfare.testing import people as named
from childwelfare.testing.factories import CampaignFactory, ChildFactory
from childwelfare.testing.hostile_sheets import huge_dimension_xlsx, repeated_rows_ods, zip_bomb_xlsx

from .rosters import with_title_and_total, write_xlsx
from .test_import import good_rows, unpaid

pytestmark = pytest.mark.django_db

HOSTILE = [
    ("dimension.xlsx", huge_dimension_xlsx, "表格行数过多"),
    ("bomb.xlsx", lambda: zip_bomb_xlsx(40), "压缩比异常"),
    ("repeated.ods", repeated_rows_ods, "表格行数过多"),
]


def upload(name, build):
    return SimpleUploadedFile(name, build())


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.mark.parametrize(("name", "build", "message"), HOSTILE)
def test_roster_job_of_a_hostile_file_fails_alone_and_the_next_runs(
    client, people, media, tmp_path, name, build, message, django_capture_on_commit_callbacks
):
    url = reverse("registry:import_upload")
    client.force_login(people["auditor_xuanwu"])
    assert client.post(url, {"file": upload(name, build), "area": named.MEIYUAN}).status_code == 403
    assert not RosterImport.objects.exists()

    client.force_login(people["director_meiyuan"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": upload(name, build), "area": named.MEIYUAN})
    job = RosterImport.objects.get()
    assert response.status_code == 302
    assert job.is_finished and job.status == RosterImport.Status.REJECTED
    assert message in job.errors[0]["message"] and not job.file
    assert message in client.get(reverse("registry:import_job", args=[job.pk])).content.decode()

    good = write_xlsx(tmp_path / "good.xlsx", with_title_and_total(unpaid(good_rows())))
    with open(good, "rb") as handle, django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"file": handle, "area": named.MEIYUAN})
    assert RosterImport.objects.latest("pk").status == RosterImport.Status.SUCCEEDED
    assert Child.objects.count() == 3


def test_a_job_whose_reader_died_is_failed_with_its_message(
    client, people, media, settings, django_capture_on_commit_callbacks
):
    settings.SPREADSHEET_MEMORY_MB = 150  # the 42 MB file needs more as Python objects
    data = "\n".join(",".join([f"abcdefgh{i}"] * 20) for i in range(150_000)).encode()
    client.force_login(people["director_meiyuan"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("registry:import_upload"),
            {"file": SimpleUploadedFile("big.csv", data), "area": named.MEIYUAN},
        )
    job = RosterImport.objects.get()
    assert job.status == RosterImport.Status.FAILED and not job.file
    assert "超出了内存或时间限制" in job.errors[0]["message"]


def test_a_job_left_running_by_a_dead_worker_is_failed_when_its_page_is_viewed(client, people, media):
    director = people["director_meiyuan"]
    job = RosterImport.objects.create(
        created_by=director,
        area_id=named.MEIYUAN,
        filename="roster.xlsx",
        file=SimpleUploadedFile("roster.xlsx", b"PK"),
        status=RosterImport.Status.RUNNING,
    )
    fresh = RosterImport.objects.create(
        created_by=director, area_id=named.MEIYUAN, filename="b.xlsx", status=RosterImport.Status.RUNNING
    )
    assert fail_stale_imports() == 0  # running for less than the timeout: left alone
    RosterImport.objects.filter(pk=job.pk).update(created_at=job.created_at - timedelta(hours=3))
    client.force_login(director)
    page = client.get(reverse("registry:import_job", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == RosterImport.Status.FAILED and not job.file
    assert "处理中断" in page
    fresh.refresh_from_db()
    assert fresh.status == RosterImport.Status.RUNNING


@pytest.fixture
def campaign(people):
    ChildFactory(name="王小明", area_id=named.MEIYUAN)
    campaign = CampaignFactory(
        name="测试排查", area_id=named.MEIYUAN_STREET, created_by=people["officer_xuanwu"]
    )
    discovery_services.start_campaign(campaign, actor=people["officer_xuanwu"])
    return campaign


@pytest.mark.parametrize(("name", "build", "message"), HOSTILE)
def test_screening_import_refuses_hostile_files_and_the_server_answers(
    client, people, campaign, media, name, build, message, django_capture_on_commit_callbacks
):
    url = reverse("discovery:campaign_import", args=[campaign.pk])
    client.force_login(people["auditor_xuanwu"])
    assert client.post(url, {"file": upload(name, build)}).status_code == 403
    client.force_login(people["director_meiyuan"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": upload(name, build)})
    job = RosterImport.objects.get()
    assert response.status_code == 302 and job.status == RosterImport.Status.REJECTED and not job.file
    assert message in client.get(response.url).content.decode()
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(("name", "build", "message"), HOSTILE)
def test_policy_import_refuses_hostile_files_and_the_server_answers(
    client, people, media, name, build, message, django_capture_on_commit_callbacks
):
    scheme = InsuranceScheme.objects.create(name="意外伤害保险", kind=InsuranceKind.ACCIDENT, categories=[])
    url = reverse("benefits:insurance_policies", args=[scheme.pk])
    client.force_login(people["auditor_xuanwu"])
    assert client.post(url, {"policy-year": 2026, "policy-file": upload(name, build)}).status_code == 403
    client.force_login(people["officer_xuanwu"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"policy-year": 2026, "policy-file": upload(name, build)})
    job = RosterImport.objects.get()
    assert response.status_code == 302 and job.status == RosterImport.Status.REJECTED and not job.file
    assert message in client.get(response.url).content.decode()


def test_uploads_past_the_limit_are_refused_with_413_on_every_path(client, people, campaign, media, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    big = SimpleUploadedFile("big.csv", b"x" * 4096)
    scheme = InsuranceScheme.objects.create(name="意外伤害保险", kind=InsuranceKind.ACCIDENT, categories=[])
    client.force_login(people["officer_xuanwu"])
    response = client.post(reverse("benefits:insurance_policies", args=[scheme.pk]), {"policy-file": big})
    assert response.status_code == 413 and "文件过大" in response.content.decode()
    client.force_login(people["director_meiyuan"])
    big.seek(0)
    response = client.post(reverse("registry:import_upload"), {"file": big, "area": named.MEIYUAN})
    assert response.status_code == 413 and not RosterImport.objects.exists()
    big.seek(0)
    response = client.post(reverse("discovery:campaign_import", args=[campaign.pk]), {"file": big})
    assert response.status_code == 413


def test_a_note_with_a_control_character_is_exported(client, people):
    ChildFactory(name="王小明", area_id=named.MEIYUAN, notes="需\x0b关注")
    client.force_login(people["director_meiyuan"])
    response = client.get(reverse("registry:child_export"))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    assert "需关注" in [cell for row in sheet.iter_rows(values_only=True) for cell in row]


def test_the_error_report_of_a_file_with_control_characters_downloads(
    client, people, media, tmp_path, django_capture_on_commit_callbacks
):
    rows = unpaid(good_rows())
    rows[0][16] = "备注\x0b里有控制字符"
    rows[1][3] = "3201022012123000\x0b2"
    text = io.StringIO()
    csv.writer(text).writerows(with_title_and_total(rows))  # .xlsx cannot even hold \x0b
    client.force_login(people["director_meiyuan"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("registry:import_upload"),
            {"file": SimpleUploadedFile("ctl.csv", text.getvalue().encode()), "area": named.MEIYUAN},
        )
    job = RosterImport.objects.get()
    assert job.status == RosterImport.Status.REJECTED
    report = client.get(reverse("registry:import_error_report", args=[job.pk]))
    assert report.status_code == 200
    assert load_workbook(io.BytesIO(report.content)).active.max_row >= 2
