"""The dashboard's every number opens a list with the same count (or total), the same
filters, dates and scope (issue 12; Primero R2-1043, R2-2178): a small dataset built by hand,
the page rendered for a city, a district and a community user, every number's link
followed. A few numbers are also checked against hand counts, records outside the user's
area are counted nowhere, and the page costs the same number of queries with more children."""

from __future__ import annotations

import html
import re
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from childwelfare.benefits.choices import ApplicationStatus, PayrollStatus
from childwelfare.benefits.models import Payroll, PayrollLine
from childwelfare.cases.choices import (
    ActionStatus,
    CaseSource,
    CaseStatus,
    ConferenceStatus,
    KeyCaseClass,
    OwnerKind,
    ReportingUnitType,
)
from childwelfare.cases.models import (
    Case,
    CaseAction,
    CaseKeyClass,
    Conference,
    ConferenceCase,
    ConferenceDecision,
    Intake,
    MandatoryReport,
)
from childwelfare.deadlines.services import meet_deadline, open_deadline
from childwelfare.discovery import schedule
from childwelfare.discovery.models import RiskAssessment
from childwelfare.discovery.risk import current_item_set
from childwelfare.registry.choices import Category
from childwelfare.registry.models import Child
from childwelfare.reports import figures
from childwelfare.reports.dashboard import dashboard_data
from childwelfare.reports.figures import Period
from childwelfare.testing import people
from childwelfare.testing.factories import (
    ChildFactory,
    EligibilityApplicationFactory,
    ProblemFactory,
    VisitFactory,
    named_user,
)

TODAY = timezone.localdate()
DFU = Category.DE_FACTO_UNSUPPORTED
LINK = re.compile(r'<a data-figure-link="([^"]+)" data-value="([^"]*)" href="([^"]+)">')


def ago(days: int):
    return TODAY - timedelta(days=days)


def moment(days_ago: int, hour: int = 9):
    return timezone.make_aware(datetime.combine(ago(days_ago), time(hour)))


def month_start(months_ago: int):
    year, month = TODAY.year, TODAY.month - months_ago
    while month <= 0:
        month, year = month + 12, year - 1
    return TODAY.replace(year=year, month=month, day=1)


def listed_count(response) -> int:
    return int(re.search(rb'data-list-count="(\d+)"', response.content).group(1))


def listed_value(response) -> str:
    return re.search(rb'data-figure-value data-value="([^"]*)"', response.content).group(1).decode()


class DashboardWalkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        director = named_user("director_meiyuan")
        officer = named_user("officer_xuanwu")
        birth = {"birth_date": ago(365 * 10)}
        child = {}
        # 梅园社区 (玄武区): m1–m3 de facto unsupported, m4 a scattered orphan; 大行宫社区 (玄武区):
        # d1, d2 de facto unsupported; 宁海路社区 (鼓楼区): n1, n2 DFU, n3 rural left-behind.
        for name, area, category in (
            ("m1", people.MEIYUAN, DFU),
            ("m2", people.MEIYUAN, DFU),
            ("m3", people.MEIYUAN, DFU),
            ("m4", people.MEIYUAN, Category.SCATTERED_ORPHAN),
            ("d1", people.DAXINGGONG, DFU),
            ("d2", people.DAXINGGONG, DFU),
            ("n1", people.NINGHAI, DFU),
            ("n2", people.NINGHAI, DFU),
            ("n3", people.NINGHAI, Category.RURAL_LEFT_BEHIND),
        ):
            child[name] = ChildFactory(area_id=area, category=category, **birth)
        cls.child = child
        # Risk colours: m1 green 100 days ago then red 5 days ago; m2 yellow; m3 blue; d1
        # green 50 days ago; n1 red; the others never assessed.
        item_set = current_item_set()
        for name, colour, days in (
            ("m1", "green", 100),
            ("m1", "red", 5),
            ("m2", "yellow", 3),
            ("m3", "blue", 10),
            ("d1", "green", 50),
            ("n1", "red", 2),
        ):
            RiskAssessment.objects.create(
                child=child[name],
                assessed_on=ago(days),
                assessor=director,
                item_set=item_set,
                score=0,
                colour=colour,
            )
        # Overdue visits: m1 visited 20 days ago, red (7 days) → due 13 days ago; n2 visited
        # 200 days ago, never assessed (green, 90 days) → overdue. The others are due on the
        # day their file was opened (today).
        VisitFactory(child=child["m1"], visited_on=ago(20))
        VisitFactory(child=child["n2"], visited_on=ago(200))
        schedule.store_schedule(Child.objects.all())
        # Problems: m2's and n1's past their deadline, d1's not yet.
        ProblemFactory(child=child["m2"], deadline=ago(3))
        ProblemFactory(child=child["n1"], deadline=ago(5))
        ProblemFactory(child=child["d1"], deadline=TODAY + timedelta(days=10))
        # Applications: m3 submitted 40 days ago, verification due 10 days ago (overdue); d2
        # submitted 5 days ago; m4 verified 2 days ago; n3 confirmed yesterday.
        EligibilityApplicationFactory(child=child["m3"], submitted_on=ago(40), verify_due=ago(10))
        EligibilityApplicationFactory(child=child["d2"], submitted_on=ago(5))
        EligibilityApplicationFactory(
            child=child["m4"],
            submitted_on=ago(30),
            verify_due=ago(5),
            status=ApplicationStatus.VERIFIED,
            verified_on=ago(2),
            confirm_due=TODAY + timedelta(days=20),
        )
        EligibilityApplicationFactory(
            child=child["n3"],
            submitted_on=ago(60),
            verify_due=ago(30),
            status=ApplicationStatus.CONFIRMED,
            verified_on=ago(35),
            confirm_due=ago(10),
            confirmed_on=ago(1),
        )
        # Payrolls: last month 玄武 (m1 1,500.00 + d1 1,500.00) and 鼓楼 (n1 1,200.00) approved;
        # two months ago 玄武 (m1 1,500.00) approved; this month's 玄武 draft (m2) not counted.
        for area, months_ago, status, lines in (
            (people.XUANWU, 1, PayrollStatus.APPROVED, (("m1", "1500.00"), ("d1", "1500.00"))),
            (people.GULOU, 1, PayrollStatus.APPROVED, (("n1", "1200.00"),)),
            (people.XUANWU, 2, PayrollStatus.APPROVED, (("m1", "1500.00"),)),
            (people.XUANWU, 0, PayrollStatus.DRAFT, (("m2", "1500.00"),)),
        ):
            month = month_start(months_ago)
            payroll = Payroll.objects.create(area_id=area, month=month, status=status)
            for name, amount in lines:
                PayrollLine.objects.create(
                    payroll=payroll,
                    child=child[name],
                    category=DFU,
                    for_month=month,
                    period_start=month,
                    period_end=month + timedelta(days=27),
                    days_eligible=28,
                    days_in_month=28,
                    amount_unrounded=Decimal(amount),
                    amount=Decimal(amount),
                )
        # Cases: m1 in intervention (abuse), m2 in assessment (guardianship missing, left
        # alone), d1 at intake, n1 closed two days ago (left alone).
        cases = {}
        for name, status, days, classes in (
            ("m1", CaseStatus.INTERVENTION, 20, (KeyCaseClass.ABUSE_OR_VIOLENCE,)),
            ("m2", CaseStatus.ASSESSMENT, 8, (KeyCaseClass.GUARDIANSHIP_MISSING, KeyCaseClass.LEFT_ALONE)),
            ("d1", CaseStatus.INTAKE, 10, ()),
            ("n1", CaseStatus.CLOSED, 30, (KeyCaseClass.LEFT_ALONE,)),
        ):
            case = Case.objects.create(
                number=f"GA-{name}",
                child=child[name],
                opened_on=ago(days),
                source=CaseSource.DISCOVERY_RED,
                worker=officer,
                status=status,
                closed_on=ago(2) if status == CaseStatus.CLOSED else None,
                created_by=officer,
            )
            for key_class in classes:
                CaseKeyClass.objects.create(case=case, key_class=key_class)
            cases[name] = case
        # Conferences: 玄武 held a week ago on m1's case (one open action, one done); 鼓楼 held
        # three days ago; 玄武's next one planned (not counted).
        held = Conference.objects.create(
            area_id=people.XUANWU, title="玄武区月度会商", held_at=moment(7), convener=officer, quorum=3,
            status=ConferenceStatus.HELD,
        )  # fmt: skip
        Conference.objects.create(
            area_id=people.GULOU, title="鼓楼区会商", held_at=moment(3), convener=named_user("officer_gulou"),
            quorum=3, status=ConferenceStatus.HELD,
        )  # fmt: skip
        Conference.objects.create(
            area_id=people.XUANWU, title="下月会商", held_at=moment(-7), convener=officer, quorum=3
        )
        item = ConferenceCase.objects.create(conference=held, case=cases["m1"])
        decision = ConferenceDecision.objects.create(item=item, text="落实临时监护", recorded_by=officer)
        for title, status in (("家访评估", ActionStatus.OPEN), ("联系学校", ActionStatus.DONE)):
            CaseAction.objects.create(
                case=cases["m1"], decision=decision, title=title, owner_kind=OwnerKind.PERSON,
                owner_user=director, due_on=TODAY + timedelta(days=5), status=status, created_by=officer,
            )  # fmt: skip
        # Mandatory reports: 梅园 received 10 days ago, acknowledged after 2 hours; 大行宫
        # received 5 days ago, acknowledged after 30 hours (late: 24 hours); 宁海路 received
        # 3 days ago, not acknowledged yet.
        for area, days, hours in (
            (people.MEIYUAN, 10, 2),
            (people.DAXINGGONG, 5, 30),
            (people.NINGHAI, 3, None),
        ):
            received = moment(days)
            intake = Intake.objects.create(
                source=CaseSource.MANDATORY_REPORT, received_at=received, area_id=area,
                description="学校报告疑似受伤", recorded_by=director,
            )  # fmt: skip
            report = MandatoryReport.objects.create(
                intake=intake, unit_name="某小学", unit_type=ReportingUnitType.SCHOOL, harm_found_at=received,
                acknowledged_at=received + timedelta(hours=hours) if hours else None,
            )  # fmt: skip
            open_deadline(report, "mandatory_report_ack", start=received, area_code=area, label="受理")
            if hours:
                meet_deadline(report, "mandatory_report_ack", at=received + timedelta(hours=hours))

    # --- helpers -------------------------------------------------------------------------------

    def dashboard(self, username, query=""):
        self.client.force_login(named_user(username))
        response = self.client.get(reverse("reports:dashboard") + query)
        self.assertEqual(response.status_code, 200)
        return response

    def numbers(self, response) -> list[tuple[str, str, str]]:
        """(figure, value, url) of every number on the page."""
        return [
            (key, value, html.unescape(url)) for key, value, url in LINK.findall(response.content.decode())
        ]

    def walk(self, username) -> dict[tuple[str, str | None], str]:
        """Follow every number's link; assert the list shows the same count (or total).
        Returns {(figure, arg): value shown} and keeps each list's HTML in self.pages."""
        numbers = self.numbers(self.dashboard(username))
        self.assertGreater(len(numbers), 30)
        shown, self.pages = {}, []
        for key, value, url in numbers:
            response = self.client.get(url)
            with self.subTest(username=username, figure=key, url=url):
                self.assertEqual(response.status_code, 200)
                if figures.figure(key).is_count:
                    self.assertEqual(listed_count(response), int(value))
                else:
                    self.assertEqual(Decimal(listed_value(response)), Decimal(value))
            arg = re.search(r"[?&]arg=([^&]*)", url)
            shown[(key, arg.group(1) if arg else None)] = value
            self.pages.append(response.content.decode())
        return shown

    # --- tests ---------------------------------------------------------------------------------

    def test_every_number_of_the_city_equals_its_list(self):
        shown = self.walk("admin_nanjing")
        expected = {
            ("children.by_category", DFU): "7",  # m1–m3, d1, d2, n1, n2
            ("children.by_category", Category.SCATTERED_ORPHAN): "1",
            ("children.by_category", Category.RURAL_LEFT_BEHIND): "1",
            ("children.by_district", people.XUANWU): "6",
            ("children.by_district", people.GULOU): "3",
            ("discovery.colours", "red"): "2",  # m1, n1
            ("discovery.colours", "green"): "1",  # d1
            ("discovery.colours", "none"): "4",  # m4, d2, n2, n3
            ("discovery.overdue_visits", None): "2",  # m1, n2
            ("discovery.overdue_problems", None): "2",  # m2, n1
            ("applications.by_step", "submitted"): "2",  # m3, d2
            ("applications.by_step", "verified"): "1",
            ("applications.by_step", "confirmed"): "1",
            ("applications.overdue", None): "1",  # m3
            ("payroll.monthly_total", f"{month_start(1):%Y-%m}"): "4200.00",  # 1,500 + 1,500 + 1,200
            ("payroll.monthly_total", f"{month_start(2):%Y-%m}"): "1500.00",
            ("payroll.monthly_total", f"{month_start(0):%Y-%m}"): "0.00",  # a draft is not paid
            ("cases.by_status", "closed"): "1",
            ("cases.by_key_class", "left_alone"): "1",  # m2 (n1's case is closed)
            ("conferences.held", None): "2",
            ("conferences.open_actions", None): "1",
            ("mandatory_reports.received", None): "3",
            ("mandatory_reports.ack_median_hours", None): "16.0",  # median of 2 and 30 hours
            ("mandatory_reports.acknowledged_late", None): "1",
        }
        for key, value in expected.items():
            with self.subTest(key):
                self.assertEqual(shown.get(key), value)

    def test_every_number_of_a_district_equals_its_list_and_counts_nothing_of_another(self):
        shown = self.walk("officer_xuanwu")
        expected = {
            ("children.by_category", DFU): "5",
            ("children.by_district", people.MEIYUAN_STREET): "6",
            ("children.by_district", people.XINJIEKOU_STREET): "0",
            ("discovery.colours", "red"): "1",
            ("discovery.overdue_visits", None): "1",
            ("discovery.overdue_problems", None): "1",
            ("applications.by_step", "submitted"): "2",
            ("applications.by_step", "confirmed"): "0",
            ("payroll.monthly_total", f"{month_start(1):%Y-%m}"): "3000.00",
            ("conferences.held", None): "1",
            ("mandatory_reports.received", None): "2",
            ("mandatory_reports.acknowledged_late", None): "1",
        }
        for key, value in expected.items():
            with self.subTest(key):
                self.assertEqual(shown.get(key), value)
        outside = [self.child[name].name for name in ("n1", "n2", "n3")]
        for page in self.pages:
            for name in outside:
                self.assertNotIn(name, page)

    def test_every_number_of_a_community_equals_its_list_and_counts_nothing_of_another(self):
        shown = self.walk("director_meiyuan")
        expected = {
            ("children.by_category", DFU): "3",
            ("discovery.colours", "red"): "1",
            ("discovery.colours", "green"): "0",
            ("discovery.colours", "none"): "1",  # m4
            ("discovery.overdue_visits", None): "1",
            ("applications.by_step", "submitted"): "1",
            ("applications.overdue", None): "1",
            ("cases.by_status", "intake"): "0",  # d1's case is in 大行宫
            ("conferences.held", None): "0",  # convened by the district
            ("conferences.open_actions", None): "1",  # on m1's case
            ("mandatory_reports.received", None): "1",
            ("mandatory_reports.ack_median_hours", None): "2.0",
            ("mandatory_reports.acknowledged_late", None): "0",
        }
        for key, value in expected.items():
            with self.subTest(key):
                self.assertEqual(shown.get(key), value)
        # No area below a community; the payroll's pages are not a director's.
        self.assertFalse(any(key == "children.by_district" for key, _arg in shown))
        self.assertFalse(any(key == "payroll.monthly_total" for key, _arg in shown))
        outside = [self.child[name].name for name in ("d1", "d2", "n1", "n2", "n3")]
        for page in self.pages:
            for name in outside:
                self.assertNotIn(name, page)

    def test_an_area_inside_the_scope_can_be_chosen_and_one_outside_is_refused(self):
        response = self.dashboard("admin_nanjing", f"?area={people.MEIYUAN}")
        shown = {(key, url) for key, _value, url in self.numbers(response)}
        self.assertTrue(shown)
        self.assertTrue(all(f"area={people.MEIYUAN}" in url for _key, url in shown))
        response = self.dashboard("officer_xuanwu", f"?area={people.GULOU}")
        self.assertEqual(self.numbers(response), [])
        self.assertContains(response, "is-invalid")
        # The lists behind a number refuse another area, as the drill-down always did.
        period = Period.as_of(people.GULOU, TODAY)
        self.assertEqual(
            self.client.get(figures.drill_url("discovery.overdue_visits", period)).status_code, 404
        )

    def test_colours_are_as_of_the_day(self):
        # Thirty days ago: m1's latest assessment was the green one of 100 days ago, d1's the
        # green of 50 days ago; the others were not assessed yet.
        period = Period.as_of(people.XUANWU, ago(30))
        user = named_user("officer_xuanwu")
        values = figures.values_of("discovery.colours", period, ["red", "green", "none"], user=user)
        self.assertEqual(values, {"red": 0, "green": 2, "none": 4})
        self.assertEqual(figures.value_of("discovery.colours", period, "green", user=user), 2)
        response = self.dashboard("officer_xuanwu", f"?date_to={ago(30):%Y-%m-%d}")
        shown = {(key, value) for key, value, url in self.numbers(response) if "arg=green" in url}
        self.assertEqual(shown, {("discovery.colours", "2")})

    def test_the_page_costs_the_same_queries_with_more_children(self):
        user = named_user("officer_xuanwu")
        period = Period.as_of(people.XUANWU, TODAY)
        dashboard_data(user, period)  # counts the area's tallies for today
        with CaptureQueriesContext(connection) as before:
            dashboard_data(user, period)
        for _ in range(5):
            ChildFactory(area_id=people.DAXINGGONG, category=DFU, birth_date=ago(365 * 8))
        changed = dashboard_data(user, period)  # recounts 大行宫 (reports/aggregates.py)
        with self.assertNumQueries(len(before.captured_queries)):
            data = dashboard_data(user, period)
        self.assertEqual(data, changed)
        # One grouped query per figure of many numbers (6), one per single number (9), one
        # for the areas below (reports/dashboard.py LAYOUT): 16; the screening campaigns'
        # progress (2, and 1 per running campaign for its name: here one), insured children
        # by scheme (1) and the stations' figures (2): 22; and one to see that the tallies
        # are fresh (reports/aggregates.py): 23.
        self.assertLessEqual(len(before.captured_queries), 23)
        self.assertTrue(data["panels"])

    def test_the_payrolls_figures_are_their_readers_only(self):
        # A community director reads the statistics but not the payroll (benefits'
        # can_read_payrolls): the month's total and its lines are refused, not just hidden.
        period = Period.as_of(people.MEIYUAN, TODAY)
        self.client.force_login(named_user("director_meiyuan"))
        url = figures.drill_url("payroll.monthly_total", period, f"{month_start(1):%Y-%m}")
        self.assertEqual(self.client.get(url).status_code, 403)
        self.client.force_login(named_user("officer_xuanwu"))
        period = Period.as_of(people.XUANWU, TODAY)
        url = figures.drill_url("payroll.monthly_total", period, f"{month_start(1):%Y-%m}")
        self.assertEqual(self.client.get(url).status_code, 200)
