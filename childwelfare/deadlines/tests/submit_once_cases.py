"""The deadlines' creating forms for submissions/tests/test_submit_once.py: `deadlines_world`
opens a running deadline of the world's child, `deadlines_cases` describes the director's
request to pause it (a DeadlineChange, issue 10) as keyword arguments of that test's Case."""

from __future__ import annotations

from django.urls import reverse

from childwelfare.deadlines.models import DeadlineChange
from childwelfare.deadlines.services import open_deadline
from childwelfare.testing import people as named

DEADLINES_CASES = ["deadline change request"]


def deadlines_world(child) -> dict:
    """A running deadline (rule case_transfer_accept) of `child`, of 梅园社区."""
    return {"deadline": open_deadline(child, "case_transfer_accept", area_code=named.MEIYUAN)}


def deadlines_cases(world: dict) -> dict[str, dict]:
    """{case name: Case keyword arguments} of the deadlines' creating forms."""
    return {
        "deadline change request": dict(
            url=reverse("deadlines:detail", args=[world["deadline"].pk]),
            username="director_meiyuan",
            count=lambda: DeadlineChange.objects.count(),
            marker="change-reason",
            typed={"change-kind": "pause", "change-reason": "儿童住院治疗"},
            post_url=reverse("deadlines:change_request", args=[world["deadline"].pk]),
        ),
    }
