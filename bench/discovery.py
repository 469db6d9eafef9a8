"""Benchmark of active discovery's district pages (主动发现), not a test: the overdue-visit
list, the campaign progress board and figures, and the follow-up lists, for a district of
100,000 children with their visits, four-colour assessments, care measures and a running
screening campaign, against the obvious alternative (a Python loop computing each child's
next due date from its last visit and colour with per-child ORM queries) on the same data in
the same run.

    .venv/bin/python bench/discovery.py [--children N] [--skip-postgres] [--skip-sqlite]
                                        [--sample N] [--repeats N] [--profile]

Default: 100,000 children on PostgreSQL (a throwaway cluster) and on SQLite (a temporary
file); each database run is a subprocess of this script on a fresh database migrated with
`migrate`. The data (bench/discovery_data.py; not timed, its generation time printed apart): every child in 玄武区
(320102), over its streets' 83 communities (a director per community, a supervisor per
street), each holding a category (seed_demo's mix); visits and v1 risk assessments for most
children, the latest colour deciding the visit interval (red 7, yellow 15, blue 30, green 90
days); care measures for most red and yellow children; a campaign over the district started
with `start_campaign` 40 days ago, its records then set to the five steps per community
progress, with the screening visits and assessments, problems and sample re-visits.

Measured (ms per page, median of `--repeats` runs; "page" = Paginator(…, 50): the count and
the first 50 rows, as the views do):
  (a) `schedule.overdue(Child.objects.visible_to(u).in_any_category(today), today)` for the
      district officer and for one community's director;
  (b) `board.progress_board` at community and street level and `board.campaign_figures`;
  (c) `board.needs_a_case` and `board.without_active_measure` as the attention page orders
      them.
The obvious alternative runs on `--sample` children of the officer's list (extrapolated to
all of them) and on the whole of the director's community (checked against (a)). Any page
over 1 s gets EXPLAIN ANALYZE (PostgreSQL) / EXPLAIN QUERY PLAN (SQLite). `--profile` measures
nothing: it runs each list page through the view once under cProfile and prints where the
time goes (bench/output/discovery-DB-profile.txt). A complete run
(defaults, both databases) replaces the section "Active discovery (bench/discovery.py)" of
BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import timedelta
from pathlib import Path

import _common as common
from _common import OUTPUT, ROOT, Timer, repeat
from discovery_data import create_staff, generate
from discovery_report import SECTION, SLOW_SECONDS, print_figures, render_markdown

FULL_CHILDREN = 100_000
PAGE_SIZE = 50
# --- the obvious alternative --------------------------------------------------------------------------------


def naive_overdue(children, today, limit: int | None = None) -> tuple[list[tuple], int]:
    """Per child: its last visit and latest assessment with two ORM queries, the next due date
    in Python; overdue ones sorted most late first. Returns (sorted list, children looked at)."""
    from childwelfare.discovery.schedule import interval_days

    intervals = interval_days()
    found, seen = [], 0
    for child in children.order_by("pk").iterator(chunk_size=500):
        if limit is not None and seen >= limit:
            break
        seen += 1
        last = child.visits.order_by("-visited_on").first()
        assessment = child.risk_assessments.order_by("-assessed_on", "-id").first()
        colour = assessment.colour if assessment else "green"
        due = last.visited_on + timedelta(days=intervals[colour]) if last else child.created_at.date()
        if due < today:
            found.append((due, child.pk))
    found.sort()
    return found, seen


# --- what if: PostgreSQL's JIT on ---------------------------------------------------------------------------------


def with_jit(function):
    """What-if, a setting rather than code: run `function` with PostgreSQL's JIT compilation
    on (the server's default; the application's connections turn it off, settings.py). The
    correlated subqueries of the computed schedule make the planner's cost estimate of a
    district's list (about 10⁶) pass jit_above_cost and jit_optimize_above_cost."""
    from django.db import connection

    def wrapped():
        connection.ensure_connection()
        with connection.connection.cursor() as cursor:  # the raw cursor: not counted as a query
            cursor.execute("SET jit = on")
        try:
            return function()
        finally:
            with connection.connection.cursor() as cursor:
                cursor.execute("SET jit = off")

    return wrapped


# --- the real view ------------------------------------------------------------------------------------------


