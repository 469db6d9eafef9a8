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
`migrate`. The data (not timed, its generation time printed apart): every child in 玄武区
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
import random
import sys
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import _common as common
from _common import OUTPUT, ROOT, Timer, repeat

SECTION = "## Active discovery (bench/discovery.py)"
FULL_CHILDREN = 100_000
PAGE_SIZE = 50
SLOW_SECONDS = 1.0
SHANGHAI = ZoneInfo("Asia/Shanghai")
CAMPAIGN_DAYS_AGO = 40
# seed_demo's category mix (DOMAIN.md §2).
CATEGORY_WEIGHTS = {
    "de_facto_unsupported": 1028, "scattered_orphan": 38, "institutional_orphan": 110,
    "seriously_ill_or_disabled": 351, "other_in_difficulty": 60, "dibao_family": 1300,
    "rural_left_behind": 1400, "migrant": 713,
}  # fmt: skip
# Latest colour of an assessed child, and (score range) per colour for v1's thresholds.
COLOUR_WEIGHTS = {"red": 2, "yellow": 8, "blue": 25, "green": 65}
SCORES = {"red": (8, 14), "yellow": (5, 7), "blue": (2, 4), "green": (0, 1)}
INTERVALS = {"red": 7, "yellow": 15, "blue": 30, "green": 90}
NEVER_ASSESSED, NEVER_VISITED = 0.10, 0.05
STEP_WEIGHTS = {"confirmed": 45, "verified": 25, "screened": 25, "returned": 5}
PROBLEM_KINDS = {  # kind: (weight, department)
    "schooling": (25, "education"), "hukou": (15, "public_security"), "benefit": (20, "civil_affairs"),
    "medical": (15, "medical_insurance"), "guardianship": (10, "civil_affairs"),
    "psychological": (8, "health"), "safety": (4, "public_security"), "other": (3, "civil_affairs"),
}  # fmt: skip
MEASURE_TYPES = ["living", "medical", "education", "psychological", "pairing", "social_work", "guardianship"]
VISIT_NOTES = {
    "living_situation": ["生活基本正常", "住房简陋，生活较困难", "由祖父母照料，生活尚可", "居住环境整洁"],
    "guardianship": ["监护落实", "委托照护人年老体弱", "父亲服刑，由母亲监护", "父母离异，随母生活"],
    "schooling": ["在校就读", "学龄前", "成绩中等", "偶有缺课"],
    "health": ["身体健康", "患慢性病，定期复诊", "残疾，已办残疾证", "营养一般"],
}


def _day(rng: random.Random, start, end):
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _at(day, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59)), SHANGHAI)


# --- data ---------------------------------------------------------------------------------------------


def create_staff(communities: list[str]) -> dict[str, int]:
    """A child director for every community and a supervisor for every street that has none
    (bulk, unusable passwords). Returns {community code: director's user id}."""
    from childwelfare.accounts.models import User
    from childwelfare.areas.models import Area

    existing = dict(User.objects.filter(role="child_director").values_list("area_id", "id"))
    supervised = set(User.objects.filter(role="child_supervisor").values_list("area_id", flat=True))
    new = []
    for code in communities:
        if code not in existing:
            new.append(
                User(
                    username=f"director_{code}",
                    full_name=f"主任{code[-3:]}",
                    role="child_director",
                    area_id=code,
                )
            )
    for street in Area.objects.filter(code__startswith=common.DISTRICT, level=4).values_list(
        "code", flat=True
    ):
        if street not in supervised:
            new.append(
                User(
                    username=f"supervisor_{street}",
                    full_name=f"督导{street[-3:]}",
                    role="child_supervisor",
                    area_id=street,
                )
            )
    for user in new:
        user.set_unusable_password()
    User.objects.bulk_create(new)
    return dict(
        User.objects.filter(role="child_director", area_id__in=communities).values_list("area_id", "id")
    )


