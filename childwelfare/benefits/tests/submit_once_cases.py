"""The benefits' creating forms for submissions/tests/test_submit_once.py: `benefits_world`
builds their records once (in the test's world fixture), `benefits_cases` describes each
form as the keyword arguments of that test's Case."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from childwelfare.benefits.choices import InsuranceKind
from childwelfare.benefits.models import (
    BankAccount,
    EligibilityApplication,
    InsuranceEnrolment,
    InsuranceScheme,
    Payroll,
    Uprating,
)
from childwelfare.registry.choices import Category
from childwelfare.registry.models import RosterImport
from childwelfare.registry.tests.submit_once_cases import csv_upload

TODAY = timezone.localdate()

BENEFITS_CASES = [
    "uprating",
    "application",
    "payroll",
    "insurance roster",
    "insurer's policy list",
    "payment account",
]


def benefits_world() -> dict:
    """An accident insurance scheme of scattered orphans (the standards are seeded by the
    test's world fixture)."""
    scheme = InsuranceScheme.objects.create(
        name="困境儿童意外伤害保险",
        kind=InsuranceKind.ACCIDENT,
        categories=[Category.SCATTERED_ORPHAN],
        insurer="某保险公司",
    )
    return {"scheme": scheme}


def benefits_cases(world: dict) -> dict[str, dict]:
    """{case name: Case keyword arguments} of the benefits' creating forms (world["child"]:
    a confirmed scattered orphan of 梅园社区)."""
    child = world["child"]
    today = TODAY.isoformat()
    last_month = (TODAY.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    return {
        "uprating": dict(
            url=reverse("benefits:uprate"),
            username="officer_xuanwu",
            count=lambda: Uprating.objects.count(),
            typed={
                "percent": "5",
                "effective_from": date(TODAY.year + 1, 7, 1).isoformat(),
                "legal_basis": "宁民福〔2026〕1号",
            },
        ),
        "application": dict(
            url=reverse("benefits:application_create") + f"?child={child.pk}",
            username="director_meiyuan",
            count=lambda: EligibilityApplication.objects.count(),
            typed={
                "kind": "de_facto_unsupported",
                "applicant_kind": "guardian",
                "applicant_name": "祖父",
                "applicant_relation": "祖父",
                "submitted_on": today,
            },
        ),
        "payroll": dict(
            url=reverse("benefits:payroll_month") + f"?month={last_month}",
            username="officer_xuanwu",
            count=lambda: Payroll.objects.count(),
            marker="month",
            post_url=reverse("benefits:payroll_run"),
        ),
        "insurance roster": dict(
            url=reverse("benefits:insurance_scheme", args=[world["scheme"].pk]),
            username="officer_xuanwu",
            count=lambda: InsuranceEnrolment.objects.count(),
            marker="roster-as_of",
            typed={"roster-as_of": today},
            post_url=reverse("benefits:insurance_roster", args=[world["scheme"].pk]),
        ),
        "insurer's policy list": dict(
            url=reverse("benefits:insurance_scheme", args=[world["scheme"].pk]),
            username="officer_xuanwu",
            count=lambda: RosterImport.objects.count(),
            marker="policy-year",
            files={"policy-file": lambda: csv_upload("身份证号,保单号\n")},
            post_url=reverse("benefits:insurance_policies", args=[world["scheme"].pk]),
        ),
        "payment account": dict(
            url=reverse("benefits:bank_account_edit", args=[child.pk]),
            username="officer_xuanwu",
            count=lambda: BankAccount.objects.count(),
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
    }
