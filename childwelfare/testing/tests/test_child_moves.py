"""Scope follows a child who moves (issue 13, finding 7).

A supervisor moves a child from 梅园社区 to 大行宫社区 (both in 梅园新村街道). Afterwards every
record about the child — the child, family members, category spells, visits, risk
assessments, screening records, problems, care measures, applications, payroll lines and
insurance enrolments — is out of reach of the old community's director (404 on the pages,
refused by the services, absent from `visible_to`) and within reach of the new one.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from childwelfare.areas.models import Area
from childwelfare.benefits.applications import submit_application
from childwelfare.benefits.choices import ApplicantKind, ApplicationKind, InsuranceKind
from childwelfare.benefits.insurance import generate_roster
from childwelfare.benefits.models import (
    EligibilityApplication,
    InsuranceEnrolment,
    InsuranceScheme,
    PayrollLine,
)
from childwelfare.benefits.payroll import approve_payroll, run_payroll
from childwelfare.discovery import services as discovery
from childwelfare.discovery.choices import MeasureType, ProblemKind, ProviderKind, RecordStatus
from childwelfare.discovery.models import CareMeasure, Problem, RiskAssessment, ScreeningRecord, Visit
from childwelfare.lib.errors import DomainError
from childwelfare.registry.choices import Category
from childwelfare.registry.models import CategorySpell, Child, FamilyMember
from childwelfare.registry.services import add_family_member, update_child
from childwelfare.testing import people as named
from childwelfare.testing.factories import CategorySpellFactory, ChildFactory

TODAY = timezone.localdate()


class ChildMovesTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        users = named.ensure_people()
        cls.old = users["director_meiyuan"]
        cls.new = users["director_daxinggong"]
        officer = users["officer_xuanwu"]
        supervisor = users["supervisor_meiyuan"]
        call_command("seed_standards", stdout=io.StringIO())

        child = ChildFactory(area_id=named.MEIYUAN)
        # A paid category already confirmed (the second person's review is not what this tests).
        CategorySpellFactory(
            child=child, category=Category.SCATTERED_ORPHAN, start_date=date(2020, 1, 1), actor=officer
        )
        add_family_member(child=child, actor=cls.old, name="王大山", relation="grandfather")
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
        discovery.record_visit(
            child=child, actor=cls.old, visited_on=TODAY, mode="home", living_situation="与祖父母同住"
        )
        problem = discovery.raise_problem(
            child=child,
            actor=cls.old,
            kind=ProblemKind.SCHOOLING,
            description="未按时入学",
            department="education",
            deadline=TODAY + timedelta(days=30),
        )
        discovery.add_care_measure(
            child=child,
            actor=cls.old,
            measure_type=MeasureType.LIVING,
            provider_kind=ProviderKind.DEPARTMENT,
            provider_name="梅园新村街道民政科",
            start_date=TODAY,
        )
        application = submit_application(
            child=child,
            actor=cls.old,
            kind=ApplicationKind.DE_FACTO_UNSUPPORTED,
            applicant_kind=ApplicantKind.GUARDIAN,
            applicant_name="祖父",
            submitted_on=TODAY,
        )
        month = (TODAY.replace(day=1) - timedelta(days=1)).replace(day=1)
        payroll = run_payroll(Area.objects.get(code=named.XUANWU), month, actor=officer)
        approve_payroll(payroll, actor=users["officer2_xuanwu"])  # four eyes
        scheme = InsuranceScheme.objects.create(
            name="困境儿童意外伤害保险", kind=InsuranceKind.ACCIDENT, categories=[Category.SCATTERED_ORPHAN]
        )
        generate_roster(
            scheme, year=TODAY.year, area=Area.objects.get(code=named.XUANWU), as_of=TODAY, actor=officer
        )

        update_child(
            Child.objects.get(pk=child.pk), actor=supervisor, reason="搬家", area_id=named.DAXINGGONG
        )
        cls.child = Child.objects.get(pk=child.pk)
        cls.record = ScreeningRecord.objects.get(campaign=campaign, child=child)
        cls.problem, cls.application = problem, application
        # Every kind of record about the child: (model, the child's records of it).
        cls.kinds = {
            Child: Child.objects.filter(pk=child.pk),
            FamilyMember: FamilyMember.objects.filter(child=child),
            CategorySpell: CategorySpell.objects.filter(child=child),
            Visit: Visit.objects.filter(child=child),
            RiskAssessment: RiskAssessment.objects.filter(child=child),
            ScreeningRecord: ScreeningRecord.objects.filter(child=child),
            Problem: Problem.objects.filter(child=child),
            CareMeasure: CareMeasure.objects.filter(child=child),
            EligibilityApplication: EligibilityApplication.objects.filter(child=child),
            PayrollLine: PayrollLine.objects.filter(child=child),
            InsuranceEnrolment: InsuranceEnrolment.objects.filter(child=child),
        }

    def test_every_record_kind_exists_for_the_child(self):
        for model, records in self.kinds.items():
            with self.subTest(model=model.__name__):
                self.assertTrue(records.exists())

    def test_visible_to_the_new_director_only(self):
        for model, records in self.kinds.items():
            pks = set(records.values_list("pk", flat=True))
            with self.subTest(model=model.__name__, director="old"):
                visible = set(
                    model.objects.visible_to(self.old).filter(pk__in=pks).values_list("pk", flat=True)
                )
                self.assertEqual(visible, set())
            with self.subTest(model=model.__name__, director="new"):
                visible = set(
                    model.objects.visible_to(self.new).filter(pk__in=pks).values_list("pk", flat=True)
                )
                self.assertEqual(visible, pks)

    def pages(self):
        return [
            reverse("registry:child_detail", args=[self.child.pk]),
            reverse("discovery:child", args=[self.child.pk]),
            reverse("discovery:child_visit", args=[self.child.pk]),
            reverse("discovery:record_detail", args=[self.record.pk]),
            reverse("discovery:record_screen", args=[self.record.pk]),
            reverse("discovery:problem_detail", args=[self.problem.pk]),
            reverse("benefits:application_detail", args=[self.application.pk]),
        ]

    def test_pages_404_for_the_old_director_and_open_for_the_new(self):
        for director, want in ((self.old, 404), (self.new, 200)):
            self.client.force_login(director)
            for url in self.pages():
                with self.subTest(director=director.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, want)

    def screen(self, actor):
        record = ScreeningRecord.objects.get(pk=self.record.pk)
        return discovery.screen_record(
            record,
            actor=actor,
            expected_version=record.version,
            visited_on=TODAY,
            mode="home",
            living_situation="与祖父母同住",
        )

    def test_the_services_refuse_the_old_director(self):
        writes = {
            "screen": lambda actor: self.screen(actor),
            "visit": lambda actor: discovery.record_visit(
                child=Child.objects.get(pk=self.child.pk), actor=actor, visited_on=TODAY, mode="home"
            ),
            "member": lambda actor: add_family_member(
                child=Child.objects.get(pk=self.child.pk), actor=actor, name="李四", relation="aunt"
            ),
            "problem": lambda actor: discovery.raise_problem(
                child=Child.objects.get(pk=self.child.pk),
                actor=actor,
                kind=ProblemKind.SCHOOLING,
                description="辍学",
                department="education",
                deadline=TODAY + timedelta(days=10),
            ),
        }
        visits = Visit.objects.filter(child=self.child).count()
        for name, write in writes.items():
            with self.subTest(write=name):
                with self.assertRaises(DomainError):
                    write(self.old)
        self.assertEqual(Visit.objects.filter(child=self.child).count(), visits)
        self.assertEqual(ScreeningRecord.objects.get(pk=self.record.pk).status, RecordStatus.PENDING)
        for name, write in writes.items():
            with self.subTest(write=name, director="new"):
                write(self.new)
        self.assertEqual(ScreeningRecord.objects.get(pk=self.record.pk).status, RecordStatus.SCREENED)

    def test_the_open_screening_record_moves_with_the_child(self):
        """Campaign figures count the record in the community that now screens the child."""
        self.assertEqual(ScreeningRecord.objects.get(pk=self.record.pk).area_id, named.DAXINGGONG)


class ConfirmedRecordStaysTest(TestCase):
    """A confirmed record keeps the community where the screening happened (campaign figures
    are history), yet, scoped through the child, only the new director reads it."""

    def test_confirmed_record_keeps_its_area_but_follows_the_child_for_access(self):
        users = named.ensure_people()
        officer, old, new = users["officer_xuanwu"], users["director_meiyuan"], users["director_daxinggong"]
        child = ChildFactory(area_id=named.MEIYUAN)
        campaign = discovery.create_campaign(
            actor=officer,
            name="梅园新村街道专项排查",
            year=TODAY.year,
            area=Area.objects.get(code=named.MEIYUAN_STREET),
            start_date=TODAY - timedelta(days=5),
            end_date=TODAY + timedelta(days=30),
            sample_rate=Decimal("0"),
        )
        record = ScreeningRecord.objects.create(campaign=campaign, child=child, area_id=named.MEIYUAN)
        ScreeningRecord.objects.filter(pk=record.pk).update(status=RecordStatus.CONFIRMED)
        update_child(child, actor=users["supervisor_meiyuan"], area_id=named.DAXINGGONG)
        self.assertEqual(ScreeningRecord.objects.get(pk=record.pk).area_id, named.MEIYUAN)
        self.assertFalse(ScreeningRecord.objects.visible_to(old).filter(pk=record.pk).exists())
        self.assertTrue(ScreeningRecord.objects.visible_to(new).filter(pk=record.pk).exists())
