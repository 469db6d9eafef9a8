"""The data of the active-discovery benchmark (bench/discovery.py): a district's children
with their categories, visits, four-colour assessments, care measures and a running screening
campaign moved along its steps. Not timed; the same for a given seed. Run through
discovery.py, never on its own."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import _common as common
from _common import Timer

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
