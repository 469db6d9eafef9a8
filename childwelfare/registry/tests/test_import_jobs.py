"""All imports are background jobs (issue 13, item 3): the screening-results and the
policy-number uploads answer with a redirect to the job page before anything is read; the
worker then runs the job (tasks.run_import, one task for every kind) with the capped reader,
and the job is seen through its declared Scope, as a roster's."""

import io
from datetime import date

import pytest
from django.test import override_settings
from django.urls import reverse

from childwelfare.audit.models import AccessAction, AccessLog
from childwelfare.benefits.choices import InsuranceKind
from childwelfare.benefits.models import InsuranceEnrolment, InsuranceScheme
from childwelfare.discovery.choices import CampaignStatus, RecordStatus
from childwelfare.discovery.models import ScreeningRecord
from childwelfare.registry.choices import Category
from childwelfare.registry.models import RosterImport
from childwelfare.registry.tasks import run_import
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory

from .rosters import WRITERS

pytestmark = pytest.mark.django_db

# A backend that only records what is enqueued: nothing runs until a worker does.
QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def campaign_and_rows(people):
    from childwelfare.discovery.tests.test_import import TODAY, campaign, rows

    c, kids = campaign.__wrapped__(people)
    return c, rows(kids, TODAY)


def queued_job(response, kind: str) -> RosterImport:
    job = RosterImport.objects.get()
    assert response.status_code == 302 and response.url == reverse("registry:import_job", args=[job.pk])
    assert (job.kind, job.status) == (kind, RosterImport.Status.QUEUED) and job.file
    return job


def test_screening_upload_is_queued_and_the_worker_imports_it(
    client, people, media, tmp_path, campaign_and_rows, django_capture_on_commit_callbacks
):
    campaign, rows = campaign_and_rows
    path = WRITERS["xlsx"](tmp_path / "screening", rows)
    client.force_login(people["director_meiyuan"])
    with (
        override_settings(TASKS=QUEUE_ONLY),
        open(path, "rb") as handle,
        django_capture_on_commit_callbacks(execute=True) as queued,
    ):
        response = client.post(reverse("discovery:campaign_import", args=[campaign.pk]), {"file": handle})
    job = queued_job(response, "screening")
    assert len(queued) == 1 and job.params == {"campaign": campaign.pk}
    assert job.area_id == named.MEIYUAN  # the director's community, under the campaign's street
    # Nothing read or written in the request, and no import in the access log yet.
    assert not ScreeningRecord.objects.filter(status=RecordStatus.SCREENED).exists()
    assert not AccessLog.objects.filter(action=AccessAction.IMPORT).exists()
    page = client.get(response.url).content.decode()
    assert "排查结果导入" in page and "排队中" in page

    # Scope: the job is seen in its area (the district officer), not from another district.
    client.force_login(people["officer_gulou"])
    assert client.get(response.url).status_code == 404
    client.force_login(people["officer_xuanwu"])
    assert client.get(response.url).status_code == 200

    assert run_import.call(job.pk) == RosterImport.Status.SUCCEEDED  # what the worker runs
    job.refresh_from_db()
    assert (job.summary["rows"], job.updated_count, job.file.name) == (2, 2, "")
    assert ScreeningRecord.objects.filter(status=RecordStatus.SCREENED).count() == 2
    assert AccessLog.objects.filter(action=AccessAction.IMPORT).count() == 1
    client.force_login(people["director_meiyuan"])
    page = client.get(response.url).content.decode()
    assert "导入完成：数据 2 行，完成排查 2 条。" in page
    assert reverse("discovery:campaign_detail", args=[campaign.pk]) in page


def test_a_screening_job_run_after_its_campaign_closed_is_rejected(
    client, people, media, tmp_path, campaign_and_rows, django_capture_on_commit_callbacks
):
    campaign, rows = campaign_and_rows
    path = WRITERS["xlsx"](tmp_path / "screening", rows)
    client.force_login(people["director_meiyuan"])
    with override_settings(TASKS=QUEUE_ONLY), open(path, "rb") as handle:
        response = client.post(reverse("discovery:campaign_import", args=[campaign.pk]), {"file": handle})
    job = queued_job(response, "screening")
    type(campaign).objects.filter(pk=campaign.pk).update(status=CampaignStatus.CLOSED)
    assert run_import.call(job.pk) == RosterImport.Status.REJECTED
    job.refresh_from_db()
    assert job.errors[0]["code"] == "campaign_not_running" and not job.file
    assert not ScreeningRecord.objects.filter(status=RecordStatus.SCREENED).exists()


def test_policy_upload_is_queued_and_the_worker_imports_it(client, people, media):
    scheme = InsuranceScheme.objects.create(
        name="困境儿童意外伤害保险", kind=InsuranceKind.ACCIDENT, categories=[Category.SCATTERED_ORPHAN]
    )
    child = ChildFactory(name="刘小芳", area_id=named.MEIYUAN)
    InsuranceEnrolment.objects.create(
        scheme=scheme,
        year=2026,
        child=child,
        category=Category.SCATTERED_ORPHAN,
        as_of=date(2026, 1, 1),
        area_id=named.MEIYUAN,
    )
    sheet = io.BytesIO(f"公民身份号码,保单号\n{child.id_number},PA-0001\n".encode())
    sheet.name = "保单清单.csv"
    client.force_login(people["officer_xuanwu"])
    with override_settings(TASKS=QUEUE_ONLY):
        response = client.post(
            reverse("benefits:insurance_policies", args=[scheme.pk]),
            {"policy-year": 2026, "policy-file": sheet},
        )
    job = queued_job(response, "policies")
    assert job.params == {"scheme": scheme.pk, "year": 2026} and job.area_id == named.XUANWU
    assert InsuranceEnrolment.objects.get().policy_number == ""

    assert run_import.call(job.pk) == RosterImport.Status.SUCCEEDED
    assert InsuranceEnrolment.objects.get().policy_number == "PA-0001"
    page = client.get(response.url).content.decode()
    assert "已导入保单号：共 1 行，更新 1 人" in page and "保单号导入" in page
    # The roster upload page lists roster jobs only.
    assert list(client.get(reverse("registry:import_upload")).context["recent"]) == []
