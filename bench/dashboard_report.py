"""The report of bench/dashboard.py: the headline ratios (naive ÷ page), every measurement
against its aim, and the section "Statistics" of BENCHMARKS.md, from the worker's result."""

from __future__ import annotations

import _common as common

SECTION = "## Statistics (bench/dashboard.py)"
AIMS = {"dashboard": 0.3, "annual": 3.0}  # seconds
USERS = [
    ("admin_nanjing", "city administrator (南京市)"),
    ("officer_xuanwu", "district officer (玄武区)"),
    ("director_meiyuan", "community director (梅园社区)"),
]


# --- report ------------------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def rows_for(run: dict) -> list[tuple[str, str]]:
    figures, naive_results = run["figures"], run["naive"]
    rows = []
    # Headline: the ratios.
    for username, text in USERS:
        entry = naive_results[username]
        for _kind, keys in (("dashboard", ("dashboard_page", "dashboard_data", "figures_asof")),
                           ("annual", ("annual_page", "annual_report", "figures_year"))):  # fmt: skip
            for key in keys:
                stat = figures.get(f"{key}_{username}")
                if stat and "p50" in stat:
                    rows.append((
                        f"**ratio** naive ÷ {key.replace('_', ' ')}, {text}",
                        f"**{entry['extrapolated'] / stat['p50']:,.0f}×** ({entry['extrapolated']:,.1f} s ÷ {ms(stat['p50'])})",
                    ))  # fmt: skip
                    break
    anchor = figures.get("anchor_password_form", {}).get("p50")
    for key, stat in figures.items():
        if "error" in stat:
            rows.append((key, f"FAILED: {stat['error'][:120]}"))
            continue
        aim = next((AIMS[name] for name in AIMS if name in key), None)
        verdict = "" if aim is None or key.startswith("figures") else (
            f"; aim {ms(aim)}: {'met' if stat['p50'] < aim else 'NOT met'}")  # fmt: skip
        times = (
            f" = {stat['p50'] / anchor:,.0f}× the anchor" if anchor and not key.startswith("anchor") else ""
        )
        rows.append((f"`{key}`", f"p50 {ms(stat['p50'])}, p95 {ms(stat['p95'])} of {len(stat['runs'])} runs{times} "
                                 f"({stat['queries']} queries, "
                                 f"{ms(stat['sql_seconds'])} SQL){verdict}"))  # fmt: skip
    for username, text in USERS:
        entry = naive_results[username]
        extrapolated = "" if entry["children"] == entry["in_scope"] else " (extrapolated)"
        checks = f"; same counts as the figures: {entry['checks']}" if "checks" in entry else ""
        rows.append((f"naive per-record computation, {text}",
                     f"{entry['children']:,} children in {entry['seconds']:.1f} s → {entry['extrapolated']:,.1f} s for "
                     f"all {entry['in_scope']:,}{extrapolated}{checks}"))  # fmt: skip
    for which, text in (("as_of", "as of the day"), ("year", "of the year")):
        slowest = run.get("costs", {}).get(which, [])[:6]
        if slowest:
            rows.append((f"slowest figures {text}, city administrator (each once)",
                         ", ".join(f"`{key}` {ms(seconds)}" for seconds, key in slowest)))  # fmt: skip
    if run.get("refresh") is not None:
        rows.append(("recount of every pre-aggregate from the records (the day's first dashboard, or `refresh_statistics`)",
                     f"{run['refresh']:.1f} s"))  # fmt: skip
    if run.get("differences") is not None:
        rows.append(("pre-aggregates that differ from a recount of the records (`refresh_statistics --check`)",
                     f"{run['differences']}"))  # fmt: skip
    return rows


def render(info: dict, run: dict, command: str) -> str:
    data = run["data"]
    lines = [SECTION, "", *common.header_lines(info, command, [run["server"]]), ""]
    described = ", ".join(
        f"{value:,} {key.replace('_', ' ')}" for key, value in data.items() if isinstance(value, int)
    )
    lines += [
        f"PostgreSQL, data of {run['today']}: {described}; generated in {run['generation_seconds']:.0f} s"
        + (" (reused from an earlier run today)" if run["reused"] else "")
        + f". Annual report year {run['year']}. Each time: p50 and p95 of the runs after a warm-up; a page is a GET "
        "through Django's test client, logged in (middleware, view, template, every query). The naive computation "
        "walks the user's children with the ORM and fetches each child's records with their own queries "
        "(bench/dashboard.py `naive`), counted in Python; on a sample for the city and the district, extrapolated. "
        "The headline is the ratio naive ÷ page, measured in the same run.",
        "",
        *common.markdown_table([("Figure", "PostgreSQL"), *rows_for(run)]),
        "",
    ]
    if run.get("refresh") is not None:
        lines += [
            "The dashboard as of today reads pre-aggregated counts (reports/aggregates.py): one row per record "
            "area, scope area and arg of each figure that would read every child in scope, kept honest by database "
            "triggers logging every change to the counted tables and recounted per area before each read (the "
            "changed areas, and every area not counted today); any other day is counted from the records. "
            "`dashboard_page_after_a_change_*`: one child of 梅园社区 updated before each run, so each page first "
            "recounts that community. The slowest figures listed are the same figures counted from the records.",
            "",
        ]
    missed = [
        key
        for key, stat in run["figures"].items()
        if "p50" in stat and any(name in key for name in AIMS)
        and stat["p50"] >= next(AIMS[name] for name in AIMS if name in key)
    ]  # fmt: skip
    if missed:
        lines += [
            "Aims not met by "
            + ", ".join(f"`{key}`" for key in missed)
            + ". Where the time goes: the slowest figures are listed above (each counted from the records, as "
            "any day but today is), their plans in bench/output/dashboard-plans.txt (`--explain`).",
            "",
        ]
    return "\n".join(lines)
