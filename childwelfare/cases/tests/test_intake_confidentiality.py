"""The reporter of a mandatory report is confidential on every path (issue 10; DOMAIN.md §7):
the report's page, the intake list, its export, its search, the change history, the child's
timeline, the state-change events and the access log. Only users holding cases.view_reporter
see the name and contact, and each of their views is logged."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from childwelfare.audit.models import AccessLog
from childwelfare.cases.models import MandatoryReport
from childwelfare.cases.services import intake as services
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory

from .intake_helpers import CONTACT, REPORTER, grant_view_reporter, school_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(people):
    officer = people["officer_xuanwu"]
    child = ChildFactory(area_id=named.MEIYUAN, name="王小雨")
    report = school_report(officer, child)
    services.acknowledge_report(report, actor=officer, expected_version=report.version)
    services.open_case_for_intake(report.intake, actor=officer, expected_version=None)
    return report


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pages(client, report) -> dict[str, str]:
    """Every page that shows the report or its child, as text."""
    intake = report.intake
    export = client.get(reverse("cases:intake_export"))
    assert export.status_code == 200
    content = b"".join(export.streaming_content) if export.streaming else export.content
    sheet = load_workbook(io.BytesIO(content)).active
    cells = " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None)
    return {
        "page": client.get(reverse("cases:intake_detail", args=[intake.pk])).content.decode(),
        "list": client.get(reverse("cases:intake_list")).content.decode(),
        "export": cells,
        "timeline": client.get(reverse("registry:child_detail", args=[intake.child_id])).content.decode(),
    }


def test_without_the_permission_every_path_says_confidential(people, report):
    officer = people["officer_xuanwu"]
    client = client_for(officer)
    shown = pages(client, report)
    for path, text in shown.items():
        assert REPORTER not in text, path
        assert CONTACT not in text, path
    assert "保密" in shown["page"] and "保密" in shown["list"] and "保密" in shown["export"]
    assert "梅园小学" in shown["timeline"]  # the unit is on the timeline, the reporter is not
    # searching by the reporter's name finds nothing; by the unit it does
    found = client.get(reverse("cases:intake_list"), {"q": REPORTER}).content.decode()
    assert f'data-intake="{report.intake_id}"' not in found
    found = client.get(reverse("cases:intake_list"), {"q": "梅园小学"}).content.decode()
    assert f'data-intake="{report.intake_id}"' in found
    assert not AccessLog.objects.filter(action="view_reporter").exists()


def test_with_the_permission_the_reporter_is_shown_and_each_view_logged(people, report):
    officer = people["officer_xuanwu"]
    grant_view_reporter(officer)
    client = client_for(officer)
    shown = pages(client, report)
    assert REPORTER in shown["page"] and CONTACT in shown["page"]
    assert REPORTER in shown["list"] and REPORTER in shown["export"]
    assert CONTACT not in shown["list"] and CONTACT not in shown["export"]
    assert REPORTER not in shown["timeline"]
    logged = AccessLog.objects.filter(action="view_reporter", user=officer)
    assert logged.count() == 3  # page, list, export
    assert all(REPORTER not in entry.detail for entry in logged)
    found = client.get(reverse("cases:intake_list"), {"q": REPORTER}).content.decode()
    assert f'data-intake="{report.intake_id}"' in found


def test_the_history_events_and_access_log_hold_nothing_of_the_reporter(people, report):
    history_fields = {f.name for f in MandatoryReport.history.model._meta.get_fields()}
    assert not history_fields & {"reporter_name", "reporter_contact", "reporter_name_hash"}
    grant_view_reporter(people["officer_xuanwu"])
    client_for(people["officer_xuanwu"]).get(reverse("cases:intake_detail", args=[report.intake_id]))
    for name in ("auditor_xuanwu", "officer_xuanwu", "admin_nanjing"):
        client = client_for(people[name])
        for url in (reverse("audit:access_log"), reverse("workflow:events")):
            response = client.get(url)
            assert response.status_code == 200
            text = response.content.decode()
            assert REPORTER not in text and CONTACT not in text, (name, url)


def test_the_permission_is_per_user(people, report):
    from childwelfare.cases.permissions import can_view_reporter

    assert not any(can_view_reporter(user) for user in people.values())
    grant_view_reporter(people["admin_nanjing"])
    assert can_view_reporter(people["admin_nanjing"])
