"""An export job's page leads back to the page the export was started from (QA of issue 14):
the list page with its filters, or the annual report of the year and area shown. The address
is kept on the job only when it is a page of this site (the `back` parameter or the Referer,
reduced to a local path); anything else gives no link."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from childwelfare.exports.models import ExportJob
from childwelfare.exports.services import return_path_of
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory

pytestmark = pytest.mark.django_db

RETURN_LINK = "data-return>← 返回</a>"


@pytest.fixture
def low_threshold(settings, tmp_path):
    settings.EXPORT_JOB_THRESHOLD = 2
    settings.MEDIA_ROOT = str(tmp_path)
    for i in range(3):
        ChildFactory(name=f"王{chr(0x4E00 + i)}", area_id=named.MEIYUAN)
    return settings


def _job_page(client, job) -> str:
    return client.get(reverse("exports:job", args=[job.pk])).content.decode()


def test_a_list_export_job_links_back_to_the_list_with_its_filters(client, people, low_threshold):
    client.force_login(people["director_meiyuan"])
    list_page = reverse("registry:child_list") + "?q=%E7%8E%8B&sort=name"
    response = client.get(
        reverse("registry:child_export") + "?q=%E7%8E%8B&sort=name",
        HTTP_REFERER=f"http://testserver{list_page}",
    )
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("exports:job", args=[job.pk])
    assert job.return_path == list_page
    html = _job_page(client, job)
    assert f'<a href="{list_page.replace("&", "&amp;")}" {RETURN_LINK}' in html


def test_the_back_parameter_names_the_page_and_is_no_filter(client, people, low_threshold):
    client.force_login(people["director_meiyuan"])
    back = reverse("registry:child_list") + "?q=%E7%8E%8B"
    client.get(reverse("registry:child_export"), {"q": "王", "back": back}, HTTP_REFERER="http://testserver/")
    job = ExportJob.objects.get()
    assert job.return_path == back
    assert "back" not in job.query and job.query == "q=%E7%8E%8B"


def test_an_export_without_a_known_page_has_no_return_link(client, people, low_threshold):
    client.force_login(people["director_meiyuan"])
    client.get(reverse("registry:child_export"))
    job = ExportJob.objects.get()
    assert job.return_path == "" and RETURN_LINK not in _job_page(client, job)


@pytest.mark.parametrize(
    "sent",
    [
        "https://evil.example/children/",
        "//evil.example/children/",
        "/\\evil.example/children/",
        "javascript:alert(1)",
        "/exports/jobs/1/",
        "/no-such-page/",
        "/children/?q=" + "x" * 600,
    ],
)
def test_only_a_page_of_this_site_is_kept(sent):
    request = RequestFactory().get("/children/export/", {"back": sent})
    assert return_path_of(request) == ""
    request = RequestFactory().get("/children/export/", HTTP_REFERER=sent)
    assert return_path_of(request) == ""


def test_a_referer_of_this_site_is_kept_as_a_local_path():
    request = RequestFactory().get("/children/export/", HTTP_REFERER="http://testserver/children/?q=1")
    assert return_path_of(request) == "/children/?q=1"


def test_the_annual_report_file_job_links_back_to_the_report(client, people, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(people["officer_xuanwu"])
    report = reverse("reports:annual") + f"?year=2023&area={named.XUANWU}"
    response = client.post(
        reverse("reports:annual_export"),
        {"year": "2023", "area": named.XUANWU, "format": "xlsx"},
        HTTP_REFERER=f"http://testserver{report}",
    )
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("exports:job", args=[job.pk])
    assert job.return_path == report
    assert f'<a href="{report.replace("&", "&amp;")}" {RETURN_LINK}' in _job_page(client, job)
