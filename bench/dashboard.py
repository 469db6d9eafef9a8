"""Benchmark of the statistics (issue 12), not a test: the dashboard (`/reports/`,
`reports.dashboard.dashboard_data`) and the annual work report (`/reports/annual/?year=`,
`reports.annual.annual_report`) for a city of 1,000,000 children on PostgreSQL, through the
real views for the city administrator, a district officer and a community director, against
the naive per-record computation of the same numbers (each child's spells, assessments,
visits, problems, applications, cases, screening records, insurance and payroll lines fetched
with their own queries and counted in Python) on the same data in the same run.

    .venv/bin/python bench/dashboard.py [--children N] [--repeats N] [--sample N] [--explain]
                                        [--fresh] [--year YYYY]

Default: 1,000,000 children (`--children 20000` for a quick check). The data
(bench/dashboard_data.py; generation timed apart, not part of any figure) is generated once
into a PostgreSQL cluster kept in /tmp/childwelfare-bench-dashboard-N (started again on the
next run, migrated, data reused when generated the same day with the same code of the data
module; `--fresh` generates again). Measured: each page and each function `--repeats` times
after a warm-up (p50, p95, queries); the naive computation on `--sample` children of each
user's scope, extrapolated to all of them, and on the whole of the director's community
(its counts checked against the figures). `--explain` prints EXPLAIN ANALYZE of the slowest
queries of each page. The headline is the ratio naive ÷ page. The aims (dashboard under
300 ms, annual report under 3 s) are reported as met or not; a figure over its aim never
stops the run. A complete default run replaces the section "Statistics (bench/dashboard.py)"
of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
from datetime import date, timedelta
from pathlib import Path

import _common as common
from _common import OUTPUT, ROOT, Timer
from dashboard_report import SECTION, USERS, render, rows_for

FULL_CHILDREN = 1_000_000
DATABASE = "bench_dashboard"


# --- a cluster kept between runs ---------------------------------------------------------------


def kept_cluster(children: int, fresh: bool):
    """A ThrowawayCluster (testing/pgcluster.py) whose folder survives the run: the first run
    initialises it in a temporary folder and moves it to /tmp/childwelfare-bench-dashboard-N
    at the end; later runs start the server on that folder again. `fresh` deletes it first."""
    from childwelfare.testing.pgcluster import ThrowawayCluster, free_port

    kept = Path(f"/tmp/childwelfare-bench-dashboard-{children}")
    if fresh and kept.exists():
        shutil.rmtree(kept)

    class KeptCluster(ThrowawayCluster):
        def start(self):
            if (kept / "data" / "PG_VERSION").exists():
                self.folder = kept
                (kept / "data" / "postmaster.pid").unlink(missing_ok=True)
                # The server is ready when its log says so: the log of an earlier run says so too.
                (kept / "server.log").unlink(missing_ok=True)
                for _attempt in range(3):
                    self.port = free_port()
                    if self._start_server():
                        return self
                raise RuntimeError(f"the kept cluster in {kept} did not start")
            return super().start()

        def stop(self):
            self._stop_server()
            if self.folder is not None and self.folder != kept:
                shutil.move(str(self.folder), kept)
            self.folder = None

    return KeptCluster()


def data_version() -> str:
    """dashboard_data.DATA_VERSION, raised whenever the generator changes what it writes: a
    kept database of another version is refused (run with --fresh)."""
    from dashboard_data import DATA_VERSION

    return DATA_VERSION


# --- what is measured -------------------------------------------------------------------------


def percentile(runs: list[float], share: float) -> float:
    ordered = sorted(runs)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(function, repeats: int, budget: float = 40.0) -> dict:
    """A warm-up run (its queries captured: count, SQL time, the slowest), then `repeats`
    timed runs, fewer (at least two) when the warm-up says they would take more than
    `budget` seconds: p50, p95, runs (s)."""
    with common.captured_queries() as queries, Timer() as warm:
        function()
    repeats = max(2, min(repeats, int(budget / max(warm.wall, 1e-3))))
    stat = common.repeat(function, repeats)
    result = stat.pop("result")
    stat["p50"] = statistics.median(stat["runs"])
    stat["p95"] = percentile(stat["runs"], 0.95)
    stat["queries"] = len(queries)
    stat["sql_seconds"] = sum(q[2] for q in queries)
    stat["slowest"] = [(q[2], q[0], q[1]) for q in sorted(queries, key=lambda q: -q[2])[:3]]
    return stat, result


def page_get(client, user, path: str, params: dict):
    if getattr(client, "user_pk", None) != user.pk:
        client.force_login(user)
        client.user_pk = user.pk
    response = client.get(path, params)
    # 302: the annual report handed to a background job (run inside the request here:
    # TASKS_IMMEDIATE, bench/_common.py), its page next.
    if response.status_code not in (200, 302):
        raise RuntimeError(f"{path} {params}: HTTP {response.status_code}")
    return response


def figure_costs(user, period) -> list[tuple[float, str]]:
    """Each registered figure's number(s) timed once (after the measured runs warmed the
    caches): (seconds, key), slowest first: where the time of the pages goes."""
    from childwelfare.reports.figures import REGISTRY, value_of, values_of

    costs = []
    for key, fig in REGISTRY.items():
        with Timer() as timer:
            try:
                values_of(key, period, user=user) if fig.values is not None else value_of(
                    key, period, user=user
                )
            except (LookupError, TypeError, ValueError):
                continue
        costs.append((timer.wall, key))
    return sorted(costs, reverse=True)


def figure_values(user, period) -> dict:
    """Every registered figure's number(s) for `user` and `period` (values_of with the
    figure's grouped `values` when it has them, else value_of): the figures route, measured
    even when the pages are not there yet."""
    from childwelfare.reports.figures import REGISTRY, value_of, values_of

    out = {}
    for key, fig in REGISTRY.items():
        try:
            out[key] = (
                values_of(key, period, user=user)
                if fig.values is not None
                else value_of(key, period, user=user)
            )
        except (LookupError, TypeError, ValueError):  # a figure that needs an arg: its grouped values only
            out[key] = None
    return out


# --- the naive per-record computation ---------------------------------------------------------------


def naive(children, today: date, year: int, limit: int | None = None) -> dict:
    """For each child (ORM iteration), its records fetched with their own queries and the
    dashboard's and the annual report's numbers counted in Python, as a plain implementation
    would: category held today, district, latest assessment's colour, overdue visit (last
    visit + the colour's interval before today), open problems past their deadline,
    applications by status, the last twelve months' payroll amounts by month, cases by
    status, screened in the year's campaigns (and found in difficulty though not eligible),
    problems solved in the year by kind, insured children. Returns the counts and how many
    children were looked at."""
    from collections import Counter

    from childwelfare.benefits.models import EligibilityApplication, InsuranceEnrolment, PayrollLine
    from childwelfare.cases.models import Case
    from childwelfare.discovery.models import Problem, RiskAssessment, ScreeningRecord, Visit
    from childwelfare.discovery.schedule import interval_days
    from childwelfare.registry.models import CategorySpell

    intervals = interval_days()
    since = today.replace(day=1) - timedelta(days=365)
    counts: dict[str, Counter] = {name: Counter() for name in (
        "by_category", "by_district", "colour", "overdue_visits", "overdue_problems", "applications", "payroll",
        "cases", "screened", "not_eligible_in_difficulty", "problems_solved", "insured")}  # fmt: skip
    seen = 0
    for child in children.order_by("pk").iterator(chunk_size=500):
        if limit is not None and seen >= limit:
            break
        seen += 1
        held = [s.category for s in CategorySpell.objects.filter(child=child) if s.active_on(today)]
        for category in set(held):
            counts["by_category"][category] += 1
        if held:
            counts["by_district"][child.area_id[:6]] += 1
        assessment = RiskAssessment.objects.filter(child=child).order_by("-assessed_on", "-id").first()
        colour = assessment.colour if assessment else None
        counts["colour"][colour or "none"] += 1
        last = Visit.objects.filter(child=child).order_by("-visited_on").first()
        due = (
            last.visited_on + timedelta(days=intervals[colour or "green"])
            if last
            else child.created_at.date()
        )
        if held and due < today:
            counts["overdue_visits"]["all"] += 1
        for problem in Problem.objects.filter(child=child):
            if problem.status == "open" and problem.deadline < today:
                counts["overdue_problems"]["all"] += 1
            if problem.solved_at and problem.solved_at.year == year:
                counts["problems_solved"][problem.kind] += 1
        for application in EligibilityApplication.objects.filter(child=child):
            counts["applications"][application.status] += 1
        for line in PayrollLine.objects.filter(child=child, payroll__status="approved"):
            if line.for_month >= since:
                counts["payroll"][line.for_month.isoformat()] += line.amount
        for case in Case.objects.filter(child=child):
            counts["cases"][case.status] += 1
        for record in ScreeningRecord.objects.filter(child=child, campaign__year=year):
            if record.status != "pending":
                counts["screened"]["all"] += 1
                counts["not_eligible_in_difficulty"]["all"] += record.in_difficulty_not_eligible
        for enrolment in InsuranceEnrolment.objects.filter(child=child, year=year):
            if enrolment.status == "enrolled":
                counts["insured"][str(enrolment.scheme_id)] += 1
    return {"counts": {name: dict(counter) for name, counter in counts.items()}, "children": seen}


# --- worker ----------------------------------------------------------------------------------------


def ensure_data(spec: dict) -> tuple[dict, dict, float, bool]:
    """Migrate; generate the data unless this database holds this version's data of today.
    Returns (users, data counts, generation seconds, reused)."""
    from dashboard_data import amend, generate
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from childwelfare.testing import people

    today = timezone.localdate()
    version = f"{data_version()} {today.isoformat()} {spec['children']}"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_dashboard_meta (version text, data jsonb, seconds float)"
        )
        cursor.execute("SELECT version, data, seconds FROM bench_dashboard_meta")
        row = cursor.fetchone()
    if row and row[0] == version:
        call_command("migrate", verbosity=0)
        users = people.ensure_people()
        data = row[1] if isinstance(row[1], dict) else json.loads(row[1])
        print(f"{spec['label']}: reusing the data generated earlier today ({data['children']:,} children)")
        amend()
        return users, data, row[2], True
    if row:
        raise RuntimeError("the kept database holds other data: run with --fresh")
    users, _codes, _seconds = common.prepare_database()
    with Timer() as generation:
        data = generate(spec["children"], users, today)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_dashboard_meta VALUES (%s, %s, %s)",
            [version, json.dumps(data), generation.wall],
        )
    print(f"{spec['label']}: generated {data} in {generation.wall:.0f} s")
    amend()
    return users, data, generation.wall, False


def worker(spec: dict) -> None:
    from discovery import view_client
    from django.db.models import F
    from django.utils import timezone

    from childwelfare.registry.models import Child
    from childwelfare.reports.figures import Period

    users, data, generation_seconds, reused = ensure_data(spec)
    today = timezone.localdate()
    year = spec["year"] or today.year
    client = view_client()
    try:
        from childwelfare.reports.dashboard import dashboard_data
    except ImportError:
        dashboard_data = None
    try:
        from childwelfare.reports.annual import annual_report
    except ImportError:
        annual_report = None
    from django.urls import Resolver404, resolve

    def has_page(path: str) -> bool:
        try:
            resolve(path)
        except Resolver404:
            return False
        return True

    refresh = refresh_aggregates()
    measurements = {
        "anchor_password_form": lambda: page_get(client, users["officer_xuanwu"], "/accounts/password/", {})
    }
    if not has_page("/accounts/password/"):
        from django.urls import reverse

        path = reverse("password_change")
        measurements["anchor_password_form"] = lambda: page_get(client, users["officer_xuanwu"], path, {})
    for username, _text in USERS:
        user = users[username]
        area = user.area_id
        if has_page("/reports/"):
            measurements[f"dashboard_page_{username}"] = lambda u=user: page_get(client, u, "/reports/", {})
        if dashboard_data is not None:
            measurements[f"dashboard_data_{username}"] = lambda u=user, a=area: dashboard_data(
                u, Period.as_of(a, today)
            )
        if dashboard_data is None:  # not merged yet: every registered figure as of the day
            measurements[f"figures_asof_{username}"] = lambda u=user, a=area: figure_values(
                u, Period.as_of(a, today)
            )
        if has_page("/reports/annual/"):
            measurements[f"annual_page_{username}"] = lambda u=user: page_get(
                client, u, "/reports/annual/", {"year": year}
            )
        if annual_report is not None:
            measurements[f"annual_report_{username}"] = lambda u=user, a=area: annual_report(
                Period.year(a, year), user=u
            )
        if annual_report is None:  # not merged yet: every registered figure of the year
            measurements[f"figures_year_{username}"] = lambda u=user, a=area: figure_values(
                u, Period.year(a, year)
            )
    if dashboard_data is not None and refresh is not None:
        # The first dashboard after a change: one child of 梅园社区 written (its community's
        # tallies stale), then the page, which recounts that community before reading.
        touched = Child.objects.filter(area_id=users["director_meiyuan"].area_id).order_by("pk")[:1]

        def after_change(user):
            Child.objects.filter(pk__in=list(touched.values_list("pk", flat=True))).update(name=F("name"))
            return page_get(client, user, "/reports/", {})

        for username in ("admin_nanjing", "officer_xuanwu"):
            measurements[f"dashboard_page_after_a_change_{username}"] = lambda u=users[username]: (
                after_change(u)
            )
    figures, plans = {}, {}
    for key, function in measurements.items():
        try:
            stat, _result = measure(function, spec["repeats"])
        except Exception as exc:  # a broken page is reported, the run goes on
            print(f"{spec['label']}: {key}: FAILED {exc!r}")
            figures[key] = {"error": repr(exc)}
            continue
        slowest = stat.pop("slowest")
        if hasattr(_result, "status_code"):
            stat["status"] = _result.status_code
        figures[key] = stat
        print(
            f"{spec['label']}: {key}: p50 {stat['p50'] * 1000:,.0f} ms, p95 {stat['p95'] * 1000:,.0f} ms "
            f"({stat['queries']} queries, {stat['sql_seconds'] * 1000:,.0f} ms in SQL)"
        )
        if spec["explain"] and not key.startswith("anchor"):
            plans[key] = [
                {"seconds": s, "sql": sql[:1500], "plan": common.explain(sql, params)}
                for s, sql, params in slowest
            ]
            for entry in plans[key][:1]:
                print(f"--- {key}: slowest query {entry['seconds'] * 1000:,.0f} ms\n{entry['sql'][:600]}")
                print("\n".join(common.key_plan_lines(entry["plan"], 18)))
    admin = users["admin_nanjing"]
    costs = {
        "as_of": figure_costs(admin, Period.as_of(admin.area_id, today)),
        "year": figure_costs(admin, Period.year(admin.area_id, year)),
    }
    for which, entries in costs.items():
        print(f"{spec['label']}: slowest figures ({which}, city): "
              + ", ".join(f"{key} {seconds * 1000:,.0f} ms" for seconds, key in entries[:8]))  # fmt: skip
    # The naive computation: the director's community whole, a sample of the larger scopes.
    naive_results = {}
    for username, _text in USERS:
        user = users[username]
        children = Child.objects.visible_to(user)
        in_scope = children.count()
        # The community whole (its counts checked against the figures); larger scopes sampled.
        limit = None if username == "director_meiyuan" or in_scope <= spec["sample"] else spec["sample"]
        with Timer() as timer:
            found = naive(children, today, year, limit)
        entry = {"children": found["children"], "in_scope": in_scope, "seconds": timer.wall}
        entry["extrapolated"] = timer.wall / max(found["children"], 1) * in_scope
        if limit is None:
            entry["counts"] = found["counts"]
            entry["checks"] = check_counts(found["counts"], user, today)
        naive_results[username] = entry
        print(f"{spec['label']}: naive {username}: {found['children']:,} of {in_scope:,} children in "
              f"{timer.wall:.1f} s → {entry['extrapolated']:,.0f} s for all; checks {entry.get('checks')}")  # fmt: skip
    differences = None
    if refresh is not None:
        from childwelfare.reports.aggregates import check

        with Timer() as checking:
            differences = len(check())
        print(f"{spec['label']}: tallies checked against the records: {differences} differences "
              f"({checking.wall:.1f} s)")  # fmt: skip
    result = {
        "differences": differences,
        "data": data,
        "generation_seconds": generation_seconds,
        "reused": reused,
        "year": year,
        "today": today.isoformat(),
        "figures": figures,
        "plans": plans,
        "naive": naive_results,
        "refresh": refresh,
        "costs": costs,
    }
    common.write_result(spec, result)


def refresh_aggregates():
    """Count every pre-aggregate of the statistics again from the records, as the day's first
    dashboard or the nightly `refresh_statistics` does (every area's tallies made stale
    first, so a database refreshed earlier today is counted in full too); returns its
    seconds, or None without pre-aggregates."""
    try:
        from childwelfare.reports.aggregates import refresh_all
        from childwelfare.reports.models import TallyState
    except ImportError:
        return None
    TallyState.objects.all().delete()
    with Timer() as timer:
        refresh_all()
    return timer.wall


def check_counts(counts: dict, user, today: date) -> dict:
    """The naive counts against the registered figures they share (same user, same day)."""
    from childwelfare.reports.figures import REGISTRY, Period, value_of, values_of

    period = Period.as_of(user.area_id, today)
    checks = {}
    if "children.by_category" in REGISTRY:
        got = values_of("children.by_category", period, user=user)
        checks["children.by_category"] = all(got.get(k, 0) == v for k, v in counts["by_category"].items())
    if "cases.by_status" in REGISTRY:
        got = values_of("cases.by_status", period, user=user)
        checks["cases.by_status"] = all(got.get(k, 0) == v for k, v in counts["cases"].items())
    if "discovery.overdue_problems" in REGISTRY:
        got = value_of("discovery.overdue_problems", period, user=user)
        checks["discovery.overdue_problems"] = got == counts["overdue_problems"].get("all", 0)
    return checks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--children", type=int, default=FULL_CHILDREN)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sample", type=int, default=300, help="children of the naive loop in larger scopes")
    parser.add_argument("--year", type=int, default=0, help="the annual report's year (default: this year)")
    parser.add_argument(
        "--explain", action="store_true", help="EXPLAIN ANALYZE of each page's slowest queries"
    )
    parser.add_argument("--fresh", action="store_true", help="generate the data again")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(json.loads(args.worker))
        return
    OUTPUT.mkdir(parents=True, exist_ok=True)
    info = common.machine()
    print(f"{common.machine_line(info)}; load average (1 min) {info['load']:.1f} {os.getloadavg()}")
    spec = {"label": "postgres", "children": args.children, "repeats": args.repeats, "sample": args.sample,
            "year": args.year, "explain": args.explain}  # fmt: skip
    import psycopg

    with kept_cluster(args.children, args.fresh) as cluster:
        with psycopg.connect(cluster.url, autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone():
                conn.execute(f'CREATE DATABASE "{DATABASE}"')
        run = common.run_worker(
            str(Path(__file__).resolve()), spec, cluster.url.rsplit("/", 1)[0] + "/" + DATABASE
        )
    common.finish(info)
    command = " ".join([".venv/bin/python bench/dashboard.py", *sys.argv[1:]])
    section = render(info, run, command)
    common.print_table([("Figure", "PostgreSQL"), *rows_for(run)])
    print(f"\n{common.load_text(info)} (1, 5, 15 min now: {os.getloadavg()})")
    (OUTPUT / "dashboard.md").write_text(section)
    (OUTPUT / "dashboard-plans.txt").write_text(
        "\n".join(
            f"=== {key} ({entry['seconds']:.3f} s)\n{entry['sql']}\n{entry['plan']}\n"
            for key, entries in run["plans"].items()
            for entry in entries
        )
    )
    if args.children == FULL_CHILDREN:
        common.update_benchmarks(SECTION, section)
        print(f"\nwrote the section {SECTION[3:]!r} of {common.BENCHMARKS.relative_to(ROOT)}")
    else:
        print(f"\npartial run: the section is in {(OUTPUT / 'dashboard.md').relative_to(ROOT)} only")


if __name__ == "__main__":
    main()
