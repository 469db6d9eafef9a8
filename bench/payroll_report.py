"""The report of bench/payroll.py: ratios, tables and the BENCHMARKS.md section from the
workers' results (split from payroll.py, which runs the measurements)."""

from __future__ import annotations

import _common as common

SECTION = "## Monthly payroll (bench/payroll.py)"
FULL = {"postgres": 1_000_000, "sqlite": 100_000}
AIM_SECONDS = 30
AIM_CHILDREN = 1_000_000


def merged(*stats: dict) -> dict:
    """The runs of several repeat() results as one (median over all)."""
    import statistics

    runs = [run for stat in stats for run in stat["runs"]]
    return {"median": statistics.median(runs), "min": min(runs), "max": max(runs), "runs": runs}


# --- parent ---------------------------------------------------------------------------------------------


def rate(children: int, stat: dict) -> str:
    return f"{stat['median']:.1f} s, {children / stat['median']:,.0f} children/s"


def ratio(run: dict, stage: str = "first_run") -> float:
    naive_rate = run["naive"]["children"] / run["naive"]["seconds"]
    return (run["children"] / run[stage]["median"]) / naive_rate


def aim_text(run: dict, stage: str) -> str:
    seconds = run[stage]["median"] * AIM_CHILDREN / run["children"]
    scaled = "" if run["children"] == AIM_CHILDREN else f" (scaled linearly from {run['children']:,})"
    verdict = "met" if seconds < AIM_SECONDS else "not met"
    return f"{seconds:.1f} s for {AIM_CHILDREN:,} children{scaled}: {verdict}"


STAGES = [
    ("first_run", "first run of July 2026 (empty draft)"),
    ("rerun", "re-run of the same month (recomputes, keeps the unchanged lines)"),
    ("retro_rerun", "re-run after a category ended retroactively (approved months re-checked)"),
]


ANCHOR_AIM = 3.0


def headline(results: dict) -> list[tuple[str, ...]]:
    """The ratios to the anchor, measured in this run on the same data (issue 14: at most 3×)."""
    dbs = [db for db in ("sqlite", "postgres") if db in results]
    rows = [
        ("Ratio, same data, same run", *(f"{name(db)}, {results[db]['children']:,} children" for db in dbs))
    ]
    for stage, bare, text in (
        ("first_run", "bare_first", "first run ÷ bare INSERT … SELECT"),
        ("rerun", "bare_rerun", "re-run ÷ bare DELETE + INSERT … SELECT"),
    ):
        cells = []
        for db in dbs:
            value = results[db][stage]["median"] / results[db][bare]["median"]
            verdict = "met" if value <= ANCHOR_AIM else "not met"
            cells.append(
                f"{value:.1f}× ({results[db][stage]['median']:.1f} s ÷ {results[db][bare]['median']:.1f} s): {verdict}"
            )
        rows.append((f"payroll {text} (aim ≤ {ANCHOR_AIM:.0f}×)", *cells))
    if all("floor" in results[db] for db in dbs):
        rows.append((
            "floor: July's lines (the payroll's own SELECT) written into a table without key or index ÷ bare "
            "INSERT … SELECT",
            *(f"{results[db]['floor']['median'] / results[db]['bare_first']['median']:.1f}× "
              f"({results[db]['floor']['median']:.2f} s ÷ {results[db]['bare_first']['median']:.2f} s; "
              f"{results[db]['floor_lines']:,} lines against {results[db]['bare_first_lines']:,})" for db in dbs),
        ))  # fmt: skip
        rows.append((
            f"payroll first run of August 2026 (no change of standard) ÷ its bare INSERT … SELECT (aim ≤ {ANCHOR_AIM:.0f}×)",
            *(f"{results[db]['normal_first']['median'] / results[db]['normal_bare']['median']:.1f}× "
              f"({results[db]['normal_first']['median']:.2f} s ÷ {results[db]['normal_bare']['median']:.2f} s; "
              f"{results[db]['normal_lines']:,} lines against {results[db]['normal_bare_lines']:,}): "
              + ("met" if results[db]['normal_first']['median'] / results[db]['normal_bare']['median'] <= ANCHOR_AIM else "not met")
              for db in dbs),
        ))  # fmt: skip
    rows.append(
        (
            "set-based first run ÷ naive per-child loop, children/s",
            *(f"{ratio(results[db]):,.0f}×" for db in dbs),
        )
    )
    return rows


