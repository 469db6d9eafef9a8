"""The data of the statistics benchmark (bench/dashboard.py): a city of children over every
district, street and community of 南京市, with what the dashboard and the annual report count
— category spells, visits and four-colour assessments (the stored schedule restored), a
running screening campaign over the city with its records moved along the steps and the
problems it found, eligibility applications at every step, twelve approved monthly payrolls
per district with their lines and totals, insurance rosters, cases with key classes, actions,
conferences and mandatory reports, workstations and children's homes with projects and
activities, the June month and a call for cases. Not timed; the same for a given seed.

Big tables are loaded with COPY (_common.load_rows) or written set-based with INSERT …
SELECT (screening records, problems, payroll lines, insurance rosters); small ones with
bulk_create. Run through dashboard.py, never on its own."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import _common as common
from discovery_data import CATEGORY_WEIGHTS, COLOUR_WEIGHTS, INTERVALS, SCORES, VISIT_NOTES, create_staff

# Raised whenever `generate` changes what it writes (a kept database of another version is
# refused); `amend` holds idempotent corrections applied to kept data on every run.
DATA_VERSION = "2026-12-02.1"
SHANGHAI = ZoneInfo("Asia/Shanghai")
CITY = "3201"
COMMUNITIES_PER_STREET = 8  # besides the named ones of testing/people.py and 玄武区's
PAID = ("de_facto_unsupported", "scattered_orphan", "institutional_orphan", "seriously_ill_or_disabled")
CASE_STATUS_WEIGHTS = {
    "intake": 10,
    "assessment": 15,
    "plan": 15,
    "intervention": 40,
    "review": 10,
    "closed": 10,
}
KEY_CLASSES = ["guardianship_missing", "improper_guardianship", "abuse_or_violence", "left_alone", "dropped_out",
               "illness_or_disability", "psychological"]  # fmt: skip
DEPARTMENTS = ["education", "public_security", "health", "civil_affairs", "justice", "womens_federation"]
PROBLEM_KINDS = {"schooling": "education", "hukou": "public_security", "benefit": "civil_affairs",
                 "medical": "medical_insurance", "guardianship": "civil_affairs", "psychological": "health"}  # fmt: skip


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), SHANGHAI)


def month_starts(today: date, count: int = 12) -> list[date]:
    """The first days of the `count` months before `today`'s month, oldest first."""
    months, year, month = [], today.year, today.month
    for _ in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        months.append(date(year, month, 1))
    return months[::-1]


