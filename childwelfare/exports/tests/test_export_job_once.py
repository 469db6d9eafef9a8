"""A large export asked for twice while its job is still queued (a double click on 导出Excel,
a reload of the link) queues one job, logged once; once the job has finished, asking again
makes a new file (the records may have changed)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from childwelfare.audit.models import AccessLog
from childwelfare.exports.models import ExportJob
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_threshold(settings, tmp_path):
    settings.EXPORT_JOB_THRESHOLD = 2
    settings.MEDIA_ROOT = str(tmp_path)
    return settings


def test_a_double_click_queues_one_job(client, people, low_threshold, django_capture_on_commit_callbacks):
    for i in range(4):
        ChildFactory(name=f"王{chr(0x4E00 + i)}", area_id=named.MEIYUAN)
    client.force_login(people["director_meiyuan"])
    url = reverse("registry:child_export")
    logged = AccessLog.objects.count()
    first = client.get(url)
    second = client.get(url)
    job = ExportJob.objects.get()
    assert first["Location"] == second["Location"] == reverse("exports:job", args=[job.pk])
    assert AccessLog.objects.count() == logged + 1
    # Other filters are another file.
    third = client.get(url + "?files=all")
    assert third["Location"] != first["Location"] and ExportJob.objects.count() == 2
    # A finished job is not handed out again for a new request.
    ExportJob.objects.update(status=ExportJob.Status.READY)
    fourth = client.get(url)
    assert fourth["Location"] not in (first["Location"], third["Location"])


def test_a_job_whose_worker_died_fails_and_a_new_one_is_made(client, people, low_threshold, settings):
    for i in range(4):
        ChildFactory(name=f"李{chr(0x4E00 + i)}", area_id=named.MEIYUAN)
    settings.EXPORT_JOB_TIMEOUT_MINUTES = 60
    client.force_login(people["director_meiyuan"])
    url = reverse("registry:child_export")
    first = client.get(url)
    stuck = ExportJob.objects.get()
    ExportJob.objects.filter(pk=stuck.pk).update(
        status=ExportJob.Status.RUNNING, created_at=timezone.now() - timedelta(minutes=61)
    )
    page = client.get(first["Location"])
    stuck.refresh_from_db()
    assert stuck.status == ExportJob.Status.FAILED and "生成失败" in page.content.decode()
    again = client.get(url)
    assert again["Location"] != first["Location"] and ExportJob.objects.count() == 2


def test_the_rows_are_read_a_chunk_at_a_time_with_no_cursor_left_open(people):
    """in_chunks hands rows on only after each chunk's read has ended, in the queryset's
    order (an export job writes its progress between chunks: SQLite refused that write
    while a QuerySet.iterator() cursor held an old snapshot)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from childwelfare.lib.exporting import in_chunks
    from childwelfare.registry.models import Child

    made = [ChildFactory(name=f"周{chr(0x4E00 + i)}", area_id=named.MEIYUAN) for i in range(5)]
    queryset = Child.objects.filter(pk__in=[c.pk for c in made]).order_by("-pk")
    with CaptureQueriesContext(connection) as queries:
        rows = in_chunks(queryset, size=2)
        first = next(rows)
        assert len(queries.captured_queries) == 2  # the ids, then the first chunk: both read whole
        rest = list(rows)
    assert [first.pk, *(c.pk for c in rest)] == sorted((c.pk for c in made), reverse=True)
    assert len(queries.captured_queries) == 4  # ids + three chunks of 2, 2 and 1
