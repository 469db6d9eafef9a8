"""Ranking, tie-breaks and selection with hand-computed scores (issue 11), and publishing
the results into the casebook with a certificate list.

Criteria: 创新性 weight 40 of 100 points, 实效性 weight 60 of 50 points, so a reviewer's
weighted total is (40 × a/100 × 100 + 60 × b/50 × 100) / 100 = 0.4a + 1.2b."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from childwelfare.outreach.choices import SubmissionKind
from childwelfare.outreach.models import CasebookEntry, Submission
from childwelfare.outreach.services.calls import start_scoring
from childwelfare.outreach.services.scoring import publish_results, ranking

from .helpers import make_call, reviewer, score, send


@pytest.fixture
def scored(people):
    admin, officer = people["admin_nanjing"], people["officer_xuanwu"]
    call = make_call(admin, cases=1, projects=2)
    r1, r2 = reviewer("reviewer_one"), reviewer("reviewer_two")
    p4 = send(call, officer, title="P4", minutes=0)
    p1 = send(call, officer, title="P1", minutes=5)
    p2 = send(call, officer, title="P2", minutes=10)
    p3 = send(call, officer, title="P3", minutes=15)
    unscored = send(call, officer, title="P5 未评分", minutes=20)
    case = send(call, officer, title="C1", kind=SubmissionKind.CASE, minutes=25, text="小某某与祖母同住。")
    start_scoring(call, actor=admin)
    # P1: r1 0.4×80 + 1.2×40 = 32 + 48 = 80; r2 0.4×70 + 1.2×45 = 28 + 54 = 82; mean 81
    score(p1, r1, admin, (80, 40))
    score(p1, r2, admin, (70, 45))
    # P2: r1 36 + 42 = 78; r2 24 + 54 = 78; mean 78, first criterion (90 + 60) / 2 = 75
    score(p2, r1, admin, (90, 35))
    score(p2, r2, admin, (60, 45))
    # P3: r1 20 + 60 = 80; r2 28 + 48 = 76; mean 78, first criterion (50 + 70) / 2 = 60
    score(p3, r1, admin, (50, 50))
    score(p3, r2, admin, (70, 40))
    # P4: r1 30 + 48 = 78; r2 the same; mean 78, first criterion 75 — P2's tie, sent earlier
    score(p4, r1, admin, (75, 40))
    score(p4, r2, admin, (75, 40))
    # C1: 0.4×100 + 1.2×50 = 100
    score(case, r1, admin, (100, 50))
    return {"admin": admin, "call": call, "p": [p1, p2, p3, p4], "unscored": unscored, "case": case}


def test_a_reviewers_weighted_total_is_kept_with_the_assignment(scored):
    p1 = scored["p"][0]
    assert sorted(p1.assignments.values_list("total", flat=True)) == [Decimal("80.00"), Decimal("82.00")]


def test_ranking_by_weighted_mean_with_the_stated_tie_breaks(scored):
    p1, p2, p3, p4 = scored["p"]
    projects = ranking(scored["call"])[SubmissionKind.PROJECT]
    # 81 first; then three at 78: P4 and P2 tie on the first criterion (75) and P4 was sent
    # earlier; P3 has 60 on the first criterion. P5 was never scored: not ranked.
    assert [r.submission_id for r in projects] == [p1.pk, p4.pk, p2.pk, p3.pk]
    assert [r.rank for r in projects] == [1, 2, 3, 4]
    assert [r.selected for r in projects] == [True, True, False, False]  # top 2 projects
    assert projects[0].score == 81


def test_publishing_selects_the_top_n_and_fills_the_casebook(client, scored):
    p1, p2, p3, p4 = scored["p"]
    publish_results(scored["call"], actor=scored["admin"])
    chosen = set(Submission.objects.filter(selected=True).values_list("title", flat=True))
    assert chosen == {"P1", "P4", "C1"}
    p2.refresh_from_db()
    assert (p2.rank, p2.score, p2.selected) == (3, Decimal("78.00"), False)
    scored["unscored"].refresh_from_db()
    assert scored["unscored"].rank is None and not scored["unscored"].selected
    entries = CasebookEntry.objects.filter(collection__name="2023年度优秀案例及项目")
    assert sorted(entries.values_list("title", flat=True)) == ["C1", "P1", "P4"]
    client.force_login(scored["admin"])
    page = client.get(reverse("outreach:results", args=[scored["call"].pk])).content.decode()
    assert page.index("P1") < page.index("P4") and "P2" not in page
    pdf = client.get(reverse("outreach:results_pdf", args=[scored["call"].pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_a_score_outside_the_criterion_maximum_is_refused_on_the_page(client, scored):
    from childwelfare.outreach.models import Assignment

    assignment = Assignment.objects.filter(submission=scored["unscored"]).first()
    if assignment is None:
        from childwelfare.outreach.services.scoring import assign_reviewer

        assignment = assign_reviewer(
            scored["unscored"], reviewer=reviewer("reviewer_three"), actor=scored["admin"]
        )
    criteria = list(scored["call"].criteria.order_by("position"))
    client.force_login(assignment.reviewer)
    response = client.post(
        reverse("outreach:score", args=[assignment.pk]),
        {f"points_{criteria[0].pk}": "90", f"points_{criteria[1].pk}": "51"},
    )
    assert response.status_code == 200  # 实效性 has at most 50 points
    assignment.refresh_from_db()
    assert assignment.scored_at is None
    assert 'value="90"' in response.content.decode()  # what was typed is kept
