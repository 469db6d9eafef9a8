"""Benchmark of active discovery's district pages (主动发现), not a test: the overdue-visit
list, the campaign progress board and figures, and the follow-up lists, for a district of
100,000 children with their visits, four-colour assessments, care measures and a running
screening campaign, against the obvious alternative (a Python loop computing each child's
next due date from its last visit and colour with per-child ORM queries) on the same data in
the same run.

    .venv/bin/python bench/discovery.py [--children N] [--skip-postgres] [--skip-sqlite]
                                        [--sample N] [--repeats N]

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
over 1 s gets EXPLAIN ANALYZE (PostgreSQL) / EXPLAIN QUERY PLAN (SQLite). A complete run
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
from discovery_data import CAMPAIGN_DAYS_AGO, create_staff, generate

SECTION = "## Active discovery (bench/discovery.py)"
FULL_CHILDREN = 100_000
PAGE_SIZE = 50
SLOW_SECONDS = 1.0
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


# --- what if: PostgreSQL's JIT off --------------------------------------------------------------------------------


def without_jit(function):
    """What-if, a setting rather than code: run `function` with PostgreSQL's JIT compilation
    off. The correlated subqueries make the planner's cost estimate of a district's list
    (about 10⁶) pass jit_above_cost and jit_optimize_above_cost, so each query is compiled
    and optimised by LLVM before it runs."""
    from django.db import connection

    def wrapped():
        connection.ensure_connection()
        with connection.connection.cursor() as cursor:  # the raw cursor: not counted as a query
            cursor.execute("SET jit = off")
        try:
            return function()
        finally:
            with connection.connection.cursor() as cursor:
                cursor.execute("RESET jit")

    return wrapped


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
    from childwelfare.discovery.views.visits import scheduled_children, visits_due_this_week
    from childwelfare.registry.models import Child

    label, count, repeats = spec["label"], spec["children"], spec["repeats"]
    today = timezone.localdate()
    users, communities, setup_seconds = common.prepare_database()
    officer, director = users["officer_xuanwu"], users["director_meiyuan"]
    directors = create_staff(communities)
    with Timer() as generation:
        data = generate(count, communities, directors, officer, today)
    print(f"{label}: generated {data} in {generation.wall:.0f} s")
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

    measurements = {
        "overdue_officer": lambda: page(schedule.overdue(scheduled(officer), today).select_related("area")),
        "overdue_director": lambda: page(schedule.overdue(scheduled(director), today).select_related("area")),
        # The page's own definition (a rolling seven days from today), not a calendar week.
        "due_this_week_officer": lambda: visits_due_this_week(officer, today).count(),
        "board_community": lambda: board.progress_board(campaign, records(officer), group_length=12),
        "board_street": lambda: board.progress_board(campaign, records(officer), group_length=9),
        "campaign_figures": lambda: board.campaign_figures(campaign, records(officer)),
        "needs_a_case": lambda: page(attention(officer, "case")),
        "without_active_measure": lambda: page(attention(officer, "measure")),
    }
    if connection.vendor == "postgresql":
        measurements["what_if_no_jit_overdue_officer"] = without_jit(measurements["overdue_officer"])
    figures, plans = {}, {}
    for key, function in measurements.items():
        function()  # warm: the first run pays for connection set-up and cold caches
        stat = repeat(function, repeats)
        value = stat.pop("result")
        with common.captured_queries() as queries:
            function()
        stat["queries"] = len(queries)
        stat["slowest_query_seconds"] = max(q[2] for q in queries)
        if isinstance(value, tuple):
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

ROWS = [
    ("overdue_officer", "(a) overdue visits, district officer: count + first 50"),
    ("overdue_director", "(a) overdue visits, 梅园社区's director: count + first 50"),
    (
        "due_this_week_officer",
        "(a′) due in the coming 7 days, district officer: count (the list page shows it too)",
    ),
    ("board_community", "(b) progress board, community rows"),
    ("board_street", "(b) progress board, street rows"),
    ("campaign_figures", "(b) campaign figures"),
    ("needs_a_case", "(c) red without an open case: count + first 50"),
    ("without_active_measure", "(c) red/yellow without an active measure: count + first 50"),
    (
        "what_if_no_jit_overdue_officer",
        "what-if, a setting: (a) for the officer with PostgreSQL's JIT off (`SET jit = off`)",
    ),
]


def name(db: str) -> str:
    return {"sqlite": "SQLite", "postgres": "PostgreSQL"}[db]


def naive_seconds(run: dict, who: str) -> float:
    naive = run[f"naive_{who}"]
    return naive["seconds"] / naive["children"] * naive["in_scope"]


def cell(run: dict, key: str) -> str:
    if key not in run["figures"]:
        return "— (PostgreSQL only)"
    stat = run["figures"][key]
    unit = "records in scope" if key == "campaign_figures" else "children"
    detail = f"{stat['count']:,} {unit}" if "count" in stat else f"{stat.get('rows', 0)} rows"
    return f"{stat['median'] * 1000:,.0f} ms ({detail}, {stat['queries']} queries)"


def table(results: dict) -> list[tuple[str, ...]]:
    dbs = [db for db in ("sqlite", "postgres") if db in results]
    rows = [("Page (median of runs)", *(f"{name(db)}, {results[db]['children']:,} children" for db in dbs))]
    for key, text in ROWS:
        rows.append((text, *(cell(results[db], key) for db in dbs)))
    for who, key, text in (
        ("officer", "overdue_officer", "the officer's overdue list"),
        ("director", "overdue_director", "the director's overdue list"),
    ):
        naive = [results[db][f"naive_{who}"] for db in dbs]
        rows.append((
            f"naive per-child loop for {text}",
            *(f"{n['children']:,} children in {n['seconds']:.1f} s → {naive_seconds(results[db], who):,.1f} s for "
              f"all {n['in_scope']:,}" + ("" if n["children"] == n["in_scope"] else " (extrapolated)")
              for db, n in zip(dbs, naive, strict=True)),
        ))  # fmt: skip
        rows.append(
            (
                f"ratio: naive ÷ query, {text}",
                *(
                    f"{naive_seconds(results[db], who) / results[db]['figures'][key]['median']:,.0f}×"
                    for db in dbs
                ),
            )
        )
    return rows


def print_figures(results: dict) -> None:
    rows = table(results)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    print()
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    for db, run in results.items():
        print(f"\n{name(db)}: data {run['data']}")
        for key, entries in run["plans"].items():
            if run["figures"][key]["median"] > SLOW_SECONDS:
                for entry in entries[:1]:
                    print(f"\n{name(db)} {key}: slowest query {entry['seconds']:.2f} s; plan, key lines:")
                    print("\n".join(common.key_plan_lines(entry["plan"], 16)))


def render_markdown(info: dict, results: dict, command: str) -> str:
    rows = table(results)
    any_run = next(iter(results.values()))
    data = any_run["data"]
    lines = [
        SECTION,
        "",
        f"Command: `{command}`  ",
        f"Run: {common.now_text()}, application code at commit {info['code']}  ",
        f"Machine: {common.machine_line(info)}  ",
        f"Software: Python {info['python']}, Django {info['django']}, "
        + ", ".join(r["server"] for r in results.values()),
        "",
        f"Load average (1 min) {info['load']:.1f} at the start of the run and {info['load_end']:.1f} at the end: "
        "other engineers' test runs shared the machine's cores, so the times are pessimistic; each is the "
        "median of the runs after one warm-up run.",
        "",
        f"The data: {data['children']:,} children in 玄武区 (320102) over 83 communities of unequal size, each holding "
        f"a category (seed_demo's mix; 2 % ended during the campaign); {data['visits']:,} visits and "
        f"{data['assessments']:,} v1 risk assessments (10 % of children never assessed, 5 % never visited; latest "
        "colours red 2 %, yellow 8 %, blue 25 %, green 65 %; the last visit as the schedule went, or during the "
        f"campaign when screened); {data['care_measures']:,} care measures (most red and yellow children); a "
        f"campaign started {CAMPAIGN_DAYS_AGO} days ago with `start_campaign` ({data['start_campaign_records']:,} "
        f"records; "
        + ", ".join(f"{step} {n:,}" for step, n in sorted(data["record_steps"].items()))
        + f"), {data['problems']:,} problems, sample re-visits. Loaded with COPY (PostgreSQL) or executemany "
        "(SQLite), then VACUUM ANALYZE. A page is what the list views run: `Paginator(queryset, 50).get_page(1)`, "
        "i.e. the count and the first 50 rows (with `select_related('area')`, as the views). The PostgreSQL "
        "cluster is the test suite's throwaway one (fsync off, otherwise default settings).",
        "",
        "| " + " | ".join(rows[0]) + " |",
        "|" + "---|" * len(rows[0]),
        *("| " + " | ".join(row) + " |" for row in rows[1:]),
        "",
    ]
    for db, run in results.items():
        start = run["data"]["start_campaign_seconds"]
        lines.append(
            f"- {name(db)}: `start_campaign` created {run['data']['start_campaign_records']:,} records in {start:.1f} s. "
            f"The naive loop over the whole of 梅园社区 ({run['naive_director']['in_scope']:,} children in scope) "
            + (
                "found the same overdue children in the same order as the query."
                if run["naive_director"]["same_as_query"]
                else "did NOT find the same overdue children as the query."
            )  # fmt: skip
        )
    # Only measurements with a recorded plan (the what-if rows have none: they re-run a page
    # under another setting) — a slow what-if row crashed the report (issue 14).
    slow = [
        (db, key)
        for db, run in results.items()
        for key in run["figures"]
        if run["figures"][key]["median"] > SLOW_SECONDS and run["plans"].get(key)
    ]
    if slow:
        lines.append("")
        lines.append("Pages over 1 s, with the key lines of the slowest query's plan:")
        for db, key in slow:
            entry = results[db]["plans"][key][0]
            lines += [
                "",
                f"{name(db)}, {dict(ROWS)[key]} ({results[db]['figures'][key]['median']:.1f} s):",
                "",
                "```",
            ]
            lines += common.key_plan_lines(entry["plan"], 14)
            lines.append("```")
    else:
        lines.append("- No page took over 1 s.")
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--children", type=int, default=FULL_CHILDREN, help="children in the district (100,000)"
    )
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--sample", type=int, default=2000, help="children for the naive loop (2,000)")
    parser.add_argument("--repeats", type=int, default=5, help="runs of each page (5)")
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
    base = {"children": args.children, "sample": args.sample, "repeats": args.repeats}
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
