"""The access log (issue 13 §9): entries are read by the auditors of the actor's area and of
the data's area; each names what was seen and the client's address (the proxy's header when
behind one, as for the login lockout); the page filters by person, days and kind."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from childwelfare.access.scope import Scope
from childwelfare.areas.models import Area
from childwelfare.audit.models import AccessAction, AccessLog
from childwelfare.audit.services import log_access
from childwelfare.benefits.payroll import approve_payroll, run_payroll
from childwelfare.testing import people as named
from childwelfare.testing.factories import ChildFactory

pytestmark = pytest.mark.django_db


def _log(client):
    response = client.get(reverse("audit:access_log"))
    assert response.status_code == 200
    return response


def test_a_scope_may_name_two_paths_either_of_which_admits_a_record():
    assert Scope("area__code").paths == ("area__code",)
    scope = Scope(("user__area__code", "area_code"))
    assert scope.paths == ("user__area__code", "area_code")

    class Auditor:
        is_authenticated = is_active = True
        is_superuser = False
        role = "auditor"
        area_id = named.XUANWU
        department = ""

    condition = str(scope.condition(Auditor()))
    # areaprefix: startswith, written as a range on SQLite (access.scope.AreaPrefix, issue 14).
    assert "user__area__code__areaprefix" in condition and "area_code__areaprefix" in condition
    assert "OR" in condition


def test_district_auditor_sees_the_city_admins_export_of_the_district(client, people):
    ChildFactory(name="王小明", area_id=named.MEIYUAN)
    client.force_login(people["admin_nanjing"])
    assert client.get(reverse("registry:child_export"), {"area": named.XUANWU}).status_code == 200
    assert client.get(reverse("registry:child_export"), {"area": named.GULOU}).status_code == 200
    assert list(AccessLog.objects.values_list("area_code", flat=True).order_by("pk")) == [
        named.XUANWU,
        named.GULOU,
    ]

    client.force_login(people["auditor_xuanwu"])
    entries = list(_log(client).context["page"])
    assert [(e.user.username, e.action, e.area_code) for e in entries] == [
        ("admin_nanjing", "export", named.XUANWU)
    ]
    client.force_login(people["officer_gulou"])
    assert [e.area_code for e in _log(client).context["page"]] == [named.GULOU]


def test_entries_name_the_child_and_the_address_and_filter(client, people):
    child = ChildFactory(name="王小明", area_id=named.MEIYUAN)
    client.force_login(people["officer_xuanwu"])
    client.post(reverse("registry:child_full_id", args=[child.pk]), REMOTE_ADDR="10.1.1.7")
    client.get(reverse("registry:child_export"), REMOTE_ADDR="10.1.1.8")

    client.force_login(people["auditor_xuanwu"])
    html = _log(client).content.decode()
    row = html[html.index("王小明") : html.index("</tr>", html.index("王小明"))]
    assert child.masked_id in row and "10.1.1.7" in row and child.id_number not in html
    assert "10.1.1.8" in html

    def listed(**query):
        response = client.get(reverse("audit:access_log"), query)
        assert response.status_code == 200
        return [(e.action, e.ip_address) for e in response.context["page"]]

    assert listed(action="view_full_id") == [("view_full_id", "10.1.1.7")]
    assert listed(person="李文静", action="export") == [("export", "10.1.1.8")]
    assert listed(person="周建国") == []
    today = timezone.localdate()
    assert len(listed(date_from=today.isoformat(), date_to=today.isoformat())) == 2
    assert listed(date_from=(today + timedelta(days=1)).isoformat()) == []
    response = client.get(
        reverse("audit:access_log"),
        {"date_from": today.isoformat(), "date_to": (today - timedelta(days=1)).isoformat()},
    )
    assert "截止日期早于起始日期" in response.content.decode()


def test_client_address_behind_the_proxy(client, people, settings):
    child = ChildFactory(area_id=named.MEIYUAN)
    client.force_login(people["officer_xuanwu"])
    url = reverse("registry:child_full_id", args=[child.pk])
    # The client forged 1.2.3.4; the proxy appended the address it saw, 10.9.8.7.
    headers = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 10.9.8.7"}
    client.post(url, **headers)
    settings.BEHIND_PROXY = True
    client.post(url, **headers)
    assert list(AccessLog.objects.order_by("pk").values_list("ip_address", flat=True)) == [
        "127.0.0.1",  # not behind a proxy: the header is the client's to forge, ignored
        "10.9.8.7",
    ]
    assert AccessLog.objects.filter(action=AccessAction.VIEW_FULL_ID).count() == 2


def test_lockout_behind_the_proxy_is_per_username_and_client(client, people, settings):
    settings.BEHIND_PROXY = True
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    login = reverse("login")
    attacker = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "10.0.0.5, 10.6.6.6"}
    for _ in range(5):
        response = client.post(login, {"username": "director_meiyuan", "password": "wrong"}, **attacker)
    assert response.status_code == 429
    # The director, at 10.0.0.5 (the address the attacker forged), signs in through the proxy.
    owner = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "10.0.0.5"}
    response = client.post(login, {"username": "director_meiyuan", "password": named.DEMO_PASSWORD}, **owner)
    assert response.status_code == 302
    client.logout()
    # The attacker's own address stays locked, even with the right password.
    response = client.post(
        login, {"username": "director_meiyuan", "password": named.DEMO_PASSWORD}, **attacker
    )
    assert response.status_code == 429


def test_a_payroll_export_names_the_district_and_month(client, people):
    call_command("seed_standards", stdout=io.StringIO())
    officer = people["officer_xuanwu"]
    payroll = run_payroll(Area.objects.get(code=named.XUANWU), date(2026, 5, 1), actor=officer)
    approve_payroll(payroll, actor=people["officer2_xuanwu"])  # four eyes
    client.force_login(officer)
    assert client.get(reverse("benefits:payroll_export", args=[payroll.pk])).status_code == 200
    entry = AccessLog.objects.get(action=AccessAction.EXPORT)
    assert entry.area_code == named.XUANWU
    client.force_login(people["auditor_xuanwu"])
    html = _log(client).content.decode()
    assert "玄武区 2026-05" in html


def test_an_invalid_filter_shows_its_error_and_no_rows(client, people):
    """A reversed date range or an unknown kind is an error beside its field, and the list is
    empty rather than unfiltered (QA: it silently showed every row)."""
    officer = people["officer_xuanwu"]
    log_access(user=officer, action=AccessAction.EXPORT, area_code=named.XUANWU, detail="儿童名册")
    client.force_login(people["auditor_xuanwu"])
    url = reverse("audit:access_log")
    assert client.get(url).context["page"].paginator.count == 1
    for query in ({"date_from": "2026-05-02", "date_to": "2026-05-01"}, {"action": "nonsense"}):
        response = client.get(url, query)
        assert response.context["form"].errors, query
        assert response.context["page"].paginator.count == 0, query
