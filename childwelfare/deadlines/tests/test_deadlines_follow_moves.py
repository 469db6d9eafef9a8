"""Deadlines about a child move with the child (deadlines/moves.py): a case's assessment
deadline and an application's check deadline opened in 梅园社区 are, after the child moves
to 大行宫社区, on the new director's work list and gone from the old one's; a deadline whose
area is not the child's own stays."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.test import TestCase
from django.utils import timezone

from childwelfare.benefits.applications import submit_application
from childwelfare.benefits.choices import ApplicantKind, ApplicationKind
from childwelfare.cases.tests.caseflow_world import new_case
from childwelfare.deadlines.models import Deadline
from childwelfare.deadlines.services import open_deadline
from childwelfare.registry.services import update_child
from childwelfare.testing import people as named


class DeadlinesFollowTheChildTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.people = named.ensure_people()
        cls.case = new_case(cls.people)
        cls.child = cls.case.child
        cls.application = submit_application(
            child=cls.child,
            actor=cls.people["director_meiyuan"],
            kind=ApplicationKind.DE_FACTO_UNSUPPORTED,
            applicant_kind=ApplicantKind.GUARDIAN,
            applicant_name="祖父",
            submitted_on=timezone.localdate(),
        )
        # A deadline of the same case kept in the district's area (not the child's own).
        cls.district_item = Deadline.objects.get(
            pk=open_deadline(cls.case, "case_plan_review", area_code=named.XUANWU).pk
        )

    def child_deadlines(self):
        return Deadline.objects.filter(
            subject_type__in=[
                ContentType.objects.get_for_model(self.case),
                ContentType.objects.get_for_model(self.application),
            ],
            subject_id__in=[self.case.pk, self.application.pk],
        ).exclude(pk=self.district_item.pk)

    def test_a_move_takes_the_childs_deadlines_along(self):
        before = list(self.child_deadlines().values_list("area_code", flat=True))
        self.assertGreaterEqual(len(before), 2)  # the case's assessment, the application's check
        self.assertEqual(set(before), {named.MEIYUAN})
        update_child(self.child, actor=self.people["supervisor_meiyuan"], area_id=named.DAXINGGONG)
        self.assertEqual(set(self.child_deadlines().values_list("area_code", flat=True)), {named.DAXINGGONG})
        old, new = self.people["director_meiyuan"], self.people["director_daxinggong"]
        ids = set(self.child_deadlines().values_list("pk", flat=True))
        self.assertFalse(ids & set(Deadline.objects.visible_to(old).values_list("pk", flat=True)))
        self.assertEqual(ids, ids & set(Deadline.objects.visible_to(new).values_list("pk", flat=True)))
        self.district_item.refresh_from_db()
        self.assertEqual(self.district_item.area_code, named.XUANWU)
