"""Intake and mandatory reports: lateness, the two deadlines, opening or linking a case,
不予立案, attaching a child found later, attachments checked (issue 10, part "intake")."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from childwelfare.access.scope import OutOfScope
from childwelfare.cases.choices import IntakeStatus
from childwelfare.cases.lateness import delay, format_duration, report_delays
from childwelfare.cases.models import Case, Intake
from childwelfare.cases.services import intake as services
from childwelfare.cases.services.common import CaseError
from childwelfare.deadlines.models import Deadline
from childwelfare.deadlines.rules import get_rule
from childwelfare.lib.uploads import UploadRefused
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory

from .intake_helpers import at, school_report

pytestmark = pytest.mark.django_db


def test_durations_are_written_in_days_hours_and_minutes():
    assert format_duration(timedelta(hours=3, minutes=20)) == "3小时20分钟"
    assert format_duration(timedelta(days=1, minutes=5)) == "1天5分钟"
    assert format_duration(timedelta(seconds=59)) == "0分钟"
    # 24 h is not yet late ("立即", read as within 24 hours); 24 h 1 min is
    assert not delay(at(2026, 3, 1, 8, 0), at(2026, 3, 2, 8, 0)).late
    late = delay(at(2026, 3, 1, 8, 0), at(2026, 3, 2, 8, 1))
    assert late.late and late.text == "1天1分钟"


def test_report_lateness_hand_checked(people):
    child = ChildFactory(area_id=named.MEIYUAN)
    report = school_report(people["officer_xuanwu"], child)
    delays = report_delays(report)
    # found 08:10, police 11:30 → 3 h 20 min; received 11:00 → 2 h 50 min
    assert delays["police"].text == "3小时20分钟" and not delays["police"].late
    assert delays["received"].text == "2小时50分钟"
    late = school_report(
        people["officer_xuanwu"],
        ChildFactory(area_id=named.MEIYUAN),
        harm_found_at=at(2026, 2, 27, 9, 0),
        police_reported_at=at(2026, 3, 1, 12, 30),
    )
    # 27 Feb 09:00 → 1 Mar 12:30 (2026 is no leap year): 2 days 3 h 30 min, late
    assert report_delays(late)["police"].text == "2天3小时30分钟"
    assert report_delays(late)["police"].late


def test_the_acknowledgment_deadline_is_met_on_time_or_late(people):
    officer = people["officer_xuanwu"]
    report = school_report(
        officer, ChildFactory(area_id=named.MEIYUAN), received_at=timezone.now() - timedelta(hours=2)
    )
    ack = Deadline.objects.get(rule="mandatory_report_ack", subject_id=report.pk)
    assert ack.due_at == report.intake.received_at + timedelta(hours=24)
    assert ack.area_code == named.MEIYUAN
    assert not Deadline.objects.overdue().filter(pk=ack.pk).exists()
    services.acknowledge_report(report, actor=officer, expected_version=report.version)
    ack.refresh_from_db()
    assert ack.met_at is not None and ack.met_at <= ack.due_at
    assert Intake.objects.get(pk=report.intake_id).status == IntakeStatus.ACKNOWLEDGED
    feedback = Deadline.objects.get(rule="mandatory_report_feedback", subject_id=report.pk)
    assert get_rule("mandatory_report_feedback").amount == 15
    assert feedback.met_at is None and feedback.due_at > feedback.started_at + timedelta(days=14)
    services.record_report_outcome(
        report,
        actor=officer,
        expected_version=report.version,
        outcome="已立案并开展家庭教育指导",
        told_at=timezone.now(),
    )
    feedback.refresh_from_db()
    assert feedback.met_at is not None

    old = school_report(
        officer, ChildFactory(area_id=named.MEIYUAN), received_at=timezone.now() - timedelta(hours=30)
    )
    overdue = Deadline.objects.get(rule="mandatory_report_ack", subject_id=old.pk)
    assert Deadline.objects.overdue().filter(pk=overdue.pk).exists()
    services.acknowledge_report(old, actor=officer, expected_version=old.version)
    overdue.refresh_from_db()
    assert overdue.met_at > overdue.due_at  # met, late


def test_only_a_district_officer_of_the_area_acknowledges(people):
    report = school_report(people["director_meiyuan"], ChildFactory(area_id=named.MEIYUAN))
    for name in ("director_meiyuan", "supervisor_meiyuan", "admin_nanjing"):
        with pytest.raises(CaseError) as refused:
            services.acknowledge_report(report, actor=people[name], expected_version=None)
        assert refused.value.code == "not_allowed"
    with pytest.raises(OutOfScope):
        services.acknowledge_report(report, actor=people["officer_gulou"], expected_version=None)
    with pytest.raises(CaseError) as refused:
        services.record_report_outcome(
            report, actor=people["officer_xuanwu"], expected_version=None, outcome="x", told_at=timezone.now()
        )
    assert refused.value.code == "not_acknowledged"


def test_an_intake_opens_a_case_or_is_linked_to_the_open_one(people):
    officer = people["officer_xuanwu"]
    child = ChildFactory(area_id=named.MEIYUAN)
    first = services.record_intake(
        actor=people["director_meiyuan"],
        source="hotline_12349",
        received_at=timezone.now(),
        description="邻居来电反映儿童独自在家",
        child=child,
    )
    case, linked = services.open_case_for_intake(
        first, actor=officer, expected_version=first.version, key_classes=["left_alone"]
    )
    assert not linked and case.source == "hotline_12349" and case.worker == officer
    first.refresh_from_db()
    assert first.status == IntakeStatus.LINKED and first.case == case and first.decided_by == officer
    report = school_report(officer, child)
    again, linked = services.open_case_for_intake(report.intake, actor=officer, expected_version=None)
    assert linked and again == case and Case.objects.filter(child=child).count() == 1
    report.refresh_from_db()
    assert report.acknowledged_at is not None  # deciding on a report acknowledges it
    with pytest.raises(CaseError) as refused:
        services.open_case_for_intake(first, actor=officer, expected_version=None)
    assert refused.value.code == "intake_decided"


def test_an_intake_is_closed_as_no_case_with_a_reason(people):
    officer = people["officer_xuanwu"]
    intake = services.record_intake(
        actor=officer,
        source="family_or_child",
        received_at=timezone.now(),
        description="咨询低保政策",
        child=ChildFactory(area_id=named.MEIYUAN),
    )
    with pytest.raises(CaseError) as refused:
        services.decline_intake(intake, actor=officer, expected_version=intake.version, reason=" ")
    assert refused.value.code == "required"
    services.decline_intake(
        intake, actor=officer, expected_version=intake.version, reason="属政策咨询，已解答"
    )
    intake.refresh_from_db()
    assert intake.status == IntakeStatus.NO_CASE and intake.decision_reason == "属政策咨询，已解答"


def test_a_child_not_yet_known_is_attached_before_the_case(people):
    officer = people["officer_xuanwu"]
    from childwelfare.areas.models import Area

    intake = services.record_intake(
        actor=officer,
        source="police",
        received_at=timezone.now(),
        description="派出所送来一名走失儿童",
        child_identity="unknown",
        child_description="男孩，约6岁，不能说出家庭住址",
        area=Area.objects.get(code=named.XUANWU),
    )
    with pytest.raises(CaseError) as refused:
        services.open_case_for_intake(intake, actor=officer, expected_version=None)
    assert refused.value.code == "child_unknown"
    child = ChildFactory(area_id=named.DAXINGGONG)
    services.attach_child(intake, child, actor=officer, expected_version=intake.version)
    intake.refresh_from_db()
    assert intake.child == child and intake.area_id == named.DAXINGGONG and intake.child_identity == "unknown"
    case, linked = services.open_case_for_intake(intake, actor=officer, expected_version=None)
    assert case.child == child and not linked


def test_report_rules(people):
    officer = people["officer_xuanwu"]
    child = ChildFactory(area_id=named.MEIYUAN)
    for overrides, code in (
        ({"situations": []}, "situations_missing"),
        ({"situations": ["10"]}, "invalid_choice"),
        ({"harm_found_at": at(2026, 3, 2, 12, 0)}, "found_after_received"),
        ({"police_reported_at": at(2026, 3, 2, 8, 0)}, "police_before_found"),
        ({"police_reported_at": None}, "police_time_missing"),
        ({"unit_type": "bank"}, "invalid_choice"),
        ({"received_at": timezone.now() + timedelta(hours=1)}, "moment_in_future"),
    ):
        with pytest.raises(CaseError) as refused:
            school_report(officer, child, **overrides)
        assert refused.value.code == code, overrides
    with pytest.raises(CaseError) as refused:
        services.record_intake(
            actor=officer, source="mandatory_report", received_at=timezone.now(), description="x", child=child
        )
    assert refused.value.code == "use_report_form"
    assert not Intake.objects.exists()


def test_attachments_are_checked_for_type_and_size(people, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.ATTACHMENT_MAX_BYTES = 1024
    officer = people["officer_xuanwu"]
    report = school_report(officer, ChildFactory(area_id=named.MEIYUAN))
    for upload, code in (
        (SimpleUploadedFile("伤情.pdf", b"MZ\x90\x00 not a pdf"), "upload_type"),
        (SimpleUploadedFile("伤情.exe", b"%PDF-1.4"), "upload_type"),
        (SimpleUploadedFile("伤情.html", b"<script>"), "upload_type"),
        (SimpleUploadedFile("伤情.pdf", b"%PDF-1.4" + b"0" * 2000), "upload_too_large"),
        (SimpleUploadedFile("空.pdf", b""), "upload_empty"),
    ):
        with pytest.raises(UploadRefused) as refused:
            services.add_attachment(report.intake, actor=officer, upload=upload)
        assert refused.value.code == code
    kept = services.add_attachment(
        report.intake, actor=officer, upload=SimpleUploadedFile("伤情照片.png", b"\x89PNG\r\n\x1a\n1234")
    )
    assert kept.name == "伤情照片.png" and kept.file.name.startswith("cases/intake/")
    assert "伤情" not in kept.file.name  # stored under a random name
    assert str(tmp_path) in kept.file.path
