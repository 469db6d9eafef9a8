"""状态变更记录: open to auditors, district officers and the city administrator (as the
access log), each seeing the events of their own area only; searchable by person, date
range, kind and area; paginated, at a query count that does not grow with the rows."""

from datetime import date, datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from childwelfare.accounts.choices import Department
from childwelfare.discovery import services
from childwelfare.discovery.choices import ProblemKind
from childwelfare.discovery.models import Problem
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory, UserFactory
from childwelfare.workflow.models import TransitionEvent
from childwelfare.workflow.services import transition

pytestmark = pytest.mark.django_db
URL = reverse("workflow:events")


def problem_in(area_code, officer):
    return Problem.objects.create(
        child=ChildFactory(area_id=area_code),
        kind=ProblemKind.SCHOOLING,
        description="未按时入学",
        department=Department.EDUCATION,
        deadline=timezone.localdate() + timedelta(days=10),
        raised_by=officer,
    )


def at(day: date, hour: int = 10):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


@pytest.fixture
def two_districts(people):
    """A problem of 梅园社区 (玄武区) solved and closed, one of 宁海路社区 (鼓楼区) solved."""
    xuanwu = problem_in(named.MEIYUAN, people["officer_xuanwu"])
    transition(xuanwu, "solved", actor=people["liaison_education_xuanwu"], reason="已协调入学")
    services.close_problem(xuanwu, actor=people["officer_xuanwu"], expected_version=1, note="核验通过")
    gulou = problem_in(named.NINGHAI, people["officer_gulou"])
    transition(gulou, "solved", actor=people["officer_gulou"], reason="宁海路已办结")
    return xuanwu, gulou


def listed(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response, list(response.context["page"])


def test_each_reader_sees_the_events_of_their_own_area(client, people, two_districts):
    xuanwu, gulou = two_districts
    client.force_login(people["auditor_xuanwu"])
    response, events = listed(client)
    assert [(e.object_id, e.from_status, e.to_status) for e in events] == [
        (xuanwu.pk, "solved", "closed"),
        (xuanwu.pk, "open", "solved"),
    ]
    html = response.content.decode()
    assert "已办结待核验 → 已销号" in html and "梅园社区" in html and "已协调入学" in html
    assert "宁海路已办结" not in html  # the sibling district's event

    client.force_login(people["officer_gulou"])
    _response, events = listed(client)
    assert [(e.object_id, e.reason) for e in events] == [(gulou.pk, "宁海路已办结")]

    client.force_login(people["admin_nanjing"])
    _response, events = listed(client)
    assert len(events) == 3


@pytest.mark.parametrize(
    "username",
    [
        "director_meiyuan",
        "liaison_education_xuanwu",
        "supervisor_meiyuan",
        "staff_meiyuan",
        "reviewer_nanjing",
    ],
)
def test_other_roles_cannot_open_it(client, people, two_districts, username):
    """As the access log: a role that may not read it at all gets 403."""
    client.force_login(people[username])
    assert client.get(URL).status_code == 403


def test_anonymous_is_sent_to_log_in_and_an_inactive_auditor_sees_nothing(client, people, two_districts):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response.url
    auditor = people["auditor_xuanwu"]
    assert TransitionEvent.objects.visible_to(auditor).count() == 2
    auditor.is_active = False
    assert TransitionEvent.objects.visible_to(auditor).count() == 0


def test_superusers_see_all_only_without_an_area(people, two_districts):
    everywhere = UserFactory(username="root", is_superuser=True, area=None, role="")
    assert TransitionEvent.objects.visible_to(everywhere).count() == 3
    gulou_root = UserFactory(username="root_gulou", is_superuser=True, area_id=named.GULOU, role="")
    assert TransitionEvent.objects.visible_to(gulou_root).count() == 1
    nowhere = UserFactory(username="no_area", area=None, role="auditor")
    assert TransitionEvent.objects.visible_to(nowhere).count() == 0


def test_filters_by_person_date_kind_and_area(client, people, two_districts):
    xuanwu, _gulou = two_districts
    officer = people["officer_xuanwu"]
    problem_type = ContentType.objects.get_for_model(Problem)
    # Older events of other kinds, dated by hand: a payroll of 玄武区 and an event in 新街口.
    TransitionEvent.objects.create(
        content_type=problem_type, object_id=1, kind="benefits.payroll", from_status="draft", to_status="approved",
        actor=officer, at=at(date(2026, 3, 31)), area_code=named.XUANWU,
    )  # fmt: skip
    TransitionEvent.objects.create(
        content_type=problem_type, object_id=2, kind="discovery.problem", from_status="open", to_status="solved",
        actor=people["admin_nanjing"], at=at(date(2026, 4, 1), hour=23), area_code=named.XINJIEKOU,
    )  # fmt: skip
    client.force_login(people["auditor_xuanwu"])

    def ids(**params):
        return [(e.kind, e.object_id, e.to_status) for e in listed(client, **params)[1]]

    assert len(ids()) == 4
    assert ids(person="李文静") == [
        ("discovery.problem", xuanwu.pk, "closed"),
        ("benefits.payroll", 1, "approved"),
    ]
    assert ids(person="officer_xuanwu") == ids(person="李文静")
    assert ids(kind="benefits.payroll") == [("benefits.payroll", 1, "approved")]
    # 1 April 23:00 local time is 15:00 UTC: still 1 April for the date filter.
    assert ids(date_from="2026-04-01", date_to="2026-04-01") == [("discovery.problem", 2, "solved")]
    assert ids(date_to="2026-03-31") == [("benefits.payroll", 1, "approved")]
    assert ids(area=named.XINJIEKOU_STREET) == [("discovery.problem", 2, "solved")]
    assert {e.area_code for e in listed(client, area=named.MEIYUAN_STREET)[1]} == {named.MEIYUAN}

    response, _events = listed(client, date_from="2026-04-02", date_to="2026-04-01")
    assert "截止日期早于起始日期" in response.content.decode()
    # The area choices stay inside the auditor's district; another district is not a choice.
    codes = [code for code, _name in response.context["form"].fields["area"].choices]
    assert named.MEIYUAN_STREET in codes and named.XUANWU in codes and named.GULOU not in codes
    response, events = listed(client, area=named.GULOU)
    assert "area" in response.context["form"].errors


def test_pages_of_fifty_at_the_same_query_count(client, people):
    officer = people["officer_xuanwu"]
    content_type = ContentType.objects.get_for_model(Problem)

    def add(count, start):
        TransitionEvent.objects.bulk_create(
            TransitionEvent(
                content_type=content_type, object_id=start + n, kind="discovery.problem",
                from_status="open", to_status="solved", actor=officer, area_code=named.MEIYUAN,
                at=at(date(2026, 5, 1)) + timedelta(minutes=start + n),
            )
            for n in range(count)
        )  # fmt: skip

    client.force_login(people["auditor_xuanwu"])
    add(3, 0)
    with CaptureQueriesContext(connection) as few:
        listed(client, kind="discovery.problem")
    add(48, 3)
    with CaptureQueriesContext(connection) as many:
        response, events = listed(client, kind="discovery.problem")
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(events) == 50 and events[0].object_id == 50  # newest first
    assert "page=2" in response.content.decode() and "kind=discovery.problem" in response.content.decode()
    _response, events = listed(client, kind="discovery.problem", page=2)
    assert [e.object_id for e in events] == [0]


def test_the_access_log_links_to_it(client, people):
    client.force_login(people["auditor_xuanwu"])
    assert URL in client.get(reverse("audit:access_log")).content.decode()
