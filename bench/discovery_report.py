"""The report of bench/discovery.py: the headline ratios, the table of every figure and the
section of BENCHMARKS.md it writes ("Active discovery"), from the workers' results."""

from __future__ import annotations

import _common as common
from discovery_data import CAMPAIGN_DAYS_AGO

SECTION = "## Active discovery (bench/discovery.py)"
SLOW_SECONDS = 1.0  # a page over this gets its plan printed


VIEW_ROWS = [
    ("view_overdue_officer", "overdue visits, district officer (`/discovery/visits/`)"),
    ("view_overdue_director", "overdue visits, 梅园社区's director"),
    ("view_week_officer", "due in the coming 7 days, district officer (`?list=week`)"),
    ("view_case_officer", "red without an open case, district officer (`/discovery/attention/`)"),
    ("view_measure_officer", "red/yellow without an active measure, district officer (`?list=measure`)"),
]
ROWS = [
    ("baseline_officer", "anchor: a page without a list through the view (the password form)"),
    *((key, f"page through the view: {text}") for key, text in VIEW_ROWS),
    ("overdue_officer", "(a) overdue visits, district officer: count + first 50 (stored schedule)"),
    ("computed_overdue_officer", "anchor: (a) as computed before (`with_schedule`, lookups for every child)"),
    ("overdue_director", "(a) overdue visits, 梅园社区's director: count + first 50 (stored schedule)"),
    ("computed_overdue_director", "anchor: the director's (a) as computed before"),
    ("counts_officer", "(a′) the visit list's two tab counts, district officer: one query"),
    (
        "due_this_week_officer",
        "(a′) due in the coming 7 days, district officer: count",
    ),
    ("board_community", "(b) progress board, community rows"),
    ("board_street", "(b) progress board, street rows"),
    ("campaign_figures", "(b) campaign figures"),
    ("needs_a_case", "(c) red without an open case: count + first 50"),
    ("without_active_measure", "(c) red/yellow without an active measure: count + first 50"),
    (
        "what_if_jit_computed_officer",
        "what-if, a setting: the anchor with PostgreSQL's JIT on (`SET jit = on`, the server default)",
    ),
]
AIM_SECONDS = 0.3


def headline(results: dict) -> list[tuple[str, ...]]:
    """The ratios measured in this run (machine-independent), then the aim."""
    dbs = [db for db in ("sqlite", "postgres") if db in results]
    rows = [
        ("Ratio, same data, same run", *(f"{name(db)}, {results[db]['children']:,} children" for db in dbs))
    ]

    def ratio(db, slow, fast):
        figures = results[db]["figures"]
        return f"{figures[slow]['median'] / figures[fast]['median']:,.1f}×"

    rows.append(
        (
            "officer's overdue list: computed (before) ÷ stored (now), count + first 50",
            *(ratio(db, "computed_overdue_officer", "overdue_officer") for db in dbs),
        )
    )
    rows.append(
        (
            "director's overdue list: computed (before) ÷ stored (now)",
            *(ratio(db, "computed_overdue_director", "overdue_director") for db in dbs),
        )
    )
    rows.append((
        "officer's overdue list: naive per-child loop ÷ stored",
        *(f"{naive_seconds(results[db], 'officer') / results[db]['figures']['overdue_officer']['median']:,.0f}×" for db in dbs),
    ))  # fmt: skip
    rows.append(
        (
            "slowest list page through the view ÷ a page without a list (the password form), same client",
            *(
                f"{slowest(results[db]) / results[db]['figures']['baseline_officer']['median']:,.1f}×"
                for db in dbs
            ),
        )
    )
    rows.append(
        (
            f"slowest list page through the view (aim: under {AIM_SECONDS * 1000:.0f} ms)",
            *(slowest_view(results[db]) for db in dbs),
        )
    )
    return rows


def slowest(run: dict) -> float:
    return max(run["figures"][key]["median"] for key, _text in VIEW_ROWS)


def slowest_view(run: dict) -> str:
    key = max((key for key, _text in VIEW_ROWS), key=lambda key: run["figures"][key]["median"])
    median = run["figures"][key]["median"]
    verdict = "met" if median < AIM_SECONDS else "NOT met"
    return f"{median * 1000:,.0f} ms ({dict(VIEW_ROWS)[key].split(' (')[0]}): {verdict}"


def name(db: str) -> str:
    return {"sqlite": "SQLite", "postgres": "PostgreSQL"}[db]


def naive_seconds(run: dict, who: str) -> float:
    naive = run[f"naive_{who}"]
    return naive["seconds"] / naive["children"] * naive["in_scope"]


def cell(run: dict, key: str) -> str:
    if key not in run["figures"]:
        return "— (PostgreSQL only)"
    stat = run["figures"][key]
    if key.startswith("baseline_"):
        return f"{stat['median'] * 1000:,.0f} ms ({stat['queries']} queries)"
    unit = "records in scope" if key == "campaign_figures" else "children"
    detail = f"{stat['count']:,} {unit}" if "count" in stat else f"{stat.get('rows', 0)} rows"
    return f"{stat['median'] * 1000:,.0f} ms ({detail}, {stat['queries']} queries)"


def markdown_table(rows) -> list[str]:
    return [
        "| " + " | ".join(rows[0]) + " |",
        "|" + "---|" * len(rows[0]),
        *("| " + " | ".join(row) + " |" for row in rows[1:]),
    ]


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
    for rows in (headline(results), table(results)):
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
        f"Load average (1 min) {info['load']:.1f} at the start of the run and {info['load_end']:.1f} at the end "
        "(other work shared the machine's cores); each time is the median of the runs after one warm-up run. "
        "Absolute times depend on the machine and its load; the ratios below were measured side by side.",
        "",
        *markdown_table(headline(results)),
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
        "(SQLite); then every child's stored schedule written by `schedule.restore_schedule()` (the one UPDATE "
        "an interval change runs: "
        + ", ".join(
            f"{name(db)} {run['data']['restore_schedule_seconds']:.1f} s" for db, run in results.items()
        )
        + '), then VACUUM ANALYZE. "Through the view" is a GET with Django\'s test client, logged in: URL '
        "resolver, middleware, view, template, every query the page runs. A page at queryset level is "
        "`Paginator(queryset, 50).get_page(1)`, i.e. the count and the first 50 rows (their communities "
        "as the visit plan reads them, `prefetch_related('area')`; the anchor as before, joined). The "
        "anchor is the overdue list as computed before the schedule was stored. The PostgreSQL cluster is the test suite's throwaway one (fsync off, otherwise "
        "default settings); the application's connections have JIT off (settings.py, `DATABASE_JIT`).",
        "",
        *markdown_table(rows),
        "",
    ]
    for db, run in results.items():
        start = run["data"]["start_campaign_seconds"]
        lines.append(
            f"- {name(db)}: `start_campaign` created {run['data']['start_campaign_records']:,} records in {start:.1f} s. "
            "The stored lists hold the same children in the same order as the computed ones: "
            + ("yes" if all(run["same_lists"].values()) else f"NO {run['same_lists']}")
            + f". The naive loop over the whole of 梅园社区 ({run['naive_director']['in_scope']:,} children in scope) "
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
