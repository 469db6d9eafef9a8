"""The reviewer's home page shows their assignments (it used to say only that they would
appear there); a reviewer's list holds their own assignments; the call's pages flow from
opening to the published results for the city."""

from __future__ import annotations

from django.urls import reverse

from childwelfare.outreach.models import CasebookEntry
from childwelfare.outreach.services.calls import start_scoring
from childwelfare.outreach.services.scoring import assign_reviewer

from .helpers import make_call, reviewer, send


def test_the_reviewers_home_shows_their_assignments(client, people):
    admin = people["admin_nanjing"]
    call = make_call(admin)
    mine = send(call, people["officer_xuanwu"], title="分配给我的项目")
    theirs = send(call, people["officer_gulou"], title="别人的项目", area_code="320106")
    assign_reviewer(mine, reviewer=people["reviewer_nanjing"], actor=admin)
    assign_reviewer(theirs, reviewer=reviewer("reviewer_other"), actor=admin)
    start_scoring(call, actor=admin)
    client.force_login(people["reviewer_nanjing"])
    home = client.get(reverse("home")).content.decode()
    assert 'id="reviews-panel-heading"' in home and "待评分" in home
    assert reverse("outreach:my_reviews") + "?state=todo" in home
    listing = client.get(reverse("outreach:my_reviews") + "?state=todo").content.decode()
    assert "分配给我的项目" in listing and "别人的项目" not in listing
    client.force_login(people["officer_xuanwu"])
    assert 'id="reviews-panel-heading"' not in client.get(reverse("home")).content.decode()


def test_the_city_runs_a_call_from_its_pages(client, people):
    admin = people["admin_nanjing"]
    client.force_login(admin)
    response = client.post(
        reverse("outreach:call_create"),
        {
            "year": "2024",
            "title": "2024年度征集",
            "deadline": "2024-06-30",
            "accepts_projects": "on",
            "select_projects": "1",
            "select_cases": "0",
        },
    )
    assert response.status_code == 302
    detail = response["Location"]
    call_pk = int(detail.rstrip("/").rsplit("/", 1)[1])
    client.post(
        reverse("outreach:criterion_add", args=[call_pk]),
        {"name": "实效性", "weight": "1", "max_points": "10"},
    )
    client.post(reverse("outreach:call_move", args=[call_pk]), {"to": "open", "version": "0"})
    client.force_login(people["officer_xuanwu"])
    response = client.post(
        reverse("outreach:submission_create", args=[call_pk]),
        {"kind": "project", "title": "玄武区四点半课堂", "area": "320102", "text": "课后托管。"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    submission_pk = int(response["Location"].rstrip("/").rsplit("/", 1)[1])
    client.force_login(admin)
    assert (
        client.post(
            reverse("outreach:assign", args=[submission_pk]), {"reviewer": people["reviewer_nanjing"].pk}
        ).status_code
        == 302
    )
    client.post(reverse("outreach:call_move", args=[call_pk]), {"to": "scoring", "version": "1"})
    client.force_login(people["reviewer_nanjing"])
    assignment = people["reviewer_nanjing"].review_assignments.get()
    criterion = assignment.submission.call.criteria.get()
    assert (
        client.post(
            reverse("outreach:score", args=[assignment.pk]), {f"points_{criterion.pk}": "9"}
        ).status_code
        == 302
    )
    client.force_login(admin)
    client.post(reverse("outreach:call_move", args=[call_pk]), {"to": "published", "version": "2"})
    assert CasebookEntry.objects.filter(title="玄武区四点半课堂").exists()
    results = client.get(reverse("outreach:results", args=[call_pk])).content.decode()
    assert "玄武区四点半课堂" in results and "90.00" in results  # 9 of 10 points → 90
