"""A child without an ID number (无户籍, issue 9): registered during screening with the birth
date and sex entered by hand, a hukou problem for public security raised by itself; the
number added later through the edit form with the usual checks (checksum, birth date and
sex as entered, one child per number). Pages, the list, the export and the payroll cope."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from childwelfare.accounts.choices import Department
from childwelfare.areas.models import Area
from childwelfare.benefits.exports import bank_rows
from childwelfare.benefits.models import BankAccount, PayrollLine
from childwelfare.benefits.payroll import run_payroll
from childwelfare.discovery.choices import ProblemKind, ProblemStatus
from childwelfare.discovery.models import Problem
from childwelfare.discovery.services import start_campaign
from childwelfare.lib.idnumber import make_number
from childwelfare.registry.choices import Category
from childwelfare.registry.models import Child
from childwelfare.registry.services import RegistryError, create_child
from childwelfare.registry.tests.helpers import detail, listed, make_child
from childwelfare.registry.tests.test_export import export
from childwelfare.testing import people as named
from childwelfare.testing.factories import CampaignFactory, CategorySpellFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
BIRTH = date(2019, 5, 6)
NUMBER = make_number("320102", BIRTH, 7, "F")  # a girl born 2019-05-06


def _running_campaign(people):
    campaign = CampaignFactory(area_id=named.MEIYUAN_STREET)
    start_campaign(campaign, actor=people["officer_xuanwu"])
    return campaign


def _add(client, campaign, **fields):
    data = {"name": "无户口", "id_number": "", "area": named.MEIYUAN, **fields}
    return client.post(reverse("discovery:add_child", args=[campaign.pk]), data)


def test_register_without_id_raises_the_hukou_problem(client, people):
    campaign = _running_campaign(people)
    client.force_login(people["director_meiyuan"])
    response = _add(client, campaign, no_id="on", birth_date=BIRTH.isoformat(), gender="F")
    assert response.status_code == 302
    child = Child.objects.get(name="无户口")
    assert (child.id_number, child.id_hash, child.birth_date, child.gender) == (None, None, BIRTH, "F")
    problem = Problem.objects.get(child=child)
    assert (problem.kind, problem.department, problem.status) == (
        ProblemKind.HUKOU,
        Department.PUBLIC_SECURITY,
        ProblemStatus.OPEN,
    )
    assert problem.deadline > TODAY
    page = client.get(detail(child)).content.decode()
    assert "无身份证号（未落户）" in page and "补录公民身份号码" in page
    assert "无户口" in listed(client)


def test_the_form_asks_for_what_a_child_without_id_needs(client, people):
    campaign = _running_campaign(people)
    client.force_login(people["director_meiyuan"])
    response = _add(client, campaign, no_id="on")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "birth_date" in errors and "gender" in errors
    response = _add(client, campaign)
    assert "id_number" in response.context["form"].errors  # neither a number nor the tick
    response = _add(client, campaign, no_id="on", id_number=NUMBER, birth_date=BIRTH.isoformat(), gender="F")
    assert "id_number" in response.context["form"].errors  # both
    response = _add(
        client, campaign, no_id="on", birth_date=(TODAY + timedelta(days=3)).isoformat(), gender="F"
    )
    assert response.status_code == 200 and not Child.objects.filter(name="无户口").exists()


def test_several_children_without_id(people):
    for name in ("甲无号", "乙无号"):
        create_child(
            actor=people["director_meiyuan"],
            name=name,
            id_number="",
            birth_date=BIRTH,
            gender="M",
            area_id=named.MEIYUAN,
        )
    assert Child.objects.filter(id_hash__isnull=True).count() == 2
    with pytest.raises(RegistryError) as refused:
        create_child(actor=people["director_meiyuan"], name="丙无号", id_number="", area_id=named.MEIYUAN)
    assert refused.value.code == "gender_required"


def _without_id(people):
    return create_child(
        actor=people["director_meiyuan"],
        name="无户口",
        id_number="",
        birth_date=BIRTH,
        gender="F",
        area_id=named.MEIYUAN,
    )


def _add_id(client, child, number):
    from childwelfare.registry.forms import BASIC_FIELDS, ChildBasicForm

    form = ChildBasicForm(child=child, user=client.user)
    data = {"form": "basic", "basic-version": str(child.version), "basic-id_number": number}
    for name in BASIC_FIELDS:
        value = form.initial.get(name)
        if value not in (None, ""):
            data[f"basic-{name}"] = value.isoformat() if isinstance(value, date) else value
    return client.post(detail(child), data)


def test_the_number_added_later_goes_through_the_checks(client, people):
    child = _without_id(people)
    client.user = people["director_meiyuan"]
    client.force_login(client.user)
    bad_checksum = NUMBER[:-1] + ("0" if NUMBER[-1] != "0" else "1")
    other_birth = make_number("320102", date(2019, 5, 7), 7, "F")
    boy = make_number("320102", BIRTH, 7, "M")
    taken = make_child(people, "已有号", birth=BIRTH, gender="F").id_number
    for number, field in (
        (bad_checksum, "id_number"),
        (other_birth, "birth_date"),
        (boy, "gender"),
        (taken, "id_number"),
    ):
        response = _add_id(client, child, number)
        assert response.status_code == 200, number
        assert field in response.context["forms"]["basic"].errors, number
        child.refresh_from_db()
        assert child.id_number is None
    response = _add_id(client, child, NUMBER)
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.id_number == NUMBER and child.id_hash
    followed = client.get(detail(child))
    assert "身份证号已补录" in followed.content.decode()
    assert listed(client, f"?q={NUMBER}") == ["无户口"]


def test_no_number_in_exports_payroll_and_full_id(client, people, settings):
    settings.PAYMENT_TIMING = "prorated"
    call_command("seed_standards", stdout=io.StringIO())
    child = _without_id(people)
    CategorySpellFactory(child=child, category=Category.SCATTERED_ORPHAN, start_date=date(2025, 1, 1))
    BankAccount.objects.create(
        child=child, holder_name="王大有", bank_name="南京银行", account_number="6222020200112233445"
    )
    client.force_login(people["officer_xuanwu"])
    header, rows = export(client)
    row = next(row for row in rows if "无户口" in row)
    assert row[header.index("公民身份号码")] == "无身份证号（未落户）"
    response = client.post(reverse("registry:child_full_id", args=[child.pk]))
    assert response.status_code == 404
    payroll = run_payroll(
        Area.objects.get(code=named.XUANWU), date(2026, 3, 1), actor=people["officer_xuanwu"]
    )
    assert PayrollLine.objects.filter(payroll=payroll, child=child).exists()
    rows = bank_rows(payroll, people["officer_xuanwu"])
    assert [row[2] for row in rows if row[1] == "无户口"] == ["无身份证号（未落户）"]
