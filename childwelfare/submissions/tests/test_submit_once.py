"""Every creating form is idempotent (issue 8, item 6): the form posted twice with its
one-time token creates one record, and the second answer goes where the first went with the
message 已提交，请勿重复提交.

The loop below opens each creating page as its user would, takes the form's own values (the
token included) from the HTML, fills in what a person types, and posts the same data twice.
Before submissions.once each of these created two records (a double click on 添加帮扶措施
created two identical care measures).

Each app describes its own creating forms in its tests/submit_once_cases.py: a list of case
names, a function building the records they need (merged into the `world` fixture below) and
one describing each form as the keyword arguments of `Case`."""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from childwelfare.accounts.choices import Department
from childwelfare.accounts.tests.submit_once_cases import ACCOUNT_CASES, account_cases
from childwelfare.benefits.tests.submit_once_cases import BENEFITS_CASES, benefits_cases, benefits_world
from childwelfare.cases.tests.submit_once_cases import CASEWORK_CASES, casework_cases, casework_world
from childwelfare.deadlines.tests.submit_once_cases import DEADLINES_CASES, deadlines_cases, deadlines_world
from childwelfare.discovery.choices import ProblemKind
from childwelfare.discovery.models import CareMeasure
from childwelfare.discovery.tests.submit_once_cases import DISCOVERY_CASES, discovery_cases, discovery_world
from childwelfare.outreach.tests.submit_once_cases import OUTREACH_CASES, outreach_cases, outreach_world
from childwelfare.registry.choices import Category
from childwelfare.registry.models import CategorySpell
from childwelfare.registry.services import add_category
from childwelfare.registry.tests.submit_once_cases import REGISTRY_CASES, registry_cases, registry_world
from childwelfare.reports.tests.submit_once_cases import REPORT_CASES, report_cases
from childwelfare.stations.tests.submit_once_cases import STATIONS_CASES, stations_cases, stations_world
from childwelfare.submissions import once
from childwelfare.submissions.models import FormSubmission
from childwelfare.submissions.once import issue_form_token, read_form_token
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory, FamilyMemberFactory

from .forms_on_pages import form_data

TODAY = timezone.localdate()


@dataclass
class Case:
    """One creating form: where its page is, who fills it, which of the page's forms it is,
    what the person types, and the rows that count its records."""

    url: str
    username: str
    count: object  # a callable returning the number of records
    marker: object = None
    typed: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)
    post_url: str | None = None


@pytest.fixture
def world(people, settings, tmp_path):
    """王小明 of 梅园社区, a confirmed scattered orphan with his father, and every app's
    records (each app's *_world)."""
    settings.MEDIA_ROOT = str(tmp_path)
    call_command("seed_standards", stdout=io.StringIO())
    child = ChildFactory(area_id=named.MEIYUAN, name="王小明")
    spell = add_category(
        child=child,
        actor=people["admin_nanjing"],
        category=Category.SCATTERED_ORPHAN,
        start_date=date(2020, 1, 1),
    )
    CategorySpell.objects.filter(pk=spell.pk).update(status="confirmed")
    father = FamilyMemberFactory(child=child, relation="father", name="王强")
    return {
        "people": people,
        "child": child,
        "father": father,
        **discovery_world(people, child),
        **benefits_world(),
        **registry_world(people),
        **casework_world(people, child),
        **deadlines_world(child),
        **stations_world(people),
        "outreach": outreach_world(people),
    }


CASE_SOURCES = (
    (DISCOVERY_CASES, discovery_cases),
    (ACCOUNT_CASES, account_cases),
    (REGISTRY_CASES, registry_cases),
    (BENEFITS_CASES, benefits_cases),
    (STATIONS_CASES, stations_cases),
    (OUTREACH_CASES, outreach_cases),
    (REPORT_CASES, report_cases),
    (CASEWORK_CASES, casework_cases),
    (DEADLINES_CASES, deadlines_cases),
)
CASES = [name for names, _ in CASE_SOURCES for name in names]


def cases(world) -> dict[str, Case]:
    """{case name: Case} of every app's creating forms."""
    found = {}
    for names, describe in CASE_SOURCES:
        described = describe(world)
        assert sorted(described) == sorted(names), (names, sorted(described))
        found.update({name: Case(**kwargs) for name, kwargs in described.items()})
    return found


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("name", CASES)
def test_a_creating_form_posted_twice_creates_once(client, world, name):
    case = cases(world)[name]
    client.force_login(world["people"][case.username])
    page = client.get(case.url)
    assert page.status_code == 200
    data = form_data(page.content.decode(), case.marker)
    assert data["form_token"][0]
    data.update({key: value if isinstance(value, list) else [value] for key, value in case.typed.items()})
    target = case.post_url or case.url
    before = case.count()

    def post():
        files = {key: make() for key, make in case.files.items()}
        return client.post(target, {**data, **files})

    first = post()
    assert first.status_code == 302, (first.status_code, first.content.decode()[:3000])
    assert case.count() == before + 1
    second = post()
    assert case.count() == before + 1, "the second POST created another record"
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert "已提交，请勿重复提交" in _messages(second)


def _url_names(resolver=None, namespace: str = "") -> dict[str, object]:
    """{url name: view} of every named pattern the project serves."""
    resolver = resolver or get_resolver()
    found = {}
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found.update(_url_names(pattern, inner))
        elif pattern.name:
            found[namespace + pattern.name] = pattern.callback
    return found


