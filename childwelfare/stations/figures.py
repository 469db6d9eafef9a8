"""The figures of the work positions (issue 11 "Figures"; read by the statistics issue 12):
sites by kind, level, build type and status; projects; activities and person-times — for an
area subtree (station, township, district, city) over any period. Set-based: a handful of
aggregate queries whatever the number of rows.

    figures("3201", date(2023, 1, 1), date(2023, 12, 31))       # the city in 2023
    figures_by_area("3201", None, None, group_length=6)          # per district, all time
    figures_by_station("320102", date_from, date_to)             # per station of 玄武区
    since_opened(site, today)                                    # one station since it opened

Periods: an activity counts when its day lies in [date_from, date_to]; a project when its
period overlaps it (start ≤ date_to and (no end or end ≥ date_from)); sites are counted as
registered now, and `opened` counts those that started operating in the period. None on
either side leaves it open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr

from childwelfare.areas.models import Area

from .choices import ActivityKind, BuildType, SiteKind, SiteLevel, SiteStatus
from .models import Activity, Project, Site


@dataclass
class Figures:
    """Counts for one area subtree and period. by_*: {choice value: count} with every choice
    present (0 when none); person_times: the sum of Activity.person_times."""

    sites: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_level: dict[str, int] = field(default_factory=dict)
    by_build_type: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    livelihood: int = 0
    opened: int = 0
    projects: int = 0
    activities: int = 0
    person_times: int = 0
    activities_by_kind: dict[str, int] = field(default_factory=dict)
    person_times_by_kind: dict[str, int] = field(default_factory=dict)


def _period(queryset: QuerySet, path: str, date_from: date | None, date_to: date | None) -> QuerySet:
    if date_from:
        queryset = queryset.filter(**{f"{path}__gte": date_from})
    if date_to:
        queryset = queryset.filter(**{f"{path}__lte": date_to})
    return queryset


def _projects_in(projects: QuerySet, date_from: date | None, date_to: date | None) -> QuerySet:
    if date_to:
        projects = projects.filter(start_date__lte=date_to)
    if date_from:
        projects = projects.filter(Q(end_date__isnull=True) | Q(end_date__gte=date_from))
    return projects


def sites_of(
    area_code: str, *, kinds: tuple[str, ...] | None = (SiteKind.WORKSTATION,), sites: QuerySet | None = None
) -> QuerySet:
    """The sites whose area lies in `area_code`'s subtree ("" for everything), of `kinds`
    (None: every kind), starting from `sites` (default every site). The base of every figure
    here and of the statistics' station figures (reports.sections.stations)."""
    base = (sites if sites is not None else Site.objects.all()).filter(area__code__startswith=area_code)
    if kinds:
        base = base.filter(kind__in=kinds)
    return base


def projects_of(sites: QuerySet, date_from: date | None = None, date_to: date | None = None) -> QuerySet:
    """The projects of `sites` whose period overlaps [date_from, date_to] (module docstring);
    date_from None: every project started by date_to (since the sites were built)."""
    return _projects_in(Project.objects.filter(site_id__in=sites.values("id")), date_from, date_to)


def activities_of(sites: QuerySet, date_from: date | None = None, date_to: date | None = None) -> QuerySet:
    """The activities of `sites` held in [date_from, date_to] (None leaves a side open)."""
    return _period(Activity.objects.filter(site_id__in=sites.values("id")), "held_on", date_from, date_to)


def _counted(rows, choices) -> dict[str, int]:
    found = {row[0]: row[1] for row in rows}
    return {str(value): found.get(value, 0) for value in choices.values}


def figures(
    area_code: str,
    date_from: date | None = None,
    date_to: date | None = None,
    *,
    kinds: tuple[str, ...] | None = (SiteKind.WORKSTATION,),
    sites: QuerySet | None = None,
) -> Figures:
    """Figures of the sites whose area lies in `area_code`'s subtree ("" for everything),
    of `kinds` (default: workstations, the 95 of DOMAIN.md §2; None for every kind), over
    [date_from, date_to]. `sites`: a narrower Site queryset (e.g. visible_to(user)) to start
    from. Never raises; a few queries."""
    base = sites_of(area_code, kinds=kinds, sites=sites)
    result = Figures()
    counts = base.aggregate(
        sites=Count("id"),
        livelihood=Count("id", filter=Q(livelihood_project=True)),
        opened=Count("id", filter=_opened_condition(date_from, date_to)),
    )
    result.sites, result.livelihood, result.opened = counts["sites"], counts["livelihood"], counts["opened"]
    for attribute, name, choices in (
        ("by_kind", "kind", SiteKind),
        ("by_level", "level", SiteLevel),
        ("by_build_type", "build_type", BuildType),
        ("by_status", "status", SiteStatus),
    ):
        rows = base.order_by().values_list(name).annotate(n=Count("id"))
        setattr(result, attribute, _counted(rows, choices))
    result.projects = projects_of(base, date_from, date_to).count()
    activities = activities_of(base, date_from, date_to)
    rows = list(activities.order_by().values_list("kind").annotate(n=Count("id"), p=Sum("person_times")))
    result.activities_by_kind = _counted([(kind, n) for kind, n, _p in rows], ActivityKind)
    result.person_times_by_kind = _counted([(kind, p or 0) for kind, _n, p in rows], ActivityKind)
    result.activities = sum(result.activities_by_kind.values())
    result.person_times = sum(result.person_times_by_kind.values())
    return result


