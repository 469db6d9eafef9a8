"""The records of the URL × role matrix (testing/tests/test_url_matrix.py): the named users,
a superuser and an inactive user, and for every record kind a variant of 梅园社区 (玄武区) and
of 宁海路社区 (鼓楼区) — plus the records of other apps' own fixture modules
(outreach/tests/matrix_records.py, testing/matrix_conference.py). Built once per test class
(setUpTestData)."""

from __future__ import annotations

import io
import shutil
import tempfile
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.http import QueryDict
from django.test import TestCase, override_settings
from django.utils import timezone

from childwelfare.accounts.choices import Department
from childwelfare.accounts.services import system_user
from childwelfare.areas.models import Area
from childwelfare.audit.models import AccessAction
from childwelfare.audit.services import log_access
from childwelfare.benefits.applications import refuse_application, submit_application
from childwelfare.benefits.choices import ApplicantKind, ApplicationKind, InsuranceKind
from childwelfare.benefits.insurance import generate_roster
from childwelfare.benefits.models import BankAccount, InsuranceEnrolment, InsuranceScheme, PayrollLine
from childwelfare.benefits.payroll import approve_payroll, run_payroll
from childwelfare.benefits.standards import preview_uprating
from childwelfare.deadlines.changes import request_change
from childwelfare.deadlines.models import Deadline
from childwelfare.deadlines.services import open_deadline
from childwelfare.discovery import services as discovery
from childwelfare.discovery.choices import MeasureType, ProblemKind, ProviderKind
from childwelfare.discovery.models import ScreeningRecord
from childwelfare.exports.services import start_export_job
from childwelfare.exports.tasks import run_export
from childwelfare.lib.exporting import export_list
from childwelfare.outreach.tests.matrix_records import outreach_records
from childwelfare.registry.choices import Category
from childwelfare.registry.conflicts import record_conflicts
from childwelfare.registry.services import add_category, start_roster_import
from childwelfare.testing import people as named
from childwelfare.testing import url_matrix as matrix
from childwelfare.testing.factories import ChildFactory, UserFactory
from childwelfare.testing.matrix_conference import conference_records

TODAY = timezone.localdate()


def relation_of(user_area: str | None, record_area: str | None) -> str:
    """own: the record lies in the user's area subtree; parent: above it; else sibling.
    A superuser without an area, and a record without one (a city-wide scheme), are own."""
    if not user_area or not record_area or record_area.startswith(user_area):
        return "own"
    if user_area.startswith(record_area):
        return "parent"
    return "sibling"


