"""Benchmark of the monthly payroll (月度发放), not a test: one district's month computed by
`benefits.payroll.run_payroll` (one set-based INSERT … SELECT) against the obvious
alternative, a per-child ORM loop (for each child: its category spells of the month, the
standards in force, the days, the amount, `PayrollLine.objects.create`), on the same data in
the same run.

    .venv/bin/python bench/payroll.py [--children N] [--skip-postgres] [--skip-sqlite]
                                      [--sample N] [--repeats N] [--approved-months N]

Default: 1,000,000 children on PostgreSQL (a throwaway cluster) and 100,000 on SQLite (a
temporary file); `--children N` sets both. Each database run is a subprocess of this script on
a fresh database migrated with `migrate`. The data (not timed, its generation time printed
apart): every child in 玄武区 (320102), over its streets' communities, holding one of the four
allowance categories (some starting, ending or changing category in the month, some turning
18 in it, some aged out with the spell still open, some with an ended spell only), some also
a dibao spell; the city's standards from `seed_standards` plus upratings on 1 July 2024 and
2025 and one effective mid-month on 16 July 2026, so July's lines split in two. The months
before July (`--approved-months`, default 6) are computed and approved first, as in
production.

Measured, each `--repeats` times (median reported): (1) the first run of July 2026 (empty
draft), (2) a re-run of the same month (recomputes; keeps the lines that come out the same), (3) a
re-run after a category was ended retroactively (the approved months are re-checked for
arrears and reversals), (4) the naive loop on `--sample` children, whose lines are checked
against the set-based ones. Beside them, in the same run: the anchor (a bare INSERT … SELECT of one
narrow line per eligible child, no key or index, `bare_insert`), the floor (July's lines — the
payroll's own SELECT — written into a table of the line's columns without key or index,
`floor_insert`) and the first run of August, a month without a change of standard, against
its own anchor. The aims (issues): a month for 1,000,000 children in under 30 s on a 2-core
machine; at most 3× the anchor (issue 14). A complete run (defaults, both databases) replaces the section
"Monthly payroll (bench/payroll.py)" of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import random
import re
import sys
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import _common as common
from _common import OUTPUT, ROOT, Timer, repeat
from payroll_data import MONTH, generate, load_standards
from payroll_report import (
    FULL,
    SECTION,
    merged,
    name,
    plan_excerpt,
    print_figures,
    render_markdown,
)

# --- the obvious alternative ----------------------------------------------------------------------------


def naive_payroll(payroll, child_ids: list[int]) -> int:
    """Per child: its allowance spells overlapping the month, for each the standards in force
    (the district's own, else the city's), the days paid under the payment timing (whole
    months from the month after confirmation to the 18th-birthday month under next_month;
    days from the confirmation date to the day before the 18th birthday otherwise), the
    amount, one PayrollLine.objects.create per segment. One transaction, as run_payroll."""
    from django.db import transaction
    from django.db.models import Q

    from childwelfare.benefits.choices import ALLOWANCE_CATEGORIES, LineKind
    from childwelfare.benefits.models import AllowanceStandard, PayrollLine
    from childwelfare.benefits.payroll import NEXT_MONTH, payment_timing
    from childwelfare.lib.dates import add_years, month_end
    from childwelfare.registry.models import CategorySpell, Child

    first = payroll.month
    last = month_end(first)
    days_in_month = last.day
    district, city = payroll.area_id, payroll.area_id[:4]
    lines = 0
    whole_months = payment_timing() == NEXT_MONTH
    with transaction.atomic():
        for child in Child.objects.filter(pk__in=child_ids).order_by("pk"):
            paid_until = add_years(child.birth_date, 18) - timedelta(days=1)
            spells = CategorySpell.objects.filter(
                child=child, category__in=ALLOWANCE_CATEGORIES, start_date__lte=last, status="confirmed"
            ).filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
            for spell in spells:
                anchor = spell.arrears_from or spell.confirmed_on or spell.start_date
                if whole_months:
                    if (
                        not (anchor < first and spell.start_date <= first)
                        or paid_until + timedelta(days=1) < first
                    ):
                        continue
                    held_from, held_until, age_until = first, last, last
                else:
                    if anchor > last:
                        continue
                    held_from, held_until, age_until = (
                        max(spell.start_date, anchor),
                        spell.end_date or last,
                        paid_until,
                    )
                standards = list(
                    AllowanceStandard.objects.filter(
                        category=spell.category, area_id__in=[district, city], effective_from__lte=last
                    ).filter(Q(effective_to__isnull=True) | Q(effective_to__gte=first))
                )
                own = [s for s in standards if s.area_id == district]
                for standard in own or standards:
                    start = max(first, held_from, standard.effective_from)
                    end = min(last, held_until, standard.effective_to or last, age_until)
                    if end < start:
                        continue
                    days = (end - start).days + 1
                    exact = standard.monthly_amount * days / days_in_month
                    PayrollLine.objects.create(
                        payroll=payroll,
                        child=child,
                        category=spell.category,
                        kind=LineKind.REGULAR,
                        for_month=first,
                        period_start=start,
                        period_end=end,
                        days_eligible=days,
                        days_in_month=days_in_month,
                        amount_unrounded=exact.quantize(Decimal("0.000001"), ROUND_HALF_UP),
                        amount=exact.quantize(Decimal("0.01"), ROUND_HALF_UP),
                        spell=spell,
                        spell_start=spell.start_date,
                        spell_end=spell.end_date,
                        standard=standard,
                        standard_amount=standard.monthly_amount,
                        birth_date=child.birth_date,
                    )
                    lines += 1
    return lines


def regular_lines(payroll, child_ids: list[int]) -> set[tuple]:
    from childwelfare.benefits.choices import LineKind
    from childwelfare.benefits.models import PayrollLine

    return set(
        PayrollLine.objects.filter(
            payroll=payroll, kind=LineKind.REGULAR, child_id__in=child_ids
        ).values_list("child_id", "category", "period_start", "period_end", "days_eligible", "amount")
    )


# --- the anchor: a bare INSERT … SELECT ------------------------------------------------------------------------

BARE_TABLE = "bench_bare_line"


def bare_setup() -> None:
    """A table for the anchor's lines: child, category, amount; no key, index or constraint."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {BARE_TABLE}")
        cursor.execute(
            f"CREATE TABLE {BARE_TABLE} (child_id bigint, category varchar(40), amount numeric(12, 2))"
        )