def _opened_condition(date_from: date | None, date_to: date | None) -> Q:
    condition = Q(opened_on__isnull=False)
    if date_from:
        condition &= Q(opened_on__gte=date_from)
    if date_to:
        condition &= Q(opened_on__lte=date_to)
    return condition


@dataclass
class Row:
    """One line of a breakdown: the area (or station) and its counts."""

    code: str
    name: str
    sites: int = 0
    projects: int = 0
    activities: int = 0
    person_times: int = 0
    site_id: int | None = None


def figures_by_area(
    area_code: str,
    date_from: date | None = None,
    date_to: date | None = None,
    *,
    group_length: int,
    kinds: tuple[str, ...] | None = (SiteKind.WORKSTATION,),
    sites: QuerySet | None = None,
) -> list[Row]:
    """Per area one level down (group_length: 6 districts, 9 townships, 12 villages) inside
    `area_code`: sites, projects (overlapping the period), activities and person-times (in it).
    Only areas with a site are listed, by code. Four queries."""
    base = (sites if sites is not None else Site.objects.all()).filter(area__code__startswith=area_code)
    if kinds:
        base = base.filter(kind__in=kinds)
    group = Substr("site__area_id", 1, group_length)
    rows: dict[str, Row] = {}
    for code, n in base.order_by().values_list(Substr("area_id", 1, group_length)).annotate(n=Count("id")):
        rows[code] = Row(code=code, name="", sites=n)
    site_ids = base.values("id")
    projects = _projects_in(Project.objects.filter(site_id__in=site_ids), date_from, date_to)
    for code, n in projects.order_by().annotate(g=group).values_list("g").annotate(n=Count("id")):
        rows.setdefault(code, Row(code=code, name="")).projects = n
    activities = _period(Activity.objects.filter(site_id__in=site_ids), "held_on", date_from, date_to)
    for code, n, p in (
        activities.order_by()
        .annotate(g=group)
        .values_list("g")
        .annotate(n=Count("id"), p=Sum("person_times"))
    ):
        row = rows.setdefault(code, Row(code=code, name=""))
        row.activities, row.person_times = n, p or 0
    names = dict(Area.objects.filter(code__in=rows).values_list("code", "name"))
    for row in rows.values():
        row.name = names.get(row.code, row.code)
    return [rows[code] for code in sorted(rows)]


def figures_by_station(
    area_code: str,
    date_from: date | None = None,
    date_to: date | None = None,
    *,
    kinds: tuple[str, ...] | None = None,
    sites: QuerySet | None = None,
) -> list[Row]:
    """Per site inside `area_code` (every kind unless `kinds`): projects overlapping the
    period, activities and person-times in it. Ordered by area and name. Three queries."""
    base = (sites if sites is not None else Site.objects.all()).filter(area__code__startswith=area_code)
    if kinds:
        base = base.filter(kind__in=kinds)
    rows = {
        pk: Row(code=code, name=name, sites=1, site_id=pk)
        for pk, code, name in base.order_by("area_id", "name").values_list("pk", "area_id", "name")
    }
    site_ids = base.values("id")
    projects = _projects_in(Project.objects.filter(site_id__in=site_ids), date_from, date_to)
    for pk, n in projects.order_by().values_list("site_id").annotate(n=Count("id")):
        rows[pk].projects = n
    activities = _period(Activity.objects.filter(site_id__in=site_ids), "held_on", date_from, date_to)
    for pk, n, p in (
        activities.order_by().values_list("site_id").annotate(n=Count("id"), p=Sum("person_times"))
    ):
        rows[pk].activities, rows[pk].person_times = n, p or 0
    return list(rows.values())


def since_opened(site: Site, today: date) -> Figures:
    """One site's figures from the day it opened (or, not yet open, from nothing: all its
    records) to `today`."""
    return figures(site.area_id, site.opened_on, today, kinds=None, sites=Site.objects.filter(pk=site.pk))