class MatrixRecords(TestCase):
    """One record of every kind that has a URL, in 梅园社区 / 玄武区 (M) and in 宁海路社区 /
    鼓楼区 (N), and for campaigns and upratings one over the whole city (C)."""

    @classmethod
    def setUpClass(cls):
        cls._media = tempfile.mkdtemp()
        cls._media_override = override_settings(MEDIA_ROOT=cls._media)
        cls._media_override.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls._media_override.disable()
        shutil.rmtree(cls._media, ignore_errors=True)

    @classmethod
    def setUpTestData(cls):
        users = named.ensure_people()
        user_model = get_user_model()
        users[matrix.SUPERUSER] = user_model.objects.create_superuser(
            username="matrix_superuser", password=named.DEMO_PASSWORD
        )
        users[matrix.INACTIVE] = user_model.objects.create_user(
            username="matrix_inactive",
            password=named.DEMO_PASSWORD,
            role=users[matrix.DIRECTOR_MEIYUAN].role,
            area_id=named.MEIYUAN,
            is_active=False,
        )
        cls.users = users
        admin, officer_x, officer_g = (
            users[matrix.CITY_ADMIN],
            users["officer_xuanwu"],
            users["officer_gulou"],
        )
        director_m, director_n = users["director_meiyuan"], users["director_ninghai"]
        call_command("seed_standards", stdout=io.StringIO())
        area = {code: Area.objects.get(code=code) for code in (named.NANJING, named.XUANWU, named.GULOU)}
        area[named.MEIYUAN_STREET] = Area.objects.get(code=named.MEIYUAN_STREET)
        area[named.NINGHAI_STREET] = Area.objects.get(code=named.NINGHAI_STREET)
        area[named.MEIYUAN] = Area.objects.get(code=named.MEIYUAN)
        area[named.NINGHAI] = Area.objects.get(code=named.NINGHAI)

        children = {"M": ChildFactory(area_id=named.MEIYUAN), "N": ChildFactory(area_id=named.NINGHAI)}
        for child in children.values():
            spell = add_category(
                child=child, actor=admin, category=Category.SCATTERED_ORPHAN, start_date=date(2020, 1, 1)
            )
            # A paid category waits for a second person (issue 8): confirmed here as a data
            # load would be, so the payrolls below have lines.
            type(spell).objects.filter(pk=spell.pk).update(status="confirmed")
            # Paid to a social security card, whose number is the child's ID number (so the
            # account pages and the bank file show a number that must stay masked).
            BankAccount.objects.create(
                child=child, holder_name=child.name, bank_name="社会保障卡", account_number=child.id_number
            )

        imports = {
            label: start_roster_import(
                actor=actor, area=area[code], upload=SimpleUploadedFile("名册.csv", "姓名\n".encode())
            )
            for label, actor, code in (("M", officer_x, named.MEIYUAN), ("N", officer_g, named.NINGHAI))
        }

        def campaign(actor, code, name, *, start=True):
            made = discovery.create_campaign(
                actor=actor,
                name=name,
                year=TODAY.year,
                area=area[code],
                start_date=TODAY - timedelta(days=5),
                end_date=TODAY + timedelta(days=30),
                sample_rate=Decimal("0"),
            )
            if start:
                discovery.start_campaign(made, actor=actor)
            return made

        campaigns = {
            "M": campaign(officer_x, named.MEIYUAN_STREET, "梅园新村街道专项排查"),
            "N": campaign(officer_g, named.NINGHAI_STREET, "宁海路街道专项排查"),
            "C": campaign(admin, named.NANJING, "全市专项排查"),
        }
        drafts = {
            "M": campaign(officer_x, named.MEIYUAN_STREET, "梅园新村街道草稿", start=False),
            "N": campaign(officer_g, named.NINGHAI_STREET, "宁海路街道草稿", start=False),
            "C": campaign(admin, named.NANJING, "全市草稿", start=False),
        }
        records = {
            label: ScreeningRecord.objects.get(campaign=campaigns[label], child=children[label])
            for label in ("M", "N")
        }
        visits = {
            label: discovery.record_visit(
                child=children[label],
                actor=actor,
                visited_on=TODAY,
                mode="home",
                living_situation="与祖父母同住",
            )[0]
            for label, actor in (("M", director_m), ("N", director_n))
        }
        deadline = TODAY + timedelta(days=30)

        def problem(child, actor, department):
            return discovery.raise_problem(
                child=child,
                actor=actor,
                kind=ProblemKind.SCHOOLING,
                description="未按时入学",
                department=department,
                deadline=deadline,
            )

        problems = {
            "M": problem(children["M"], director_m, Department.EDUCATION),
            "N": problem(children["N"], director_n, Department.EDUCATION),
            "M-health": problem(children["M"], director_m, Department.HEALTH),
        }
        discovery.add_care_measure(
            child=children["M"],
            actor=director_m,
            measure_type=MeasureType.LIVING,
            provider_kind=ProviderKind.DEPARTMENT,
            provider_name="梅园新村街道民政科",
            start_date=TODAY,
        )
        applications = {
            label: submit_application(
                child=children[label],
                actor=actor,
                kind=ApplicationKind.DE_FACTO_UNSUPPORTED,
                applicant_kind=ApplicantKind.GUARDIAN,
                applicant_name="祖父",
                submitted_on=TODAY,
            )
            for label, actor in (("M", director_m), ("N", director_n))
        }
        refused = {}
        for label, code in (("M", named.MEIYUAN), ("N", named.NINGHAI)):
            app = submit_application(
                child=ChildFactory(area_id=code),
                actor=users[matrix.SUPERUSER],
                kind=ApplicationKind.DE_FACTO_UNSUPPORTED,
                applicant_kind=ApplicantKind.GUARDIAN,
                applicant_name="祖母",
                submitted_on=TODAY,
            )
            refused[label] = refuse_application(
                app, actor=users[matrix.SUPERUSER], on=TODAY, reason="不符合条件"
            )
        july = date(TODAY.year + 1, 7, 1)
        upratings = {
            label: preview_uprating(
                actor=actor, area=area[code], effective_from=july, legal_basis="测试", percent=Decimal("5")
            )
            for label, actor, code in (
                ("M", officer_x, named.XUANWU),
                ("N", officer_g, named.GULOU),
                ("C", admin, named.NANJING),
            )
        }
        month = TODAY.replace(day=1) - timedelta(days=1)
        payrolls = {}
        for label, actor, code in (("M", officer_x, named.XUANWU), ("N", officer_g, named.GULOU)):
            payrolls[label] = run_payroll(area[code], month.replace(day=1), actor=actor)
            approve_payroll(payrolls[label], actor=system_user())  # four eyes: not the one who computed
        lines = {label: PayrollLine.objects.filter(payroll=payrolls[label]).first() for label in ("M", "N")}
        scheme = InsuranceScheme.objects.create(
            name="困境儿童意外伤害保险",
            kind=InsuranceKind.ACCIDENT,
            categories=[Category.SCATTERED_ORPHAN],
            insurer="某保险公司",
        )
        for actor, code in ((officer_x, named.XUANWU), (officer_g, named.GULOU)):
            generate_roster(scheme, year=TODAY.year, area=area[code], as_of=TODAY, actor=actor)
        enrolments = {label: InsuranceEnrolment.objects.get(child=children[label]) for label in ("M", "N")}
        log_access(user=officer_x, action=AccessAction.EXPORT, object_type="registry.child", row_count=1)
        # A finished background export of officer_xuanwu (issue 9): its pages are theirs only.
        export_job = start_export_job(
            export_list("children"), user=officer_x, query=QueryDict(), url_kwargs={}, full=False, total=1
        )
        run_export.call(export_job.pk)
        conflicts = {
            label: record_conflicts(
                actor=actor, area_code=code, source="screening", hits=[(label * 64, None)]
            )[0]
            for label, actor, code in (("M", director_m, named.MEIYUAN), ("N", director_n, named.NINGHAI))
        }

        # A child director's account in each district, for the password reset (issue 9).
        accounts = {
            label: UserFactory(username=f"account_{label.lower()}", area_id=code)
            for label, code in (("M", named.MEIYUAN), ("N", named.NINGHAI))
        }

        # Work positions (issue 11): 梅园新村街道's workstation (staff_meiyuan's) and 宁海路街道's,
        # each with an activity and a photo of it.
        station_sites, activities, station_photos = _stations(officer_x, officer_g, users[matrix.STAFF], area)
        # --- cases (issue 10, caseflow): a case in 梅园社区 worked by its director, one in
        # 宁海路社区 by 鼓楼区's officer; an education action in each, a health one in M.
        from childwelfare.cases.services.opening import add_action, open_case

        cases = {
            "M": open_case(
                children["M"],
                source="police",
                worker=director_m,
                supervisor=users["supervisor_meiyuan"],
                actor=officer_x,
            ),
            "N": open_case(children["N"], source="police", worker=officer_g, actor=officer_g),
        }
        case_actions = {
            label: add_action(
                cases[case_label],
                title="复学安置",
                owner_kind="department",
                department=department,
                due_on=TODAY + timedelta(days=10),
                actor=cases[case_label].worker,
            )
            for label, case_label, department in (
                ("M", "M", Department.EDUCATION),
                ("N", "N", Department.EDUCATION),
                ("M-health", "M", Department.HEALTH),
            )
        }
        # --- issue 10, intake: a mandatory report with an attachment in each district ---------
        from childwelfare.cases.services.intake import add_attachment, record_mandatory_report

        def report(child, actor):
            found = timezone.now() - timedelta(hours=3)
            made = record_mandatory_report(
                actor=actor,
                child=child,
                received_at=found + timedelta(hours=1),
                description="身上多处伤痕",
                unit_name="某小学",
                unit_type="school",
                reporter_name="林秋月",
                situations=["4"],
                harm_found_at=found,
            )
            add_attachment(
                made.intake, actor=actor, upload=SimpleUploadedFile("伤情.png", b"\x89PNG\r\n\x1a\n matrix")
            )
            return made.intake

        intakes = {"M": report(children["M"], officer_x), "N": report(children["N"], officer_g)}
        attachments = {label: intake.attachments.get() for label, intake in intakes.items()}
        # Issue 10 (deadlines): each running application's check is a deadline on the engine;
        # a child's case assessment, whose pause its community's director asked for, waits
        # for a decision.
        deadlines = {
            label: Deadline.objects.running().get(subject_id=app.pk, rule="application_check")
            for label, app in applications.items()
        }
        deadline_changes = {
            label: request_change(
                open_deadline(children[label], "case_assessment", area_code=children[label].area_id),
                actor=actor,
                kind="pause",
                reason="儿童住院",
            )
            for label, actor in (("M", director_m), ("N", director_n))
        }
        # Issue 10: a temporary guardianship, an unknown-identity child with a photo and a
        # merge record in each district.
        from django.core.files.uploadedfile import SimpleUploadedFile as Upload

        from childwelfare.cases.services.guardianship import register_guardianship
        from childwelfare.registry.merging import merge_children
        from childwelfare.registry.unknown_identity import register_unknown_child

        guardianships, unknown, merges = {}, {}, {}
        for label, actor, code in (("M", officer_x, named.MEIYUAN), ("N", officer_g, named.NINGHAI)):
            guardianships[label] = register_guardianship(
                children[label],
                actor=actor,
                kind="temporary",
                ground="guardian_unable",
                placement="foster",
                placement_detail="寄养家庭",
                started_on=TODAY,
            )
            unknown[label] = register_unknown_child(
                actor=actor,
                area=area[code],
                gender="M",
                estimated_birth_year=TODAY.year - 6,
                found_place="南京站",
                found_on=TODAY,
                photo=Upload("p.png", b"\x89PNG\r\n\x1a\n" + b"x" * 16, content_type="image/png"),
            )
            pair = [ChildFactory(area_id=code) for _ in range(2)]
            merge_children(pair[0], pair[1], actor=actor)
            merges[label] = pair[0].merges_absorbed.get()

        # kind → [(variant label, pk, area code the record belongs to)]
        def variants(objects, area_of):
            return [(label, obj.pk, area_of(obj)) for label, obj in objects.items()]

        cls.records = {
            "child": variants(children, lambda o: o.area_id),
            "roster_import": variants(imports, lambda o: o.area_id),
            "registration_conflict": variants(conflicts, lambda o: o.area_id),
            "campaign": variants(campaigns, lambda o: o.area_id),
            "draft_campaign": variants(drafts, lambda o: o.area_id),
            "screening_record": variants(records, lambda o: o.area_id),
            "problem": variants(problems, lambda o: o.child.area_id),
            "application": variants(applications, lambda o: o.child.area_id),
            "refused_application": variants(refused, lambda o: o.child.area_id),
            "visit": variants(visits, lambda o: o.child.area_id),
            "uprating": variants(upratings, lambda o: o.area_id),
            "payroll": variants(payrolls, lambda o: o.area_id),
            "payroll_line": variants(lines, lambda o: o.child.area_id),
            "insurance_scheme": [("city", scheme.pk, None)],
            "insurance_enrolment": variants(enrolments, lambda o: o.child.area_id),
            "export_job": [("M", export_job.pk, officer_x.area_id)],
            "account": variants(accounts, lambda o: o.area_id),
            "site": variants(station_sites, lambda o: o.area_id),
            "station_activity": variants(activities, lambda o: o.site.area_id),
            "station_photo": variants(station_photos, lambda o: o.activity.site.area_id),
            "case": variants(cases, lambda o: o.child.area_id),
            "case_action": variants(case_actions, lambda o: o.case.child.area_id),
            "intake": variants(intakes, lambda o: o.area_id),
            "intake_attachment": variants(attachments, lambda o: o.intake.area_id),
            "deadline": variants(deadlines, lambda o: o.area_code),
            "deadline_change": variants(deadline_changes, lambda o: o.deadline.area_code),
            "guardianship": variants(guardianships, lambda o: o.child.area_id),
            "unknown_child": variants(unknown, lambda o: o.area_id),
            "merge_record": variants(merges, lambda o: o.survivor.area_id),
        }
        cls.records.update(outreach_records(users, TODAY))
        cls.foreign_department = {("problem", "M-health"), ("case_action", "M-health")}
        # --- cases: conferences (会商, issue 10) ---
        cls.records.update(conference_records(users))
        cls.foreign_department |= {
            (kind, "M-health") for kind in ("conference", "conference_paper", "conference_action")
        }


def _stations(officer_x, officer_g, staff, area):
    from childwelfare.stations import photos, services
    from childwelfare.stations.tests.test_rules import _png

    sites, activities, pictures = {}, {}, {}
    for label, actor, code in (
        ("M", officer_x, named.MEIYUAN_STREET),
        ("N", officer_g, named.NINGHAI_STREET),
    ):
        site = services.create_site(actor=actor, kind="workstation", name=f"{label}工作站", area=area[code])
        sites[label] = site
        activities[label] = services.record_activity(
            site, actor=actor, held_on=TODAY, kind="visit", title="走访", person_times=3
        )
        pictures[label] = photos.add_photo(
            activities[label], actor=actor, upload=SimpleUploadedFile("p.png", _png())
        )
    services.add_member(sites["M"], actor=officer_x, user=staff, since=TODAY)
    return sites, activities, pictures
