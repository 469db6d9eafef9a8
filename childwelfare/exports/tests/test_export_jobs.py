"""A large export runs as a background job (issue 9): over EXPORT_JOB_THRESHOLD rows the
request only queues it and sends the user to the job's page; the job writes the same rows
with its progress kept; the file is its owner's alone (anyone else: 404) and deleted after
EXPORT_KEEP_DAYS."""

import os
from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from childwelfare.audit.models import AccessAction, AccessLog
from childwelfare.exports.models import ExportJob
from childwelfare.exports.services import purge_old_exports
from childwelfare.lib import exporting
from childwelfare.lib.idnumber import mask
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_threshold(settings, tmp_path):
    settings.EXPORT_JOB_THRESHOLD = 2
    settings.MEDIA_ROOT = str(tmp_path)
    return settings


def children(n):
    return [ChildFactory(name=f"王{chr(0x4E00 + i)}", area_id=named.MEIYUAN) for i in range(n)]


def test_a_large_export_is_a_job_downloaded_by_its_owner_only(
    client, people, low_threshold, monkeypatch, django_capture_on_commit_callbacks
):
    made = children(5)
    reports = []
    original = exporting.write_export

    def counting(*args, progress=None, **kwargs):
        def seen(done):
            reports.append(done)
            progress(done)

        return original(*args, progress=seen, **kwargs)

    monkeypatch.setattr(exporting, "PROGRESS_EVERY", 2)
    monkeypatch.setattr("childwelfare.exports.services.write_export", counting)
    client.force_login(people["director_meiyuan"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("registry:child_export"))
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("exports:job", args=[job.pk])
    assert reports == [2, 4, 5]  # progress every 2 rows, then the end
    assert (job.status, job.processed, job.total, job.percent) == ("ready", 5, 5, 100)
    assert job.filename.startswith("儿童名单_梅园社区_")
    page = client.get(reverse("exports:job", args=[job.pk])).content.decode()
    assert reverse("exports:job_download", args=[job.pk]) in page and "5 / 5" in page
    download = client.get(reverse("exports:job_download", args=[job.pk]))
    assert download.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert sorted(row[1] for row in rows) == sorted(child.name for child in made)
    assert {row[3] for row in rows} == {mask(child.id_number) for child in made}
    logs = AccessLog.objects.order_by("at", "pk")
    assert [(log.action, log.row_count) for log in logs] == [
        (AccessAction.EXPORT, 5),
        (AccessAction.DOWNLOAD, 5),
    ]
    assert f"后台导出任务 {job.pk}" in logs[0].detail
    for other in ("officer_xuanwu", "supervisor_meiyuan", "director_daxinggong"):
        client.force_login(people[other])  # even those above the owner's area
        for name in ("exports:job", "exports:job_progress", "exports:job_download"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404, (other, name)


def test_a_small_export_streams_at_once(client, people, low_threshold):
    children(2)
    client.force_login(people["director_meiyuan"])
    response = client.get(reverse("registry:child_export"))
    assert response.status_code == 200 and not ExportJob.objects.exists()


def test_progress_of_a_queued_job_and_no_file_before_it_is_ready(client, people, low_threshold):
    children(3)
    client.force_login(people["director_meiyuan"])
    client.get(reverse("registry:child_export"))  # queued: the on-commit enqueue never runs here
    job = ExportJob.objects.get()
    assert (job.status, job.total) == ("queued", 3)
    progress = client.get(reverse("exports:job_progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert "0 / 3" in progress.content.decode() and "hx-get" in progress.content.decode()
    assert client.get(reverse("exports:job_download", args=[job.pk])).status_code == 404


def test_old_jobs_and_their_files_are_deleted(
    client, people, low_threshold, django_capture_on_commit_callbacks
):
    children(3)
    client.force_login(people["director_meiyuan"])
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("registry:child_export"))
    job = ExportJob.objects.get()
    path = job.file.path
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=4))
    assert purge_old_exports() == 1
    assert not ExportJob.objects.exists()
    assert not os.path.exists(path)