def bare_insert(month: date, *, rerun: bool) -> int:
    """The anchor (issue 14): the obvious set-based statement producing one line per eligible
    child of the district for `month` — its confirmed allowance spells overlapping the month,
    the child under 18 on the first, the city's standard of the category in force on the first
    — one INSERT … SELECT, in a transaction, committed. A re-run first deletes the lines, as
    the payroll's re-run does. Returns the lines written."""
    from django.db import connection, transaction

    from childwelfare.benefits.choices import ALLOWANCE_CATEGORIES
    from childwelfare.lib.dates import add_years, month_end

    categories = ", ".join(f"'{category}'" for category in ALLOWANCE_CATEGORIES)
    with transaction.atomic(), connection.cursor() as cursor:
        if rerun:
            cursor.execute(f"DELETE FROM {BARE_TABLE}")
        cursor.execute(
            f"""
            INSERT INTO {BARE_TABLE} (child_id, category, amount)
            SELECT s.child_id, s.category, st.monthly_amount
            FROM registry_categoryspell s
            JOIN registry_child c ON c.id = s.child_id
            JOIN benefits_allowancestandard st ON st.category = s.category AND st.area_id = %s
                 AND st.effective_from <= %s AND (st.effective_to IS NULL OR st.effective_to >= %s)
            WHERE s.category IN ({categories}) AND s.status = 'confirmed'
              AND s.start_date <= %s AND (s.end_date IS NULL OR s.end_date >= %s)
              AND c.area_id >= %s AND c.area_id < %s AND c.birth_date > %s
            """,
            [common.DISTRICT[:4], month, month, month_end(month), month, common.DISTRICT,
             common.DISTRICT[:-1] + chr(ord(common.DISTRICT[-1]) + 1), add_years(month, -18)],
        )  # fmt: skip
        return cursor.rowcount


