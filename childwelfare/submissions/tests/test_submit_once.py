"""Every creating form is idempotent (issue 8, item 6): the form posted twice with its
one-time token creates one record, and the second answer goes where the first went with the
message 已提交，请勿重复提交.

The loop below opens each creating page as its user would, takes the form's own values (the
token included) from the HTML, fills in what a person types, and posts the same data twice.
Before submissions.once each of these created two records (a double click on 添加帮扶措施
created two identical care measures)."""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from childwelfare.accounts.choices import Department
from childwelfare.accounts.models import PasswordReset
from childwelfare.areas.models import Area
from childwelfare.benefits.choices import InsuranceKind
from childwelfare.benefits.models import (
    BankAccount,
    EligibilityApplication,
    InsuranceEnrolment,
    InsuranceScheme,
    Payroll,
    Uprating,
)
from childwelfare.cases.models import (
    ActionReminder,
    ActionUpdate,
    CaseAction,
    CaseApproval,
    CaseGoal,
    Conference,
    ConferenceDecision,
    ConferencePaper,
    Intake,
    IntakeAttachment,
    MandatoryReport,
    ProgressNote,
)
from childwelfare.cases.models import Case as CaseRecord
from childwelfare.deadlines.models import DeadlineChange
from childwelfare.deadlines.services import open_deadline
from childwelfare.discovery import services as discovery
from childwelfare.discovery.choices import ProblemKind
from childwelfare.discovery.models import (
    Campaign,
    CareMeasure,
    Problem,
    ProblemAction,
    ScreeningRecord,
    Visit,
)
from childwelfare.outreach.tests.submit_once_cases import OUTREACH_CASES, outreach_cases, outreach_world
from childwelfare.registry.choices import Category
from childwelfare.registry.models import (
    CategorySpell,
    Child,
    ChildTransfer,
    FamilyMember,
    ParentCondition,
    RosterImport,
)
from childwelfare.registry.services import add_category
from childwelfare.registry.transfers import propose_transfer
from childwelfare.reports.tests.submit_once_cases import REPORT_CASES, report_cases
from childwelfare.submissions import once
from childwelfare.submissions.models import FormSubmission
from childwelfare.submissions.once import issue_form_token, read_form_token
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory, FamilyMemberFactory, UserFactory, child_id_number
from childwelfare.testing.matrix_conference import submit_once_conferences

from .forms_on_pages import form_data

TODAY = timezone.localdate()


@dataclass
class Case:
    """One creating form: where its page is, who fills it, which of the page's forms it is,
    what the person types, and the rows that count its records."""

    url: str
    username: str
    count: object  # a callable returning the number of records
    marker: object = None
    typed: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)
    post_url: str | None = None


