"""Every form of the site survives what a person can type (issue 8, item 3).

A problem row with type, department and description but no 办理期限 raised TypeError in the
form's own check: a 500, and the visit write-up was gone. This test finds that class of crash
everywhere. It opens every page of the URL×role matrix (testing.url_matrix.TABLE) that a role
may read, as each of a few roles, over the matrix's records (MatrixRecords) and a few more
states of them (so that the step forms of a screened or verified record show), reads every
POST form the page holds (lxml), and submits each one, as a role the table allows to post
there:

(a) with every field a person fills in empty;
(b) with each required field empty in turn, the others filled (the value the page showed,
    else a sensible one);
(c) with each optional field empty in turn;
(d) with a hostile value in each field in turn: very long text, a date that is no date, a
    number that is no number or one too large for a column, a choice that does not exist.

Each answer must be a page (200, the form with its errors) or a redirect (302); never a 500.
Hidden fields (the form's name, the version the page showed) are the page's, not the user's,
and are sent as the page had them. Every POST runs in a savepoint that is rolled back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import lxml.html
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from childwelfare.areas.models import Area
from childwelfare.discovery import services as discovery
from childwelfare.discovery.models import Campaign, Visit
from childwelfare.testing import url_matrix as matrix
from childwelfare.testing.factories import ChildFactory
from childwelfare.testing.matrix_records import MatrixRecords, relation_of
from childwelfare.testing.people import MEIYUAN

TODAY = timezone.localdate()
# The roles whose pages are read, in the order their forms are preferred: people of 梅园社区
# and 玄武区 first (their records are the "M" variants), the superuser last.
ROLES = (
    matrix.DIRECTOR_MEIYUAN,
    matrix.SUPERVISOR_MEIYUAN,
    matrix.OFFICER_XUANWU,
    matrix.STAFF,
    matrix.LIAISON,
    matrix.CITY_ADMIN,
    matrix.SUPERUSER,
)
LONG_TEXT = "很长的文字" * 1200  # 6,000 characters, past every max_length of the site
HOSTILE_DATES = ("2024-13-45", "明天")
HOSTILE_NUMBERS = ("abc", "9" * 30)
NO_SUCH_CHOICE = "999999999"
TEXT_TYPES = {"text", "search", "email", "tel", "url", "textarea", "password"}
SKIPPED_TYPES = {"submit", "button", "reset", "image", "file"}


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, date, number, select, checkbox, radio, hidden
    required: bool
    value: list[str]  # what the page sent (several for a multiple select or checkbox group)
    options: list[str] = field(default_factory=list)


@dataclass
class PageForm:
    action: str
    fields: list[Field]
    where: str  # the page and role it was read from, for messages

    def key(self) -> tuple:
        """The same form on another record of the same page is not submitted again."""
        return (resolve(self.action.split("?")[0]).view_name, tuple(sorted({f.name for f in self.fields})))


def read_forms(html: str, page_url: str, where: str) -> list[PageForm]:
    """The POST forms of a page, with their fields as the browser would send them."""
    found = []
    for form in lxml.html.fromstring(html).forms:
        if (form.get("method") or "get").lower() != "post":
            continue
        action = (form.get("action") or page_url).split("#")[0] or page_url
        fields: dict[str, Field] = {}
        for element in form.inputs:
            name = element.get("name")
            if not name or name == "csrfmiddlewaretoken":
                continue
            tag = element.tag
            if tag == "select":
                kind = "select"
                options = [option.get("value", option.text or "") for option in element.iter("option")]
                chosen = [
                    option.get("value", option.text or "")
                    for option in element.iter("option")
                    if option.get("selected") is not None
                ]
                if not chosen and options and element.get("multiple") is None:
                    chosen = options[:1]
                value = chosen
            elif tag == "textarea":
                kind, options, value = "textarea", [], [element.text or ""]
            else:
                kind = (element.get("type") or "text").lower()
                if kind in SKIPPED_TYPES:
                    continue
                options = [element.get("value", "on")] if kind in ("checkbox", "radio") else []
                if kind in ("checkbox", "radio"):
                    value = [element.get("value", "on")] if element.get("checked") is not None else []
                else:
                    value = [element.get("value", "")]
            required = element.get("required") is not None
            if name in fields and kind in ("checkbox", "radio"):
                fields[name].options += options
                fields[name].value += value
                fields[name].required |= required
                continue
            fields[name] = Field(name, kind, required, value, options)
        found.append(PageForm(action, list(fields.values()), where))
    return found


def sensible(item: Field) -> list[str]:
    """A value a careful person would type into an empty field."""
    if item.value and any(item.value):
        return item.value
    if item.kind == "date":
        return [(TODAY + timedelta(days=1)).isoformat() if "deadline" in item.name else TODAY.isoformat()]
    if item.kind == "number":
        return ["1"]
    if item.kind in ("select", "radio", "checkbox"):
        choices = [option for option in item.options if option]
        return choices[:1] if item.required or item.kind != "checkbox" else []
    if item.kind == "month":
        return [TODAY.strftime("%Y-%m")]
    return ["测试内容"]


def hostile(item: Field) -> list[str]:
    """Values no form should choke on."""
    if item.kind == "date":
        return list(HOSTILE_DATES)
    if item.kind in ("number", "month"):
        return list(HOSTILE_NUMBERS)
    if item.kind in ("select", "radio", "checkbox"):
        return [NO_SUCH_CHOICE]
    if item.kind in TEXT_TYPES:
        return [LONG_TEXT]
    return []


class FormFuzzTest(MatrixRecords):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # A record screened (the supervisor's verify and return forms show) and one verified
        # (the officer's re-visit and confirm), in 梅园社区.
        director, supervisor = cls.users[matrix.DIRECTOR_MEIYUAN], cls.users[matrix.SUPERVISOR_MEIYUAN]
        campaign = Campaign.objects.get(
            pk=next(pk for label, pk, _a in cls.records["campaign"] if label == "M")
        )
        more = []
        for state in ("screened", "verified"):
            child = ChildFactory.build(area_id=MEIYUAN)
            record = discovery.add_child_during_screening(
                campaign,
                actor=director,
                name=child.name,
                id_number=child.id_number,
                area=Area.objects.get(code=MEIYUAN),
            )
            record = discovery.screen_record(
                record, actor=director, expected_version=record.version, visited_on=TODAY
            )
            if state == "verified":
                record = discovery.verify_record(record, actor=supervisor, expected_version=record.version)
            more.append((f"M-{state}", record.pk, record.area_id))
        cls.records["screening_record"] = cls.records["screening_record"] + more

    def client_for(self, role: str) -> Client:
        if role not in self._clients:
            client = Client(raise_request_exception=False)
            client.force_login(self.users[role])
            self._clients[role] = client
        return self._clients[role]

    def setUp(self):
        self._clients: dict[str, Client] = {}

    def page_urls(self):
        """(url, role) of every page a role of ROLES may read, over every record variant the
        role may read."""
        for entry in matrix.TABLE:
            if entry.get is None or entry.public:
                continue
            variants = (
                [(None, None)]
                if entry.record is None
                else [(pk, area) for _label, pk, area in self.records[entry.record]]
            )
            for pk, area in variants:
                if entry.record is None:
                    url = reverse(entry.name) + entry.query
                elif not entry.pk_in_path:
                    url = reverse(entry.name) + entry.query.format(pk=pk)
                else:
                    url = reverse(entry.name, kwargs={"pk": pk}) + entry.query.format(pk=pk)
                for role in ROLES:
                    relation = relation_of(self.users[role].area_id, area)
                    if role in entry.get.allowed(relation):
                        yield url, role, area

    def may_post(self, action: str, role: str, area) -> bool:
        try:
            name = resolve(action.split("?")[0]).view_name
        except Resolver404:
            return False
        entry = next((e for e in matrix.TABLE if e.name == name), None)
        if entry is None or entry.post is None or entry.public:
            return False
        return role in entry.post.allowed(relation_of(self.users[role].area_id, area))

    def collect(self) -> list[tuple[PageForm, str]]:
        """Every distinct POST form of the site with the role to submit it as."""
        chosen: dict[tuple, tuple[PageForm, str]] = {}
        for url, role, area in self.page_urls():
            response = self.client_for(role).get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for form in read_forms(response.content.decode(), url.split("?")[0], f"{url} as {role}"):
                if not self.may_post(form.action, role, area) or form.key() in chosen:
                    continue
                chosen[form.key()] = (form, role)
        return list(chosen.values())

    def submit(self, role: str, action: str, data: dict):
        client = self.client_for(role)

        class Rollback(Exception):
            pass

        try:
            with transaction.atomic():
                response = client.post(action, data)
                raise Rollback
        except Rollback:
            pass
        return response

    def cases(self, form: PageForm):
        """(label, data) for every submission of the form."""
        filled = {item.name: sensible(item) if item.kind != "hidden" else item.value for item in form.fields}
        user_fields = [item for item in form.fields if item.kind != "hidden"]
        empty = {**filled, **{item.name: [] for item in user_fields}}
        yield "all empty", empty
        for item in user_fields:
            label = "required" if item.required else "optional"
            yield f"{label} {item.name} empty", {**filled, item.name: []}
            for value in hostile(item):
                yield f"{item.name}={value[:20]!r}", {**filled, item.name: [value]}

    def test_no_form_answers_500(self):
        forms = self.collect()
        names = {resolve(form.action.split("?")[0]).view_name for form, _role in forms}
        # The forms this test must reach, or it proves nothing about them.
        for expected in (
            "discovery:record_screen",
            "discovery:child_visit",
            "discovery:child",
            "registry:child_detail",
            "benefits:application_create",
            "discovery:campaign_create",
        ):
            assert expected in names, f"no form of {expected} was found: {sorted(names)}"
        crashes = []
        submissions = 0
        for form, role in forms:
            for label, data in self.cases(form):
                submissions += 1
                response = self.submit(role, form.action, data)
                if response.status_code not in (200, 302):
                    crashes.append(f"{form.action} ({form.where}) {label}: {response.status_code}")
        print(f"{len(forms)} forms of {len(names)} pages, {submissions} submissions: {sorted(names)}")
        assert not crashes, (
            f"{len(crashes)} submissions were not answered with a page or a redirect:\n" + "\n".join(crashes)
        )

    def test_a_problem_row_without_its_deadline_is_shown_again_with_the_error_beside_it(self):
        """The finding itself: type, department and description but no 办理期限 on the visit
        form. The form comes back with 请填写此项 beside the deadline, every typed value kept,
        and nothing is written."""
        child_pk = next(pk for label, pk, _a in self.records["child"] if label == "M")
        url = reverse("discovery:child_visit", kwargs={"pk": child_pk})
        client = self.client_for(matrix.DIRECTOR_MEIYUAN)
        page = client.get(url)
        form = next(f for f in read_forms(page.content.decode(), url, url) if f.action == url)
        data = {item.name: sensible(item) if item.kind != "hidden" else item.value for item in form.fields}
        data.update(
            {
                "living_situation": ["祖母年迈，独自照看"],
                "problems-0-kind": ["schooling"],
                "problems-0-department": ["education"],
                "problems-0-description": ["孩子三周未到校，需教育部门跟进"],
                "problems-0-deadline": [""],
                "problems-1-kind": [""],
                "problems-1-department": [""],
                "problems-1-description": [""],
                "problems-1-deadline": [""],
            }
        )
        visits = Visit.objects.count()
        response = client.post(url, data)
        assert response.status_code == 200
        assert Visit.objects.count() == visits
        again = lxml.html.fromstring(response.content.decode())
        deadline = again.get_element_by_id("id_problems-0-deadline")
        assert "is-invalid" in deadline.get("class")
        assert "请填写此项" in deadline.getparent().text_content()
        assert (
            again.get_element_by_id("id_problems-0-description").text.strip()
            == "孩子三周未到校，需教育部门跟进"
        )
        assert again.get_element_by_id("id_living_situation").text.strip() == "祖母年迈，独自照看"