FLOOR_TABLE = "bench_floor_line"


def floor_setup() -> None:
    """A table of the payroll line's columns without key, index or constraint."""
    from django.db import connection

    from childwelfare.benefits.payroll_sql import LINE_COLUMNS

    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {FLOOR_TABLE}")
        cursor.execute(
            f"CREATE TABLE {FLOOR_TABLE} AS SELECT {', '.join(LINE_COLUMNS)} FROM benefits_payrollline WHERE 1 = 0"
        )


def floor_insert(payroll) -> int:
    """The floor under the payroll: its own SELECT of the month's regular lines (the same
    rows, the same columns) written into FLOOR_TABLE, in a transaction, committed — what the
    lines cost to compute and write before any key or index lets anyone find them. Returns
    the rows written."""
    from django.db import connection, transaction

    from childwelfare.benefits.payroll import continue_past_18_in_education, payment_timing
    from childwelfare.benefits.payroll_sql import LINE_COLUMNS, Dialect, Params, regular_lines_sql

    p = Params()
    select = regular_lines_sql(
        Dialect(connection.vendor),
        p,
        payroll,
        mode=payment_timing(),
        past_18_in_school=continue_past_18_in_education(),
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {FLOOR_TABLE} ({', '.join(LINE_COLUMNS)}) {select}", dict(p))
        return cursor.rowcount


# --- worker: one database, one subprocess -----------------------------------------------------------------


def delete_lines(month: date) -> None:
    """Empty the month's draft without the ORM (setup between timed runs, not measured)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM benefits_payrollline WHERE payroll_id IN "
            "(SELECT id FROM benefits_payroll WHERE area_id = %s AND month = %s)",
            [common.DISTRICT, month],
        )


def drop_month(month: date) -> None:
    """Delete the month's draft and its lines, then vacuum the lines table: the next run of
    the month is a first run."""
    from django.db import connection

    from childwelfare.benefits.models import Payroll

    delete_lines(month)
    Payroll.objects.filter(area_id=common.DISTRICT, month=month).delete()
    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM ANALYZE benefits_payrollline" if connection.vendor == "postgresql" else "ANALYZE"
        )


def writes_the_lines(sql: str) -> bool:
    """The statement computing a month's regular lines: an INSERT … SELECT (on PostgreSQL
    inside WITH … RETURNING), not a bulk_create nor the re-run's copy from its temporary table."""
    upper = " ".join(sql.split()).upper()
    return (
        "INSERT INTO BENEFITS_PAYROLLLINE" in upper
        and "REGISTRY_CATEGORYSPELL" in upper
        and (upper.startswith("INSERT") or upper.startswith("WITH"))
    )


def breakdown(queries: list[tuple[str, object, float]]) -> list[dict]:
    """Statements of one run grouped by kind and table: count, seconds, an example."""
    groups: dict[str, dict] = {}
    for sql, _params, seconds in queries:
        words = sql.split()
        verb = words[0].upper() if words else "?"
        match = re.search(r'(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', sql, re.I)
        table = match.group(1) if match else ""
        upper = sql.upper()
        if verb == "WITH" and "INSERT" in upper:
            verb, table = "WITH … INSERT … SELECT … RETURNING", "benefits_payrollline"
        elif verb == "CREATE":
            verb, table = "CREATE TEMPORARY TABLE … AS SELECT (re-run's new lines)", ""
        if verb == "INSERT" and "UNNEST" in upper:
            verb = "INSERT (bulk_create)"
        elif verb == "INSERT" and "SELECT" in upper:
            verb = "INSERT … SELECT"
        if verb == "SELECT" and "HAVING" in upper:
            verb, table = "SELECT … GROUP BY … HAVING (corrections of a month)", ""
        key = f"{verb} {table}".strip()
        group = groups.setdefault(key, {"statement": key, "count": 0, "seconds": 0.0, "example": sql[:160]})
        group["count"] += 1
        group["seconds"] += seconds
    return sorted(groups.values(), key=lambda g: -g["seconds"])


