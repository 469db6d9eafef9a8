"""A deadline's label is shown in the reader's language (QA leftover of issue 10: labels were
stored in whatever language the opener used, so an English page showed 个案 … 评估 and a
Chinese page could show English)."""

from __future__ import annotations

from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from childwelfare.cases.tests.caseflow_world import new_case
from childwelfare.deadlines.models import Deadline
from childwelfare.testing import people as named


class DeadlineLabelLanguageTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.people = named.ensure_people()
        with translation.override("en"):  # opened by someone working in English
            cls.case = new_case(cls.people)
        cls.deadline = Deadline.objects.get(rule="case_assessment", subject_id=cls.case.pk)

    def test_stored_in_chinese_shown_in_each_language(self):
        self.assertEqual(self.deadline.label, f"个案 {self.case.number} 评估")
        with translation.override("zh-hans"):
            self.assertEqual(self.deadline.shown_label, f"个案 {self.case.number} 评估")
        with translation.override("en"):
            english = self.deadline.shown_label
        self.assertIn(self.case.number, english)
        self.assertFalse(any("\u4e00" <= ch <= "\u9fff" for ch in english), english)

    def test_the_deadline_page_in_english_has_no_chinese_label(self):
        self.client.force_login(self.people["officer_xuanwu"])
        self.client.post(reverse("set_language"), {"language": "en"})
        page = self.client.get(reverse("deadlines:detail", kwargs={"pk": self.deadline.pk})).content.decode()
        self.assertNotIn("评估", page)
        self.assertIn(self.case.number, page)