def view_client():
    """Django's test client, as a browser: the request goes through the URL resolver, the
    middleware (session, authentication, axes, CSRF), the view and the template."""
    from django.conf import settings
    from django.test import Client

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    return Client()


def view(client, user, url_name: str, params: dict):
    """GET the page as `user`. Returns the response; raises if the answer is not 200. Its
    context (the list's count, the tab counts) is there only once Django's test environment
    is set up (`view_checks`): the timed runs go without that instrumentation."""
    from django.urls import reverse

    if getattr(client, "user_pk", None) != user.pk:
        client.force_login(user)
        client.user_pk = user.pk
    response = client.get(reverse(url_name), params)
    if response.status_code != 200:
        raise RuntimeError(f"{url_name} {params}: HTTP {response.status_code}")
    return response


PROFILED_VIEWS = [
    ("officer", "discovery:visit_list", {}),
    ("officer", "discovery:visit_list", {"list": "week"}),
    ("director", "discovery:visit_list", {}),
    ("officer", "discovery:attention", {"list": "case"}),
    ("officer", "discovery:attention", {"list": "measure"}),
    ("officer", "password_change", {}),
]


def profile_views(spec: dict, client, users: dict) -> None:
    """Each list page once (after a warm-up) under cProfile, sorted by own time and by
    cumulative time, with the page's queries and their time: what the page costs beyond
    its SQL. Written to bench/output/discovery-DB-profile.txt."""
    import cProfile
    import io
    import pstats

    text = []
    for who, url_name, params in PROFILED_VIEWS:
        view(client, users[who], url_name, params)
        profile = cProfile.Profile()
        with common.captured_queries() as queries, Timer() as timer:
            profile.enable()
            view(client, users[who], url_name, params)
            profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out).strip_dirs()
        stats.sort_stats("tottime").print_stats(40)
        stats.sort_stats("cumulative").print_stats(80)
        sql = sum(q[2] for q in queries)
        header = (
            f"=== {url_name} {params} as {who}: {timer.wall * 1000:.0f} ms under the profiler, "
            f"{len(queries)} queries {sql * 1000:.0f} ms"
        )
        print(header)
        text += [header, *(f"  {q[2] * 1000:7.1f} ms  {q[0][:160]}" for q in queries), out.getvalue()]
    (OUTPUT / f"discovery-{spec['label']}-profile.txt").write_text("\n".join(text))
    common.write_result(spec, {"profile": True})


def view_checks(measurements: dict, figures: dict) -> None:
    """After the timed runs: each page once more with Django's test instrumentation, for the
    list's count, the rows shown and the tab counts (into `figures`)."""
    from django.test.utils import setup_test_environment

    setup_test_environment()
    for key, function in measurements.items():
        if key.startswith("view_"):
            response = function()
            page = response.context["page"]
            figures[key].update(
                count=page.paginator.count, rows=len(page.object_list), counts=response.context["counts"]
            )


# --- worker ---------------------------------------------------------------------------------------------------


def page(queryset) -> tuple[int, list]:
    """What a list view runs: Paginator(queryset, 50).get_page(1) — the count, then the rows."""
    from django.core.paginator import Paginator

    current = Paginator(queryset, PAGE_SIZE).get_page(1)
    return current.paginator.count, list(current.object_list)