def _month_end(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def city_communities() -> list[str]:
    """Communities under every street of the city: 玄武区's (bench/_common.py) and
    COMMUNITIES_PER_STREET synthetic ones under each other street (bulk, codes …201–…208).
    Returns every community code of the city."""
    from childwelfare.areas.choices import Level
    from childwelfare.areas.models import Area

    streets = Area.objects.filter(code__startswith=CITY, level=Level.STREET).exclude(
        code__startswith=common.DISTRICT
    )
    new = [
        Area(
            code=f"{street.code}{200 + n}",
            name=f"{street.name.removesuffix('街道').removesuffix('镇')}第{n}社区",
            level=Level.COMMUNITY,
            parent=street,
        )  # fmt: skip
        for street in streets
        for n in range(1, COMMUNITIES_PER_STREET + 1)
    ]
    Area.objects.bulk_create(new, ignore_conflicts=True)
    return list(
        Area.objects.filter(code__startswith=CITY, level=Level.COMMUNITY)
        .order_by("code")
        .values_list("code", flat=True)
    )


def _execute(sql: str, params=()) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def generate(count: int, users: dict, today: date, seed: int = 2026_12) -> dict:
    """Everything the statistics count, for `count` children over the city. Returns counts."""
    from dashboard_data_work import _outreach, _stations

    from childwelfare.discovery import schedule
    from childwelfare.discovery.models import RiskAssessment, RiskItemSet, Visit
    from childwelfare.registry.models import CategorySpell, Child

    rng = random.Random(seed)
    admin, officer = users["admin_nanjing"], users["officer_xuanwu"]
    communities = city_communities()
    directors = create_staff(communities)
    bar = common.tqdm(total=12, desc="dashboard data", unit="step", disable=None)
    rows = common.ChildRows(rng)
    item_set = RiskItemSet.objects.get(version=1).pk
    categories, category_weights = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
    colours, colour_weights = list(COLOUR_WEIGHTS), list(COLOUR_WEIGHTS.values())
    size = [rng.uniform(1, 4) for _ in communities]
    youngest, oldest = today - timedelta(days=60), today - timedelta(days=18 * 365 - 30)
    spells, visits, assessments = [], [], []
    counts: dict[str, int] = {}
    visit_id = assessment_id = 0
    area_of = [""] * (count + 1)
    # Children in the campaign's target: all (any category on its start day).
    campaign_start = date(today.year, 3, 1)

    def children():
        nonlocal visit_id, assessment_id
        areas = rng.choices(communities, size, k=count)
        for pk in range(1, count + 1):
            area = areas[pk - 1]
            area_of[pk] = area
            birth = youngest - timedelta(days=rng.randrange((youngest - oldest).days))
            opened = birth + timedelta(days=rng.randrange(max(1, min((today - birth).days, 5 * 365))))
            opened = min(opened, campaign_start - timedelta(days=1)) if rng.random() < 0.9 else opened
            category = rng.choices(categories, category_weights)[0]
            ended = opened + timedelta(days=rng.randrange(30, 700)) if rng.random() < 0.05 else None
            if ended is not None and ended >= today:
                ended = None
            spells.append((pk, category, opened, ended, "不再符合条件" if ended else ""))
            if category not in ("dibao_family", "migrant") and rng.random() < 0.12:
                spells.append((pk, "dibao_family", opened, None, ""))
            colour = rng.choices(colours, colour_weights)[0] if rng.random() < 0.9 else None
            director = directors[area]
            if rng.random() < 0.95:
                interval = INTERVALS[colour or "green"]
                day = max(opened, today - timedelta(days=rng.randint(0, int(interval * 1.25))))
                for n in range(rng.choice((1, 1, 2, 2, 3))):
                    visit_id += 1
                    visits.append((visit_id, pk, day, "home", director, VISIT_NOTES["living_situation"][pk % 4],
                                   VISIT_NOTES["guardianship"][pk % 4], "", "", "", "", "", "", False, _at(day)))  # fmt: skip
                    if n == 0 and colour is not None:
                        low, high = SCORES[colour]
                        assessment_id += 1
                        assessments.append((assessment_id, pk, day, director, item_set, rng.randint(low, high),
                                            False, colour, visit_id, "", _at(day)))  # fmt: skip
                    day -= timedelta(days=max(3, interval))
                    if day < opened:
                        break
            yield rows.row(pk, birth=birth, gender="MF"[pk % 2], area=area, created=_at(opened),
                           school=common.school_status((today - birth).days // 365, rng))  # fmt: skip

    counts["children"] = common.load_rows(
        Child, common.CHILD_FIELDS, children(), total=count, desc="children"
    )
    bar.update()
    counts["spells"] = common.load_rows(
        CategorySpell, ["child", "category", "start_date", "end_date", "end_reason"], spells, total=len(spells),
        desc="spells",
    )  # fmt: skip
    visit_fields = ["id", "child", "visited_on", "mode", "visitor", "living_situation", "guardianship", "schooling",
                    "health", "hukou", "safety", "suspected_category_change", "notes", "is_sample_revisit", "created_at"]  # fmt: skip
    counts["visits"] = common.load_rows(Visit, visit_fields, visits, total=len(visits), desc="visits")
    assessment_fields = ["id", "child", "assessed_on", "assessor", "item_set", "score", "is_emergency", "colour",
                         "visit", "notes", "created_at"]  # fmt: skip
    counts["assessments"] = common.load_rows(
        RiskAssessment, assessment_fields, assessments, total=len(assessments), desc="assessments"
    )
    for rows_loaded in (spells, visits, assessments):
        rows_loaded.clear()
    common.reset_sequences(Child, CategorySpell, Visit, RiskAssessment)
    bar.update()
    common.analyze(vacuum=False)
    schedule.restore_schedule()  # the stored next visit and colour, as an interval change writes them
    bar.update()
    counts.update(_campaign(today, campaign_start, admin, directors))
    bar.update()
    counts.update(_applications(rng, count, today, area_of, officer, users["supervisor_meiyuan"]))
    bar.update()
    counts.update(_payrolls(today, officer, users["officer2_xuanwu"], admin, users["admin2_nanjing"]))
    bar.update()
    counts.update(_insurance(today, officer))
    bar.update()
    counts.update(_cases(rng, count, today, area_of, officer))
    bar.update()
    counts.update(_stations(rng, today, communities, admin))
    bar.update()
    counts.update(_outreach(rng, today, communities, admin))
    bar.update()
    common.analyze()
    bar.update(2)
    bar.close()
    counts["communities"] = len(communities)
    return counts


def amend() -> None:
    """Idempotent corrections of kept data, run after generation and on every reuse: a
    workstation built new or upgraded reached 运营中 on its opening day (stations.by_build_type
    counts those built by the period's end)."""
    _execute(
        "UPDATE stations_site SET status_on = opened_on WHERE status_on IS NULL AND status = 'operating'"
    )


def _campaign(today: date, start: date, admin, directors: dict[str, int]) -> dict:
    """A city-wide campaign started on 1 March, its records written in one INSERT … SELECT (a
    set-based stand-in for start_campaign's bulk_create) and moved along the steps by the
    child's id (about 85 % screened, most of those verified or confirmed), 1 % found in
    difficulty though not eligible; problems for 5 % of the screened (half solved or closed)."""
    from childwelfare.areas.models import Area
    from childwelfare.discovery.models import Campaign
    from childwelfare.discovery.services import create_campaign

    campaign = create_campaign(
        actor=admin,
        name=f"{today.year}年南京市困境儿童和留守儿童专项排查",
        year=today.year,
        area=Area.objects.get(code=CITY),
        start_date=start,
        end_date=date(today.year, 12, 31),
    )
    Campaign.objects.filter(pk=campaign.pk).update(status="running", started_at=_at(start))
    records = _execute(
        """
        INSERT INTO discovery_screeningrecord (campaign_id, child_id, area_id, status, version, in_sample,
            added_during_screening, in_difficulty_not_eligible, return_reason, revisit_colour, resolved_colour,
            screened_at, verified_at, confirmed_at)
        SELECT %(campaign)s, c.id, c.area_id, step.status, 0, c.id %% 10 = 0, false,
               step.status <> 'pending' AND c.id %% 97 = 0, '', '', '',
               CASE WHEN step.status <> 'pending' THEN %(start)s::timestamptz + (c.id %% 200) * interval '1 day' END,
               CASE WHEN step.status IN ('verified', 'confirmed') THEN %(start)s::timestamptz + (c.id %% 200 + 5) * interval '1 day' END,
               CASE WHEN step.status = 'confirmed' THEN %(start)s::timestamptz + (c.id %% 200 + 9) * interval '1 day' END
        FROM registry_child c
        CROSS JOIN LATERAL (SELECT CASE
            WHEN c.id %% 100 < 15 THEN 'pending' WHEN c.id %% 100 < 35 THEN 'screened'
            WHEN c.id %% 100 < 38 THEN 'returned' WHEN c.id %% 100 < 60 THEN 'verified'
            ELSE 'confirmed' END AS status) step
        WHERE c.status = 'open' AND EXISTS (
            SELECT 1 FROM registry_categoryspell s WHERE s.child_id = c.id AND s.start_date <= %(start)s
            AND (s.end_date IS NULL OR s.end_date >= %(start)s))
        """,
        {"campaign": campaign.pk, "start": start},
    )
    # screened_by: the community's director (one UPDATE from a VALUES list of directors).
    values = ",".join(f"('{code}', {pk})" for code, pk in directors.items())
    _execute(
        f"""UPDATE discovery_screeningrecord r SET screened_by_id = d.director
            FROM (VALUES {values}) AS d(area, director)
            WHERE r.area_id = d.area AND r.campaign_id = %s AND r.status <> 'pending'""",
        [campaign.pk],
    )
    kinds = list(PROBLEM_KINDS)
    kind_case = " ".join(f"WHEN {i} THEN '{kind}'" for i, kind in enumerate(kinds))
    department_case = " ".join(f"WHEN {i} THEN '{PROBLEM_KINDS[kind]}'" for i, kind in enumerate(kinds))
    problems = _execute(
        f"""
        INSERT INTO discovery_problem (child_id, record_id, kind, description, department, deadline, status, version,
            raised_by_id, raised_at, solved_at, closed_at, reminder_count)
        SELECT r.child_id, r.id, CASE (r.child_id / 20) %% {len(kinds)} {kind_case} END, '排查发现的问题（基准测试数据）',
               CASE (r.child_id / 20) %% {len(kinds)} {department_case} END,
               (r.screened_at + interval '21 days')::date,
               CASE WHEN r.child_id %% 3 = 0 THEN 'open' WHEN r.child_id %% 3 = 1 THEN 'solved' ELSE 'closed' END,
               0, r.screened_by_id, r.screened_at,
               CASE WHEN r.child_id %% 3 <> 0 THEN r.screened_at + interval '10 days' END,
               CASE WHEN r.child_id %% 3 = 2 THEN r.screened_at + interval '15 days' END, 0
        FROM discovery_screeningrecord r
        WHERE r.campaign_id = %s AND r.status <> 'pending' AND r.child_id %% 20 = 7
        """,
        [campaign.pk],
    )
    return {"campaign": campaign.pk, "screening_records": records, "problems": problems}


def _applications(rng, count: int, today: date, area_of: list[str], officer, supervisor) -> dict:
    """Eligibility applications for 1 % of the children, submitted over the last 120 days, at
    every step (some past their verification or confirmation due day)."""
    from childwelfare.benefits.models import EligibilityApplication

    statuses = ["submitted", "verified", "confirmed", "refused", "withdrawn"]
    weights = [25, 20, 40, 10, 5]
    application_rows = []
    for pk in rng.sample(range(1, count + 1), max(1, count // 100)):
        status = rng.choices(statuses, weights)[0]
        submitted = today - timedelta(days=rng.randrange(1, 120))
        verify_due = submitted + timedelta(days=21)
        verified = (
            submitted + timedelta(days=rng.randrange(3, 25)) if status in ("verified", "confirmed") else None
        )
        verified = min(verified, today) if verified else None
        confirm_due = verified + timedelta(days=21) if verified else None
        confirmed = (
            min(today, verified + timedelta(days=rng.randrange(2, 20))) if status == "confirmed" else None
        )
        refused = submitted + timedelta(days=10) if status == "refused" else None
        application_rows.append((
            pk, rng.choice(("de_facto_unsupported", "orphan")), "guardian", "监护人", "祖母", submitted, status,
            verify_due, confirm_due, verified, supervisor.pk if verified else None, confirmed,
            officer.pk if confirmed else None, refused, officer.pk if refused else None,
            "不符合认定条件" if refused else "", "{}", officer.pk, _at(submitted),
        ))  # fmt: skip
    fields = ["child", "kind", "applicant_kind", "applicant_name", "applicant_relation", "submitted_on", "status",
              "verify_due", "confirm_due", "verified_on", "verified_by", "confirmed_on", "confirmed_by", "refused_on",
              "refused_by", "refusal_reason", "eligibility", "created_by", "created_at"]  # fmt: skip
    loaded = common.load_rows(EligibilityApplication, fields, application_rows, desc="applications")
    common.reset_sequences(EligibilityApplication)
    return {"applications": loaded}


def _payrolls(today: date, officer, approver, admin, admin2) -> dict:
    """The city's standards (seed_standards and three upratings, bench/payroll_data.py), then
    an approved payroll per district for each of the twelve months before this one: one
    regular line per child holding a paid category all month (the standard in force on the
    month's first day), written with INSERT … SELECT; each payroll's totals from its lines."""
    from payroll_data import load_standards

    from childwelfare.areas.choices import Level
    from childwelfare.areas.models import Area
    from childwelfare.benefits.models import AllowanceStandard, Payroll

    load_standards(admin, admin2)
    districts = list(
        Area.objects.filter(code__startswith=CITY, level=Level.DISTRICT).values_list("code", flat=True)
    )
    months = month_starts(today)
    Payroll.objects.bulk_create(
        Payroll(
            area_id=code,
            month=month,
            status="approved",
            computed_at=_at(month + timedelta(days=3)),
            computed_by=officer,
            approved_at=_at(month + timedelta(days=4)),
            approved_by=approver,
        )  # fmt: skip
        for code in districts
        for month in months
    )
    lines = 0
    for month in months:
        end = _month_end(month)
        for category in PAID:
            standard = (
                AllowanceStandard.objects.filter(area_id=CITY, category=category).overlapping(month, month)
                .order_by("-effective_from").first()
            )  # fmt: skip
            if standard is None:
                continue
            lines += _execute(
                """
                INSERT INTO benefits_payrollline (payroll_id, child_id, category, kind, for_month, period_start,
                    period_end, days_eligible, days_in_month, amount_unrounded, amount, spell_id, spell_start,
                    spell_end, standard_id, standard_amount, birth_date, note, held)
                SELECT p.id, s.child_id, s.category, 'regular', %(month)s, %(month)s, %(end)s, %(days)s, %(days)s,
                       %(amount)s, %(amount)s, s.id, s.start_date, s.end_date, %(standard)s, %(amount)s,
                       c.birth_date, '', false
                FROM registry_categoryspell s
                JOIN registry_child c ON c.id = s.child_id
                JOIN benefits_payroll p ON p.area_id = substr(c.area_id, 1, 6) AND p.month = %(month)s
                WHERE s.category = %(category)s AND s.start_date < %(month)s
                  AND (s.end_date IS NULL OR s.end_date >= %(end)s) AND c.birth_date > %(adult)s
                """,
                {"month": month, "end": end, "days": end.day, "amount": standard.monthly_amount,
                 "standard": standard.pk, "category": category, "adult": date(end.year - 18, end.month, end.day)},
            )  # fmt: skip
    _execute(
        """UPDATE benefits_payroll p SET line_count = t.n, child_count = t.children, total_amount = t.total
           FROM (SELECT payroll_id, count(*) AS n, count(DISTINCT child_id) AS children, sum(amount) AS total
                 FROM benefits_payrollline GROUP BY payroll_id) t
           WHERE t.payroll_id = p.id"""
    )
    return {"payrolls": len(districts) * len(months), "payroll_lines": lines}


def _insurance(today: date, officer) -> dict:
    """Two schemes for this year (accident: every child in difficulty; supplementary medical:
    the paid categories), each roster one INSERT … SELECT of the children holding a covered
    category on 1 January; 2 % removed."""
    from childwelfare.benefits.models import InsuranceScheme

    in_difficulty = [c for c in CATEGORY_WEIGHTS if c not in ("rural_left_behind", "migrant")]
    schemes = [
        InsuranceScheme.objects.create(
            name="困境儿童意外伤害保险",
            kind="accident",
            categories=in_difficulty,
            insurer="中国人寿南京分公司",
        ),  # fmt: skip
        InsuranceScheme.objects.create(
            name="困境儿童补充医疗保险",
            kind="supplementary_medical",
            categories=list(PAID),
            insurer="中国太平洋保险南京分公司",
        ),  # fmt: skip
    ]
    as_of = date(today.year, 1, 1)
    enrolled = 0
    for scheme in schemes:
        enrolled += _execute(
            """
            INSERT INTO benefits_insuranceenrolment (scheme_id, year, child_id, category, as_of, policy_number, area_id,
                cover_from, status, version, enrolled_at, enrolled_by_id, change_reason)
            SELECT DISTINCT ON (s.child_id) %(scheme)s, %(year)s, s.child_id, s.category, %(as_of)s, '', c.area_id,
                   %(as_of)s, CASE WHEN s.child_id %% 50 = 3 THEN 'removed' ELSE 'enrolled' END, 0, %(at)s,
                   %(officer)s, ''
            FROM registry_categoryspell s JOIN registry_child c ON c.id = s.child_id
            WHERE s.category = ANY(%(categories)s) AND s.start_date <= %(as_of)s
              AND (s.end_date IS NULL OR s.end_date >= %(as_of)s)
            ORDER BY s.child_id, s.category
            """,
            {"scheme": scheme.pk, "year": today.year, "as_of": as_of, "at": _at(as_of), "officer": officer.pk,
             "categories": scheme.categories},
        )  # fmt: skip
    return {"insurance_enrolments": enrolled}


def _cases(rng, count: int, today: date, area_of: list[str], officer) -> dict:
    """Cases for 2 % of the children (every status, opened over the last 400 days), a key
    class for a third, two actions a planned case (30 % done, some overdue); a conference a
    district a month; intakes, a third of them mandatory reports (most acknowledged)."""
    from childwelfare.areas.choices import Level
    from childwelfare.areas.models import Area
    from childwelfare.cases.models import (
        Case,
        CaseAction,
        CaseKeyClass,
        Conference,
        ConferenceParticipant,
        Intake,
        MandatoryReport,
    )

    statuses, weights = list(CASE_STATUS_WEIGHTS), list(CASE_STATUS_WEIGHTS.values())
    case_rows, action_rows, key_rows = [], [], []
    for case_pk, child_pk in enumerate(sorted(rng.sample(range(1, count + 1), max(1, count // 50))), start=1):
        status = rng.choices(statuses, weights)[0]
        opened = today - timedelta(days=rng.randrange(1, 400))
        case_rows.append((
            case_pk, f"GA{area_of[child_pk][:6]}{opened.year}{case_pk:07d}", child_pk, opened,
            rng.choice(("discovery_red", "mandatory_report", "hotline_12345", "police")), "", officer.pk, None,
            status, "", "", "goals_met" if status == "closed" else "", "",
            min(today, opened + timedelta(days=90)) if status == "closed" else None, "", officer.pk, _at(opened), 0,
        ))  # fmt: skip
        if case_pk % 3 == 0:
            key_rows.append((case_pk, rng.choice(KEY_CLASSES)))
        if status in ("plan", "intervention", "review", "closed"):
            for _ in range(2):
                due = today + timedelta(days=rng.randrange(-45, 60))
                done = status == "closed" or rng.random() < 0.3
                action_rows.append((
                    case_pk, "联系学校落实复学", "", "department", rng.choice(DEPARTMENTS), "", None, due,
                    "done" if done else "open", "", _at(today) if done else None, None, 0, officer.pk, _at(opened), 0,
                ))  # fmt: skip
    common.load_rows(
        Case,
        ["id", "number", "child", "opened_on", "source", "summary", "worker", "supervisor", "status", "assessment",
         "needs", "closure_reason", "outcome", "closed_on", "reopen_reason", "created_by", "created_at", "version"],
        case_rows, total=len(case_rows), desc="cases",
    )  # fmt: skip
    common.load_rows(CaseKeyClass, ["case", "key_class"], key_rows, desc="key classes")
    common.load_rows(
        CaseAction,
        ["case", "title", "detail", "owner_kind", "department", "owner_unit", "owner_user", "due_on", "status",
         "evidence", "completed_at", "completed_by", "reminder_count", "created_by", "created_at", "version"],
        action_rows, total=len(action_rows), desc="actions",
    )  # fmt: skip
    common.reset_sequences(Case, CaseKeyClass, CaseAction)
    districts = list(
        Area.objects.filter(code__startswith=CITY, level=Level.DISTRICT).values_list("code", flat=True)
    )
    conferences = Conference.objects.bulk_create(
        Conference(
            area_id=code,
            title=f"{month:%Y年%m月}个案会商",
            held_at=_at(month + timedelta(days=14)),
            convener=officer,
            quorum=3,
            status="held" if month < today.replace(day=1) else "planned",
        )  # fmt: skip
        for code in districts
        for month in month_starts(today, 12) + [today.replace(day=1)]
    )
    ConferenceParticipant.objects.bulk_create(
        ConferenceParticipant(conference=conference, department=department, attended=True)
        for conference in conferences
        for department in DEPARTMENTS[:4]
    )
    intakes, reports = [], []
    for n in range(max(1, count // 500)):
        child = rng.randrange(1, count + 1)
        received = _at(today - timedelta(days=rng.randrange(0, 365)), rng.randint(8, 20))
        intakes.append(Intake(source="mandatory_report" if n % 3 == 0 else "hotline_12345", received_at=received,
                              area_id=area_of[child], child_id=child, description="基准测试接案", status="acknowledged",
                              recorded_by=officer, decided_by=officer, decided_at=received + timedelta(hours=6)))  # fmt: skip
    Intake.objects.bulk_create(intakes, batch_size=2000)
    for n, intake in enumerate(intakes):
        if n % 3 == 0:
            acknowledged = intake.received_at + timedelta(hours=rng.randint(1, 72)) if n % 30 else None
            reports.append(MandatoryReport(
                intake=intake, unit_name="南京市第一中学", unit_type="school", situations=["6"],
                harm_found_at=intake.received_at - timedelta(hours=2), acknowledged_at=acknowledged,
                acknowledged_by=officer if acknowledged else None,
            ))  # fmt: skip
    MandatoryReport.objects.bulk_create(reports, batch_size=2000)
    return {"cases": len(case_rows), "case_actions": len(action_rows), "key_classes": len(key_rows),
            "conferences": len(conferences), "intakes": len(intakes), "mandatory_reports": len(reports)}  # fmt: skip
