"""The screening, standards and insurance figures (reports.sections.screening, .standards,
.insurance) on a small dataset built by hand, each checked against counts written here, for a
city, a district and a community user; the drill-down list shows the same count; records of
another district are not counted.

The dataset (2024; 梅园 and 大行宫 in 玄武区, 宁海路 in 鼓楼区):

    child  community  category (from 2023-01-01)   2024 DFU screening       2024 general   problems
    m1     梅园        de facto unsupported          screened                 screened       hukou, solved 2024-05-20
    m2     梅园        de facto unsupported          screened                 —              benefit, solved, no record
    m3     梅园        other in difficulty           added, not eligible      —
    m4     梅园        scattered orphan              —                        screened       benefit, solved 2024-05-15
    d1     大行宫      de facto unsupported          screened                 —              schooling, solved 2024-06-01
    d2     大行宫      dibao                         —                        screened       (2023 campaign, solved 2023)
    n1     宁海路      de facto unsupported          screened                 —              schooling, open
    n2     宁海路      de facto unsupported          pending (not screened)   screened
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from childwelfare.accounts.choices import Department
from childwelfare.accounts.services import system_user
from childwelfare.benefits.choices import InsuranceKind
from childwelfare.benefits.insurance import generate_roster, remove_enrolment
from childwelfare.benefits.models import DibaoStandard, InsuranceEnrolment, InsuranceScheme
from childwelfare.benefits.standards import approve_uprating, create_standard, preview_uprating
from childwelfare.discovery.choices import CampaignStatus, ProblemKind, ProblemStatus, RecordStatus
from childwelfare.registry.choices import Category
from childwelfare.reports import figures
from childwelfare.reports.figures import Period
from childwelfare.reports.sections.screening import running_campaigns
from childwelfare.testing import people
from childwelfare.testing.factories import (
    CampaignFactory,
    ChildFactory,
    ProblemFactory,
    ScreeningRecordFactory,
    named_area,
    named_user,
)

C = Category
SINCE = date(2023, 1, 1)
USERS = (
    ("admin_nanjing", people.NANJING),
    ("officer_xuanwu", people.XUANWU),
    ("director_meiyuan", people.MEIYUAN),
)


def at(day: date):
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10))


def listed_count(response) -> int:
    return int(re.search(rb'data-list-count="(\d+)"', response.content).group(1))


class ScreeningStandardsInsuranceFigures(TestCase):
    @classmethod
    def setUpTestData(cls):
        admin = named_user("admin_nanjing")
        kids = {}
        for name, area, category in (
            ("m1", people.MEIYUAN, C.DE_FACTO_UNSUPPORTED),
            ("m2", people.MEIYUAN, C.DE_FACTO_UNSUPPORTED),
            ("m3", people.MEIYUAN, C.OTHER_IN_DIFFICULTY),
            ("m4", people.MEIYUAN, C.SCATTERED_ORPHAN),
            ("d1", people.DAXINGGONG, C.DE_FACTO_UNSUPPORTED),
            ("d2", people.DAXINGGONG, C.DIBAO_FAMILY),
            ("n1", people.NINGHAI, C.DE_FACTO_UNSUPPORTED),
            ("n2", people.NINGHAI, C.DE_FACTO_UNSUPPORTED),
        ):
            kids[name] = ChildFactory(
                area_id=area, birth_date=date(2012, 3, 1), category=category, category__start_date=SINCE
            )
        cls.kids = kids
        city = named_area(people.NANJING)

        def campaign(name, targets, start, end, status=CampaignStatus.CLOSED, area=city):
            return CampaignFactory(
                name=name, year=start.year, area=area, target_categories=targets, start_date=start,
                end_date=end, status=status, started_at=at(start),
                closed_at=at(end) if status == CampaignStatus.CLOSED else None,
            )  # fmt: skip

        def record(campaign_, child, screened=None, status=RecordStatus.CONFIRMED, confirmed=None, **flags):
            return ScreeningRecordFactory(
                campaign=campaign_, child=child, status=status if screened or confirmed else RecordStatus.PENDING,
                screened_at=at(screened) if screened else None,
                confirmed_at=at(confirmed) if confirmed else None, **flags,
            )  # fmt: skip

        dfu = campaign(
            "2024年事实无人抚养儿童排查", [C.DE_FACTO_UNSUPPORTED], date(2024, 4, 1), date(2024, 6, 30)
        )
        general = campaign("2024年困境儿童排查", [], date(2024, 4, 1), date(2024, 6, 30))
        earlier = campaign("2023年困境儿童排查", [], date(2023, 4, 1), date(2023, 6, 30))
        r = {
            "m1": record(dfu, kids["m1"], date(2024, 4, 10)),
            "m2": record(dfu, kids["m2"], date(2024, 4, 11)),
            "m3": record(
                dfu,
                kids["m3"],
                date(2024, 4, 12),
                added_during_screening=True,
                in_difficulty_not_eligible=True,
            ),
            "d1": record(dfu, kids["d1"], date(2024, 4, 13)),
            "n1": record(dfu, kids["n1"], date(2024, 4, 14)),
            "n2": record(dfu, kids["n2"]),
            "gm1": record(general, kids["m1"], date(2024, 5, 2)),
            "gm4": record(general, kids["m4"], date(2024, 5, 3)),
            "gd2": record(general, kids["d2"], date(2024, 5, 4)),
            "gn2": record(general, kids["n2"], date(2024, 5, 5)),
            "old": record(earlier, kids["d2"], date(2023, 5, 1)),
        }

        def problem(child, kind, rec, solved=None):
            return ProblemFactory(
                child=child, kind=kind, record=rec, department=Department.EDUCATION,
                status=ProblemStatus.CLOSED if solved else ProblemStatus.OPEN,
                solved_at=at(solved) if solved else None,
            )  # fmt: skip

        problem(kids["m1"], ProblemKind.HUKOU, r["m1"], date(2024, 5, 20))
        problem(kids["m2"], ProblemKind.BENEFIT, None, date(2024, 5, 21))
        problem(kids["m4"], ProblemKind.BENEFIT, r["gm4"], date(2024, 5, 15))
        problem(kids["d1"], ProblemKind.SCHOOLING, r["d1"], date(2024, 6, 1))
        problem(kids["n1"], ProblemKind.SCHOOLING, r["n1"])
        problem(kids["d2"], ProblemKind.BENEFIT, r["old"], date(2023, 6, 1))
        # A campaign of 玄武区 running at the end of 2024: m1 and d1 confirmed, m2 pending,
        # d2 verified.
        running = campaign(
            "2024年玄武区排查", [], date(2024, 11, 1), date(2025, 1, 31), CampaignStatus.RUNNING,
            named_area(people.XUANWU),
        )  # fmt: skip
        cls.running = running
        record(running, kids["m1"], date(2024, 11, 5), confirmed=date(2024, 11, 20))
        record(running, kids["m2"])
        record(running, kids["d1"], date(2024, 11, 6), confirmed=date(2024, 11, 25))
        record(running, kids["d2"], date(2024, 11, 7), status=RecordStatus.VERIFIED)

        # Standards: the city's institutional orphan 1,900 from July 2022 with dibao 950;
        # upratings with dibao 950 → 1,000 (5.263 %: 1,900 → 2,000) in July 2023 and 1,000 →
        # 1,050 (5.000 %: 2,000 → 2,100) in July 2024; 玄武区's own 2,200 from 2024 (→ 2,310).
        system = system_user()
        DibaoStandard.objects.create(area=city, effective_from=date(2022, 7, 1), monthly_amount=950)
        create_standard(
            actor=admin, category=C.INSTITUTIONAL_ORPHAN, area=city, effective_from=date(2022, 7, 1),
            monthly_amount=Decimal("1900"), legal_basis="市标准2022",
        )  # fmt: skip
        for day, dibao in ((date(2023, 7, 1), 1000), (date(2024, 7, 1), 1050)):
            if day.year == 2024:
                create_standard(
                    actor=admin, category=C.INSTITUTIONAL_ORPHAN, area=named_area(people.XUANWU),
                    effective_from=date(2024, 1, 1), monthly_amount=Decimal("2200"), legal_basis="玄武区标准2024",
                )  # fmt: skip
            uprating = preview_uprating(
                actor=admin, area=city, effective_from=day, legal_basis=f"随低保调整{day.year}",
                new_dibao_amount=Decimal(dibao),
            )  # fmt: skip
            approve_uprating(uprating, actor=system)

        # Insurance 2024, drawn up as of 1 January 2024: m1, m2, m4, d1, n1, n2 hold an
        # accident (scattered orphan, DFU) and a medical category; n2 is then taken off the
        # accident roster.
        accident = InsuranceScheme.objects.create(
            name="意外伤害保险",
            kind=InsuranceKind.ACCIDENT,
            categories=[C.SCATTERED_ORPHAN, C.DE_FACTO_UNSUPPORTED],
        )
        medical = InsuranceScheme.objects.create(
            name="补充医疗保险",
            kind=InsuranceKind.SUPPLEMENTARY_MEDICAL,
            categories=[
                C.INSTITUTIONAL_ORPHAN,
                C.SCATTERED_ORPHAN,
                C.DE_FACTO_UNSUPPORTED,
                C.SERIOUSLY_ILL_OR_DISABLED,
            ],
        )
        for scheme in (accident, medical):
            generate_roster(scheme, year=2024, area=city, as_of=date(2024, 1, 1), actor=admin)
        remove_enrolment(
            InsuranceEnrolment.objects.get(scheme=accident, child=kids["n2"]),
            actor=admin,
            reason="已参加其他意外险",
        )
        cls.accident, cls.medical = accident, medical

    # (key, arg, {user: expected}) — written by hand from the table above.
    def expected(self):
        accident, medical = str(self.accident.pk), str(self.medical.pk)
        return [
            ("screening.children_screened", None, (8, 6, 4)),  # city: m1 m2 m3 m4 d1 d2 n1 n2
            ("screening.dfu_screened", None, (5, 4, 3)),  # m1 m2 m3 d1 n1 (n2 not screened)
            ("screening.dfu_not_eligible_in_difficulty", None, (1, 1, 1)),  # m3
            ("screening.dfu_hukou_problems", None, (1, 1, 1)),  # m1
            ("screening.dfu_schooling_problems", None, (2, 1, 0)),  # d1, n1 (open, still found)
            ("screening.problems_solved", None, (3, 3, 2)),  # m1 hukou, m4 benefit, d1 schooling
            ("screening.problems_solved", "benefit", (1, 1, 1)),  # m4 (m2's had no record)
            ("screening.problems_solved", "schooling", (1, 1, 0)),  # d1
            ("insurance.accident_insured", None, (5, 4, 3)),  # m1 m2 m4 d1 n1 (n2 removed)
            ("insurance.medical_insured", None, (6, 4, 3)),  # m1 m2 m4 d1 n1 n2
            ("insurance.insured_by_scheme", accident, (5, 4, 3)),
            ("insurance.insured_by_scheme", medical, (6, 4, 3)),
            ("standards.amount", C.INSTITUTIONAL_ORPHAN, (Decimal("2100"), Decimal("2310"), Decimal("2310"))),
            ("standards.rise_percent", None, (Decimal("5.00"), Decimal("5.00"), Decimal("5.00"))),
            ("standards.consecutive_years", None, (2, 2, 2)),  # 2023, 2024
        ]

    def test_every_figure_against_hand_counts_for_each_user(self):
        for key, arg, values in self.expected():
            for (username, code), value in zip(USERS, values, strict=True):
                with self.subTest(key=key, arg=arg, user=username):
                    period = Period.year(code, 2024)
                    user = named_user(username)
                    self.assertEqual(figures.value_of(key, period, arg, user=user), value)
                    self.client.force_login(user)
                    response = self.client.get(figures.drill_url(key, period, arg))
                    self.assertEqual(response.status_code, 200)
                    if figures.figure(key).is_count:
                        self.assertEqual(listed_count(response), value)
                        if figures.figure(key).values and arg:
                            self.assertEqual(figures.values_of(key, period, [arg], user=user)[arg], value)

    def test_the_year_before_and_after(self):
        city = people.NANJING
        self.assertEqual(figures.value_of("screening.children_screened", Period.year(city, 2023)), 1)  # d2
        self.assertEqual(figures.value_of("screening.problems_solved", Period.year(city, 2023)), 1)
        self.assertEqual(figures.value_of("screening.dfu_screened", Period.year(city, 2023)), 0)
        self.assertEqual(figures.value_of("standards.rise_percent", Period.year(city, 2023)), Decimal("5.26"))
        self.assertEqual(figures.value_of("standards.consecutive_years", Period.year(city, 2023)), 1)
        self.assertEqual(figures.value_of("standards.consecutive_years", Period.year(city, 2025)), 0)
        self.assertEqual(
            figures.value_of("standards.amount", Period.year(city, 2023), C.INSTITUTIONAL_ORPHAN),
            Decimal("2000"),
        )
        self.assertEqual(figures.value_of("insurance.accident_insured", Period.year(city, 2023)), 0)

    def test_a_district_sees_nothing_of_another(self):
        gulou = Period.year(people.GULOU, 2024)
        officer = named_user("officer_gulou")
        self.assertEqual(figures.value_of("screening.dfu_screened", gulou, user=officer), 1)  # n1
        self.assertEqual(figures.value_of("insurance.accident_insured", gulou, user=officer), 1)  # n1
        self.assertEqual(
            figures.value_of("standards.amount", gulou, C.INSTITUTIONAL_ORPHAN, user=officer), 2100
        )
        self.client.force_login(named_user("officer_xuanwu"))
        self.assertEqual(self.client.get(figures.drill_url("screening.dfu_screened", gulou)).status_code, 404)

    def test_the_dashboard_shows_the_running_campaign(self):
        """QA: the dashboard asked the figure for its grouped numbers, which it did not give,
        so the 排查进度 panel never appeared."""
        pk = str(self.running.pk)
        period = Period.as_of(people.XUANWU, date(2024, 12, 31))
        self.assertEqual(figures.values_of("screening.campaign_progress", period), {pk: 2})
        self.client.force_login(named_user("officer_xuanwu"))
        page = self.client.get(reverse("reports:dashboard") + "?date_to=2024-12-31").content.decode()
        self.assertIn("figure=screening.campaign_progress", page)
        self.assertIn("2024年玄武区排查", page)

    def test_running_campaign_progress(self):
        pk = str(self.running.pk)
        for (username, code), (total, confirmed) in zip(USERS, ((4, 2), (4, 2), (2, 1)), strict=True):
            with self.subTest(username):
                period = Period.as_of(code, date(2024, 12, 31))
                user = named_user(username)
                (progress,) = running_campaigns(period, user)
                self.assertEqual(
                    (progress.campaign, progress.total, progress.confirmed), (self.running, total, confirmed)
                )
                self.assertEqual(
                    figures.value_of("screening.campaign_progress", period, pk, user=user), confirmed
                )
                self.client.force_login(user)
                self.assertEqual(
                    listed_count(
                        self.client.get(figures.drill_url("screening.campaign_progress", period, pk))
                    ),
                    confirmed,
                )
        # On 22 November only m1 was confirmed; after the campaign's end it is not running.
        self.assertEqual(
            figures.value_of(
                "screening.campaign_progress", Period.as_of(people.NANJING, date(2024, 11, 22)), pk
            ),
            1,
        )
        self.assertEqual(running_campaigns(Period.as_of(people.NANJING, date(2025, 2, 1))), [])
        self.assertEqual(running_campaigns(Period.as_of(people.NANJING, date(2024, 10, 1))), [])