def worker(spec: dict) -> None:
    from django.db import connection
    from django.db.models import OuterRef, Subquery
    from django.utils import timezone

    from childwelfare.discovery import board, schedule
    from childwelfare.discovery.models import Campaign, RiskAssessment, ScreeningRecord
    from childwelfare.discovery.views.visits import scheduled_children, visit_counts, visits_due_this_week
    from childwelfare.registry.models import Child

    label, count, repeats = spec["label"], spec["children"], spec["repeats"]
    today = timezone.localdate()
    users, communities, setup_seconds = common.prepare_database()
    officer, director = users["officer_xuanwu"], users["director_meiyuan"]
    directors = create_staff(communities)
    with Timer() as generation:
        data = generate(count, communities, directors, officer, today)
    print(f"{label}: generated {data} in {generation.wall:.0f} s")
    # The rows were loaded with SQL: the stored schedule is written in the one UPDATE an
    # interval change runs (schedule.restore_schedule), timed as such.
    with Timer() as restored:
        schedule.restore_schedule()
    common.analyze()
    data["restore_schedule_seconds"] = restored.wall
    print(f"{label}: restore_schedule (every child) in {restored.wall:.1f} s")
    campaign = Campaign.objects.get(pk=data["campaign"])
    result = {
        "children": count,
        "setup_seconds": setup_seconds,
        "generation_seconds": generation.wall,
        "data": data,
    }

    def scheduled(user):
        return scheduled_children(user, today)  # the visit list's own definition

    def attention(user, which):
        children = Child.objects.visible_to(user)
        listed = (
            board.needs_a_case(children) if which == "case" else board.without_active_measure(children, today)
        )
        latest = RiskAssessment.objects.filter(child=OuterRef("pk")).order_by("-assessed_on", "-id")
        return (
            listed.annotate(assessed_on=Subquery(latest.values("assessed_on")[:1]))
            .select_related("area")
            .order_by("area_id", "name", "pk")
        )

    def records(user):
        return ScreeningRecord.objects.visible_to(user).filter(campaign=campaign)

    def computed_overdue(user):
        """The anchor: the overdue list as the page computed it before the schedule was stored
        (schedule.with_schedule: the latest visit and assessment looked up for every child)."""
        children = schedule.with_schedule(scheduled(user)).filter(next_due__lt=today)
        return page(children.order_by("next_due", "pk").select_related("area"))

    client = view_client()
    if spec.get("profile"):
        profile_views(spec, client, {"officer": officer, "director": director})
        return
    measurements = {
        # The anchor of the view rows: a page with no list (a form), same client, same user.
        "baseline_officer": lambda: view(client, officer, "password_change", {}),
        "view_overdue_officer": lambda: view(client, officer, "discovery:visit_list", {}),
        "view_overdue_director": lambda: view(client, director, "discovery:visit_list", {}),
        "view_week_officer": lambda: view(client, officer, "discovery:visit_list", {"list": "week"}),
        "view_case_officer": lambda: view(client, officer, "discovery:attention", {"list": "case"}),
        "view_measure_officer": lambda: view(client, officer, "discovery:attention", {"list": "measure"}),
        "computed_overdue_officer": lambda: computed_overdue(officer),
        "computed_overdue_director": lambda: computed_overdue(director),
        # The communities as the page reads them: one query for the page's rows (no join).
        "overdue_officer": lambda: page(schedule.overdue(scheduled(officer), today).prefetch_related("area")),
        "overdue_director": lambda: page(
            schedule.overdue(scheduled(director), today).prefetch_related("area")
        ),
        # The page's own definition (a rolling seven days from today), not a calendar week.
        "due_this_week_officer": lambda: visits_due_this_week(officer, today).count(),
        "counts_officer": lambda: visit_counts(officer, today)["overdue"],
        "board_community": lambda: board.progress_board(campaign, records(officer), group_length=12),
        "board_street": lambda: board.progress_board(campaign, records(officer), group_length=9),
        "campaign_figures": lambda: board.campaign_figures(campaign, records(officer)),
        "needs_a_case": lambda: page(attention(officer, "case")),
        "without_active_measure": lambda: page(attention(officer, "measure")),
    }
    if connection.vendor == "postgresql":
        # The settings turn JIT off for the application's connections; what the anchor costs
        # with the server's default (on).
        measurements["what_if_jit_computed_officer"] = with_jit(measurements["computed_overdue_officer"])
    figures, plans = {}, {}
    for key, function in measurements.items():
        function()  # warm: the first run pays for connection set-up and cold caches
        stat = repeat(function, repeats)
        value = stat.pop("result")
        with common.captured_queries() as queries:
            function()
        stat["queries"] = len(queries)
        stat["slowest_query_seconds"] = max(q[2] for q in queries)
        if key.startswith(("view_", "baseline_")):
            stat["bytes"] = len(value.content)
        elif isinstance(value, tuple):
            stat["count"], stat["rows"] = value[0], len(value[1])
        elif isinstance(value, int):
            stat["count"] = value
        elif isinstance(value, list):
            stat["rows"] = len(value)
        else:  # CampaignFigures
            stat["count"] = value.in_scope
        figures[key] = stat
        print(
            f"{label}: {key}: {common.ms_text(stat)}, {stat.get('count', stat.get('rows'))} ({len(queries)} queries)"
        )
        if not key.startswith("what_if") and ("overdue" in key or stat["median"] > SLOW_SECONDS):
            slowest = sorted(queries, key=lambda q: -q[2])[:2]
            plans[key] = [
                {"seconds": q[2], "sql": q[0][:600], "plan": common.explain(q[0], q[1])} for q in slowest
            ]
    view_checks(measurements, figures)
    result["figures"] = figures
    result["plans"] = plans

    # The obvious alternative: the officer's list on a sample, the director's community whole.
    with Timer() as timer:
        _found, seen = naive_overdue(scheduled(officer), today, limit=spec["sample"])
    in_scope = scheduled(officer).count()
    result["naive_officer"] = {"children": seen, "seconds": timer.wall, "in_scope": in_scope}
    with Timer() as timer:
        found, seen = naive_overdue(scheduled(director), today)
    query_ids = list(schedule.overdue(scheduled(director), today).values_list("pk", flat=True))
    result["same_lists"] = {
        who: list(schedule.overdue(scheduled(user), today).values_list("pk", flat=True))
        == list(
            schedule.with_schedule(scheduled(user))
            .filter(next_due__lt=today)
            .order_by("next_due", "pk")
            .values_list("pk", flat=True)
        )
        for who, user in (("officer", officer), ("director", director))
    }
    result["naive_director"] = {
        "children": seen,
        "seconds": timer.wall,
        "in_scope": seen,
        "overdue": len(found),
        "same_as_query": [pk for _due, pk in found] == query_ids,
    }
    print(f"{label}: naive: {result['naive_officer']}, {result['naive_director']}")
    common.write_result(spec, result)


