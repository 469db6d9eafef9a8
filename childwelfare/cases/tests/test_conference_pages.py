"""The conference pages (会商, issue 10): convening through the form (what was typed kept on
a refusal), the list's filters and sorting, papers checked by type and content, and scope:
another district's conference is missing (404), roles that do not convene get 403."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from childwelfare.cases.models import Conference, ConferencePaper
from childwelfare.testing import people as named

from .conference_world import TODAY, convene, make_case

pytestmark = pytest.mark.django_db


def _form(case_numbers: str, **extra) -> dict:
    return {
        "area": named.XUANWU,
        "title": "梅园新村街道个案会商",
        "held_at": f"{(TODAY + timedelta(days=3)).isoformat()}T09:30",
        "place": "区民政局",
        "case_numbers": case_numbers,
        "departments": ["education", "health", "public_security"],
        "units": "梅园小学\n梅园社区工作站",
        "quorum": "3",
        "agenda": "研判个案",
        **extra,
    }


def test_an_officer_convenes_through_the_form(client, people):
    first, second = make_case(people), make_case(people)
    client.force_login(people["officer_xuanwu"])
    url = reverse("cases:conference_create")
    assert client.get(url).status_code == 200
    assert first.number in client.get(url + f"?case={first.pk}").content.decode()
    response = client.post(url, _form(f"{first.number}，{second.number.lower()}"))
    assert response.status_code == 302
    conference = Conference.objects.get()
    assert conference.convener == people["officer_xuanwu"] and conference.area_id == named.XUANWU
    assert {item.case for item in conference.agenda_cases.all()} == {first, second}
    assert sorted(str(p) for p in conference.participants.all()) == sorted(
        ["教育", "卫生健康", "公安", "梅园小学", "梅园社区工作站"]
    )


def test_an_unknown_or_foreign_case_number_is_refused_and_what_was_typed_kept(client, people):
    gulou_case = make_case(people, area=named.NINGHAI, officer="officer_gulou")
    client.force_login(people["officer_xuanwu"])
    response = client.post(reverse("cases:conference_create"), _form(f"GA000 {gulou_case.number}"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "找不到个案" in page and gulou_case.number in page and "梅园新村街道个案会商" in page
    assert not Conference.objects.exists()


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("officer_xuanwu", 200),
        ("admin_nanjing", 200),
        ("auditor_xuanwu", 200),
        ("officer_gulou", 404),
        ("supervisor_meiyuan", 404),
        ("director_meiyuan", 404),
        ("reviewer_nanjing", 404),
    ],
)
def test_scope_of_the_conference_page(client, people, username, status):
    conference = convene(people, [make_case(people)])
    client.force_login(people[username])
    assert client.get(reverse("cases:conference_detail", args=[conference.pk])).status_code == status


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("director_meiyuan", 403),
        ("liaison_education_xuanwu", 403),
        ("auditor_xuanwu", 403),
        ("officer_xuanwu", 200),
    ],
)
def test_who_convenes(client, people, username, status):
    client.force_login(people[username])
    assert client.get(reverse("cases:conference_create")).status_code == status


def test_the_list_filters_and_sorts(client, people):
    case = make_case(people)
    convene(people, [case], title="A组会商")
    held = convene(people, [make_case(people)], title="B组会商")
    Conference.objects.filter(pk=held.pk).update(status="held")
    convene(
        people,
        [make_case(people, area=named.NINGHAI, officer="officer_gulou")],
        officer="officer_gulou",
        area=named.GULOU,
        title="鼓楼会商",
    )
    client.force_login(people["officer_xuanwu"])
    url = reverse("cases:conference_list")
    page = client.get(url).content.decode()
    assert "A组会商" in page and "B组会商" in page and "鼓楼会商" not in page
    page = client.get(url + "?status=held").content.decode()
    assert "B组会商" in page and "A组会商" not in page
    page = client.get(url + "?q=A组").content.decode()
    assert "A组会商" in page and "B组会商" not in page
    page = client.get(url + "?sort=title").content.decode()
    assert page.index("A组会商") < page.index("B组会商")
    page = client.get(url + "?sort=-title").content.decode()
    assert page.index("B组会商") < page.index("A组会商")
    assert client.get(url + "?sort=nonsense&page=99&size=7").status_code == 200


def test_papers_are_checked_by_type_and_content(client, people, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    conference = convene(people, [make_case(people)])
    client.force_login(people["officer_xuanwu"])
    url = reverse("cases:conference_paper_upload", args=[conference.pk])
    fake = SimpleUploadedFile("说明.pdf", b"<script>alert(1)</script>", content_type="application/pdf")
    response = client.post(url, {"paper-file": fake})
    assert response.status_code == 200 and "不是允许的文件类型" in response.content.decode()
    program = SimpleUploadedFile("说明.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = client.post(url, {"paper-file": program})
    assert "不是允许的文件类型" in response.content.decode()
    assert not ConferencePaper.objects.exists()
    good = SimpleUploadedFile("照片.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, content_type="image/png")
    assert client.post(url, {"paper-file": good}).status_code == 302
    paper = ConferencePaper.objects.get()
    assert paper.name == "照片.png" and str(tmp_path) in paper.file.path
    # another district's officer: the paper does not exist
    client.force_login(people["officer_gulou"])
    assert client.get(reverse("cases:conference_paper", args=[paper.pk])).status_code == 404
