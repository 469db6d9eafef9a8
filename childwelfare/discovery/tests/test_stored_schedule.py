"""The stored visit schedule (issue 14, item 2): Child.next_visit_due and Child.latest_colour
equal the computed definition (schedule.with_schedule) after every write that moves them; the
work lists read them with one COUNT per page; the scope is a range on SQLite."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from childwelfare.discovery import schedule, services
from childwelfare.discovery.choices import Colour
from childwelfare.discovery.models import CareMeasure, RiskAssessment, Visit, VisitInterval
from childwelfare.discovery.tests.helpers import TODAY, as_user, item_ids, record_of, register, start
from childwelfare.registry.choices import Category
from childwelfare.registry.models import Child
from childwelfare.registry.services import add_category, end_category, update_child
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory

pytestmark = pytest.mark.django_db


def computed() -> dict[int, tuple]:
    """{pk: (next due, colour or "")} by the definition, computed from visits and assessments."""
    rows = schedule.with_schedule(Child.objects.all()).annotate(assessed=schedule.latest_colour())
    return {row.pk: (row.next_due, row.assessed or "") for row in rows}


def stored() -> dict[int, tuple]:
    return {
        pk: (due, colour)
        for pk, due, colour in Child.objects.values_list("pk", "next_visit_due", "latest_colour")
    }


def assert_stored_is_computed():
    assert stored() == computed()


@pytest.fixture
def many(people):
    """Eight children of 梅园社区 and 大行宫社区 with varied histories: never visited, visited
    without an assessment, assessed in each colour, visited twice (the later visit counts),
    an earlier visit recorded after a later one."""
    director = people["director_meiyuan"]
    kids = {name: register(name, named.MEIYUAN) for name in ("甲", "乙", "丙", "丁", "戊", "己", "庚")}
    kids["辛"] = register("辛", named.DAXINGGONG)
    far = TODAY - timedelta(days=200)
    services.record_visit(child=kids["乙"], actor=director, visited_on=far)  # green, never assessed
    services.record_visit(child=kids["丙"], actor=director, visited_on=far, item_ids=item_ids("abandoned"))
    services.record_visit(
        child=kids["丁"],
        actor=director,
        visited_on=TODAY - timedelta(days=9),
        item_ids=item_ids("elderly_carer"),
    )
    services.record_visit(
        child=kids["戊"],
        actor=director,
        visited_on=TODAY - timedelta(days=12),
        item_ids=item_ids("elderly_carer", "guardian_unable"),
    )
    services.record_visit(child=kids["己"], actor=director, visited_on=TODAY - timedelta(days=3))
    services.record_visit(child=kids["己"], actor=director, visited_on=TODAY - timedelta(days=40))
    services.record_visit(
        child=kids["辛"], actor=people["director_daxinggong"], visited_on=far, item_ids=item_ids("abandoned")
    )
    return kids


def test_stored_schedule_equals_the_definition_after_visits_and_assessments(people, many):
    assert_stored_is_computed()
    assert len({due for due, _colour in stored().values()}) >= 5  # the data is varied
    assert {colour for _due, colour in stored().values()} >= {"", Colour.RED, Colour.GREEN}
    # A later visit lowering the colour (with the statement it needs) moves both columns.
    red = many["丙"]
    current = services.current_assessment(red)
    services.record_visit(
        child=red,
        actor=people["director_meiyuan"],
        visited_on=TODAY - timedelta(days=1),
        item_ids=[],
        ended_item_ids=[item.pk for item in current.items.all()],
        downgrade_reason="已由亲属接回照料",
    )
    assert Child.objects.get(pk=red.pk).latest_colour == Colour.GREEN
    assert_stored_is_computed()


def test_stored_schedule_after_screening_and_revisit(people, many):
    campaign = start(people, named.MEIYUAN, rate="1")
    record = record_of(campaign, many["甲"])
    services.screen_record(
        record,
        actor=people["director_meiyuan"],
        expected_version=record.version,
        visited_on=TODAY,
        item_ids=item_ids("abandoned"),
    )
    assert_stored_is_computed()
    assert Child.objects.get(pk=many["甲"].pk).next_visit_due == TODAY + timedelta(days=7)


def test_stored_schedule_after_an_interval_change(people, many):
    schedule.set_interval(Colour.RED, 30)
    assert_stored_is_computed()
    schedule.set_interval(Colour.GREEN, 10)  # green includes the never assessed
    assert_stored_is_computed()
    VisitInterval.objects.filter(colour=Colour.YELLOW).update(interval_days=1)  # behind its back
    assert stored() != computed()
    call_command("restore_visit_schedule", stdout=open("/dev/null", "w"))
    assert_stored_is_computed()


def test_stored_schedule_after_category_changes_and_profile_edits(people, many):
    """Categories are not part of the schedule (the lists filter on them when read); a profile
    saved from an older copy of the child does not undo a visit recorded meanwhile."""
    officer = people["officer_xuanwu"]
    child = many["甲"]
    end_category(child.categories.get(), end_date=TODAY - timedelta(days=1), actor=officer, reason="迁出")
    add_category(child=child, category=Category.DE_FACTO_UNSUPPORTED, start_date=TODAY, actor=officer)
    assert_stored_is_computed()
    stale = Child.objects.get(pk=child.pk)
    services.record_visit(
        child=child, actor=people["director_meiyuan"], visited_on=TODAY, item_ids=item_ids("abandoned")
    )
    update_child(stale, actor=officer, expected_version=stale.version, address="新地址 1 号")
    assert_stored_is_computed()
    assert Child.objects.get(pk=child.pk).latest_colour == Colour.RED


def test_new_children_are_due_the_day_their_file_opens(people):
    register("新", named.MEIYUAN)
    built = ChildFactory.build(name="批", area_id=named.MEIYUAN)
    built.id_hash = "x" * 64
    Child.objects.bulk_create([built])
    assert set(Child.objects.values_list("next_visit_due", flat=True)) == {timezone.localdate()}
    assert_stored_is_computed()


def test_bulk_loaded_visits_are_stored_by_the_command(people, many):
    child = many["甲"]
    Visit.objects.bulk_create(
        [Visit(child=child, visitor=people["director_meiyuan"], visited_on=TODAY - timedelta(days=100))]
    )
    RiskAssessment.objects.filter(child=many["戊"]).update(colour=Colour.BLUE)
    assert stored() != computed()
    call_command("restore_visit_schedule", stdout=open("/dev/null", "w"))
    assert_stored_is_computed()


def count_queries(client, url, params) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    # Counts over the children (the lists' sizes); the page's small queries over the areas
    # (the street/community filter's choices, repeated community names) are not list counts.
    return [
        q["sql"]
        for q in queries.captured_queries
        if "COUNT(" in q["sql"].upper() and 'FROM "registry_child"' in q["sql"]
    ]


def definition_counts(user, name) -> dict[str, int]:
    """The lists' sizes by the definitions the pages used before the columns were stored."""
    if name == "discovery:visit_list":
        children = schedule.with_schedule(Child.objects.visible_to(user).in_any_category(TODAY))
        return {
            "overdue": children.filter(next_due__lt=TODAY).count(),
            "week": children.filter(next_due__gte=TODAY, next_due__lte=TODAY + timedelta(days=6)).count(),
        }
    children = Child.objects.visible_to(user).annotate(colour=schedule.latest_colour())
    measures = CareMeasure.objects.active_on(TODAY).filter(child=OuterRef("pk"))
    return {
        "case": children.filter(colour=Colour.RED).count(),
        "measure": children.filter(colour__in=[Colour.RED, Colour.YELLOW]).exclude(Exists(measures)).count(),
    }


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("discovery:visit_list", {}),
        ("discovery:visit_list", {"list": "week"}),
        ("discovery:attention", {}),
        ("discovery:attention", {"list": "measure"}),
    ],
)
@pytest.mark.parametrize("user", ["director_meiyuan", "officer_xuanwu"])
def test_one_count_per_list_page(client, people, many, name, params, user):
    as_user(client, people[user])
    counts = count_queries(client, reverse(name), params)
    assert len(counts) == 1, counts
    response = client.get(reverse(name), params)
    expected = definition_counts(people[user], name)
    assert sum(expected.values()) > 0
    assert response.context["counts"] == expected
    which = params.get("list", next(iter(expected)))
    assert response.context["page"].paginator.count == expected[which]
    assert len(response.context["page"].object_list) == expected[which]


