"""The URL × role matrix (issue 7, item 3): every URL pattern Django's resolver serves is in
testing.url_matrix.TABLE, and every role gets the answer the table gives, for a record of
its own area, of a sibling area and of a parent area, by GET and (for actions) by POST with a
valid CSRF token. A pattern missing from the table fails; so does a table entry that no
longer resolves, and a known divergence that has been fixed.

Records are built once (setUpTestData); every POST runs in a savepoint that is rolled back,
so no action disturbs the next case.
"""

from __future__ import annotations

import time

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from childwelfare.testing import url_matrix as matrix
from childwelfare.testing.matrix_records import MatrixRecords, relation_of

MISSING_PK = 999_999_999
# Every no-access page (the site's 403.html and the apps' own) leads back to the home page.
NO_ACCESS_MARK = "返回我的工作"


def walk(resolver=None, namespace: str = "") -> set[str]:
    """Every named pattern the project serves, as "namespace:name" ("name" at the top)."""
    resolver = resolver or get_resolver()
    names: set[str] = set()
    for item in resolver.url_patterns:
        if isinstance(item, URLResolver):
            inner = f"{namespace}:{item.namespace}" if namespace and item.namespace else item.namespace
            names |= walk(item, inner or namespace)
        elif isinstance(item, URLPattern):
            if not item.name:
                names.add(
                    f"{namespace}:<unnamed {item.pattern}>" if namespace else f"<unnamed {item.pattern}>"
                )
            else:
                names.add(f"{namespace}:{item.name}" if namespace else item.name)
    return names


def covered(name: str) -> bool:
    return name.startswith("admin:") or any(entry.name == name for entry in matrix.TABLE)


def expected(entry: matrix.Entry, method: str, role: str, relation: str) -> str:
    """The answer the table gives (the rule of testing.url_matrix's docstring)."""
    access = entry.get if method == "GET" else entry.post
    if access is None:
        return "405"
    if entry.public:
        return "ok"
    if role in matrix.SIGNED_OUT:
        return "login"
    if relation in ("sibling", "foreign"):
        return "404"
    if role in access.allowed(relation):
        return "ok"
    if entry.record and role not in entry.readers:
        return "404"
    return "403"


