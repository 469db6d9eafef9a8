"""The active-discovery pages: scope of every page (own area 200, sibling area 404, parent
area for a higher role, a liaison sees only their department's problems), the whole
campaign flow through the pages, stale forms, refused steps, visits, problems and care."""

from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from childwelfare.accounts.choices import Department
from childwelfare.areas.models import Area
from childwelfare.discovery import services
from childwelfare.discovery.choices import Colour, ProblemKind, ProblemStatus, RecordStatus
from childwelfare.discovery.models import Campaign, CareMeasure, Problem, RiskItem, ScreeningRecord, Visit
from childwelfare.discovery.views import home_panel_context
from childwelfare.lib.idnumber import make_number
from childwelfare.registry.choices import Category
from childwelfare.registry.models import Child
from childwelfare.registry.services import add_category, create_child
from childwelfare.testing import people as named

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def register(users, name, area, seq, *, category=Category.SCATTERED_ORPHAN, gender="M"):
    child = create_child(
        actor=users["admin_nanjing"],
        name=name,
        id_number=make_number(area[:6], date(2014, 1, 1) + timedelta(days=seq), seq, gender),
        area_id=area,
    )
    if category:
        add_category(
            child=child, actor=users["admin_nanjing"], category=category, start_date=date(2020, 1, 1)
        )
    return child


