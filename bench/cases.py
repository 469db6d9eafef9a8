"""Benchmark of the deadline engine's pages (issue 10), not a test: every role's due-and-overdue
work list (`/deadlines/`) and the per-department board (`/deadlines/board/`) through the real
views, for a district of 100,000 children and 20,000 cases with their deadlines and the
actions assigned to departments, against a per-record loop (for each case, its deadlines
fetched and each one's due state and escalation level computed in Python) in the same run.

    .venv/bin/python bench/cases.py [--children N] [--cases N] [--sqlite] [--repeats N] [--sample N]

Default: PostgreSQL only (a throwaway cluster), 100,000 children, 20,000 cases; `--sqlite`
adds a run on a temporary SQLite file. Each database run is a subprocess on a fresh database
migrated with `migrate`. The data (bench/cases_data.py, loaded with COPY, not timed): children
over 玄武区's 83 communities, cases in every status (opened up to 400 days ago, the newest still
in intake or assessment), two actions per planned case assigned to one of six departments (due
from 45 days ago to 60 days ahead, 30 % done), and their deadlines: the case assessment (met
once assessed), the plan review of cases in intervention or review (30 % late), each action's
deadline (met when done); 1 % of running ones paused. A complete default run replaces the
section "Case deadlines (bench/cases.py)" of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import _common as common
from _common import OUTPUT, ROOT, Timer, repeat
from cases_data import generate
from discovery import view, view_client
from discovery_data import create_staff

SECTION = "## Case deadlines (bench/cases.py)"
FULL_CHILDREN, FULL_CASES = 100_000, 20_000
AIM_SECONDS = 0.3
LISTS = [
    ("officer_xuanwu", "", "district officer, all running"),
    ("officer_xuanwu", "overdue", "district officer, overdue"),
    ("supervisor_meiyuan", "", "梅园新村街道's supervisor"),
    ("director_meiyuan", "", "梅园社区's director"),
    ("admin_nanjing", "", "the city"),
    ("auditor_xuanwu", "", "the district's auditor (everything)"),
    ("liaison_education_xuanwu", "", "the education liaison"),
    ("liaison_education_xuanwu", "overdue", "the education liaison, overdue"),
]
BOARDS = [
    ("officer_xuanwu", "district officer"),
    ("admin_nanjing", "the city"),
    ("liaison_education_xuanwu", "the education liaison (one row)"),
]


def naive_list(user, now, limit: int | None = None) -> tuple[list[int], int]:
    """The obvious alternative: for each case in the user's area, its actions and its
    deadlines fetched with ORM queries, each deadline's level computed in Python, kept when it
    is the user's (level reached or owned; a liaison: their department), sorted by due.
    Returns (deadline ids in due order, cases looked at)."""
    from django.contrib.contenttypes.models import ContentType

    from childwelfare.cases.models import Case, CaseAction
    from childwelfare.deadlines.calendar import overrides
    from childwelfare.deadlines.escalation import level_of
    from childwelfare.deadlines.models import Deadline
    from childwelfare.deadlines.rules import get_rule

    holidays = overrides()
    case_type = ContentType.objects.get_for_model(Case)
    action_type = ContentType.objects.get_for_model(CaseAction)
    found, seen = [], 0
    cases = Case.objects.filter(child__area__code__startswith=user.area_id).order_by("pk")
    for case in cases.iterator(chunk_size=500):
        if limit is not None and seen >= limit:
            break
        seen += 1
        actions = list(CaseAction.objects.filter(case=case).values_list("pk", flat=True))
        mine = list(Deadline.objects.filter(subject_type=case_type, subject_id=case.pk)) + list(
            Deadline.objects.filter(subject_type=action_type, subject_id__in=actions)
        )
        for deadline in mine:
            if deadline.met_at or deadline.cancelled_at:
                continue
            if user.role == "department_liaison":
                keep = deadline.department == user.department
            elif user.role == "auditor":
                keep = True
            else:
                ladder = get_rule(deadline.rule).ladder
                level = level_of(deadline, now, holidays)
                keep = deadline.owner_id == user.pk or (
                    user.role in ladder and ladder.index(user.role) <= level
                )
            if keep:
                found.append((deadline.due_at, deadline.pk))
    found.sort()
    return [pk for _due, pk in found], seen


def worker(spec: dict) -> None:
    from django.utils import timezone

    from childwelfare.cases.models import Case
    from childwelfare.deadlines.worklist import board_rows, listed_deadlines

    label, repeats = spec["label"], spec["repeats"]
    today = timezone.localdate()
    users, communities, setup_seconds = common.prepare_database()
    create_staff(communities)
    with Timer() as generation:
        data = generate(spec["children"], spec["cases"], communities, users["officer_xuanwu"], today)
    common.analyze()
    print(f"{label}: generated {data} in {generation.wall:.0f} s")
    result = {"setup_seconds": setup_seconds, "generation_seconds": generation.wall, "data": data}
    client = view_client()
    measurements = {"baseline": lambda: view(client, users["officer_xuanwu"], "password_change", {})}
    for username, show, _text in LISTS:
        params = {"show": show} if show else {}
        measurements[f"list_{username}_{show}"] = lambda u=users[username], p=params: view(
            client, u, "deadlines:list", p
        )
    for username, _text in BOARDS:
        measurements[f"board_{username}"] = lambda u=users[username]: view(client, u, "deadlines:board", {})
    measurements["home_director_meiyuan"] = lambda: view(client, users["director_meiyuan"], "home", {})
    figures, plans = {}, {}
    for key, function in measurements.items():
        function()  # warm-up
        stat = repeat(function, repeats)
        response = stat.pop("result")
        with common.captured_queries() as queries:
            function()
        stat["queries"] = len(queries)
        stat["bytes"] = len(response.content)
        figures[key] = stat
        print(f"{label}: {key}: {common.ms_text(stat)} ({len(queries)} queries)")
        slowest = sorted(queries, key=lambda q: -q[2])[:1]
        plans[key] = [
            {"seconds": q[2], "sql": q[0][:800], "plan": common.explain(q[0], q[1])} for q in slowest
        ]
    # What the lists hold (counted once, outside the timing).
    now = timezone.now()
    for username, show, _text in LISTS:
        _form, _t, items = listed_deadlines(users[username], {"show": show} if show else {}, now)
        figures[f"list_{username}_{show}"]["count"] = items.count()
    for username, _text in BOARDS:
        figures[f"board_{username}"]["count"] = len(board_rows(users[username], now))
    # The per-record loop: the director's community whole (checked against the view's list),
    # the officer's district on a sample of cases, extrapolated.
    naive = {}
    for username, limit in (("director_meiyuan", None), ("supervisor_meiyuan", spec["sample"]),
                            ("officer_xuanwu", spec["sample"])):  # fmt: skip
        user = users[username]
        with Timer() as timer:
            found, seen = naive_list(user, now, limit)
        in_scope = Case.objects.filter(child__area__code__startswith=user.area_id).count()
        entry = {"cases": seen, "seconds": timer.wall, "in_scope": in_scope, "items": len(found)}
        if limit is None:
            _form, _t, items = listed_deadlines(user, {}, now)
            entry["same_as_view"] = found == list(items.order_by("due_at", "pk").values_list("pk", flat=True))
        naive[username] = entry
        print(f"{label}: naive {username}: {entry}")
    result.update(figures=figures, plans=plans, naive=naive)
    common.write_result(spec, result)


# --- report -----------------------------------------------------------------------------------------


def naive_seconds(entry: dict) -> float:
    return entry["seconds"] / max(entry["cases"], 1) * entry["in_scope"]


def cpu_ms(stat: dict) -> str:
    """The median CPU time of the Django process itself (the database server's is apart)."""
    import statistics

    return f"{statistics.median(stat['cpu']) * 1000:,.0f} ms CPU"


def rows_for(run: dict) -> list[tuple[str, str]]:
    figures = run["figures"]
    rows = [
        (
            "anchor: a page without a list (the password form)",
            f"{figures['baseline']['median'] * 1000:,.0f} ms",
        )
    ]
    for username, show, text in LISTS:
        stat = figures[f"list_{username}_{show}"]
        rows.append((f"`/deadlines/{'?show=' + show if show else ''}`: {text}",
                     f"{stat['median'] * 1000:,.0f} ms ({stat['count']:,} items, {stat['queries']} queries; {cpu_ms(stat)})"))  # fmt: skip
    for username, text in BOARDS:
        stat = figures[f"board_{username}"]
        rows.append((f"`/deadlines/board/`: {text}",
                     f"{stat['median'] * 1000:,.0f} ms ({stat['count']} departments, {stat['queries']} queries; {cpu_ms(stat)})"))  # fmt: skip
    stat = figures["home_director_meiyuan"]
    rows.append(("home page with the 到期事项 panel, 梅园社区's director",
                 f"{stat['median'] * 1000:,.0f} ms ({stat['queries']} queries; {cpu_ms(stat)})"))  # fmt: skip
    for username, entry in run["naive"].items():
        view_key = f"list_{username}_"
        ratio = naive_seconds(entry) / figures[view_key]["median"]
        extrapolated = "" if entry["cases"] == entry["in_scope"] else " (extrapolated)"
        same = ""
        if "same_as_view" in entry:
            same = (
                "; same items in the same order as the view's list"
                if entry["same_as_view"]
                else "; DIFFERENT items"
            )
        rows.append((f"per-record loop, {username}",
                     f"{entry['cases']:,} cases in {entry['seconds']:.1f} s → {naive_seconds(entry):,.1f} s for all "
                     f"{entry['in_scope']:,}{extrapolated}; {ratio:,.0f}× the view{same}"))  # fmt: skip
    pages = [key for key in figures if key.startswith(("list_", "board_"))]
    worst = max(pages, key=lambda key: figures[key]["median"])
    verdict = "met" if figures[worst]["median"] < AIM_SECONDS else "NOT met"
    rows.append((f"slowest page (aim: under {AIM_SECONDS * 1000:.0f} ms)",
                 f"{figures[worst]['median'] * 1000:,.0f} ms ({worst}): {verdict}"))  # fmt: skip
    return rows


def render(info: dict, results: dict, command: str) -> str:
    names = {"postgres": "PostgreSQL", "sqlite": "SQLite"}
    servers = [run["server"] for run in results.values()]
    lines = [SECTION, "", *common.header_lines(info, command, servers), ""]
    for db, run in results.items():
        data = run["data"]
        lines += [
            f"{names[db]}: {data['children']:,} children, {data['cases']:,} cases, {data['actions']:,} actions "
            f"assigned to departments, {data['deadlines']:,} deadlines ({data['running']:,} running, "
            f"{data['paused']:,} paused). Each time is the median of {len(run['figures']['baseline']['runs'])} "
            "runs after a warm-up, a GET through Django's test client, logged in (URL resolver, middleware, "
            "view, template, every query). The per-record loop fetches each case's actions and deadlines and "
            "computes each deadline's level in Python (escalation.level_of).",
            "",
            *common.markdown_table([("Page", names[db]), *rows_for(run)]),
            "",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--children", type=int, default=FULL_CHILDREN)
    parser.add_argument("--cases", type=int, default=FULL_CASES)
    parser.add_argument("--sqlite", action="store_true", help="also run on SQLite")
    parser.add_argument("--sample", type=int, default=500, help="cases for the loop over larger areas (500)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(json.loads(args.worker))
        return
    OUTPUT.mkdir(parents=True, exist_ok=True)
    info = common.machine()
    print(f"{common.machine_line(info)}; load average (1 min) {info['load']:.1f}")
    base = {"children": args.children, "cases": args.cases, "sample": args.sample, "repeats": args.repeats}
    script = str(Path(__file__).resolve())
    results: dict[str, dict] = {}
    from childwelfare.testing.pgcluster import ThrowawayCluster

    with ThrowawayCluster() as cluster:
        results["postgres"] = common.run_on_postgres(
            script, {**base, "label": "postgres"}, cluster, "bench_cases"
        )
    if args.sqlite:
        results["sqlite"] = common.run_on_sqlite(script, {**base, "label": "sqlite"})
    common.finish(info)
    command = " ".join([".venv/bin/python bench/cases.py", *sys.argv[1:]])
    section = render(info, results, command)
    for run in results.values():
        common.print_table([("Page", "time"), *rows_for(run)])
    print(f"\n{common.load_text(info)}")
    (OUTPUT / "cases.md").write_text(section)
    (OUTPUT / "cases-plans.txt").write_text(
        "\n".join(
            f"=== {db} {key} ({entry['seconds']:.3f} s)\n{entry['sql']}\n{entry['plan']}\n"
            for db, run in results.items()
            for key, entries in run["plans"].items()
            for entry in entries
        )
    )
    if args.children == FULL_CHILDREN and args.cases == FULL_CASES:
        common.update_benchmarks(SECTION, section)
        print(f"\nwrote the section {SECTION[3:]!r} of {common.BENCHMARKS.relative_to(ROOT)}")
    else:
        print(f"\npartial run: the section is in {(OUTPUT / 'cases.md').relative_to(ROOT)} only")


if __name__ == "__main__":
    main()