def test_every_guarded_view_is_in_the_loop_above(world):
    """The views marked @submits_once are exactly those whose forms the loop posts twice: a
    new creating view gets a case here (and its form the {% form_token %})."""
    guarded = {name for name, view in _url_names().items() if getattr(view, "submits_once", False)}
    tested = {resolve(urlsplit(case.post_url or case.url).path).view_name for case in cases(world).values()}
    assert guarded == tested


def test_a_form_sent_back_with_errors_can_be_sent_again_with_its_token(client, world):
    """A refused form releases its token: corrected and sent again it creates its record."""
    client.force_login(world["people"]["director_meiyuan"])
    url = reverse("discovery:child", args=[world["child"].pk])
    data = form_data(client.get(url).content.decode(), ("form", "care"))
    response = client.post(url, data)  # nothing typed: errors beside the fields
    assert response.status_code == 200 and CareMeasure.objects.count() == 0
    assert not FormSubmission.objects.exists()
    data.update(
        {
            "care-measure_type": ["education"],
            "care-provider_kind": ["social_organisation"],
            "care-provider_name": ["爱心社工站"],
            "care-start_date": [TODAY.isoformat()],
        }
    )
    assert client.post(url, data).status_code == 302 and CareMeasure.objects.count() == 1


def test_a_token_of_another_user_or_an_expired_one_guards_nothing(client, world, settings):
    """A token is bound to the user it was shown to and to its age: otherwise the POST is
    handled as one without a token (nothing typed is lost)."""
    people = world["people"]
    client.force_login(people["director_meiyuan"])
    url = reverse("discovery:child", args=[world["child"].pk])
    data = {
        "form": "care",
        "care-measure_type": "education",
        "care-provider_kind": "social_organisation",
        "care-provider_name": "爱心社工站",
        "care-start_date": TODAY.isoformat(),
        "form_token": issue_form_token(people["supervisor_meiyuan"]),
    }
    client.post(url, data)
    client.post(url, data)
    assert CareMeasure.objects.count() == 2 and not FormSubmission.objects.exists()
    settings.FORM_TOKEN_MAX_AGE_SECONDS = -1
    data["form_token"] = issue_form_token(people["director_meiyuan"])
    client.post(url, data)
    assert CareMeasure.objects.count() == 3 and not FormSubmission.objects.exists()


def test_expired_claims_are_deleted(client, world, settings):
    client.force_login(world["people"]["director_meiyuan"])
    old = FormSubmission.objects.create(token="old", path="/x/", result_url="/y/")
    FormSubmission.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    url = reverse("discovery:child", args=[world["child"].pk])
    data = form_data(client.get(url).content.decode(), ("form", "problem"))
    data.update(
        {
            "problem-kind": [ProblemKind.SCHOOLING],
            "problem-department": [Department.EDUCATION],
            "problem-description": ["长期不到校"],
            "problem-deadline": [(TODAY + timedelta(days=7)).isoformat()],
        }
    )
    assert client.post(url, data).status_code == 302
    assert list(FormSubmission.objects.values_list("token", flat=True)) != ["old"]
    assert not FormSubmission.objects.filter(token="old").exists()


def _care_post(client, world) -> tuple[str, dict]:
    url = reverse("discovery:child", args=[world["child"].pk])
    data = form_data(client.get(url).content.decode(), ("form", "care"))
    data.update(
        {
            "care-measure_type": ["education"],
            "care-provider_kind": ["social_organisation"],
            "care-provider_name": ["爱心社工站"],
            "care-start_date": [TODAY.isoformat()],
        }
    )
    return url, data


def test_a_second_post_waits_for_the_first_and_goes_to_its_result(client, world, monkeypatch):
    """The second POST of a double click arrives while the first is still running: it waits
    for the first's answer (here: the first finishes during the wait) and goes there."""
    client.force_login(world["people"]["director_meiyuan"])
    url, data = _care_post(client, world)
    nonce = read_form_token(data["form_token"][0], world["people"]["director_meiyuan"])
    running = FormSubmission.objects.create(token=nonce, path=url)  # the first, still running

    def first_finishes(seconds):
        FormSubmission.objects.filter(pk=running.pk).update(result_url=url + "#care")

    monkeypatch.setattr(once.time, "sleep", first_finishes)
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == url + "#care"
    assert CareMeasure.objects.count() == 0  # the second created nothing


def test_a_second_post_while_the_first_runs_too_long_says_so(client, world, monkeypatch):
    client.force_login(world["people"]["director_meiyuan"])
    url, data = _care_post(client, world)
    nonce = read_form_token(data["form_token"][0], world["people"]["director_meiyuan"])
    FormSubmission.objects.create(token=nonce, path=url)
    monkeypatch.setattr(once, "WAIT_SECONDS", 0)
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 409 and "已提交，请勿重复提交" in html and f'href="{url}"' in html
    assert CareMeasure.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_posts_at_the_same_moment_create_one_record(world):
    """Two processes' worth of the same POST at once (threads with their own connections, as
    two server processes would have): the unique token admits one; the other answers with
    the first's result."""
    if connection.vendor != "postgresql":
        pytest.skip("the in-memory SQLite test database locks whole tables between threads")
    director = world["people"]["director_meiyuan"]
    browsers = [Client(), Client()]
    for browser in browsers:
        browser.force_login(director)
    url, data = _care_post(browsers[0], world)
    barrier = threading.Barrier(2)
    answers = []

    def post(browser):
        try:
            barrier.wait()
            answers.append(browser.post(url, data))
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(browser,)) for browser in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert CareMeasure.objects.count() == 1
    assert [answer.status_code for answer in answers] == [302, 302]
    assert answers[0]["Location"] == answers[1]["Location"]
