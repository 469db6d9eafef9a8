"""Issue 8, item 14: the migration clears the rule stored on ineligible results."""

import importlib
from datetime import date

import pytest
from django.apps import apps

from childwelfare.benefits.applications import submit_application
from childwelfare.benefits.models import EligibilityApplication
from childwelfare.benefits.tests.helpers import make_child
from childwelfare.registry.choices import ParentSituation

pytestmark = pytest.mark.django_db


def test_clears_the_rule_of_ineligible_results_only(people):
    migration = importlib.import_module(
        "childwelfare.benefits.migrations.0010_no_rule_for_ineligible_results"
    )
    child = make_child("周小东", father=ParentSituation.IN_CUSTODY, mother=ParentSituation.SERIOUSLY_ILL)
    app = submit_application(
        child=child,
        actor=people["supervisor_meiyuan"],
        kind="de_facto_unsupported",
        applicant_kind="guardian",
        applicant_name="王某",
        submitted_on=date(2026, 10, 1),
    )
    other = app
    old_ineligible = {"kind": "de_facto_unsupported", "eligible": False, "rule": "A", "reasons": ["…"]}
    old_eligible = {"kind": "de_facto_unsupported", "eligible": True, "rule": "A", "reasons": ["…"]}
    EligibilityApplication.objects.filter(pk=other.pk).update(eligibility=old_ineligible)
    second = make_child("吴小西", father=ParentSituation.IN_CUSTODY, mother=ParentSituation.SERIOUSLY_ILL)
    kept = submit_application(
        child=second,
        actor=people["supervisor_meiyuan"],
        kind="de_facto_unsupported",
        applicant_kind="guardian",
        applicant_name="李某",
        submitted_on=date(2026, 10, 1),
    )
    EligibilityApplication.objects.filter(pk=kept.pk).update(eligibility=old_eligible)
    migration.clear_rule_of_ineligible(apps, None)
    assert EligibilityApplication.objects.get(pk=other.pk).eligibility == {**old_ineligible, "rule": ""}
    assert EligibilityApplication.objects.get(pk=kept.pk).eligibility == old_eligible