def table(results: dict) -> list[tuple[str, ...]]:
    dbs = [db for db in ("sqlite", "postgres") if db in results]
    rows = [("Measurement", *(f"{name(db)}, {results[db]['children']:,} children" for db in dbs))]
    rows.append(
        ("data generation (not measured)", *(f"{results[db]['generation_seconds']:.0f} s" for db in dbs))
    )
    for key, text in (
        ("bare_first", "anchor: bare INSERT … SELECT, one line per eligible child"),
        ("bare_rerun", "anchor: bare DELETE + INSERT … SELECT (re-run)"),
    ):
        rows.append((text, *(f"{results[db][key]['median']:.1f} s (runs " + ", ".join(f"{s:.1f}" for s in results[db][key]["runs"])
                             + f"), {results[db]['bare_first_lines']:,} lines" for db in dbs)))  # fmt: skip
    for key, text in STAGES:
        if any(key in results[db] for db in dbs):
            rows.append((text, *(f"{rate(results[db]['children'], results[db][key])} (runs "
                                 + ", ".join(f"{s:.1f}" for s in results[db][key]["runs"]) + ")"
                                 if key in results[db] else "— (PostgreSQL only)" for db in dbs)))  # fmt: skip
    rows.append((
        "naive per-child ORM loop (sample)",
        *(f"{results[db]['naive']['children']:,} children in {results[db]['naive']['seconds']:.1f} s, "
          f"{results[db]['naive']['children'] / results[db]['naive']['seconds']:,.0f} children/s "
          f"(≈ {duration(results[db]['children'] * results[db]['naive']['seconds'] / results[db]['naive']['children'])} "
          f"for all)" for db in dbs),
    ))  # fmt: skip
    rows.append(
        ("ratio: set-based first run ÷ naive (children/s)", *(f"{ratio(results[db]):,.0f}×" for db in dbs))
    )
    rows.append(("ratio: set-based re-run ÷ naive", *(f"{ratio(results[db], 'rerun'):,.0f}×" for db in dbs)))
    return rows


def duration(seconds: float) -> str:
    return f"{seconds:,.0f} s" if seconds < 120 else f"{seconds / 60:,.0f} min"


def name(db: str) -> str:
    return {"sqlite": "SQLite", "postgres": "PostgreSQL"}[db]


def print_figures(info: dict, results: dict) -> None:
    common.print_table(headline(results))
    common.print_table(table(results))
    for db, run in results.items():
        print(
            f"\n{name(db)}: {run['lines']:,} lines for {run['paid_children']:,} children, {run['total_amount']} yuan"
        )
        print(f"  aim, first run: {aim_text(run, 'first_run')}; re-run: {aim_text(run, 'rerun')}")
        print(f"  naive lines identical to set-based on the sample: {run['naive']['same_lines']}")
        for key, text in STAGES:
            if f"{key}_parts" in run:
                print(f"  {text}: {parts_text(run[key + '_parts'])}")
                for group in run[key + "_parts"]["statements"][:6]:
                    print(f"    {group['seconds']:7.2f} s  {group['count']:>7,} × {group['statement']}")


def parts_text(parts: dict, top: int = 4) -> str:
    """'12.3 s = SQL 8.0 s (INSERT … SELECT 5.0 s ×1, …) + Python 2.0 s + commit 2.3 s'."""
    statements = ", ".join(
        f"{g['statement']} {g['seconds']:.1f} s ×{g['count']:,}" for g in parts["statements"][:top]
    )
    return (
        f"{parts['seconds']:.1f} s = SQL {parts['sql']:.1f} s ({statements}) + Python {parts['python']:.1f} s "
        f"+ commit {parts['commit']:.1f} s"
    )


def plan_excerpt(plan: str) -> list[str]:
    return [line for line in common.key_plan_lines(plan, 12)]


