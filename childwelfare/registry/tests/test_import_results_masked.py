"""Import results never hold an ID number in clear (issue 13 §5): the roster's job page, its
error report and the --json output of the import commands; the screening and policy imports'
error lists. The error report goes to its uploader and to users with the full-ID
permission; to others it is missing (404); each download is logged."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from childwelfare.audit.models import AccessAction, AccessLog
from childwelfare.benefits.choices import InsuranceKind
from childwelfare.benefits.insurance import import_policy_numbers
from childwelfare.benefits.models import InsuranceScheme
from childwelfare.discovery.importing import import_screening_results
from childwelfare.discovery.tests.helpers import start
from childwelfare.lib.idnumber import make_number, mask
from childwelfare.lib.spreadsheets import read_table
from childwelfare.registry.choices import Category
from childwelfare.registry.models import RosterImport
from childwelfare.testing import people as named

from .rosters import write_xlsx

pytestmark = pytest.mark.django_db


def wrong_check(number: str) -> str:
    """`number` with a wrong check digit."""
    last = number[-1]
    return number[:-1] + ("0" if last in "X9" else str(int(last) + 1))


def spaced(number: str) -> str:
    """As typed with spaces between the parts: the check quotes it without them."""
    return f"{number[:6]} {number[6:14]} {number[14:]}"


BAD = wrong_check(make_number("320102", date(2015, 3, 4), 12, "M"))
ADULT = make_number("320102", date(2005, 1, 1), 13, "F")
GUARDIAN = make_number("320102", date(1985, 6, 7), 14, "F")
# What must appear nowhere: the numbers, and the birth digits a check could quote.
SECRETS = [BAD, ADULT, GUARDIAN, "2005-01-01", "20050101", "20150304"]


def roster_rows():
    return [
        ["姓名", "身份证号", "备注"],
        ["王一", spaced(BAD), ""],  # row 2: wrong check digit, typed with spaces
        ["王二", ADULT, ""],  # row 3: an adult: the check names the birth date
        [
            "王三",
            make_number("320102", date(2016, 2, 3), 15, "M"),
            GUARDIAN + "（母亲身份证）" + "很长" * 250,
        ],
    ]


def _clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret


def test_roster_results_and_error_report(
    client, people, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    director = people["director_meiyuan"]
    client.force_login(director)
    path = write_xlsx(tmp_path / "r.xlsx", roster_rows())
    with open(path, "rb") as handle, django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry:import_upload"), {"file": handle, "area": named.MEIYUAN})
    job = RosterImport.objects.get()
    assert job.status == RosterImport.Status.REJECTED and len(job.errors) == 3
    _clean(json.dumps([job.errors, job.summary], ensure_ascii=False))
    page = client.get(response["Location"]).content.decode()
    assert mask(BAD) in page
    _clean(page)

    # The uploader downloads the report; the download is logged with the job's area.
    url = reverse("registry:import_error_report", args=[job.pk])
    report = client.get(url, REMOTE_ADDR="10.2.3.4")
    assert report.status_code == 200
    sheet = read_table(io.BytesIO(report.content), "errors.xlsx").rows
    _clean(json.dumps(sheet, ensure_ascii=False, default=str))
    entry = AccessLog.objects.get(action=AccessAction.DOWNLOAD)
    assert (entry.user, entry.area_code, entry.ip_address) == (director, named.MEIYUAN, "10.2.3.4")
    assert entry.object_type == "registry.rosterimport" and entry.object_id == str(job.pk)

    # Others of the subtree who may read the job page, but not the report: 404.
    for username in ("supervisor_meiyuan", "auditor_xuanwu", "director_daxinggong"):
        client.force_login(people[username])
        assert client.get(url).status_code == 404, username
    # A user with the full-ID permission over the area may.
    client.force_login(people["officer_xuanwu"])
    assert client.get(url).status_code == 200
    assert AccessLog.objects.filter(action=AccessAction.DOWNLOAD).count() == 2


def test_import_commands_json_is_masked(people, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", roster_rows())
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import_children", str(path), "--area", named.MEIYUAN, "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["error_count"] == 3
    _clean(out.getvalue())

    campaign = start(people, named.XUANWU)
    rows = [
        ["姓名", "身份证号", "走访日期"],
        ["王一", spaced(BAD), "2026-01-05"],
        ["王二", ADULT, "2026-01-05"],
    ]
    screening = write_xlsx(tmp_path / "s.xlsx", rows)
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command(
            "import_screening",
            str(screening),
            "--campaign",
            str(campaign.pk),
            "--user",
            "director_meiyuan",
            "--json",
            stdout=out,
        )
    assert json.loads(out.getvalue())["error_count"] >= 2
    _clean(out.getvalue())


def test_screening_and_policy_error_lists_are_masked(
    client, people, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    campaign = start(people, named.XUANWU)
    rows = [["姓名", "身份证号", "走访日期"], ["王一", spaced(BAD), "2026-01-05"]]
    client.force_login(people["director_meiyuan"])
    with (
        open(write_xlsx(tmp_path / "s.xlsx", rows), "rb") as handle,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(reverse("discovery:campaign_import", args=[campaign.pk]), {"file": handle})
    job = RosterImport.objects.get(kind="screening")
    assert response.status_code == 302 and job.status == RosterImport.Status.REJECTED
    page = client.get(response.url).content.decode()
    assert mask(BAD) in page
    _clean(page)
    _clean(json.dumps(job.errors, ensure_ascii=False))
    # The same error report as a roster's, with the same rule: the uploader gets it.
    assert client.get(reverse("registry:import_error_report", args=[job.pk])).status_code == 200
    result = import_screening_results(
        read_table(str(write_xlsx(tmp_path / "s2.xlsx", rows))), campaign, actor=people["director_meiyuan"]
    )
    _clean(json.dumps(result.as_dict(), ensure_ascii=False))

    scheme = InsuranceScheme.objects.create(
        name="困境儿童意外伤害保险", kind=InsuranceKind.ACCIDENT, categories=[Category.SCATTERED_ORPHAN]
    )
    rows = [["公民身份号码", "保单号"], [spaced(BAD), "PA-1"], [ADULT, "PA-2"]]
    result = import_policy_numbers(
        read_table(str(write_xlsx(tmp_path / "p.xlsx", rows))),
        scheme,
        year=2026,
        actor=people["officer_xuanwu"],
    )
    assert result.error_count == 2
    _clean(json.dumps([error.as_dict() for error in result.errors], ensure_ascii=False))