class URLMatrixTest(MatrixRecords):
    def setUp(self):
        self.clients: dict[str, Client] = {}
        self.not_found = None

    def client_for(self, role: str, *, fresh: bool = False) -> Client:
        """A client that enforces CSRF checks, signed in as `role`, holding a CSRF cookie
        from a real GET of the login form. `fresh`: a new one, not kept (for a POST that
        signs out)."""
        if fresh or role not in self.clients:
            client = Client(enforce_csrf_checks=True)
            if role != matrix.ANONYMOUS:
                client.force_login(self.users[role])
            client.get(reverse("login"))
            if fresh:
                return client
            self.clients[role] = client
        return self.clients[role]

    def area_of(self, role: str) -> str | None:
        return None if role == matrix.ANONYMOUS else self.users[role].area_id

    def outcome(self, response, entry_public: bool) -> str:
        status = response.status_code
        if status in (301, 302, 303, 307, 308):
            target = response.headers.get("Location", "")
            if not entry_public and (
                target.startswith(reverse("login")) or target.startswith(reverse("admin:login"))
            ):
                return "login"
            return "ok"
        if status < 300:
            return "ok"
        if status == 404 and response.content != self.not_found:
            return "404-body-differs"
        if status == 403 and NO_ACCESS_MARK not in response.content.decode():
            # Not the no-access page: Django's CSRF failure, say, which must never pass for one.
            return "403-not-the-no-access-page"
        return str(status)

    def request(self, role: str, method: str, url: str, data: dict, *, fresh: bool = False):
        client = self.client_for(role, fresh=fresh)
        if method == "GET":
            return client.get(url)
        payload = {"csrfmiddlewaretoken": client.cookies["csrftoken"].value, **data}

        class Rollback(Exception):
            pass

        try:
            with transaction.atomic():
                response = client.post(url, payload)
                raise Rollback
        except Rollback:
            pass
        return response

    def url(self, entry: matrix.Entry, pk) -> str:
        if entry.record is None:
            return reverse(entry.name) + entry.query
        if not entry.pk_in_path:
            return reverse(entry.name) + entry.query.format(pk=pk)
        return reverse(entry.name, kwargs={"pk": pk}) + entry.query.format(pk=pk)

    def cases(self, entry: matrix.Entry, role: str):
        """(case label, url, relation) for the role: every record variant of the entry's kind,
        or the one page without a record. The signed out get the first variant only."""
        if entry.record is None:
            yield "page", self.url(entry, None), "own"
            return
        variants = self.records[entry.record]
        if role in matrix.SIGNED_OUT:
            variants = variants[:1]
        for label, pk, area in variants:
            relation = relation_of(self.area_of(role), area)
            if role == matrix.LIAISON and (entry.record, label) in self.foreign_department:
                relation = "foreign"
            yield f"{label}/{relation}", self.url(entry, pk), relation

    @staticmethod
    def judge(cell: str, want: str, got: str, seen: set[str], wrong: list[str]) -> None:
        """A cell answering as the table says passes; one listed in KNOWN_DIVERGENCES with
        exactly today's answer is reported; anything else fails."""
        if got == want:
            return
        line = f"{cell}: expected {want}, got {got}"
        if line in matrix.KNOWN_DIVERGENCES:
            seen.add(line)
        else:
            wrong.append(line)

    def test_every_pattern_is_in_the_table(self):
        served = walk()
        missing = sorted(name for name in served if not covered(name))
        stale = sorted(entry.name for entry in matrix.TABLE if entry.name not in served)
        assert not missing, (
            "URL patterns missing from testing/url_matrix.py TABLE (add them to the app's "
            f"tests/matrix_entries.py): {missing}"
        )
        assert not stale, f"TABLE entries that no longer resolve: {stale}"
        assert len({entry.name for entry in matrix.TABLE}) == len(matrix.TABLE), "a pattern is listed twice"

    def test_the_table_keeps_the_auditor_read_only_and_names_known_roles(self):
        for entry in matrix.TABLE:
            for access in (entry.get, entry.post):
                if access is None:
                    continue
                for roles in (access.own, access.parent or frozenset()):
                    assert roles <= set(matrix.ROLES), (entry.name, roles - set(matrix.ROLES))
            if entry.post is not None and not entry.public:
                assert matrix.AUDITOR not in entry.post.own | (entry.post.parent or frozenset()), entry.name
            assert entry.record is None or entry.record in self.records, entry.name

    def test_a_post_without_the_csrf_token_is_refused(self):
        """The matrix's clients enforce CSRF checks: without the token an allowed POST is
        Django's CSRF failure, which `outcome` never counts as the no-access page."""
        self.not_found = b""
        client = self.client_for(matrix.OFFICER_XUANWU)
        response = client.post(reverse("discovery:confirm_many"), {})
        assert self.outcome(response, entry_public=False) == "403-not-the-no-access-page"

    SHARDS = 4

    def check_shard(self, shard: int):
        """The table's entries with index ≡ `shard` (mod SHARDS) — and, in shard 0, the admin
        samples — for every role. Four test methods rather than one so that pytest-xdist can
        spread the matrix (about 10,000 requests) over its workers."""
        started = time.monotonic()
        missing = self.client_for(matrix.DIRECTOR_MEIYUAN).get(
            reverse("registry:child_detail", kwargs={"pk": MISSING_PK})
        )
        assert missing.status_code == 404
        self.not_found = missing.content  # every 404 of the matrix must be exactly this page
        wrong: list[str] = []
        seen: set[str] = set()
        checks = 0
        cells: set[tuple[str, str]] = set()
        entries = [entry for index, entry in enumerate(matrix.TABLE) if index % self.SHARDS == shard]
        for entry in entries:
            for method in ("GET", "POST"):
                access = entry.get if method == "GET" else entry.post
                if access is None and (method == "POST" or entry.public):
                    continue
                roles = matrix.ROLES if access is not None else (matrix.ANONYMOUS, matrix.DIRECTOR_MEIYUAN)
                for role in roles:
                    cells.add((entry.name, role))
                    for case, url, relation in self.cases(entry, role):
                        want = expected(entry, method, role, relation)
                        response = self.request(
                            role, method, url, entry.post_data, fresh=entry.public and method == "POST"
                        )
                        got = self.outcome(response, entry.public)
                        checks += 1
                        self.judge(f"{entry.name} {method} {role} {case}", want, got, seen, wrong)
        names = {entry.name for entry in entries}
        if shard == 0:
            for name in (*matrix.ADMIN_SAMPLES, matrix.ADMIN_LOGIN):
                names.add(name)
                for role in matrix.ROLES:
                    cells.add((name, role))
                    public = name == matrix.ADMIN_LOGIN
                    got = self.outcome(self.request(role, "GET", reverse(name), {}), public)
                    want = "ok" if public or role == matrix.SUPERUSER else "login"
                    checks += 1
                    self.judge(f"{name} GET {role} page", want, got, seen, wrong)
        mine = {key for key in matrix.KNOWN_DIVERGENCES if key.split(" ", 1)[0] in names}
        fixed = sorted(mine - seen)
        elapsed = time.monotonic() - started
        summary = (
            f"URL matrix shard {shard + 1}/{self.SHARDS}: {len(walk())} patterns served "
            f"({len(matrix.TABLE)} in the table, {len(entries)} in this shard; the rest the admin group, "
            f"sampled by {len(matrix.ADMIN_SAMPLES)} pages and its login); "
            f"{len(matrix.ROLES)} roles, {len(cells)} pattern×role cells, {checks} requests, "
            f"{len(seen)} known divergences, {elapsed:.1f} s"
        )
        print(summary)
        for key in sorted(seen):
            print("  known divergence:", key)
        problems = wrong + [f"fixed, remove from KNOWN_DIVERGENCES: {key}" for key in fixed]
        assert not problems, summary + "\n" + "\n".join(problems)

    def test_url_role_matrix_shard_1(self):
        self.check_shard(0)

    def test_url_role_matrix_shard_2(self):
        self.check_shard(1)

    def test_url_role_matrix_shard_3(self):
        self.check_shard(2)

    def test_url_role_matrix_shard_4(self):
        self.check_shard(3)

    def test_every_known_divergence_names_a_checked_pattern(self):
        names = {entry.name for entry in matrix.TABLE} | {*matrix.ADMIN_SAMPLES, matrix.ADMIN_LOGIN}
        stray = sorted(key for key in matrix.KNOWN_DIVERGENCES if key.split(" ", 1)[0] not in names)
        assert not stray, f"KNOWN_DIVERGENCES entries no shard checks: {stray}"