def test_a_filtered_visit_list_counts_its_rows(client, people, many):
    as_user(client, people["director_meiyuan"])
    response = client.get(reverse("discovery:visit_list"), {"colour": Colour.RED})
    assert [child.name for child in response.context["page"].object_list] == ["丙"]
    assert response.context["page"].paginator.count == 1


def test_scope_is_a_range_on_sqlite_and_selects_the_same_children(people, many):
    register("外区", named.NINGHAI)
    for user in (
        "director_meiyuan",
        "supervisor_meiyuan",
        "officer_xuanwu",
        "officer_gulou",
        "admin_nanjing",
    ):
        visible = Child.objects.visible_to(people[user])
        prefix = people[user].area_id or ""
        assert set(visible.values_list("pk", flat=True)) == set(
            Child.objects.filter(area__code__startswith=prefix).values_list("pk", flat=True)
        ), user
    sql = str(Child.objects.visible_to(people["officer_xuanwu"]).query)
    if connection.vendor == "sqlite":
        assert " LIKE " not in sql and ">=" in sql
    else:
        assert " LIKE " in sql


def test_an_interval_changed_in_the_admin_moves_the_stored_schedule(client, people, many):
    setting = VisitInterval.objects.get(colour=Colour.RED)
    admin = people["admin_nanjing"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    url = reverse("admin:discovery_visitinterval_change", args=[setting.pk])
    response = client.post(url, {"colour": Colour.RED, "interval_days": 21})
    assert response.status_code == 302, response.content[:500]
    assert VisitInterval.objects.get(pk=setting.pk).interval_days == 21
    assert_stored_is_computed()
    assert Child.objects.get(pk=many["丙"].pk).next_visit_due == TODAY - timedelta(days=200 - 21)