@pytest.fixture
def world(people, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    call_command("seed_standards", stdout=io.StringIO())
    officer, director = people["officer_xuanwu"], people["director_meiyuan"]
    child = ChildFactory(area_id=named.MEIYUAN, name="王小明")
    spell = add_category(
        child=child,
        actor=people["admin_nanjing"],
        category=Category.SCATTERED_ORPHAN,
        start_date=date(2020, 1, 1),
    )
    CategorySpell.objects.filter(pk=spell.pk).update(status="confirmed")
    father = FamilyMemberFactory(child=child, relation="father", name="王强")
    sampled = ChildFactory(area_id=named.MEIYUAN, name="李小红")
    add_category(
        child=sampled,
        actor=people["admin_nanjing"],
        category=Category.RURAL_LEFT_BEHIND,
        start_date=date(2020, 1, 1),
    )
    # Two more: one to be screened (the supervisor's batch), one verified (the officer's).
    batch_kids = [ChildFactory(area_id=named.MEIYUAN, name=name) for name in ("张小华", "陈小雨")]
    for kid in batch_kids:
        add_category(
            child=kid,
            actor=people["admin_nanjing"],
            category=Category.RURAL_LEFT_BEHIND,
            start_date=date(2020, 1, 1),
        )
    campaign = discovery.create_campaign(
        actor=officer,
        name="梅园新村街道专项排查",
        year=TODAY.year,
        area=Area.objects.get(code=named.MEIYUAN_STREET),
        start_date=TODAY - timedelta(days=5),
        end_date=TODAY + timedelta(days=30),
        sample_rate=Decimal("0"),
    )
    discovery.start_campaign(campaign, actor=officer)
    # A second child's record screened, verified and drawn for the sample re-visit.
    revisit = ScreeningRecord.objects.get(campaign=campaign, child=sampled)
    revisit = discovery.screen_record(
        revisit, actor=director, expected_version=revisit.version, visited_on=TODAY, mode="home"
    )
    revisit = discovery.verify_record(
        revisit, actor=people["supervisor_meiyuan"], expected_version=revisit.version
    )
    ScreeningRecord.objects.filter(pk=revisit.pk).update(in_sample=True)
    batch = []
    for kid in batch_kids:
        record = ScreeningRecord.objects.get(campaign=campaign, child=kid)
        batch.append(
            discovery.screen_record(record, actor=director, expected_version=record.version, visited_on=TODAY)
        )
    batch[1] = discovery.verify_record(
        batch[1], actor=people["supervisor_meiyuan"], expected_version=batch[1].version
    )
    problem = discovery.raise_problem(
        child=child,
        actor=director,
        kind=ProblemKind.SCHOOLING,
        description="未按时入学",
        department=Department.EDUCATION,
        deadline=TODAY + timedelta(days=30),
    )
    scheme = InsuranceScheme.objects.create(
        name="困境儿童意外伤害保险",
        kind=InsuranceKind.ACCIDENT,
        categories=[Category.SCATTERED_ORPHAN],
        insurer="某保险公司",
    )
    # A dry run that passed, waiting for its 确认导入 (issue 9).
    dry_run = RosterImport.objects.create(
        kind="roster",
        created_by=officer,
        area=Area.objects.get(code=named.MEIYUAN),
        filename="名册.csv",
        file=_csv(),
        dry_run=True,
        status=RosterImport.Status.CHECKED,
        finished_at=timezone.now(),
    )
    # Issue 9: a transfer waiting for officer_xuanwu (大行宫社区 is in his district) and two
    # files of one child to merge.
    moving = ChildFactory(area_id=named.MEIYUAN, name="赵迁入")
    transfer = propose_transfer(
        moving, actor=director, to_area=Area.objects.get(code=named.DAXINGGONG), reason="搬家"
    )
    twins = [
        ChildFactory(area_id=named.MEIYUAN, name="钱重复", birth_date=date(2016, 2, 3)) for _ in range(2)
    ]
    # Issue 10 (guardianship): two children under temporary guardianship (one to assess,
    # one to make long-term) and one without.
    from childwelfare.cases.services.guardianship import register_guardianship

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
    # Issue 10 (deadlines): a running deadline of the child whose pause the director asks for.
    deadline = open_deadline(child, "case_transfer_accept", area_code=named.MEIYUAN)
    # Issue 10, intake: an intake to attach a file to.
    from childwelfare.cases.services.intake import record_intake

    intake = record_intake(
        actor=officer, source="police", received_at=timezone.now(), description="派出所移送", child=child
    )
    # Issue 10 (caseflow): a case in assessment (written), one in review with an action.
    from childwelfare.cases.tests.caseflow_world import new_case, walk

    assessing = walk(new_case(people), "assessment", people)
    assessing.assessment = "监护缺失"
    assessing.save()
    reviewing = walk(new_case(people), "review", people)
    site = _station(people)  # issue 11
    return {
        "site": site,
        "outreach": outreach_world(people),
        "assessing": assessing,
        "reviewing": reviewing,
        "intake": intake,
        "conferences": submit_once_conferences(people),  # issue 10, 会商
        "deadline": deadline,
        "guarded": guarded,
        "unguarded": ChildFactory(area_id=named.MEIYUAN, birth_date=date(2016, 4, 1)),
        "transfer": transfer,
        "twins": twins,
        "people": people,
        "dry_run": dry_run,
        "child": child,
        "father": father,
        "campaign": campaign,
        "record": ScreeningRecord.objects.get(campaign=campaign, child=child),
        "revisit": revisit,
        "to_verify": batch[0],
        "to_confirm": batch[1],
        "problem": problem,
        "scheme": scheme,
    }


def _station(people):
    """梅园新村街道's workstation, staff_meiyuan its staff, with one activity (issue 11)."""
    from childwelfare.stations import services as stations

    officer = people["officer_xuanwu"]
    site = stations.create_site(
        actor=officer,
        kind="workstation",
        name="梅园新村街道未保工作站",
        area=Area.objects.get(code=named.MEIYUAN_STREET),
    )
    stations.add_member(site, actor=officer, user=people["staff_meiyuan"], since=TODAY)
    UserFactory(username="ss_test", role="station_staff", area_id=named.MEIYUAN_STREET)
    stations.record_activity(site, actor=officer, held_on=TODAY, kind="visit", title="走访", person_times=3)
    return site


def _png():
    from childwelfare.stations.tests.test_rules import _png as png

    return SimpleUploadedFile("活动.png", png(), content_type="image/png")


def _csv(text: str = "姓名\n") -> SimpleUploadedFile:
    return SimpleUploadedFile("名册.csv", text.encode(), content_type="text/csv")


def cases(world) -> dict[str, Case]:
    child, campaign = world["child"], world["campaign"]
    today = TODAY.isoformat()
    child_page = reverse("discovery:child", args=[child.pk])
    profile = reverse("registry:child_detail", args=[child.pk])
    last_month = (TODAY.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    return {
        "care measure": Case(
            child_page,
            "director_meiyuan",
            lambda: CareMeasure.objects.count(),
            marker=("form", "care"),
            typed={
                "care-measure_type": "education",
                "care-provider_kind": "social_organisation",
                "care-provider_name": "爱心社工站",
                "care-start_date": today,
                "care-description": "课业辅导",
            },
        ),
        "problem": Case(
            child_page,
            "director_meiyuan",
            lambda: Problem.objects.count(),
            marker=("form", "problem"),
            typed={
                "problem-kind": ProblemKind.SCHOOLING,
                "problem-department": Department.EDUCATION,
                "problem-description": "长期不到校",
                "problem-deadline": (TODAY + timedelta(days=7)).isoformat(),
            },
        ),
        "visit": Case(
            reverse("discovery:child_visit", args=[child.pk]),
            "director_meiyuan",
            lambda: Visit.objects.count(),
            typed={"visited_on": today, "mode": "home", "living_situation": "与祖父母同住"},
        ),
        "screening": Case(
            reverse("discovery:record_screen", args=[world["record"].pk]),
            "director_meiyuan",
            lambda: Visit.objects.count(),
            typed={"visited_on": today, "mode": "home", "living_situation": "与祖父母同住"},
        ),
        "sample re-visit": Case(
            reverse("discovery:record_revisit", args=[world["revisit"].pk]),
            "officer_xuanwu",
            lambda: Visit.objects.count(),
            typed={"visited_on": today, "mode": "home", "living_situation": "与祖父母同住"},
        ),
        "child found in screening": Case(
            reverse("discovery:add_child", args=[campaign.pk]),
            "director_meiyuan",
            lambda: Child.objects.count(),
            typed={
                "name": "李小红",
                "id_number": child_id_number(900, date(2015, 3, 4), "F"),
            },
        ),
        "campaign": Case(
            reverse("discovery:campaign_create"),
            "officer_xuanwu",
            lambda: Campaign.objects.count(),
            typed={
                "name": "梅园街道困境儿童排查",
                "year": str(TODAY.year),
                "area": named.MEIYUAN_STREET,
                "target_categories": [Category.SCATTERED_ORPHAN],
                "start_date": (TODAY - timedelta(days=3)).isoformat(),
                "end_date": (TODAY + timedelta(days=30)).isoformat(),
                "sample_percent": "100",
            },
        ),
        "screening import": Case(
            reverse("discovery:campaign_import", args=[campaign.pk]),
            "director_meiyuan",
            lambda: RosterImport.objects.count(),
            files={"file": lambda: _csv("姓名,身份证号\n")},
        ),
        "problem action": Case(
            reverse("discovery:problem_detail", args=[world["problem"].pk]),
            "liaison_education_xuanwu",
            lambda: ProblemAction.objects.count(),
            marker="text",
            typed={"text": "已联系学校"},
            post_url=reverse("discovery:problem_action", args=[world["problem"].pk]),
        ),
        "problem transfer": Case(
            reverse("discovery:problem_detail", args=[world["problem"].pk]),
            "officer_xuanwu",
            lambda: ProblemAction.objects.count(),
            marker="department",
            typed={"department": "health", "reason": "属医疗问题"},
            post_url=reverse("discovery:problem_transfer", args=[world["problem"].pk]),
        ),
        "problem extension": Case(
            reverse("discovery:problem_detail", args=[world["problem"].pk]),
            "officer_xuanwu",
            lambda: ProblemAction.objects.count(),
            marker="deadline",
            typed={"deadline": (TODAY + timedelta(days=60)).isoformat(), "reason": "等待学籍材料"},
            post_url=reverse("discovery:problem_extend", args=[world["problem"].pk]),
        ),
        "problem reminder": Case(
            reverse("discovery:problem_detail", args=[world["problem"].pk]),
            "supervisor_meiyuan",
            lambda: ProblemAction.objects.count(),
            marker="note",
            typed={"note": "请尽快办理"},
            post_url=reverse("discovery:problem_remind", args=[world["problem"].pk]),
        ),
        "password reset": Case(
            reverse("account_list") + "?q=director_meiyuan",
            "admin_nanjing",
            lambda: PasswordReset.objects.count(),
            post_url=reverse("account_reset_password", args=[world["people"]["director_meiyuan"].pk]),
        ),
        "batch verify": Case(
            reverse("discovery:work"),
            "supervisor_meiyuan",
            lambda: ScreeningRecord.objects.filter(status="verified").count(),
            marker="as_of",
            typed={"records": f"{world['to_verify'].pk}:{world['to_verify'].version}"},
            post_url=reverse("discovery:verify_many"),
        ),
        "batch confirm": Case(
            reverse("discovery:work"),
            "officer_xuanwu",
            lambda: ScreeningRecord.objects.filter(status="confirmed").count(),
            marker="as_of",
            typed={"records": f"{world['to_confirm'].pk}:{world['to_confirm'].version}"},
            post_url=reverse("discovery:confirm_many"),
        ),
        "family member": Case(
            profile,
            "director_meiyuan",
            lambda: FamilyMember.objects.count(),
            marker=("form", "member"),
            typed={"member-relation": "mother", "member-name": "赵芳", "member-phone": "13912345678"},
        ),
        "parent situation": Case(
            profile,
            "director_meiyuan",
            lambda: ParentCondition.objects.count(),
            marker=("form", "condition"),
            typed={
                "condition-member": str(world["father"].pk),
                "condition-situation": "migrant_worker",
                "condition-start_date": "2024-01-01",
            },
        ),
        "category": Case(
            profile,
            "director_meiyuan",
            lambda: CategorySpell.objects.count(),
            marker=("form", "category"),
            typed={"category-category": "rural_left_behind", "category-start_date": "2024-01-01"},
        ),
        "roster import": Case(
            reverse("registry:import_upload"),
            "officer_xuanwu",
            lambda: RosterImport.objects.count(),
            typed={"area": named.MEIYUAN},
            files={"file": _csv},
        ),
        "import confirm": Case(
            reverse("registry:import_job", args=[world["dry_run"].pk]),
            "officer_xuanwu",
            lambda: RosterImport.objects.filter(confirmed_from__isnull=False).count(),
            post_url=reverse("registry:import_confirm", args=[world["dry_run"].pk]),
        ),
        "uprating": Case(
            reverse("benefits:uprate"),
            "officer_xuanwu",
            lambda: Uprating.objects.count(),
            typed={
                "percent": "5",
                "effective_from": date(TODAY.year + 1, 7, 1).isoformat(),
                "legal_basis": "宁民福〔2026〕1号",
            },
        ),
        "application": Case(
            reverse("benefits:application_create") + f"?child={child.pk}",
            "director_meiyuan",
            lambda: EligibilityApplication.objects.count(),
            typed={
                "kind": "de_facto_unsupported",
                "applicant_kind": "guardian",
                "applicant_name": "祖父",
                "applicant_relation": "祖父",
                "submitted_on": today,
            },
        ),
        "payroll": Case(
            reverse("benefits:payroll_month") + f"?month={last_month}",
            "officer_xuanwu",
            lambda: Payroll.objects.count(),
            marker="month",
            post_url=reverse("benefits:payroll_run"),
        ),
        "insurance roster": Case(
            reverse("benefits:insurance_scheme", args=[world["scheme"].pk]),
            "officer_xuanwu",
            lambda: InsuranceEnrolment.objects.count(),
            marker="roster-as_of",
            typed={"roster-as_of": today},
            post_url=reverse("benefits:insurance_roster", args=[world["scheme"].pk]),
        ),
        "payment account": Case(
            reverse("benefits:bank_account_edit", args=[child.pk]),
            "officer_xuanwu",
            lambda: BankAccount.objects.count(),
            marker="bank_name",
            typed={
                "bank_name": "南京银行玄武支行",
                "holder_name": "王秀英",
                "holder_relation": "child",
                "account_number": "6228480012345",
                "account_number_again": "6228480012345",
                "is_active": "on",
            },
        ),
        "transfer proposal": Case(
            profile,
            "director_meiyuan",
            lambda: ChildTransfer.objects.count(),
            marker=("form", "transfer"),
            typed={"transfer-to_area": named.NINGHAI, "transfer-reason": "随父母迁居"},
        ),
        "transfer acceptance": Case(
            reverse("registry:transfer_list"),
            "officer_xuanwu",
            lambda: ChildTransfer.objects.filter(status="accepted").count(),
            marker=("action", "accept"),
        ),
        "merge of duplicate files": Case(
            reverse("registry:child_merge", args=[world["twins"][0].pk]) + f"?other={world['twins'][1].pk}",
            "officer_xuanwu",
            lambda: Child.objects.filter(status="merged").count(),
            marker="other",
        ),
        # --- cases (issue 10, caseflow) ---
        "case opening": Case(
            reverse("cases:case_open", args=[child.pk]),
            "officer_xuanwu",
            lambda: CaseRecord.objects.count(),
            typed={"source": "police", "worker": str(world["people"]["director_meiyuan"].pk)},
        ),
        "case approval request": Case(
            reverse("cases:case_detail", args=[world["assessing"].pk]),
            "director_meiyuan",
            lambda: CaseApproval.objects.count(),
            marker="note",
            post_url=reverse("cases:case_request_approval", args=[world["assessing"].pk]),
        ),
        "case closure request": Case(
            reverse("cases:case_detail", args=[world["reviewing"].pk]),
            "director_meiyuan",
            lambda: CaseApproval.objects.count(),
            marker="outcome",
            typed={"closure_reason": "goals_met", "outcome": "已复学"},
            post_url=reverse("cases:case_request_closure", args=[world["reviewing"].pk]),
        ),
        "case goal": Case(
            reverse("cases:case_detail", args=[world["reviewing"].pk]),
            "director_meiyuan",
            lambda: CaseGoal.objects.count(),
            marker="goal-text",
            typed={"goal-text": "按时上学"},
            post_url=reverse("cases:case_goal_add", args=[world["reviewing"].pk]),
        ),
        "case action": Case(
            reverse("cases:case_detail", args=[world["reviewing"].pk]),
            "director_meiyuan",
            lambda: CaseAction.objects.count(),
            marker="title",
            typed={
                "title": "心理疏导",
                "owner_kind": "unit",
                "owner_unit": "区心理中心",
                "due_on": (TODAY + timedelta(days=7)).isoformat(),
            },
            post_url=reverse("cases:case_action_add", args=[world["reviewing"].pk]),
        ),
        "case note": Case(
            reverse("cases:case_detail", args=[world["reviewing"].pk]),
            "director_meiyuan",
            lambda: ProgressNote.objects.count(),
            marker="note-text",
            typed={"note-text": "家访：情况稳定"},
            post_url=reverse("cases:case_note_add", args=[world["reviewing"].pk]),
        ),
        "case action progress": Case(
            reverse("cases:action_detail", args=[world["reviewing"].actions.get().pk]),
            "liaison_education_xuanwu",
            lambda: ActionUpdate.objects.count(),
            marker="text",
            typed={"text": "已联系学校"},
            post_url=reverse("cases:action_progress", args=[world["reviewing"].actions.get().pk]),
        ),
        "insurer's policy list": Case(
            reverse("benefits:insurance_scheme", args=[world["scheme"].pk]),
            "officer_xuanwu",
            lambda: RosterImport.objects.count(),
            marker="policy-year",
            files={"policy-file": lambda: _csv("身份证号,保单号\n")},
            post_url=reverse("benefits:insurance_policies", args=[world["scheme"].pk]),
        ),
        # --- issue 10, intake ------------------------------------------------------------------
        "intake": Case(
            reverse("cases:intake_create") + f"?child={child.pk}",
            "officer_xuanwu",
            lambda: Intake.objects.count(),
            marker="source",
            typed={"source": "hotline_12345", "description": "来电反映儿童无人照料"},
        ),
        "mandatory report": Case(
            reverse("cases:report_create") + f"?child={child.pk}",
            "officer_xuanwu",
            lambda: MandatoryReport.objects.count(),
            marker="unit_name",
            typed={
                "unit_name": "梅园小学",
                "unit_type": "school",
                "situations": ["4"],
                "harm_found_at": (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
                "description": "学生身上有伤",
            },
        ),
        "intake attachment": Case(
            reverse("cases:intake_detail", args=[world["intake"].pk]),
            "officer_xuanwu",
            lambda: IntakeAttachment.objects.count(),
            marker=None,
            files={"attach-file": lambda: SimpleUploadedFile("报告.pdf", b"%PDF-1.4 x")},
            post_url=reverse("cases:intake_attach", args=[world["intake"].pk]),
        ),
        # Issue 10: a request to pause a deadline (a DeadlineChange).
        "deadline change request": Case(
            reverse("deadlines:detail", args=[world["deadline"].pk]),
            "director_meiyuan",
            lambda: DeadlineChange.objects.count(),
            marker="change-reason",
            typed={"change-kind": "pause", "change-reason": "儿童住院治疗"},
            post_url=reverse("deadlines:change_request", args=[world["deadline"].pk]),
        ),
        # --- issue 10: guardianship and the unknown-identity child ------------------------
        "guardianship": Case(
            reverse("cases:guardianship_create", args=[world["unguarded"].pk]),
            "officer_xuanwu",
            lambda: _guardianships().count(),
            marker="kind",
            typed={
                "kind": "temporary",
                "temporary_ground": "neglect",
                "placement": "relative",
                "placement_detail": "外祖母",
                "started_on": TODAY.isoformat(),
            },
        ),
        "guardian assessment": Case(
            reverse("cases:guardianship_assess", args=[world["guarded"]["to_assess"].pk]),
            "officer_xuanwu",
            lambda: _assessments().count(),
            marker="assessed_on",
            typed={"assessed_on": TODAY.isoformat(), "guardian_able": "0", "notes": "尚不稳定"},
        ),
        "long-term guardianship": Case(
            reverse("cases:guardianship_convert", args=[world["guarded"]["to_convert"].pk]),
            "officer_xuanwu",
            lambda: _guardianships().filter(kind="long_term").count(),
            marker="ground",
            typed={"ground": "no_guardian_found", "started_on": TODAY.isoformat()},
        ),
        "unknown-identity child": Case(
            reverse("registry:unknown_child_create"),
            "officer_xuanwu",
            lambda: Child.objects.filter(identity_unknown=True).count(),
            marker="found_place",
            typed={
                "gender": "F",
                "estimated_birth_year": str(TODAY.year - 5),
                "area": named.MEIYUAN,
                "found_place": "南京站",
                "found_on": TODAY.isoformat(),
            },
        ),
        **_station_cases(world),
        **{name: Case(**kwargs) for name, kwargs in outreach_cases(world).items()},
        **{name: Case(**kwargs) for name, kwargs in report_cases(world).items()},
        **conference_cases(world["conferences"]),
    }


def conference_cases(conf) -> dict[str, Case]:
    """Case conferences (会商, issue 10): convening, a paper, a decision, its action, 督办."""
    return {
        "conference": Case(
            reverse("cases:conference_create"),
            "officer_xuanwu",
            lambda: Conference.objects.count(),
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
        "conference paper": Case(
            reverse("cases:conference_detail", args=[conf["planned"].pk]),
            "officer_xuanwu",
            lambda: ConferencePaper.objects.count(),
            files={"paper-file": lambda: SimpleUploadedFile("材料.pdf", b"%PDF-1.4\n%%EOF\n")},
            post_url=reverse("cases:conference_paper_upload", args=[conf["planned"].pk]),
        ),
        "conference decision": Case(
            reverse("cases:conference_decision", args=[conf["undecided"].pk]),
            "officer_xuanwu",
            lambda: ConferenceDecision.objects.count(),
            marker="dissent",
            typed={"text": "落实复学，开展心理疏导"},
        ),
        "conference action": Case(
            reverse("cases:conference_decision", args=[conf["decided"].pk]),
            "officer_xuanwu",
            lambda: CaseAction.objects.count(),
            marker="action-title",
            typed={
                "action-title": "心理疏导",
                "action-owner_kind": "department",
                "action-department": "health",
                "action-due_on": (TODAY + timedelta(days=7)).isoformat(),
            },
            post_url=reverse("cases:conference_action_add", args=[conf["decision"].pk]),
        ),
        "conference reminder": Case(
            reverse("cases:conference_remind", args=[conf["action"].pk]),
            "officer_xuanwu",
            lambda: ActionReminder.objects.count(),
            marker="text",
            typed={"text": "请尽快落实"},
        ),
    }


def _station_cases(world) -> dict[str, Case]:
    from childwelfare.accounts.models import User
    from childwelfare.stations.models import (
        Activity,
        ActivityPhoto,
        FundingAllocation,
        Inspection,
        Project,
        Site,
        SiteChange,
        StationMembership,
        TrainingSession,
    )

    site = world["site"]
    today = TODAY.isoformat()

    def at(name):
        return reverse(f"stations:{name}", args=[site.pk])

    def officer(url, count, typed, **more):
        return Case(url, "officer_xuanwu", count, typed=typed, **more)

    return {
        "station": officer(
            reverse("stations:site_create"),
            lambda: Site.objects.count(),
            {"kind": "workstation", "name": "新街口街道未保工作站", "area": named.XINJIEKOU_STREET},
        ),
        "station funding": officer(
            at("site_funding_add"),
            lambda: FundingAllocation.objects.count(),
            {"amount": "300000", "allocated_on": today, "purpose": "建设补助"},
        ),
        "station training": officer(
            at("site_training_add"),
            lambda: TrainingSession.objects.count(),
            {"held_on": today, "topic": "强制报告", "attendee_count": "10"},
        ),
        "station inspection": officer(
            at("site_inspection_add"),
            lambda: Inspection.objects.count(),
            {"inspected_on": today, "inspector": "李文静"},
        ),
        "station change": officer(
            at("site_change_add"), lambda: SiteChange.objects.count(), {"changed_on": today, "note": "迁址"}
        ),
        "station staff": Case(
            at("site_member_add"),
            "officer_xuanwu",
            lambda: StationMembership.objects.filter(user__username="ss_test").count(),
            typed={"user": str(User.objects.get(username="ss_test").pk), "since": today},
        ),
        "station project": Case(
            at("project_create"),
            "staff_meiyuan",
            lambda: Project.objects.count(),
            typed={"name": "四点半课堂", "kind": "education", "start_date": today, "status": "running"},
        ),
        "station activity": Case(
            at("activity_create"),
            "staff_meiyuan",
            lambda: Activity.objects.count(),
            typed={"held_on": today, "kind": "visit", "title": "走访", "person_times": "5"},
        ),
        "activity photo": Case(
            reverse("stations:activity_detail", args=[Activity.objects.filter(site=site).first().pk]),
            "staff_meiyuan",
            lambda: ActivityPhoto.objects.count(),
            marker=("form", "photo"),
            files={"photo-photo": _png},
        ),
        "activity import": Case(
            at("activity_import"),
            "staff_meiyuan",
            lambda: RosterImport.objects.count(),
            files={"file": lambda: _csv("活动日期,活动类型,活动名称,服务人次\n")},
        ),
    }


def _guardianships():
    from childwelfare.cases.models import Guardianship

    return Guardianship.objects.all()


def _assessments():
    from childwelfare.cases.models import GuardianAssessment

    return GuardianAssessment.objects.all()


CASES = [
    "care measure",
    "problem",
    "visit",
    "screening",
    "sample re-visit",
    "child found in screening",
    "campaign",
    "screening import",
    "problem action",
    "problem transfer",
    "problem extension",
    "problem reminder",
    "batch verify",
    "batch confirm",
    "password reset",
    "family member",
    "parent situation",
    "category",
    "roster import",
    "import confirm",
    "uprating",
    "application",
    "payroll",
    "insurance roster",
    "insurer's policy list",
    "payment account",
    "transfer proposal",
    "transfer acceptance",
    "merge of duplicate files",
    "station",
    "station funding",
    "station training",
    "station inspection",
    "station change",
    "station staff",
    "station project",
    "station activity",
    "activity photo",
    "activity import",
    *OUTREACH_CASES,
    *REPORT_CASES,
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
    "deadline change request",
    "guardianship",
    "guardian assessment",
    "long-term guardianship",
    "unknown-identity child",
]


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("name", CASES)
def test_a_creating_form_posted_twice_creates_once(client, world, name):
    case = cases(world)[name]
    client.force_login(world["people"][case.username])
    page = client.get(case.url)
    assert page.status_code == 200
    data = form_data(page.content.decode(), case.marker)
    assert data["form_token"][0]
    data.update({key: value if isinstance(value, list) else [value] for key, value in case.typed.items()})
    target = case.post_url or case.url
    before = case.count()

    def post():
        files = {key: make() for key, make in case.files.items()}
        return client.post(target, {**data, **files})

    first = post()
    assert first.status_code == 302, (first.status_code, first.content.decode()[:3000])
    assert case.count() == before + 1
    second = post()
    assert case.count() == before + 1, "the second POST created another record"
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert "已提交，请勿重复提交" in _messages(second)


def _url_names(resolver=None, namespace: str = "") -> dict[str, object]:
    """{url name: view} of every named pattern the project serves."""
    resolver = resolver or get_resolver()
    found = {}
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found.update(_url_names(pattern, inner))
        elif pattern.name:
            found[namespace + pattern.name] = pattern.callback
    return found


def test_every_guarded_view_is_in_the_loop_above(world):
    """The views marked @submits_once are exactly those whose forms the loop posts twice: a
    new creating view gets a case here (and its form the {% form_token %})."""
    guarded = {name for name, view in _url_names().items() if getattr(view, "submits_once", False)}
    tested = {resolve(urlsplit(case.post_url or case.url).path).view_name for case in cases(world).values()}
    assert guarded == tested


def test_a_form_sent_back_with_errors_can_be_sent_again_with_its_token(client, world):
    """A refused form releases its token: corrected and sent again it creates its record."""
    client.force_login(world["people"]["director_meiyuan"])
    url = reverse("discovery:child", args=[world["child"].pk])
    data = form_data(client.get(url).content.decode(), ("form", "care"))
    response = client.post(url, data)  # nothing typed: errors beside the fields
    assert response.status_code == 200 and CareMeasure.objects.count() == 0
    assert not FormSubmission.objects.exists()
    data.update(
        {
            "care-measure_type": ["education"],
            "care-provider_kind": ["social_organisation"],
            "care-provider_name": ["爱心社工站"],
            "care-start_date": [TODAY.isoformat()],
        }
    )
    assert client.post(url, data).status_code == 302 and CareMeasure.objects.count() == 1


def test_a_token_of_another_user_or_an_expired_one_guards_nothing(client, world, settings):
    """A token is bound to the user it was shown to and to its age: otherwise the POST is
    handled as one without a token (nothing typed is lost)."""
    people = world["people"]
    client.force_login(people["director_meiyuan"])
    url = reverse("discovery:child", args=[world["child"].pk])
    data = {
        "form": "care",
        "care-measure_type": "education",
        "care-provider_kind": "social_organisation",
        "care-provider_name": "爱心社工站",
        "care-start_date": TODAY.isoformat(),
        "form_token": issue_form_token(people["supervisor_meiyuan"]),
    }
    client.post(url, data)
    client.post(url, data)
    assert CareMeasure.objects.count() == 2 and not FormSubmission.objects.exists()
    settings.FORM_TOKEN_MAX_AGE_SECONDS = -1
    data["form_token"] = issue_form_token(people["director_meiyuan"])
    client.post(url, data)
    assert CareMeasure.objects.count() == 3 and not FormSubmission.objects.exists()


def test_expired_claims_are_deleted(client, world, settings):
    client.force_login(world["people"]["director_meiyuan"])
    old = FormSubmission.objects.create(token="old", path="/x/", result_url="/y/")
    FormSubmission.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    url = reverse("discovery:child", args=[world["child"].pk])
    data = form_data(client.get(url).content.decode(), ("form", "problem"))
    data.update(
        {
            "problem-kind": [ProblemKind.SCHOOLING],
            "problem-department": [Department.EDUCATION],
            "problem-description": ["长期不到校"],
            "problem-deadline": [(TODAY + timedelta(days=7)).isoformat()],
        }
    )
    assert client.post(url, data).status_code == 302
    assert list(FormSubmission.objects.values_list("token", flat=True)) != ["old"]
    assert not FormSubmission.objects.filter(token="old").exists()


def _care_post(client, world) -> tuple[str, dict]:
    url = reverse("discovery:child", args=[world["child"].pk])
    data = form_data(client.get(url).content.decode(), ("form", "care"))
    data.update(
        {
            "care-measure_type": ["education"],
            "care-provider_kind": ["social_organisation"],
            "care-provider_name": ["爱心社工站"],
            "care-start_date": [TODAY.isoformat()],
        }
    )
    return url, data


def test_a_second_post_waits_for_the_first_and_goes_to_its_result(client, world, monkeypatch):
    """The second POST of a double click arrives while the first is still running: it waits
    for the first's answer (here: the first finishes during the wait) and goes there."""
    client.force_login(world["people"]["director_meiyuan"])
    url, data = _care_post(client, world)
    nonce = read_form_token(data["form_token"][0], world["people"]["director_meiyuan"])
    running = FormSubmission.objects.create(token=nonce, path=url)  # the first, still running

    def first_finishes(seconds):
        FormSubmission.objects.filter(pk=running.pk).update(result_url=url + "#care")

    monkeypatch.setattr(once.time, "sleep", first_finishes)
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == url + "#care"
    assert CareMeasure.objects.count() == 0  # the second created nothing


def test_a_second_post_while_the_first_runs_too_long_says_so(client, world, monkeypatch):
    client.force_login(world["people"]["director_meiyuan"])
    url, data = _care_post(client, world)
    nonce = read_form_token(data["form_token"][0], world["people"]["director_meiyuan"])
    FormSubmission.objects.create(token=nonce, path=url)
    monkeypatch.setattr(once, "WAIT_SECONDS", 0)
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 409 and "已提交，请勿重复提交" in html and f'href="{url}"' in html
    assert CareMeasure.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_posts_at_the_same_moment_create_one_record(world):
    """Two processes' worth of the same POST at once (threads with their own connections, as
    two server processes would have): the unique token admits one; the other answers with
    the first's result."""
    if connection.vendor != "postgresql":
        pytest.skip("the in-memory SQLite test database locks whole tables between threads")
    director = world["people"]["director_meiyuan"]
    browsers = [Client(), Client()]
    for browser in browsers:
        browser.force_login(director)
    url, data = _care_post(browsers[0], world)
    barrier = threading.Barrier(2)
    answers = []

    def post(browser):
        try:
            barrier.wait()
            answers.append(browser.post(url, data))
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(browser,)) for browser in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert CareMeasure.objects.count() == 1
    assert [answer.status_code for answer in answers] == [302, 302]
    assert answers[0]["Location"] == answers[1]["Location"]