def profile_top(function, limit: int = 14) -> str:
    profile = cProfile.Profile()
    profile.enable()
    function()
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).strip_dirs().sort_stats("cumulative").print_stats(limit)
    return out.getvalue()


def worker(spec: dict) -> None:
    from django.db import connection, transaction

    from childwelfare.areas.models import Area
    from childwelfare.benefits.models import Payroll, PayrollLine
    from childwelfare.benefits.payroll import approve_payroll, run_payroll
    from childwelfare.lib.dates import add_months
    from childwelfare.registry.models import CategorySpell
    from childwelfare.registry.services import end_category

    label, count, repeats = spec["label"], spec["children"], spec["repeats"]
    users, communities, setup_seconds = common.prepare_database()
    officer, admin = users["officer_xuanwu"], users["admin_nanjing"]
    standards = load_standards(admin, users["admin2_nanjing"])
    with Timer() as generation:
        data = generate(count, communities)
        common.analyze()
    print(
        f"{label}: generated {data['children']:,} children, {data['spells']:,} spells in {generation.wall:.0f} s"
    )
    district = Area.objects.get(code=common.DISTRICT)
    result = {
        "children": count,
        "setup_seconds": setup_seconds,
        "generation_seconds": generation.wall,
        "data": data,
        "standards": standards,
        "communities": len(communities),
    }

    approved = []
    for k in range(spec["approved_months"], 0, -1):
        month = add_months(MONTH, -k)
        with Timer() as timer:
            payroll = run_payroll(district, month, actor=officer)
        approve_payroll(payroll, actor=users["officer2_xuanwu"])  # four eyes
        approved.append({"month": month.isoformat(), "seconds": timer.wall, "lines": payroll.line_count})
        print(
            f"{label}: {month:%Y-%m} computed in {timer.wall:.1f} s ({payroll.line_count:,} lines), approved"
        )
    result["approved"] = approved

    def run():
        return run_payroll(district, MONTH, actor=officer)

    def timed(store: list):
        """One run as production runs it, timed by parts: run_payroll's statements (SQL),
        the rest of its body (Python), and the commit, where PostgreSQL checks the deferred
        foreign keys of every line written or deleted."""

        def function():
            with Timer() as total:
                with transaction.atomic():
                    with common.captured_queries() as queries, Timer() as body:
                        payroll = run()
            sql = sum(q[2] for q in queries)
            store.append({
                "seconds": total.wall,
                "sql": sql,
                "python": body.wall - sql,
                "commit": total.wall - body.wall,
                "statements": breakdown(queries),
                "insert": next((q[:2] for q in queries if writes_the_lines(q[0])), None),
                "corrections": next((q[:2] for q in queries if "HAVING" in q[0]), None),
            })  # fmt: skip
            return payroll

        return function

    # The anchor, in the same run on the same data, before and after (the median of both).
    bare_setup()
    bare_first = repeat(lambda: bare_insert(MONTH, rerun=False), repeats, before=bare_setup)
    result["bare_first_lines"] = bare_first.pop("result")
    bare_rerun = repeat(lambda: bare_insert(MONTH, rerun=True), repeats)
    bare_rerun.pop("result")
    print(f"{label}: anchor, bare INSERT … SELECT: first {common.seconds_text(bare_first)}, "
          f"re-run {common.seconds_text(bare_rerun)}, {result['bare_first_lines']:,} lines")  # fmt: skip

    parts: dict[str, list] = {"first_run": [], "rerun": [], "retro_rerun": []}
    first = repeat(timed(parts["first_run"]), repeats, before=lambda: drop_month(MONTH))
    payroll = first.pop("result")
    result["first_run"] = first
    result["lines"] = payroll.line_count
    result["paid_children"] = payroll.child_count
    result["total_amount"] = str(payroll.total_amount)
    print(f"{label}: first run of {MONTH:%Y-%m}: {common.seconds_text(first)}, {payroll.line_count:,} lines")

    rerun = repeat(timed(parts["rerun"]), repeats)
    rerun.pop("result")
    result["rerun"] = rerun
    print(f"{label}: re-run: {common.seconds_text(rerun)}")
    after_first = repeat(lambda: bare_insert(MONTH, rerun=False), repeats, before=bare_setup)
    after_first.pop("result")
    after_rerun = repeat(lambda: bare_insert(MONTH, rerun=True), repeats)
    after_rerun.pop("result")
    result["bare_first"] = merged(bare_first, after_first)
    result["bare_rerun"] = merged(bare_rerun, after_rerun)
    print(
        f"{label}: anchor again: first {common.seconds_text(after_first)}, re-run {common.seconds_text(after_rerun)}"
    )
    print(f"{label}: ratio payroll ÷ anchor: first run {first['median'] / result['bare_first']['median']:.1f}×, "
          f"re-run {rerun['median'] / result['bare_rerun']['median']:.1f}×")  # fmt: skip
    # The floor: July's lines written with nothing to find them by (no key, no index).
    floor = repeat(lambda: floor_insert(payroll), repeats, before=floor_setup)
    result["floor_lines"] = floor.pop("result")
    result["floor"] = floor
    # A month without a change of standard (August: one line per child and category).
    august = add_months(MONTH, 1)
    normal_bare = repeat(lambda: bare_insert(august, rerun=False), repeats, before=bare_setup)
    result["normal_bare_lines"] = normal_bare.pop("result")
    result["normal_bare"] = normal_bare
    normal = repeat(
        lambda: run_payroll(district, august, actor=officer), repeats, before=lambda: drop_month(august)
    )
    result["normal_lines"] = normal.pop("result").line_count
    result["normal_first"] = normal
    drop_month(august)
    print(
        f"{label}: July's lines into a table without key or index: {common.seconds_text(floor)}; "
        f"August (no change of standard): first run {common.seconds_text(normal)}, {result['normal_lines']:,} lines, "
        f"anchor {common.seconds_text(normal_bare)}"
    )
    if count <= 200_000:
        result["rerun_profile"] = profile_top(run)
    # The first run's statement (a re-run's INSERT reads a temporary table dropped since).
    insert = parts["first_run"][-1]["insert"]
    if insert is not None and connection.vendor == "postgresql":
        delete_lines(MONTH)
        result["insert_plan"] = common.explain(*insert)
        run()

    # The obvious alternative, on a sample, into the same draft; its lines must be the same.
    rng = random.Random(7)
    sample = sorted(rng.sample(range(1, count + 1), min(spec["sample"], count)))
    expected = regular_lines(payroll, sample)
    delete_lines(MONTH)
    with Timer() as naive_timer:
        naive_count = naive_payroll(payroll, sample)
    got = regular_lines(payroll, sample)
    result["naive"] = {
        "children": len(sample),
        "seconds": naive_timer.wall,
        "cpu_seconds": naive_timer.cpu,
        "lines": naive_count,
        "same_lines": got == expected,
        "only_set_based": len(expected - got),
        "only_naive": len(got - expected),
    }
    print(
        f"{label}: naive loop: {len(sample):,} children in {naive_timer.wall:.1f} s "
        f"({len(sample) / naive_timer.wall:,.0f} children/s); same lines: {got == expected}"
    )
    delete_lines(MONTH)
    run()

    # A category ended retroactively (a death reported late): every approved month is
    # re-checked by the next run.
    if approved:
        spell = CategorySpell.objects.select_related("child").get(pk=data["retro_spell"])
        end_category(
            spell,
            actor=officer,
            end_date=add_months(MONTH, -len(approved)).replace(day=20),
            reason="死亡（补报）",
        )
        retro = repeat(timed(parts["retro_rerun"]), repeats)
        payroll = retro.pop("result")
        result["retro_rerun"] = retro
        result["retro_lines"] = list(
            PayrollLine.objects.filter(payroll=payroll)
            .exclude(kind="regular")
            .values_list("kind", "for_month", "amount")
        )
        corrections = parts["retro_rerun"][-1]["corrections"]
        if corrections is not None and connection.vendor == "postgresql":
            result["corrections_plan"] = common.explain(*corrections)
        print(
            f"{label}: re-run with {len(approved)} approved months to re-check: {common.seconds_text(retro)}"
        )
    for key, runs in parts.items():
        if runs:  # the parts of the run closest to the median
            median = result[key]["median"]
            result[f"{key}_parts"] = min(runs, key=lambda part: abs(part["seconds"] - median))
            for part in runs:
                part.pop("insert"), part.pop("corrections")
            result[f"{key}_parts"] = {k: v for k, v in result[f"{key}_parts"].items()}
    result["table_rows"] = {
        "payroll_lines": PayrollLine.objects.count(),
        "payrolls": Payroll.objects.count(),
    }
    common.write_result(spec, result)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--children", type=int, help="children on both databases (1,000,000 PG / 100,000 SQLite)"
    )
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--sample", type=int, default=2000, help="children for the naive loop (2,000)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each measurement (3)")
    parser.add_argument("--approved-months", type=int, default=6, help="approved months before July (6)")
    parser.add_argument(
        "--server-setting",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a PostgreSQL server setting for the throwaway cluster, e.g. shared_buffers=2GB (repeatable)",
    )
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
    base = {"sample": args.sample, "repeats": args.repeats, "approved_months": args.approved_months}
    script = str(Path(__file__).resolve())
    results: dict[str, dict] = {}
    if not args.skip_sqlite:
        spec = {**base, "label": "sqlite", "children": args.children or FULL["sqlite"]}
        results["sqlite"] = common.run_on_sqlite(script, spec)
    if not args.skip_postgres:
        from childwelfare.testing import pgcluster

        for setting in args.server_setting:
            key, _sep, value = setting.partition("=")
            pgcluster.SERVER_OPTIONS[key.strip()] = value.strip()
        info["server_settings"] = args.server_setting
        with pgcluster.ThrowawayCluster() as cluster:
            spec = {**base, "label": "postgres", "children": args.children or FULL["postgres"]}
            results["postgres"] = common.run_on_postgres(script, spec, cluster, "bench_payroll")
    common.finish(info)
    print(f"\n{common.machine_line(info)}; " + ", ".join(run["server"] for run in results.values()))
    print(f"load average (1 min): {info['load']:.1f} at the start, {info['load_end']:.1f} at the end")
    print_figures(info, results)
    for db, run in results.items():
        for key in ("insert_plan", "corrections_plan"):
            if key in run:
                (OUTPUT / f"payroll-{db}-{key}.txt").write_text(run[key])
                print(f"\n{name(db)} {key.replace('_', ' ')} (EXPLAIN ANALYZE, key lines):")
                print("\n".join(plan_excerpt(run[key])))
        if "rerun_profile" in run:
            (OUTPUT / f"payroll-{db}-rerun-profile.txt").write_text(run["rerun_profile"])
    command = " ".join([".venv/bin/python bench/payroll.py", *sys.argv[1:]])
    section = render_markdown(info, results, command)
    output = OUTPUT / ("payroll-server-settings.md" if args.server_setting else "payroll.md")
    output.write_text(section)
    full = (
        args.children is None and not args.skip_postgres and not args.skip_sqlite and not args.server_setting
    )
    if full:
        common.update_benchmarks(SECTION, section)
        print(f"\nwrote the section {SECTION[3:]!r} of {common.BENCHMARKS.relative_to(ROOT)}")
    else:
        print(f"\npartial run: the section is in {output.relative_to(ROOT)} only")


if __name__ == "__main__":
    main()
