"""Refusals of every app carry a stable code and the form field they belong to, and the
pages put them beside that field, in any language (no view searches the message text)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from childwelfare.areas.models import Area
from childwelfare.benefits.applications import (
    ApplicationConflict,
    ApplicationError,
    refuse_application,
    submit_application,
)
from childwelfare.benefits.insurance import InsuranceError, generate_roster
from childwelfare.benefits.models import InsuranceScheme
from childwelfare.benefits.payroll import PayrollError, first_of_month, run_payroll
from childwelfare.benefits.standards import StandardError, create_standard, preview_uprating
from childwelfare.discovery import services as discovery
from childwelfare.discovery.models import ScreeningRecord
from childwelfare.lib import errors
from childwelfare.lib.idnumber import IDNumberError, make_number, parse
from childwelfare.registry.choices import Category
from childwelfare.registry.services import (
    RegistryError,
    add_category,
    add_family_member,
    create_child,
    end_category,
    update_child,
)
from childwelfare.testing import people as named

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
BIRTH = date(2015, 3, 4)


def refusal(call, kind=errors.DomainError) -> tuple[str, str | None]:
    """(code, field) of the DomainError `call` raises."""
    with pytest.raises(kind) as caught:
        call()
    return caught.value.code, caught.value.field


@pytest.fixture
def child(people):
    return create_child(
        actor=people["officer_xuanwu"],
        name="王小明",
        id_number=make_number("320102", BIRTH, 1, "M"),
        area_id=named.MEIYUAN,
    )


def test_every_app_error_is_one_domain_error_and_conflicts_are_conflicts():
    for kind in (RegistryError, discovery.DiscoveryError, ApplicationError, PayrollError):
        assert issubclass(kind, errors.DomainError)
    for kind in (StandardError, InsuranceError, IDNumberError):
        assert issubclass(kind, errors.DomainError)
    assert issubclass(discovery.ConflictError, errors.ConflictError)
    assert issubclass(discovery.ConflictError, discovery.DiscoveryError)
    assert issubclass(ApplicationConflict, errors.ConflictError)
    assert issubclass(ApplicationConflict, ApplicationError)


def test_id_number_checks_have_codes():
    assert refusal(lambda: parse("")) == ("id_empty", None)
    assert refusal(lambda: parse("1234")) == ("id_length", None)
    assert refusal(lambda: parse("320102201503040010")) == ("id_checksum", None)
    assert refusal(lambda: parse("110101850101001")) == ("id_15_digits", None)
    assert refusal(lambda: parse("99010220150304001X")) == ("id_region", None)


def test_registry_refusals(people, child):
    officer, director = people["officer_xuanwu"], people["director_meiyuan"]

    def register(**fields):
        values = {"name": "李四", "id_number": make_number("320102", BIRTH, 2, "F"), "area_id": named.MEIYUAN}
        return lambda: create_child(actor=officer, **{**values, **fields})

    # An invalid number keeps lib.idnumber's code and is put on the id_number field.
    assert refusal(register(id_number="320102201503040010"), RegistryError) == ("id_checksum", "id_number")
    assert refusal(register(birth_date=date(2015, 3, 5))) == ("birth_date_mismatch", "birth_date")
    assert refusal(register(gender="M")) == ("gender_mismatch", "gender")
    assert refusal(register(name="=SUM(A1)")) == ("name_formula", "name")
    assert refusal(register(id_number=child.id_number)) == ("id_number_registered", "id_number")
    assert refusal(register(area_id=named.NINGHAI)) == ("area_out_of_scope", "area")  # 鼓楼区
    assert refusal(lambda: update_child(child, actor=people["auditor_xuanwu"], name="王大明")) == (
        "cannot_edit_children",
        None,
    )
    assert refusal(
        lambda: add_family_member(child=child, actor=officer, name="王父", relation="father", id_number="123")
    ) == ("id_length", "id_number")
    # The three refusals the profile used to route by searching the message.
    assert refusal(
        lambda: add_category(
            child=child, actor=director, category=Category.DE_FACTO_UNSUPPORTED, start_date=TODAY
        )
    ) == ("allowance_needs_application", "category")
    assert refusal(
        lambda: add_category(
            child=child, actor=officer, category=Category.MIGRANT, start_date=date(2014, 1, 1)
        )
    ) == ("category_before_birth", "start_date")
    spell = add_category(child=child, actor=officer, category=Category.MIGRANT, start_date=date(2024, 1, 1))
    assert refusal(
        lambda: add_category(
            child=child, actor=officer, category=Category.MIGRANT, start_date=date(2024, 6, 1)
        )
    ) == ("category_overlap", "category")
    assert refusal(lambda: end_category(spell, actor=officer, end_date=date(2023, 12, 31), reason="x")) == (
        "category_end_before_start",
        "end_date",
    )


@pytest.fixture
def campaign(people, child):
    add_category(
        child=child,
        actor=people["admin_nanjing"],
        category=Category.SCATTERED_ORPHAN,
        start_date=date(2020, 1, 1),
    )
    campaign = discovery.create_campaign(
        actor=people["officer_xuanwu"],
        name="2026年困境儿童专项排查",
        year=TODAY.year,
        area=Area.objects.get(code=named.XUANWU),
        start_date=TODAY - timedelta(days=5),
        end_date=TODAY + timedelta(days=30),
        sample_rate=Decimal("0"),
    )
    discovery.start_campaign(campaign, actor=people["officer_xuanwu"])
    return campaign


def test_discovery_refusals(people, child, campaign):
    officer, director = people["officer_xuanwu"], people["director_meiyuan"]
    xuanwu = Area.objects.get(code=named.XUANWU)

    def new_campaign(**changes):
        values = {"name": "x", "year": TODAY.year, "area": xuanwu, "start_date": TODAY, "end_date": TODAY}
        return lambda: discovery.create_campaign(actor=officer, **{**values, **changes})

    assert refusal(new_campaign(end_date=TODAY - timedelta(days=1))) == ("end_before_start", "end_date")
    assert refusal(new_campaign(area=Area.objects.get(code=named.MEIYUAN))) == ("campaign_area_level", "area")
    assert refusal(new_campaign(sample_rate=Decimal("2"))) == ("sample_rate_range", "sample_rate")
    record = ScreeningRecord.objects.get(campaign=campaign, child=child)

    def screen(**changes):
        values = {"actor": director, "expected_version": record.version, "visited_on": TODAY}
        return lambda: discovery.screen_record(record, **{**values, **changes})

    assert refusal(screen(visited_on=TODAY - timedelta(days=10))) == ("visit_before_campaign", "visited_on")
    assert refusal(screen(actor=officer)) == ("cannot_screen", None)
    assert refusal(screen(expected_version=record.version + 1), discovery.ConflictError) == (
        "stale_version",
        None,
    )
    assert refusal(
        lambda: discovery.return_record(
            record, actor=people["supervisor_meiyuan"], expected_version=record.version, reason=" "
        )
    ) == ("reason_missing", "reason")
    problem = dict(
        child=child, actor=officer, kind="benefit", description="未落实", department="civil_affairs"
    )
    assert refusal(lambda: discovery.raise_problem(**problem, deadline=TODAY - timedelta(days=1))) == (
        "deadline_in_past",
        "deadline",
    )
    assert refusal(
        lambda: discovery.raise_problem(**{**problem, "actor": people["auditor_xuanwu"]}, deadline=TODAY)
    ) == (
        "cannot_raise_problem",
        None,
    )


def test_benefits_refusals(people, child):
    officer, supervisor, director = (
        people["officer_xuanwu"],
        people["supervisor_meiyuan"],
        people["director_meiyuan"],
    )

    def submit(**changes):
        values = {
            "child": child,
            "actor": supervisor,
            "kind": "de_facto_unsupported",
            "applicant_kind": "guardian",
            "applicant_name": "王桂兰",
            "submitted_on": TODAY,
        }
        return lambda: submit_application(**{**values, **changes})

    assert refusal(submit(submitted_on=TODAY + timedelta(days=1))) == ("submitted_in_future", "submitted_on")
    assert refusal(submit(submitted_on=BIRTH - timedelta(days=1))) == (
        "submitted_before_birth",
        "submitted_on",
    )
    assert refusal(submit(applicant_name=" ")) == ("applicant_missing", "applicant_name")
    app = submit()()
    assert refusal(submit()) == ("application_pending", "kind")
    assert refusal(lambda: refuse_application(app, actor=supervisor, on=TODAY, reason=" ")) == (
        "refusal_reason_missing",
        "reason",
    )
    assert refusal(lambda: refuse_application(app, actor=director, on=TODAY, reason="x")) == (
        "cannot_refuse_application",
        None,
    )

    xuanwu, street = Area.objects.get(code=named.XUANWU), Area.objects.get(code=named.MEIYUAN_STREET)
    assert refusal(lambda: run_payroll(street, TODAY, actor=officer)) == ("payroll_needs_district", "area")
    assert refusal(lambda: run_payroll(xuanwu, TODAY, actor=director)) == ("cannot_run_payroll", "area")
    assert refusal(lambda: first_of_month("2026/11")) == ("month_format", "month")

    def standard(**changes):
        values = {
            "actor": officer,
            "category": Category.SCATTERED_ORPHAN,
            "area": xuanwu,
            "effective_from": date(2026, 1, 1),
            "monthly_amount": Decimal("2300"),
            "legal_basis": "宁民规〔2026〕1号",
        }
        return lambda: create_standard(**{**values, **changes})

    assert refusal(standard(monthly_amount=Decimal("-1"))) == ("negative_amount", "monthly_amount")
    assert refusal(standard(legal_basis=" ")) == ("legal_basis_missing", "legal_basis")
    assert refusal(standard(category=Category.MIGRANT)) == ("category_without_standard", "category")
    standard()()
    assert refusal(standard(effective_from=date(2026, 6, 1))) == ("standard_overlap", "effective_from")
    assert refusal(
        lambda: preview_uprating(
            actor=officer, area=xuanwu, effective_from=TODAY, legal_basis="x", percent=Decimal("500")
        )
    ) == ("percent_range", "percent")

    scheme = InsuranceScheme.objects.create(name="意外伤害保险", kind="accident", categories=[])
    roster = dict(year=TODAY.year, area=xuanwu, as_of=TODAY)
    assert refusal(lambda: generate_roster(scheme, actor=director, **roster)) == (
        "cannot_manage_insurance",
        "area",
    )
    assert refusal(lambda: generate_roster(scheme, actor=officer, **roster)) == (
        "scheme_without_categories",
        None,
    )


# ---- the pages put a refusal beside its field ----------------------------------------------


def test_child_profile_puts_category_refusals_beside_their_field_in_english(client, people, child):
    """The profile once chose the field by searching the Chinese message for 类别 or 保障;
    in English that sent every category refusal to the start date."""
    client.force_login(people["director_meiyuan"])
    url = reverse("registry:child_detail", args=[child.pk])

    def post(**data):
        response = client.post(url, {"form": "category", **data}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        return response.context["forms"]["category"].errors

    errors_ = post(**{"category-category": "de_facto_unsupported", "category-start_date": "2024-02-01"})
    assert list(errors_) == ["category"]
    errors_ = post(**{"category-category": "migrant", "category-start_date": "2014-02-01"})
    assert list(errors_) == ["start_date"]
    assert "2014-02-01" in errors_["start_date"][0]


def test_screening_page_puts_an_early_visit_beside_the_visit_date(client, people, child, campaign):
    record = ScreeningRecord.objects.get(campaign=campaign, child=child)
    client.force_login(people["director_meiyuan"])
    response = client.post(
        reverse("discovery:record_screen", args=[record.pk]),
        {
            "version": record.version,
            "visited_on": (TODAY - timedelta(days=10)).isoformat(),
            "mode": "home",
            "problems-TOTAL_FORMS": "0",
            "problems-INITIAL_FORMS": "0",
            "problems-MIN_NUM_FORMS": "0",
            "problems-MAX_NUM_FORMS": "5",
        },
    )
    assert response.status_code == 200
    form_errors = response.context["form"].errors
    assert list(form_errors) == ["visited_on"]
    assert "早于专项排查开始日期" in form_errors["visited_on"][0]


def test_application_page_puts_a_date_before_birth_beside_the_date(client, people, child):
    client.force_login(people["supervisor_meiyuan"])
    response = client.post(
        reverse("benefits:application_create") + f"?child={child.pk}",
        {
            "kind": "de_facto_unsupported",
            "applicant_kind": "guardian",
            "applicant_name": "王桂兰",
            "submitted_on": (BIRTH - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    form_errors = response.context["form"].errors
    assert list(form_errors) == ["submitted_on"]
    assert "申请日期早于儿童出生日期" in form_errors["submitted_on"][0]


def test_recomputing_a_locked_payroll_shows_why_on_the_payroll_page(client, people):
    """The refusal belongs to the month field, which the payroll page's recompute button
    keeps hidden: the form shows it above the button instead of dropping it."""
    from childwelfare.benefits.payroll import approve_payroll

    officer = people["officer_xuanwu"]
    payroll = run_payroll(Area.objects.get(code=named.XUANWU), date(2026, 3, 1), actor=officer)
    approve_payroll(payroll, actor=people["officer2_xuanwu"])  # four eyes
    client.force_login(officer)
    response = client.post(
        reverse("benefits:payroll_run"),
        {"area": named.XUANWU, "month": "2026-03", "fixed": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response.context["run_form"].errors["month"][0].endswith("已批准，已锁定，不能重新计算")
    assert "已批准，已锁定，不能重新计算" in response.content.decode()