def render_markdown(info: dict, results: dict, command: str) -> str:
    rows = table(results)
    lines = [
        SECTION,
        "",
        *common.header_lines(info, command, (results[db]["server"] for db in results)),
        "Each figure is the median of the runs shown; the anchor ran in the same run on the same data, "
        "before the payroll and again after it.",
        "",
        *common.markdown_table(headline(results)),
        "",
        "The data: every child in 玄武区 (320102), spread over its streets' "
        f"{next(iter(results.values()))['communities']} communities, each holding one of the four allowance "
        "categories in seed_demo's mix (事实无人抚养 67 %, 重病重残 23 %, 机构孤儿 7 %, 散居孤儿 2.5 %): 1.5 % start "
        "mid-month, 1.5 % end mid-month, 0.5 % change category mid-month, 1 % ended before July (not paid), "
        "0.5 % turn 18 in July, 0.3 % are already 18 with the spell still open (not paid); 15 % also hold a dibao "
        "spell (no allowance) and 6 % an earlier ended spell. Standards: `seed_standards` (2022, 2023) and "
        "upratings with the dibao standard (`preview_uprating`/`approve_uprating`) on 1 July 2024, 1 July 2025 "
        "and 16 July 2026, so nearly every July line splits in two. Rows are loaded with COPY (PostgreSQL) or "
        "executemany (SQLite), then VACUUM ANALYZE; "
        f"{len(next(iter(results.values()))['approved'])} earlier months are computed and approved before July. "
        "Between two first runs the draft is deleted with SQL and the lines table vacuumed. The PostgreSQL "
        "cluster is the test suite's throwaway one (fsync and synchronous_commit off), with "
        + (", ".join(f"`{s}`" for s in info.get("server_settings") or []) or "otherwise the default settings")
        + " (the server defaults: shared_buffers 128 MB, work_mem 4 MB; the payroll's transaction sets "
        "work_mem itself, `PAYROLL_WORK_MEM`).",
        "",
        *common.markdown_table(rows),
        "",
    ]
    for db, run in results.items():
        naive = run["naive"]
        lines.append(
            f"- {name(db)}: July has {run['lines']:,} lines for {run['paid_children']:,} children "
            f"({run['total_amount']} yuan); the lines table held {run['table_rows']['payroll_lines']:,} rows at the "
            f"end. The naive loop wrote {naive['lines']:,} lines for its {naive['children']:,} children, "
            + (
                "identical to the set-based ones."
                if naive["same_lines"]
                else f"NOT identical: {naive['only_set_based']} only set-based, {naive['only_naive']} only naive."
            )  # fmt: skip
        )
        for key, text in STAGES:
            if f"{key}_parts" in run:
                lines.append(f"- {name(db)}, {text}, where the time goes: {parts_text(run[key + '_parts'])}.")
    for db, run in results.items():
        checks = [
            g
            for g in run.get("retro_rerun_parts", {}).get("statements", [])
            if "corrections" in g["statement"]
        ]
        if checks:
            per_month = checks[0]["seconds"] / checks[0]["count"]
            lines.append(
                f"- {name(db)}: re-checking one approved month costs {per_month * 1000:.1f} ms "
                f"({checks[0]['count']} months, {checks[0]['seconds'] * 1000:.1f} ms) after one child's category "
                "was ended. A run re-checks an approved month only for the children whose category spell or "
                "file was written after its approval (the history tables, indexed on the date), the whole "
                "district only when a standard changed (then as long as a first run's INSERT … SELECT, without "
                "the writing)."
            )  # fmt: skip
    lines.append("")
    for db, run in results.items():
        if db == "postgres" and run["children"] >= AIM_CHILDREN / 10:
            lines.append(
                f"Aim: one month for {AIM_CHILDREN:,} children in under {AIM_SECONDS} s on a 2-core machine. "
                f"On PostgreSQL here ({info['cores']} cores): first run {aim_text(run, 'first_run')}; "
                f"re-run {aim_text(run, 'rerun')}"
                + (f"; re-run with approved months to re-check {aim_text(run, 'retro_rerun')}" if "retro_rerun" in run else "")
                + "."
            )  # fmt: skip
            lines.append("")
    return "\n".join(lines)
