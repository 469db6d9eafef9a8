"""The figure mechanism (reports.figures) and the drill-down list: the number equals the
list's count, for each user's scope; an area outside the user's, an unknown figure or a
malformed query is a 404; roles without statistics get 403."""

from __future__ import annotations

import re
from datetime import date

from django.test import TestCase
from django.urls import reverse

from childwelfare.registry.choices import Category
from childwelfare.reports import figures
from childwelfare.reports.figures import Period
from childwelfare.testing import people
from childwelfare.testing.factories import ChildFactory, named_user

ON = date(2025, 6, 30)


def listed_count(response) -> int:
    return int(re.search(rb'data-list-count="(\d+)"', response.content).group(1))


class FigureDrillDownTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # 梅园社区 (玄武区): 3 de facto unsupported, 1 scattered orphan; 大行宫社区: 2 DFU;
        # 宁海路社区 (鼓楼区): 1 DFU; and one DFU spell that ended before the day.
        for area, category, n in (
            (people.MEIYUAN, Category.DE_FACTO_UNSUPPORTED, 3),
            (people.MEIYUAN, Category.SCATTERED_ORPHAN, 1),
            (people.DAXINGGONG, Category.DE_FACTO_UNSUPPORTED, 2),
            (people.NINGHAI, Category.DE_FACTO_UNSUPPORTED, 1),
        ):
            for _ in range(n):
                ChildFactory(area_id=area, birth_date=date(2015, 3, 1), category=category)
        ChildFactory(
            area_id=people.MEIYUAN,
            birth_date=date(2015, 3, 1),
            category=Category.DE_FACTO_UNSUPPORTED,
            category__end_date=date(2025, 1, 31),
        )

    def drill(self, username, period, arg):
        self.client.force_login(named_user(username))
        return self.client.get(figures.drill_url("children.by_category", period, arg))

    def test_the_number_is_the_count_of_the_list_for_each_scope(self):
        dfu = Category.DE_FACTO_UNSUPPORTED
        cases = (
            ("admin_nanjing", people.NANJING, 6),
            ("officer_xuanwu", people.XUANWU, 5),
            ("director_meiyuan", people.MEIYUAN, 3),
            ("officer_gulou", people.GULOU, 1),
        )
        for username, code, expected in cases:
            with self.subTest(username):
                period = Period.as_of(code, ON)
                user = named_user(username)
                self.assertEqual(figures.value_of("children.by_category", period, dfu, user=user), expected)
                grouped = figures.values_of("children.by_category", period, [dfu], user=user)
                self.assertEqual(grouped[dfu], expected)
                response = self.drill(username, period, dfu)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(listed_count(response), expected)

    def test_the_city_asked_by_a_district_officer_is_a_404(self):
        response = self.drill(
            "officer_xuanwu", Period.as_of(people.NANJING, ON), Category.DE_FACTO_UNSUPPORTED
        )
        self.assertEqual(response.status_code, 404)
        response = self.drill(
            "director_meiyuan", Period.as_of(people.DAXINGGONG, ON), Category.SCATTERED_ORPHAN
        )
        self.assertEqual(response.status_code, 404)

    def test_unknown_figures_args_and_malformed_dates_are_404(self):
        self.client.force_login(named_user("officer_xuanwu"))
        url = reverse("reports:figure") + "?figure=children.by_category"
        for query in ("&arg=nonsense", "&arg=de_facto_unsupported&date_to=2025-13-40", "&area=9999"):
            with self.subTest(query):
                self.assertEqual(self.client.get(url + query).status_code, 404)
        self.assertEqual(self.client.get(reverse("reports:figure") + "?figure=no.such").status_code, 404)

    def test_roles_without_statistics_are_refused(self):
        for username in ("staff_meiyuan", "liaison_education_xuanwu", "reviewer_nanjing"):
            with self.subTest(username):
                response = self.drill(
                    username, Period.as_of(people.MEIYUAN, ON), Category.DE_FACTO_UNSUPPORTED
                )
                self.assertEqual(response.status_code, 403)

    def test_period_of_a_dashboard_is_twelve_calendar_months(self):
        self.assertEqual(Period.as_of("3201", date(2026, 3, 15)).date_from, date(2025, 4, 1))
        self.assertEqual(Period.as_of("3201", date(2026, 12, 1)).date_from, date(2026, 1, 1))
        self.assertEqual(Period.year("3201", 2023), Period("3201", date(2023, 1, 1), date(2023, 12, 31)))
