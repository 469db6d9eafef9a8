"""A roster with more bad rows than are kept: the first 1,000 errors are stored with the job,
the page and the error report say how many there were in all."""

import io

from django.urls import reverse

from childwelfare.lib.spreadsheets import read_table
from childwelfare.registry.models import Child, RosterImport
from childwelfare.testing import people as named

from .rosters import HEADER, with_title_and_total, write_xlsx


def test_errors_beyond_the_first_thousand_are_counted(
    client, people, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    rows = []
    for seq in range(1, 1006):
        cells = dict.fromkeys(HEADER, "")
        cells.update({"序号": seq, "姓名": "王小明", "身份证号": "12345", "所属社区": "梅园社区"})
        rows.append([cells[column] for column in HEADER])
    path = write_xlsx(tmp_path / "many.xlsx", with_title_and_total(rows))
    client.force_login(people["director_meiyuan"])
    with open(path, "rb") as handle, django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry:import_upload"), {"file": handle, "area": named.MEIYUAN})
    job = RosterImport.objects.get()
    assert job.status == RosterImport.Status.REJECTED
    assert len(job.errors) == 1000 and job.summary["error_count"] == 1005
    assert job.errors[0]["row"] == 4 and job.errors[-1]["row"] == 1003
    page = client.get(response["Location"]).content.decode()
    assert "发现 1005 处错误" in page
    report = client.get(reverse("registry:import_error_report", args=[job.pk]))
    sheet = read_table(io.BytesIO(report.content), "errors.xlsx").rows
    assert len(sheet) == 1 + 1000 + 1 and sheet[-1][3] == "另有 5 处错误未列出"
    assert not Child.objects.exists()
