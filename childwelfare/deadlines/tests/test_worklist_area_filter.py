"""The work list's area filter (QA leftover of issue 10): a district officer narrows 到期事项
to one community; a community outside the scope is never applied."""

from __future__ import annotations

from django.test import TestCase
from django.urls import reverse

from childwelfare.deadlines.services import open_deadline
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory


class WorklistAreaFilterTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.people = named.ensure_people()
        officer = cls.people["officer_xuanwu"]
        cls.children = {}
        for code in (named.MEIYUAN, named.MEIYUAN, named.DAXINGGONG, named.NINGHAI):
            child = ChildFactory(area_id=code)
            open_deadline(child, "case_assessment", area_code=code, owner=officer)
            cls.children.setdefault(code, []).append(child)

    def count(self, query: str) -> int:
        self.client.force_login(self.people["officer_xuanwu"])
        response = self.client.get(reverse("deadlines:list") + query)
        self.assertEqual(response.status_code, 200)
        return response.context["page"].paginator.count

    def test_the_list_narrows_to_a_community(self):
        self.assertEqual(self.count("?show=running"), 3)  # 宁海路 (鼓楼区) is outside the scope
        self.assertEqual(self.count(f"?show=running&area={named.MEIYUAN}"), 2)
        self.assertEqual(self.count(f"?show=running&area={named.DAXINGGONG}"), 1)
        self.assertEqual(self.count(f"?show=running&area={named.MEIYUAN_STREET}"), 3)

    def test_an_area_outside_the_scope_is_not_applied(self):
        self.client.force_login(self.people["officer_xuanwu"])
        response = self.client.get(reverse("deadlines:list") + f"?show=running&area={named.NINGHAI}")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.assertNotIn(self.children[named.NINGHAI][0].name, response.content.decode())