def generate(
    count: int, communities: list[str], directors: dict[str, int], officer, today, seed: int = 2026_11
) -> dict:
    """Children, spells, visits, assessments and care measures; then the campaign (started with
    `start_campaign`) with its records in the five steps, and problems. Returns counts."""
    from django.db import connection

    from childwelfare.accounts.models import User
    from childwelfare.areas.models import Area
    from childwelfare.discovery.models import (
        CareMeasure,
        Problem,
        RiskAssessment,
        RiskItemSet,
        ScreeningRecord,
        Visit,
    )
    from childwelfare.discovery.services import create_campaign, start_campaign
    from childwelfare.registry.models import CategorySpell, Child

    rng = random.Random(seed)
    rows = common.ChildRows(rng)
    item_set = RiskItemSet.objects.get(version=1).pk
    campaign_start = today - timedelta(days=CAMPAIGN_DAYS_AGO)
    categories, category_weights = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
    colours, colour_weights = list(COLOUR_WEIGHTS), list(COLOUR_WEIGHTS.values())
    # Community sizes vary (weights 1–4) and so does campaign progress (share past "pending").
    size = [rng.uniform(1, 4) for _ in communities]
    progress = {code: rng.uniform(0.25, 0.95) for code in communities}
    youngest, oldest = today - timedelta(days=60), today - timedelta(days=18 * 365 - 30)
    spells, visits, assessments, measures = [], [], [], []
    plans: dict[int, dict] = {}  # child → what its campaign record should look like
    visit_id = assessment_id = 0

    def children():
        nonlocal visit_id, assessment_id
        for pk in range(1, count + 1):
            area = rng.choices(communities, size)[0]
            director = directors[area]
            birth = _day(rng, oldest, youngest)
            opened = _day(
                rng, max(birth, today - timedelta(days=4 * 365)), campaign_start - timedelta(days=1)
            )
            category = rng.choices(categories, category_weights)[0]
            ended = _day(rng, campaign_start, today - timedelta(days=1)) if rng.random() < 0.02 else None
            spells.append((pk, category, opened, ended, "不再符合条件" if ended else ""))
            if category not in ("dibao_family", "migrant") and rng.random() < 0.12:
                spells.append((pk, "dibao_family", opened, None, ""))
            screened = rng.random() < progress[area]
            step = rng.choices(list(STEP_WEIGHTS), list(STEP_WEIGHTS.values()))[0] if screened else "pending"
            assessed = screened or rng.random() > NEVER_ASSESSED
            colour = rng.choices(colours, colour_weights)[0] if assessed else None
            interval = INTERVALS[colour or "green"]
            # The latest visit: during the campaign when screened, else as the schedule went.
            if screened:
                latest = _day(rng, campaign_start, today)
            elif rng.random() < NEVER_VISITED:
                latest = None
            else:
                latest = max(opened, today - timedelta(days=rng.randint(0, int(interval * 1.25))))
            dates = []
            if latest is not None:
                dates.append(latest)
                for _ in range(rng.choices((0, 1, 2, 3, 4), (20, 30, 25, 15, 10))[0]):
                    earlier = dates[-1] - timedelta(days=max(3, int(interval * rng.uniform(0.7, 1.3))))
                    if earlier < opened:
                        break
                    dates.append(earlier)
            child_visits = []
            for n, visited in enumerate(dates):
                visit_id += 1
                child_visits.append(visit_id)
                visits.append((
                    visit_id, pk, visited, rng.choice(("home", "home", "home", "school", "phone")), director,
                    *(rng.choice(VISIT_NOTES[key]) for key in ("living_situation", "guardianship", "schooling", "health")),
                    "", "", "", "", False, _at(visited, rng),
                ))  # fmt: skip
                if colour is not None and (n == 0 or rng.random() < 0.4):
                    shade = colour if n == 0 else rng.choices(colours, colour_weights)[0]
                    low, high = SCORES[shade]
                    emergency = shade == "red" and rng.random() < 0.2
                    assessment_id += 1
                    assessments.append((
                        assessment_id, pk, visited, director, item_set, 0 if emergency else rng.randint(low, high),
                        emergency, shade, visit_id, "", _at(visited, rng),
                    ))  # fmt: skip
                    if n == 0:
                        latest_assessment = assessment_id
            if colour in ("red", "yellow") or rng.random() < 0.05:
                roll = rng.random()
                if roll < 0.7 or colour is None or colour in ("blue", "green"):
                    start = _day(rng, max(opened, today - timedelta(days=300)), today)
                    status = "active" if rng.random() < 0.9 else "planned"
                    measures.append(
                        (
                            pk,
                            rng.choice(MEASURE_TYPES),
                            "workstation",
                            "玄武区未保工作站",
                            start,
                            None,
                            status,
                            "",
                            "",
                            officer.pk,
                            _at(start, rng),
                        )
                    )
                elif roll < 0.85 and opened < today - timedelta(days=200):
                    start = _day(rng, max(opened, today - timedelta(days=700)), today - timedelta(days=200))
                    measures.append((pk, rng.choice(MEASURE_TYPES), "social_organisation", "南京市春晖社工", start, start + timedelta(days=180), "ended", "", "已结束", officer.pk, _at(start, rng)))  # fmt: skip
            plans[pk] = {
                "step": step,
                "visit": child_visits[0] if screened else None,
                "assessment": latest_assessment if screened else None,
                "visited": latest,
                "director": director,
            }
            yield rows.row(pk, birth=birth, gender=rng.choice("MF"), area=area, created=_at(opened, rng),
                           school=common.school_status((today - birth).days // 365, rng))  # fmt: skip

    loaded = common.load_rows(Child, common.CHILD_FIELDS, children(), total=count, desc="children")
    common.load_rows(
        CategorySpell, ["child", "category", "start_date", "end_date", "end_reason"], spells, desc="spells"
    )
    visit_fields = ["id", "child", "visited_on", "mode", "visitor", "living_situation", "guardianship", "schooling",
                    "health", "hukou", "safety", "suspected_category_change", "notes", "is_sample_revisit", "created_at"]  # fmt: skip
    common.load_rows(Visit, visit_fields, visits, total=len(visits), desc="visits")
    assessment_fields = ["id", "child", "assessed_on", "assessor", "item_set", "score", "is_emergency", "colour",
                         "visit", "notes", "created_at"]  # fmt: skip
    common.load_rows(
        RiskAssessment, assessment_fields, assessments, total=len(assessments), desc="assessments"
    )
    measure_fields = ["child", "measure_type", "provider_kind", "provider_name", "start_date", "end_date", "status",
                      "description", "outcome", "created_by", "created_at"]  # fmt: skip
    common.load_rows(CareMeasure, measure_fields, measures, total=len(measures), desc="care measures")
    common.reset_sequences(Child, CategorySpell, Visit, RiskAssessment, CareMeasure)
    common.analyze()

    campaign = create_campaign(
        actor=officer,
        name=f"{today.year}年玄武区困境儿童和留守儿童专项排查",
        year=today.year,
        area=Area.objects.get(code=common.DISTRICT),
        start_date=campaign_start,
        end_date=today + timedelta(days=20),
    )
    with Timer() as started:
        created = start_campaign(campaign, actor=officer)
    # Move the records along the three steps: delete and reload them with the same ids, areas
    # and samples (a set-based stand-in for 100,000 screen/verify/confirm calls).
    records = list(
        ScreeningRecord.objects.filter(campaign=campaign).values_list(
            "id", "child_id", "area_id", "in_sample"
        )
    )
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM discovery_screeningrecord WHERE campaign_id = %s", [campaign.pk])
    supervisors = dict(User.objects.filter(role="child_supervisor").values_list("area_id", "id"))
    record_rows, problems, revisits = [], [], []
    steps = {"pending": 0, "screened": 1, "returned": 2, "verified": 2, "confirmed": 3}
    for pk, child, area, sample in records:
        plan = plans[child]
        step = plan["step"]
        screened_at = _at(plan["visited"], rng) if step != "pending" else None
        later = screened_at + timedelta(days=rng.randint(1, 6)) if screened_at else None
        supervisor = supervisors.get(area[:9])
        revisit = None
        if step == "confirmed" and sample:
            visit_id += 1
            revisit = visit_id
            revisits.append((visit_id, child, min(today, later.date()), "home", supervisor, "复访核实", "", "", "", "", "", "", "", True, later))  # fmt: skip
        record_rows.append((
            pk, campaign.pk, child, area, step, steps[step], sample, rng.random() < 0.01, plan["visit"],
            plan["assessment"], step != "pending" and rng.random() < 0.02,
            plan["director"] if screened_at else None, screened_at,
            "信息不全，请补充监护人联系方式" if step == "returned" else "",
            supervisor if step == "returned" else None, later if step == "returned" else None,
            supervisor if step in ("verified", "confirmed") else None, later if step in ("verified", "confirmed") else None,
            revisit, officer.pk if step == "confirmed" else None,
            later + timedelta(days=2) if step == "confirmed" else None,
        ))  # fmt: skip
        if step != "pending" and rng.random() < 0.05:
            kind = rng.choices(list(PROBLEM_KINDS), [w for w, _ in PROBLEM_KINDS.values()])[0]
            raised = screened_at
            status = rng.choices(("open", "solved", "closed"), (50, 20, 30))[0]
            problems.append((
                child, pk, kind, "排查发现的问题（基准测试数据）", PROBLEM_KINDS[kind][1],
                raised.date() + timedelta(days=21), status, 0, plan["director"], raised,
                raised + timedelta(days=10) if status != "open" else None,
                raised + timedelta(days=15) if status == "closed" else None,
            ))  # fmt: skip
    common.load_rows(Visit, visit_fields, revisits, total=len(revisits), desc="sample re-visits")
    record_fields = ["id", "campaign", "child", "area", "status", "version", "in_sample", "added_during_screening",
                     "visit", "assessment", "in_difficulty_not_eligible", "screened_by", "screened_at",
                     "return_reason", "returned_by", "returned_at", "verified_by", "verified_at", "revisit",
                     "confirmed_by", "confirmed_at"]  # fmt: skip
    common.load_rows(
        ScreeningRecord, record_fields, record_rows, total=len(record_rows), desc="screening records"
    )
    problem_fields = ["child", "record", "kind", "description", "department", "deadline", "status", "version", "raised_by",
                      "raised_at", "solved_at", "closed_at"]  # fmt: skip
    common.load_rows(Problem, problem_fields, problems, total=len(problems), desc="problems")
    common.reset_sequences(Visit, Problem)
    common.analyze()
    steps_count = {}
    for row in record_rows:
        steps_count[row[4]] = steps_count.get(row[4], 0) + 1
    return {
        "children": loaded,
        "spells": len(spells),
        "visits": len(visits) + len(revisits),
        "assessments": len(assessments),
        "care_measures": len(measures),
        "records": len(record_rows),
        "record_steps": steps_count,
        "problems": len(problems),
        "start_campaign_seconds": started.wall,
        "start_campaign_records": created,
        "campaign": campaign.pk,
    }


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
