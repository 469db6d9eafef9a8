"""One object of every model that declares a state machine, for the tests that walk every
machine (a new machine without an object here fails test_every_machine_has_an_object), and
two small set-up helpers."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from childwelfare.accounts.choices import Department
from childwelfare.benefits.choices import ApplicantKind, ApplicationKind
from childwelfare.benefits.models import (
    EligibilityApplication,
    InsuranceEnrolment,
    InsuranceScheme,
    Payroll,
    Uprating,
)
from childwelfare.discovery.choices import MeasureType, ProblemKind, ProviderKind
from childwelfare.discovery.models import Campaign, CareMeasure, Problem, ScreeningRecord
from childwelfare.outreach.models import Call
from childwelfare.registry.models import ChildTransfer
from childwelfare.stations.models import Site
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory


def build_one_of_each(people) -> dict:
    """{machine kind: an object in its default status}, all in 玄武区 (梅园社区 where the
    object belongs to a child)."""
    officer = people["officer_xuanwu"]
    child = ChildFactory(area_id=named.MEIYUAN)
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        name="2026年专项排查",
        year=2026,
        area_id=named.XUANWU,
        start_date=today,
        end_date=today + timedelta(days=30),
        created_by=officer,
    )
    objects = [
        campaign,
        ScreeningRecord.objects.create(campaign=campaign, child=child, area_id=child.area_id),
        Problem.objects.create(
            child=child,
            kind=ProblemKind.SCHOOLING,
            description="未按时入学",
            department=Department.EDUCATION,
            deadline=today + timedelta(days=10),
            raised_by=officer,
        ),
        CareMeasure.objects.create(
            child=child,
            measure_type=MeasureType.EDUCATION,
            provider_kind=ProviderKind.DEPARTMENT,
            provider_name="区教育局",
            start_date=today,
            created_by=officer,
        ),
        EligibilityApplication.objects.create(
            child=child,
            kind=ApplicationKind.DE_FACTO_UNSUPPORTED,
            applicant_kind=ApplicantKind.GUARDIAN,
            applicant_name="祖母",
            submitted_on=today,
            verify_due=today + timedelta(days=21),
            created_by=officer,
        ),
        Payroll.objects.create(area_id=named.XUANWU, month=date(2026, 10, 1)),
        Uprating.objects.create(
            area_id=named.XUANWU,
            percent=Decimal("4.5"),
            effective_from=date(2027, 1, 1),
            legal_basis="宁民福〔2026〕1号",
            created_by=officer,
        ),
        InsuranceEnrolment.objects.create(
            scheme=InsuranceScheme.objects.create(name="意外伤害保险", kind="accident"),
            year=2026,
            child=child,
            area_id=child.area_id,
            category="scattered_orphan",
            as_of=today,
        ),
        # The child file itself (open, closed, merged) and a transfer to another district
        # (issue 9).
        ChildFactory(area_id=named.MEIYUAN),
        ChildTransfer.objects.create(
            child=child,
            from_area_id=named.MEIYUAN,
            to_area_id=named.NINGHAI,
            reason="搬家",
            proposed_by=officer,
        ),
        # A workstation being built (issue 11).
        Site.objects.create(
            kind="workstation",
            name="梅园新村街道未保工作站",
            area_id=named.MEIYUAN_STREET,
            created_by=officer,
        ),
        # The excellent case and project call (issue 11), here over 玄武区.
        Call.objects.create(
            year=today.year, title="征集", deadline=today, area_id=named.XUANWU, created_by=officer
        ),
    ]
    # A case and an action of its plan (issue 10, caseflow).
    from childwelfare.cases.models import Case, CaseAction

    case = Case.objects.create(
        number="GA32010220260001",
        child=child,
        opened_on=today,
        source="police",
        worker=officer,
        created_by=officer,
    )
    objects += [
        case,
        CaseAction.objects.create(
            case=case,
            title="复学安置",
            owner_kind="unit",
            owner_unit="学校",
            due_on=today,
            created_by=officer,
        ),
    ]
    # A case conference of the district (issue 10, 会商).
    from childwelfare.cases.models import Conference

    objects.append(
        Conference.objects.create(
            area_id=named.XUANWU, title="个案会商", held_at=timezone.now(), convener=officer, quorum=3
        )
    )
    return {obj._meta.label_lower: obj for obj in objects}


def put(obj, status: str) -> None:
    """Test set-up: give the row `status` directly (no event, version unchanged)."""
    type(obj).objects.filter(pk=obj.pk).update(status=status)
    obj.refresh_from_db()


def row(obj) -> dict:
    """Every column of the object's row as stored."""
    return type(obj).objects.filter(pk=obj.pk).values().get()