def item_ids(*codes):
    return [RiskItem.objects.get(item_set__version=1, code=code).pk for code in codes]


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def as_user(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def kids(people):
    return {
        "wang": register(people, "王小明", named.MEIYUAN, 1),
        "li": register(
            people, "李小红", named.MEIYUAN, 2, category=Category.DE_FACTO_UNSUPPORTED, gender="F"
        ),
        "zhao": register(people, "赵安安", named.DAXINGGONG, 3),
        "xin": register(people, "孙新新", named.XINJIEKOU, 4),
        "qian": register(people, "钱多多", named.NINGHAI, 5),
    }


def start(people, area_code, *, rate="0", name="2026年困境儿童专项排查"):
    campaign = services.create_campaign(
        actor=people["officer_xuanwu"] if area_code.startswith(named.XUANWU) else people["officer_gulou"],
        name=name,
        year=TODAY.year,
        area=Area.objects.get(code=area_code),
        start_date=TODAY - timedelta(days=5),
        end_date=TODAY + timedelta(days=30),
        sample_rate=rate,
    )
    services.start_campaign(campaign, actor=campaign.created_by)
    return campaign


@pytest.fixture
def xuanwu(people, kids):
    """A running district-wide campaign, no sample."""
    return start(people, named.XUANWU)


def record_of(campaign, child) -> ScreeningRecord:
    return ScreeningRecord.objects.get(campaign=campaign, child=child)


def screen_data(record, **extra):
    data = {
        "version": record.version,
        "visited_on": TODAY.isoformat(),
        "mode": "home",
        "living_situation": "与祖父母同住",
        "guardianship": "祖父监护",
        "problems-TOTAL_FORMS": "2",
        "problems-INITIAL_FORMS": "0",
        "problems-MIN_NUM_FORMS": "0",
        "problems-MAX_NUM_FORMS": "5",
    }
    data.update(extra)
    return data


def status_code(client, user, url):
    return as_user(client, user).get(url).status_code


# ---- scope -------------------------------------------------------------------------------


def test_campaign_pages_scope(client, people, xuanwu):
    gulou = start(people, named.GULOU, name="鼓楼排查")
    street = start(people, named.MEIYUAN_STREET, name="梅园街道排查")
    detail = reverse("discovery:campaign_detail", args=[xuanwu.pk])
    records = reverse("discovery:record_list", args=[xuanwu.pk])
    for user in ("officer_xuanwu", "admin_nanjing", "supervisor_meiyuan", "director_meiyuan"):
        assert status_code(client, people[user], detail) == 200, user
        assert status_code(client, people[user], records) == 200, user
    for user in ("officer_gulou", "director_ninghai", "liaison_education_xuanwu"):
        assert status_code(client, people[user], detail) == 404, user
    assert (
        status_code(client, people["officer_xuanwu"], reverse("discovery:campaign_detail", args=[gulou.pk]))
        == 404
    )
    street_url = reverse("discovery:campaign_detail", args=[street.pk])
    assert status_code(client, people["director_daxinggong"], street_url) == 200
    assert status_code(client, people["supervisor_xinjiekou"], street_url) == 404
    listed = as_user(client, people["officer_xuanwu"]).get(reverse("discovery:campaign_list"))
    assert {c.name for c in listed.context["page"].object_list} == {xuanwu.name, "梅园街道排查"}


def test_the_board_shows_only_the_users_part(client, people, kids, xuanwu):
    response = as_user(client, people["director_meiyuan"]).get(
        reverse("discovery:campaign_detail", args=[xuanwu.pk])
    )
    assert [row.code for row in response.context["rows"]] == [named.MEIYUAN]
    assert response.context["figures"].in_scope == 2
    # The officer drills down district → street → community by clicking rows.
    officer = as_user(client, people["officer_xuanwu"])
    url = reverse("discovery:campaign_detail", args=[xuanwu.pk])
    streets = officer.get(url).context["rows"]
    assert {row.code: row.total for row in streets} == {named.MEIYUAN_STREET: 3, named.XINJIEKOU_STREET: 1}
    communities = officer.get(url, {"area": named.MEIYUAN_STREET}).context["rows"]
    assert {row.code: row.total for row in communities} == {named.MEIYUAN: 2, named.DAXINGGONG: 1}
    assert communities[0].people in (["张丽"], ["刘洋"])
    flat = officer.get(url, {"level": "community"}).context["rows"]
    assert {(row.name, row.parent_name) for row in flat} == {
        ("梅园社区", "梅园新村街道"),
        ("大行宫社区", "梅园新村街道"),
        ("新街口社区", "新街口街道"),
    }
    assert communities[0].parent_name == ""  # clicked down one level: the street is the page's
    # A sibling area in the query string is ignored: the board stays in the user's part.
    sibling = as_user(client, people["director_meiyuan"]).get(url, {"area": named.DAXINGGONG})
    assert [row.code for row in sibling.context["rows"]] == [named.MEIYUAN]
    listed = officer.get(
        reverse("discovery:record_list", args=[xuanwu.pk]), {"area": named.MEIYUAN, "status": "pending"}
    )
    assert {r.child.name for r in listed.context["page"].object_list} == {"王小明", "李小红"}


def test_record_pages_scope(client, people, kids, xuanwu):
    record = record_of(xuanwu, kids["wang"])
    for name in ("record_detail", "record_screen"):
        url = reverse(f"discovery:{name}", args=[record.pk])
        for user in ("director_meiyuan", "supervisor_meiyuan", "officer_xuanwu", "admin_nanjing"):
            assert status_code(client, people[user], url) in (200, 302), (name, user)
        for user in (
            "director_daxinggong",
            "supervisor_xinjiekou",
            "officer_gulou",
            "liaison_education_xuanwu",
        ):
            assert status_code(client, people[user], url) == 404, (name, user)
    assert (
        status_code(client, people["director_meiyuan"], reverse("discovery:record_screen", args=[record.pk]))
        == 200
    )
    missing = reverse("discovery:record_detail", args=[record.pk + 10_000])
    assert status_code(client, people["officer_xuanwu"], missing) == 404
    # A POST on a record out of scope is a 404 too, and changes nothing.
    response = as_user(client, people["director_daxinggong"]).post(
        reverse("discovery:record_screen", args=[record.pk]), screen_data(record)
    )
    assert response.status_code == 404
    assert record_of(xuanwu, kids["wang"]).status == RecordStatus.PENDING


def test_child_pages_scope(client, people, kids):
    wang = kids["wang"]
    for name in ("child", "child_visit"):
        url = reverse(f"discovery:{name}", args=[wang.pk])
        for user in ("director_meiyuan", "supervisor_meiyuan", "officer_xuanwu", "admin_nanjing"):
            assert status_code(client, people[user], url) == 200, (name, user)
        for user in (
            "director_daxinggong",
            "supervisor_xinjiekou",
            "officer_gulou",
            "liaison_education_xuanwu",
        ):
            assert status_code(client, people[user], url) == 404, (name, user)


def test_work_and_visit_lists_hold_only_the_users_area(client, people, kids, xuanwu):
    response = as_user(client, people["director_meiyuan"]).get(reverse("discovery:work"))
    assert {r.child.name for r in response.context["page"].object_list} == {"王小明", "李小红"}
    response = as_user(client, people["director_daxinggong"]).get(reverse("discovery:visit_list"))
    assert {c.name for c in response.context["page"].object_list} <= {"赵安安"}
    response = as_user(client, people["officer_gulou"]).get(reverse("discovery:visit_list"), {"list": "week"})
    names = {c.name for c in response.context["page"].object_list}
    assert "王小明" not in names and "赵安安" not in names
    assert status_code(client, people["liaison_education_xuanwu"], reverse("discovery:work")) == 403
    assert status_code(client, people["liaison_education_xuanwu"], reverse("discovery:visit_list")) == 403


def test_liaison_sees_only_their_departments_problems(client, people, kids):
    director = people["director_meiyuan"]
    school = services.raise_problem(
        child=kids["wang"],
        actor=director,
        kind=ProblemKind.SCHOOLING,
        description="辍学在家",
        department=Department.EDUCATION,
        deadline=TODAY + timedelta(days=10),
    )
    hukou = services.raise_problem(
        child=kids["wang"],
        actor=director,
        kind=ProblemKind.HUKOU,
        description="未落户",
        department=Department.PUBLIC_SECURITY,
        deadline=TODAY + timedelta(days=10),
    )
    gulou = services.raise_problem(
        child=kids["qian"],
        actor=people["director_ninghai"],
        kind=ProblemKind.SCHOOLING,
        description="鼓楼的问题",
        department=Department.EDUCATION,
        deadline=TODAY + timedelta(days=10),
    )
    liaison = people["liaison_education_xuanwu"]
    listed = as_user(client, liaison).get(reverse("discovery:problem_list"))
    assert [p.pk for p in listed.context["page"].object_list] == [school.pk]
    assert status_code(client, liaison, reverse("discovery:problem_detail", args=[school.pk])) == 200
    assert status_code(client, liaison, reverse("discovery:problem_detail", args=[hukou.pk])) == 404
    assert status_code(client, liaison, reverse("discovery:problem_detail", args=[gulou.pk])) == 404
    officer = as_user(client, people["officer_xuanwu"]).get(reverse("discovery:problem_list"))
    assert {p.pk for p in officer.context["page"].object_list} == {school.pk, hukou.pk}
    assert (
        status_code(client, people["officer_gulou"], reverse("discovery:problem_detail", args=[school.pk]))
        == 404
    )
    supervisor = as_user(client, people["supervisor_meiyuan"]).get(
        reverse("discovery:problem_list"), {"department": Department.PUBLIC_SECURITY}
    )
    assert [p.pk for p in supervisor.context["page"].object_list] == [hukou.pk]


# ---- the whole flow ----------------------------------------------------------------------


def test_whole_campaign_flow_through_the_pages(client, people, kids):
    officer, director = people["officer_xuanwu"], people["director_meiyuan"]
    supervisor = people["supervisor_meiyuan"]

    # Create (a street, every record sampled) and start.
    as_user(client, officer)
    response = client.post(
        reverse("discovery:campaign_create"),
        {
            "name": "梅园街道困境儿童排查",
            "year": TODAY.year,
            "area": named.MEIYUAN_STREET,
            "target_categories": [Category.SCATTERED_ORPHAN, Category.DE_FACTO_UNSUPPORTED],
            "start_date": (TODAY - timedelta(days=3)).isoformat(),
            "end_date": (TODAY + timedelta(days=30)).isoformat(),
            "sample_percent": "100",
        },
    )
    campaign = Campaign.objects.get(name="梅园街道困境儿童排查")
    assert response.status_code == 302 and campaign.status == "draft"
    client.post(reverse("discovery:campaign_start", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.status == "running" and campaign.records.count() == 3  # 王、李、赵

    # The director adds an unregistered child and screens it, raising a hukou problem.
    as_user(client, director)
    response = client.post(
        reverse("discovery:add_child", args=[campaign.pk]),
        {
            "name": "新发现",
            "id_number": make_number("320102", date(2016, 6, 6), 9, "F"),
            "area": named.MEIYUAN,
            "category": Category.OTHER_IN_DIFFICULTY,
        },
    )
    found = ScreeningRecord.objects.get(campaign=campaign, child__name="新发现")
    assert found.added_during_screening
    assert response["Location"] == reverse("discovery:record_screen", args=[found.pk])
    response = client.post(
        reverse("discovery:record_screen", args=[found.pk]),
        screen_data(
            found,
            items=item_ids("living_alone"),
            **{
                "problems-0-kind": ProblemKind.HUKOU,
                "problems-0-department": Department.PUBLIC_SECURITY,
                "problems-0-description": "未落户",
                "problems-0-deadline": (TODAY + timedelta(days=20)).isoformat(),
            },
        ),
    )
    assert response.status_code == 302
    found.refresh_from_db()
    assert found.status == RecordStatus.SCREENED and found.assessment.colour == Colour.RED
    assert found.problems.get().kind == ProblemKind.HUKOU

    # Screen 王小明 (not eligible but in difficulty, a schooling problem) and 李小红.
    wang = record_of(campaign, kids["wang"])
    client.post(
        reverse("discovery:record_screen", args=[wang.pk]),
        screen_data(
            wang,
            items=item_ids("elderly_carer", "guardian_unable"),
            in_difficulty_not_eligible="on",
            **{
                "problems-0-kind": ProblemKind.SCHOOLING,
                "problems-0-department": Department.EDUCATION,
                "problems-0-description": "辍学",
                "problems-0-deadline": (TODAY + timedelta(days=20)).isoformat(),
            },
        ),
    )
    li = record_of(campaign, kids["li"])
    client.post(reverse("discovery:record_screen", args=[li.pk]), screen_data(li))
    assert record_of(campaign, kids["wang"]).assessment.colour == Colour.YELLOW

    # The supervisor returns 王小明 with a reason; the director sees it and re-screens.
    as_user(client, supervisor)
    work = client.get(reverse("discovery:work"))
    assert {r.child.name for r in work.context["page"].object_list} == {"王小明", "李小红", "新发现"}
    wang = record_of(campaign, kids["wang"])
    client.post(
        reverse("discovery:record_return", args=[wang.pk]),
        {"version": wang.version, "reason": "监护情况不详"},
    )
    as_user(client, director)
    work = client.get(reverse("discovery:work"))
    assert work.context["page"].object_list[0].child.name == "王小明"  # returned first
    assert "监护情况不详" in work.content.decode()
    wang = record_of(campaign, kids["wang"])
    client.post(
        reverse("discovery:record_screen", args=[wang.pk]),
        screen_data(
            wang, items=item_ids("elderly_carer", "guardian_unable"), in_difficulty_not_eligible="on"
        ),
    )
    assert record_of(campaign, kids["wang"]).status == RecordStatus.SCREENED

    # The supervisor verifies all three (the htmx card comes back in place).
    as_user(client, supervisor)
    for record in ScreeningRecord.objects.filter(campaign=campaign, status=RecordStatus.SCREENED):
        response = client.post(
            reverse("discovery:record_verify", args=[record.pk]),
            {"version": record.version, "card": "supervisor"},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200 and "已核实通过" in response.content.decode()

    # The officer must re-visit the sample before confirming.
    as_user(client, officer)
    work = client.get(reverse("discovery:work"))
    assert {r.child.name for r in work.context["revisit_page"].object_list} == {"王小明", "李小红", "新发现"}
    assert work.context["page"].paginator.count == 0
    li = record_of(campaign, kids["li"])
    response = client.post(
        reverse("discovery:record_confirm", args=[li.pk]), {"version": li.version}, follow=True
    )
    assert "须先完成抽样复访" in response.content.decode()
    for record in ScreeningRecord.objects.filter(campaign=campaign, status=RecordStatus.VERIFIED):
        client.post(
            reverse("discovery:record_revisit", args=[record.pk]), screen_data(record, notes="复访属实")
        )
    work = client.get(reverse("discovery:work"))
    ready = list(work.context["page"].object_list)
    assert len(ready) == 3
    response = client.post(
        reverse("discovery:confirm_many"), {"records": [f"{r.pk}:{r.version}" for r in ready]}, follow=True
    )
    assert "已确认 3 条记录" in response.content.decode()

    # The figures on the campaign page equal the records.
    records = ScreeningRecord.objects.filter(campaign=campaign)
    assert set(records.values_list("status", flat=True)) == {RecordStatus.CONFIRMED, RecordStatus.PENDING}
    page = client.get(reverse("discovery:campaign_detail", args=[campaign.pk]))
    figures = page.context["figures"]
    assert figures.in_scope == records.count() == 4
    assert figures.screened == records.filter(screened_at__isnull=False).count() == 3
    assert figures.confirmed == records.filter(status=RecordStatus.CONFIRMED).count() == 3
    assert figures.added_during_screening == 1
    assert figures.in_difficulty_not_eligible == 1
    assert (figures.with_hukou_problems, figures.with_schooling_problems, figures.problems_raised) == (
        1,
        1,
        2,
    )
    assert figures.colours == {"red": 1, "yellow": 1, "blue": 0, "green": 1}
    html = page.content.decode()
    assert 'data-figure="in_scope">4<' in html and 'data-figure="confirmed">3<' in html
    assert page.context["total"] == 4 and page.context["total_percent"] == 75
    # 3 visits by the director, 1 re-screen, 3 sample re-visits.
    assert Visit.objects.filter(child__screening_records__campaign=campaign).count() == 7


# ---- conflicts and refusals --------------------------------------------------------------


def test_stale_screen_form_gives_the_conflict_message_and_changes_nothing(client, people, kids, xuanwu):
    director, supervisor = people["director_meiyuan"], people["supervisor_meiyuan"]
    record = record_of(xuanwu, kids["wang"])
    stale = screen_data(record)  # the form as loaded at version 0
    record = services.screen_record(record, actor=director, expected_version=0, visited_on=TODAY)
    record = services.return_record(record, actor=supervisor, expected_version=record.version, reason="不全")
    visits = Visit.objects.count()
    response = as_user(client, director).post(reverse("discovery:record_screen", args=[record.pk]), stale)
    assert response.status_code == 200
    assert "其他人已先处理了这条记录" in response.context["conflict"]
    assert "已退回" in response.context["conflict"]
    html = response.content.decode()
    assert "不全" in html and "与祖父母同住" in html  # current state shown, typed text kept
    fresh = record_of(xuanwu, kids["wang"])
    assert (fresh.status, fresh.version) == (RecordStatus.RETURNED, 2)
    assert Visit.objects.count() == visits
    # The re-rendered form carries the current version: sending it again is deliberate.
    assert response.context["form"]["version"].value() == "2"


def test_stale_button_step_is_a_conflict(client, people, kids, xuanwu):
    record = record_of(xuanwu, kids["li"])
    record = services.screen_record(
        record, actor=people["director_meiyuan"], expected_version=0, visited_on=TODAY
    )
    seen = record.version
    services.verify_record(record, actor=people["supervisor_meiyuan"], expected_version=seen)
    response = as_user(client, people["supervisor_meiyuan"]).post(
        reverse("discovery:record_return", args=[record.pk]), {"version": seen, "reason": "重复"}, follow=True
    )
    text = " ".join(messages_of(response)) + response.content.decode()
    assert "其他人已先处理了这条记录" in text and "已核实待确认" in text
    fresh = record_of(xuanwu, kids["li"])
    assert (fresh.status, fresh.return_reason) == (RecordStatus.VERIFIED, "")


def test_illegal_steps_are_refused_with_a_message(client, people, kids, xuanwu):
    record = record_of(xuanwu, kids["wang"])
    response = as_user(client, people["officer_xuanwu"]).post(
        reverse("discovery:record_confirm", args=[record.pk]), {"version": record.version}
    )
    assert response.status_code == 302
    assert any("不能改为" in m for m in messages_of(response))
    response = as_user(client, people["director_meiyuan"]).post(
        reverse("discovery:record_verify", args=[record.pk]), {"version": record.version}
    )
    assert any("只有本乡镇（街道）儿童督导员可以核实" in m for m in messages_of(response))
    # A supervisor may open the record but not its screening form.
    response = as_user(client, people["supervisor_meiyuan"]).get(
        reverse("discovery:record_screen", args=[record.pk])
    )
    assert response.status_code == 302
    assert any("只有本村（居）儿童主任" in m for m in messages_of(response))
    response = as_user(client, people["supervisor_meiyuan"]).post(
        reverse("discovery:record_screen", args=[record.pk]), screen_data(record)
    )
    assert "只有本村（居）儿童主任可以排查该儿童" in response.content.decode()
    assert record_of(xuanwu, kids["wang"]).status == RecordStatus.PENDING
    assert (
        as_user(client, people["director_meiyuan"]).get(reverse("discovery:campaign_create")).status_code
        == 403
    )


def test_bulk_confirm_reports_the_records_that_failed(client, people, kids, xuanwu):
    director, supervisor, officer = (
        people["director_meiyuan"],
        people["supervisor_meiyuan"],
        people["officer_xuanwu"],
    )
    verified = []
    for kid in (kids["wang"], kids["li"]):
        record = services.screen_record(
            record_of(xuanwu, kid), actor=director, expected_version=0, visited_on=TODAY
        )
        verified.append(services.verify_record(record, actor=supervisor, expected_version=record.version))
    pending = record_of(xuanwu, kids["zhao"])
    outside = start(people, named.GULOU, name="鼓楼排查")
    gulou_record = record_of(outside, kids["qian"])
    values = [f"{r.pk}:{r.version}" for r in verified]
    values += [f"{pending.pk}:0", f"{gulou_record.pk}:0", f"{verified[0].pk}:{verified[0].version}"]
    response = as_user(client, officer).post(reverse("discovery:confirm_many"), {"records": values})
    notes = messages_of(response)
    assert "已确认 2 条记录。" in notes
    failure = next(m for m in notes if "未能确认" in m)
    assert "赵安安" in failure and "不存在或不在您的辖区" in failure and "王小明" in failure
    assert record_of(xuanwu, kids["zhao"]).status == RecordStatus.PENDING


# ---- visits, problems, care, lists, home panel -------------------------------------------


def test_overdue_and_due_this_week_lists(client, people, kids):
    director = people["director_meiyuan"]
    services.record_visit(
        child=kids["wang"],
        actor=director,
        visited_on=TODAY - timedelta(days=10),
        item_ids=item_ids("abandoned"),
    )
    services.record_visit(child=kids["li"], actor=director, visited_on=TODAY - timedelta(days=88))
    as_user(client, director)
    overdue = client.get(reverse("discovery:visit_list"))
    rows = list(overdue.context["page"].object_list)
    assert [(c.name, c.colour, c.days_late) for c in rows] == [("王小明", Colour.RED, 3)]  # red: 7 days
    week = client.get(reverse("discovery:visit_list"), {"list": "week"})
    due = {c.name for c in week.context["page"].object_list}
    assert due == {"李小红"}  # green, visited 88 days ago: due in 2 days (90 − 88), within 7
    assert week.context["page"].object_list[0].assessed_colour == Colour.GREEN


def test_recording_a_visit_from_the_list_regrades_the_child(client, people, kids):
    url = reverse("discovery:child_visit", args=[kids["wang"].pk])
    data = screen_data(ScreeningRecord(version=0), items=item_ids("serious_illness", "malnutrition"))
    data.pop("version")
    data["next"] = reverse("discovery:visit_list")
    response = as_user(client, people["director_meiyuan"]).post(url, data)
    assert response.status_code == 302 and response["Location"] == reverse("discovery:visit_list")
    assert kids["wang"].risk_assessments.get().colour == Colour.YELLOW
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    response = client.post(url, {**data, "visited_on": tomorrow})
    assert response.status_code == 200 and kids["wang"].visits.count() == 1


def test_problem_is_handled_by_the_liaison_and_verified_by_the_officer(client, people, kids):
    child_url = reverse("discovery:child", args=[kids["wang"].pk])
    as_user(client, people["director_meiyuan"]).post(
        child_url,
        {
            "form": "problem",
            "problem-kind": ProblemKind.SCHOOLING,
            "problem-department": Department.EDUCATION,
            "problem-description": "长期不到校",
            "problem-deadline": (TODAY + timedelta(days=7)).isoformat(),
        },
    )
    problem = Problem.objects.get()
    detail = reverse("discovery:problem_detail", args=[problem.pk])
    liaison = as_user(client, people["liaison_education_xuanwu"])
    assert liaison.get(detail).context["may_act"]
    liaison.post(reverse("discovery:problem_action", args=[problem.pk]), {"text": "已联系学校"})
    liaison.post(reverse("discovery:problem_solve", args=[problem.pk]), {"version": 0, "text": "已复学"})
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.SOLVED
    officer = as_user(client, people["officer_xuanwu"])
    officer.post(
        reverse("discovery:problem_reopen", args=[problem.pk]),
        {"version": problem.version, "reason": "仍未到校"},
    )
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.OPEN
    # A stale "close" (the version of before the reopen) is a conflict and changes nothing.
    response = officer.post(
        reverse("discovery:problem_close", args=[problem.pk]), {"version": problem.version - 1}, follow=True
    )
    assert "其他人已先处理了这条记录" in response.content.decode()
    assert Problem.objects.get().status == ProblemStatus.OPEN
    liaison = as_user(client, people["liaison_education_xuanwu"])
    liaison.post(
        reverse("discovery:problem_solve", args=[problem.pk]), {"version": problem.version, "text": "已到校"}
    )
    problem.refresh_from_db()
    as_user(client, people["officer_xuanwu"]).post(
        reverse("discovery:problem_close", args=[problem.pk]), {"version": problem.version}
    )
    assert Problem.objects.get().status == ProblemStatus.CLOSED
    kinds = list(problem.actions.values_list("kind", flat=True))
    assert kinds == ["raised", "action", "solved", "reopened", "solved", "closed"]


def test_overdue_problems_are_flagged(client, people, kids):
    problem = services.raise_problem(
        child=kids["wang"],
        actor=people["director_meiyuan"],
        kind=ProblemKind.HUKOU,
        description="未落户",
        department=Department.PUBLIC_SECURITY,
        deadline=TODAY,
    )
    Problem.objects.filter(pk=problem.pk).update(deadline=TODAY - timedelta(days=4))
    response = as_user(client, people["officer_xuanwu"]).get(
        reverse("discovery:problem_list"), {"overdue": "on"}
    )
    assert [(p.pk, p.days_late) for p in response.context["page"].object_list] == [(problem.pk, 4)]
    assert "table-danger" in response.content.decode()


def test_care_measures_added_and_ended_on_the_child_page(client, people, kids):
    url = reverse("discovery:child", args=[kids["wang"].pk])
    as_user(client, people["director_meiyuan"])
    response = client.post(
        url,
        {
            "form": "care",
            "care-measure_type": "education",
            "care-provider_kind": "social_organisation",
            "care-provider_name": "爱心社工站",
            "care-start_date": TODAY.isoformat(),
            "care-description": "课业辅导",
        },
    )
    assert response.status_code == 302
    measure = CareMeasure.objects.get()
    response = client.post(
        url,
        {
            "form": "end",
            "measure": measure.pk,
            "end-end_date": (TODAY - timedelta(days=400)).isoformat(),
            "end-outcome": "x",
        },
    )
    assert response.status_code == 200 and "结束日期早于开始日期" in response.content.decode()
    client.post(
        url,
        {"form": "end", "measure": measure.pk, "end-end_date": TODAY.isoformat(), "end-outcome": "成绩提高"},
    )
    measure.refresh_from_db()
    assert (measure.status, measure.outcome) == ("ended", "成绩提高")
    # A station worker of another street cannot see the page at all.
    assert status_code(client, people["director_ninghai"], url) == 404


def test_district_follow_up_lists(client, people, kids):
    director = people["director_meiyuan"]
    services.record_visit(
        child=kids["wang"], actor=director, visited_on=TODAY, item_ids=item_ids("abandoned")
    )
    services.record_visit(
        child=kids["li"],
        actor=director,
        visited_on=TODAY,
        item_ids=item_ids("serious_illness", "malnutrition"),
    )
    services.record_visit(
        child=kids["qian"], actor=people["director_ninghai"], visited_on=TODAY, item_ids=item_ids("abandoned")
    )
    as_user(client, people["officer_xuanwu"])
    cases = client.get(reverse("discovery:attention"))
    assert [c.name for c in cases.context["page"].object_list] == ["王小明"]
    measures = client.get(reverse("discovery:attention"), {"list": "measure"})
    assert {c.name for c in measures.context["page"].object_list} == {"王小明", "李小红"}
    assert status_code(client, people["liaison_education_xuanwu"], reverse("discovery:attention")) == 403


def test_home_panel_counts_what_is_due_per_role(people, kids, xuanwu, client):
    director = home_panel_context(people["director_meiyuan"], TODAY)["discovery_panel"]["items"]
    counts = {item.label: item.count for item in director}
    assert counts["待排查"] == 2 and counts["被退回待重新排查"] == 0
    services.raise_problem(
        child=kids["wang"],
        actor=people["director_meiyuan"],
        kind=ProblemKind.SCHOOLING,
        description="辍学",
        department=Department.EDUCATION,
        deadline=TODAY + timedelta(days=3),
    )
    liaison = home_panel_context(people["liaison_education_xuanwu"], TODAY)["discovery_panel"]["items"]
    assert {item.label: item.count for item in liaison}["待办理问题"] == 1
    assert home_panel_context(people["reviewer_nanjing"], TODAY)["discovery_panel"]["items"] == []
    from django.template.loader import render_to_string

    html = render_to_string(
        "discovery/_home_panel.html",
        {"discovery_panel": {"items": director}, "user": people["director_meiyuan"]},
    )
    assert "待排查" in html and reverse("discovery:work") in html


def test_pages_render_for_every_role(client, people, kids, xuanwu):
    """Every page answers 200 for the roles that use it (no template error, no English)."""
    record = record_of(xuanwu, kids["wang"])
    urls = [
        reverse("discovery:campaign_list"),
        reverse("discovery:campaign_detail", args=[xuanwu.pk]),
        reverse("discovery:record_list", args=[xuanwu.pk]),
        reverse("discovery:record_detail", args=[record.pk]),
        reverse("discovery:work"),
        reverse("discovery:visit_list"),
        reverse("discovery:visit_list") + "?list=week",
        reverse("discovery:child", args=[kids["wang"].pk]),
        reverse("discovery:child_visit", args=[kids["wang"].pk]),
        reverse("discovery:problem_list"),
        reverse("discovery:attention"),
        reverse("discovery:grade_preview") + f"?items={item_ids('abandoned')[0]}",
    ]
    for user in (
        "director_meiyuan",
        "supervisor_meiyuan",
        "officer_xuanwu",
        "admin_nanjing",
        "auditor_xuanwu",
    ):
        as_user(client, people[user])
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (user, url)
    assert (
        as_user(client, people["officer_xuanwu"]).get(reverse("discovery:campaign_create")).status_code == 200
    )
    assert (
        as_user(client, people["director_meiyuan"])
        .get(reverse("discovery:add_child", args=[xuanwu.pk]))
        .status_code
        == 200
    )
    assert (
        as_user(client, people["liaison_education_xuanwu"]).get(reverse("discovery:problem_list")).status_code
        == 200
    )
    assert Child.objects.count() == 5


def test_a_returned_record_reopens_with_the_returned_visit(client, people, kids, xuanwu):
    record = services.screen_record(
        record_of(xuanwu, kids["wang"]),
        actor=people["director_meiyuan"],
        expected_version=0,
        visited_on=TODAY,
        item_ids=item_ids("elderly_carer"),
        living_situation="与祖父母同住",
        in_difficulty_not_eligible=True,
    )
    services.return_record(
        record, actor=people["supervisor_meiyuan"], expected_version=record.version, reason="补充监护人情况"
    )
    response = as_user(client, people["director_meiyuan"]).get(
        reverse("discovery:record_screen", args=[record.pk])
    )
    form = response.context["form"]
    assert form["living_situation"].value() == "与祖父母同住"
    assert form["in_difficulty_not_eligible"].value() is True
    assert form["items"].value() == [str(pk) for pk in item_ids("elderly_carer")]
    assert form["version"].value() == 2
    html = response.content.decode()
    assert "补充监护人情况" in html and 'name="version" value="2"' in html


def test_a_campaign_covers_a_city_district_or_street_not_a_community(people):
    """Bug fixed in services.create_campaign: it refused only a province, so a campaign over
    one community passed although the rule (and its message) is city, district or street."""

    def create(code):
        return services.create_campaign(
            actor=people["officer_xuanwu"],
            name=f"排查{code}",
            year=TODAY.year,
            area=Area.objects.get(code=code),
            start_date=TODAY,
            end_date=TODAY,
        )

    with pytest.raises(services.DiscoveryError, match="排查范围应为市、区或街道"):
        create(named.MEIYUAN)
    assert create(named.MEIYUAN_STREET).area_id == named.MEIYUAN_STREET
    assert list(Campaign.objects.values_list("area_id", flat=True)) == [named.MEIYUAN_STREET]