# --- parent --------------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--children", type=int, default=FULL_CHILDREN, help="children in the district (100,000)"
    )
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--sample", type=int, default=2000, help="children for the naive loop (2,000)")
    parser.add_argument("--repeats", type=int, default=5, help="runs of each page (5)")
    parser.add_argument("--profile", action="store_true", help="profile the list pages, measure nothing")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(json.loads(args.worker))
        return

    OUTPUT.mkdir(parents=True, exist_ok=True)
    info = common.machine()
    print(
        f"{common.machine_line(info)}\nPython {info['python']}, Django {info['django']}, SQLite {info['sqlite']}"
    )
    print(f"load average (1 min): {info['load']:.1f}")
    base = {
        "children": args.children,
        "sample": args.sample,
        "repeats": args.repeats,
        "profile": args.profile,
    }
    script = str(Path(__file__).resolve())
    results: dict[str, dict] = {}
    if not args.skip_sqlite:
        results["sqlite"] = common.run_on_sqlite(script, {**base, "label": "sqlite"})
    if not args.skip_postgres:
        from childwelfare.testing.pgcluster import ThrowawayCluster

        with ThrowawayCluster() as cluster:
            results["postgres"] = common.run_on_postgres(
                script, {**base, "label": "postgres"}, cluster, "bench_discovery"
            )
    if args.profile:
        print(f"profiles in {OUTPUT.relative_to(ROOT)}/discovery-*-profile.txt")
        return
    info["load_end"] = os.getloadavg()[0]
    print(f"\n{common.machine_line(info)}; " + ", ".join(run["server"] for run in results.values()))
    print(f"load average (1 min): {info['load']:.1f} at the start, {info['load_end']:.1f} at the end")
    print_figures(results)
    for db, run in results.items():
        text = []
        for key, entries in run["plans"].items():
            for entry in entries:
                text += [f"=== {key} ({entry['seconds']:.3f} s)", entry["sql"], entry["plan"], ""]
        (OUTPUT / f"discovery-{db}-plans.txt").write_text("\n".join(text))
    command = " ".join([".venv/bin/python bench/discovery.py", *sys.argv[1:]])
    section = render_markdown(info, results, command)
    (OUTPUT / "discovery.md").write_text(section)
    if args.children == FULL_CHILDREN and not args.skip_postgres and not args.skip_sqlite:
        common.update_benchmarks(SECTION, section)
        print(f"\nwrote the section {SECTION[3:]!r} of {common.BENCHMARKS.relative_to(ROOT)}")
    else:
        print(f"\npartial run: the section is in {(OUTPUT / 'discovery.md').relative_to(ROOT)} only")


if __name__ == "__main__":
    main()
