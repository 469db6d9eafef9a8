"""The cases app's creating forms (issue 10: casework, intake and mandatory reports, case
conferences, guardianship) for submissions/tests/test_submit_once.py: `casework_world`
builds their records once (in the test's world fixture), `casework_cases` describes each
form as the keyword arguments of that test's Case."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from childwelfare.cases.models import (
    ActionReminder,
    ActionUpdate,
    CaseAction,
    CaseApproval,
    CaseGoal,
    Conference,
    ConferenceDecision,
    ConferencePaper,
    GuardianAssessment,
    Guardianship,
    Intake,
    IntakeAttachment,
    MandatoryReport,
    ProgressNote,
)
from childwelfare.cases.models import Case as CaseRecord
from childwelfare.cases.services.guardianship import register_guardianship
from childwelfare.cases.services.intake import record_intake
from childwelfare.cases.tests.caseflow_world import new_case, walk
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory
from childwelfare.testing.matrix_conference import submit_once_conferences

TODAY = timezone.localdate()

CASEWORK_CASES = [
    "case opening",
    "case approval request",
    "case closure request",
    "case goal",
    "case action",
    "case note",
    "case action progress",
    "intake",
    "mandatory report",
    "intake attachment",
    "conference",
    "conference paper",
    "conference decision",
    "conference action",
    "conference reminder",
    "guardianship",
    "guardian assessment",
    "long-term guardianship",
]


def casework_world(people, child) -> dict:
    """Two children under temporary guardianship (one to assess, one to make long-term) and
    one without; an intake of `child` to attach a file to; a case in assessment (written)
    and one in review with an action; the conferences of testing.matrix_conference."""
    officer = people["officer_xuanwu"]
    guarded = {
        key: register_guardianship(
            ChildFactory(area_id=named.MEIYUAN, birth_date=date(2016, 4, 1)),
            actor=officer,
            kind="temporary",
            ground="guardian_unable",
            placement="foster",
            placement_detail="寄养家庭",
            started_on=TODAY - timedelta(days=30),
        )
        for key in ("to_assess", "to_convert")
    }
    intake = record_intake(
        actor=officer, source="police", received_at=timezone.now(), description="派出所移送", child=child
    )
    assessing = walk(new_case(people), "assessment", people)
    assessing.assessment = "监护缺失"
    assessing.save()
    reviewing = walk(new_case(people), "review", people)
    return {
        "guarded": guarded,
        "intake": intake,
        "assessing": assessing,
        "reviewing": reviewing,
        "conferences": submit_once_conferences(people),
        "unguarded": ChildFactory(area_id=named.MEIYUAN, birth_date=date(2016, 4, 1)),
    }


def casework_cases(world: dict) -> dict[str, dict]:
    """{case name: Case keyword arguments} of the cases app's creating forms."""
    child, conf = world["child"], world["conferences"]
    return {
        "case opening": dict(
            url=reverse("cases:case_open", args=[child.pk]),
            username="officer_xuanwu",
            count=lambda: CaseRecord.objects.count(),
            typed={"source": "police", "worker": str(world["people"]["director_meiyuan"].pk)},
        ),
        "case approval request": dict(
            url=reverse("cases:case_detail", args=[world["assessing"].pk]),
            username="director_meiyuan",
            count=lambda: CaseApproval.objects.count(),
            marker="note",
            post_url=reverse("cases:case_request_approval", args=[world["assessing"].pk]),
        ),
        "case closure request": dict(
            url=reverse("cases:case_detail", args=[world["reviewing"].pk]),
            username="director_meiyuan",
            count=lambda: CaseApproval.objects.count(),
            marker="outcome",
            typed={"closure_reason": "goals_met", "outcome": "已复学"},
            post_url=reverse("cases:case_request_closure", args=[world["reviewing"].pk]),
        ),
        "case goal": dict(
            url=reverse("cases:case_detail", args=[world["reviewing"].pk]),
            username="director_meiyuan",
            count=lambda: CaseGoal.objects.count(),
            marker="goal-text",
            typed={"goal-text": "按时上学"},
            post_url=reverse("cases:case_goal_add", args=[world["reviewing"].pk]),
        ),
        "case action": dict(
            url=reverse("cases:case_detail", args=[world["reviewing"].pk]),
            username="director_meiyuan",
            count=lambda: CaseAction.objects.count(),
            marker="title",
            typed={
                "title": "心理疏导",
                "owner_kind": "unit",
                "owner_unit": "区心理中心",
                "due_on": (TODAY + timedelta(days=7)).isoformat(),
            },
            post_url=reverse("cases:case_action_add", args=[world["reviewing"].pk]),
        ),
        "case note": dict(
            url=reverse("cases:case_detail", args=[world["reviewing"].pk]),
            username="director_meiyuan",
            count=lambda: ProgressNote.objects.count(),
            marker="note-text",
            typed={"note-text": "家访：情况稳定"},
            post_url=reverse("cases:case_note_add", args=[world["reviewing"].pk]),
        ),
        "case action progress": dict(
            url=reverse("cases:action_detail", args=[world["reviewing"].actions.get().pk]),
            username="liaison_education_xuanwu",
            count=lambda: ActionUpdate.objects.count(),
            marker="text",
            typed={"text": "已联系学校"},
            post_url=reverse("cases:action_progress", args=[world["reviewing"].actions.get().pk]),
        ),
        "intake": dict(
            url=reverse("cases:intake_create") + f"?child={child.pk}",
            username="officer_xuanwu",
            count=lambda: Intake.objects.count(),
            marker="source",
            typed={"source": "hotline_12345", "description": "来电反映儿童无人照料"},
        ),
        "mandatory report": dict(
            url=reverse("cases:report_create") + f"?child={child.pk}",
            username="officer_xuanwu",
            count=lambda: MandatoryReport.objects.count(),
            marker="unit_name",
            typed={
                "unit_name": "梅园小学",
                "unit_type": "school",
                "situations": ["4"],
                "harm_found_at": (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
                "description": "学生身上有伤",
            },
        ),
        "intake attachment": dict(
            url=reverse("cases:intake_detail", args=[world["intake"].pk]),
            username="officer_xuanwu",
            count=lambda: IntakeAttachment.objects.count(),
            marker=None,
            files={"attach-file": lambda: SimpleUploadedFile("报告.pdf", b"%PDF-1.4 x")},
            post_url=reverse("cases:intake_attach", args=[world["intake"].pk]),
        ),
        "guardianship": dict(
            url=reverse("cases:guardianship_create", args=[world["unguarded"].pk]),
            username="officer_xuanwu",
            count=lambda: Guardianship.objects.count(),
            marker="kind",
            typed={
                "kind": "temporary",
                "temporary_ground": "neglect",
                "placement": "relative",
                "placement_detail": "外祖母",
                "started_on": TODAY.isoformat(),
            },
        ),
        "guardian assessment": dict(
            url=reverse("cases:guardianship_assess", args=[world["guarded"]["to_assess"].pk]),
            username="officer_xuanwu",
            count=lambda: GuardianAssessment.objects.count(),
            marker="assessed_on",
            typed={"assessed_on": TODAY.isoformat(), "guardian_able": "0", "notes": "尚不稳定"},
        ),
        "long-term guardianship": dict(
            url=reverse("cases:guardianship_convert", args=[world["guarded"]["to_convert"].pk]),
            username="officer_xuanwu",
            count=lambda: Guardianship.objects.filter(kind="long_term").count(),
            marker="ground",
            typed={"ground": "no_guardian_found", "started_on": TODAY.isoformat()},
        ),
        "conference": dict(
            url=reverse("cases:conference_create"),
            username="officer_xuanwu",
            count=lambda: Conference.objects.count(),
            marker="case_numbers",
            typed={
                "area": named.XUANWU,
                "title": "梅园新村街道个案会商",
                "held_at": f"{(TODAY + timedelta(days=2)).isoformat()}T09:00",
                "case_numbers": conf["free_case"].number,
                "departments": ["education", "health", "public_security"],
                "quorum": "3",
            },
        ),
        "conference paper": dict(
            url=reverse("cases:conference_detail", args=[conf["planned"].pk]),
            username="officer_xuanwu",
            count=lambda: ConferencePaper.objects.count(),
            files={"paper-file": lambda: SimpleUploadedFile("材料.pdf", b"%PDF-1.4\n%%EOF\n")},
            post_url=reverse("cases:conference_paper_upload", args=[conf["planned"].pk]),
        ),
        "conference decision": dict(
            url=reverse("cases:conference_decision", args=[conf["undecided"].pk]),
            username="officer_xuanwu",
            count=lambda: ConferenceDecision.objects.count(),
            marker="dissent",
            typed={"text": "落实复学，开展心理疏导"},
        ),
        "conference action": dict(
            url=reverse("cases:conference_decision", args=[conf["decided"].pk]),
            username="officer_xuanwu",
            count=lambda: CaseAction.objects.count(),
            marker="action-title",
            typed={
                "action-title": "心理疏导",
                "action-owner_kind": "department",
                "action-department": "health",
                "action-due_on": (TODAY + timedelta(days=7)).isoformat(),
            },
            post_url=reverse("cases:conference_action_add", args=[conf["decision"].pk]),
        ),
        "conference reminder": dict(
            url=reverse("cases:conference_remind", args=[conf["action"].pk]),
            username="officer_xuanwu",
            count=lambda: ActionReminder.objects.count(),
            marker="text",
            typed={"text": "请尽快落实"},
        ),
    }
