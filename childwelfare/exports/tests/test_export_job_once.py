"""A large export asked for twice while its job is still queued (a double click on 导出Excel,
a reload of the link) queues one job, logged once; once the job has finished, asking again
makes a new file (the records may have changed)."""

import pytest
from django.urls import reverse

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
