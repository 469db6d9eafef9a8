"""Figures of the work positions (DOMAIN.md §1 part 4, §2): workstations by level and build
type, the projects, activities and person-times of the stations — the annual report's
section 三 and the dashboard's stations panel. The records are the stations app's own
(`stations.figures.sites_of`, `projects_of`, `activities_of`), so these numbers and the
stations' figures page (/stations/figures/) agree for the same area and dates.

Period semantics (a period is an area and [date_from, date_to]):
- stations.workstations: the workstations (care homes) of the area operating at the period's
  end: opened on or before `date_to` (sites are not closed in the platform);
- stations.by_level (arg: provincial / city / ordinary): those, by their level;
- stations.by_build_type (arg: new / upgraded / existing): those, by how they were built;
  a new or upgraded one counts once its build was completed (reached 运营中) by `date_to`;
- stations.projects: the workstations' projects since they were built: started on or
  before `date_to` (DOMAIN.md §2 "projects run by the stations since they were built");
- stations.activities / stations.person_times: the workstations' activities since they
  were built (held on or before `date_to`), and the person-times they served;
- stations.activities_in_period / stations.person_times_in_period: those held within the
  period (the year's own work).
"""

from __future__ import annotations

from django.db.models import Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from childwelfare.stations.choices import BuildType, SiteKind, SiteLevel, SiteStatus
from childwelfare.stations.figures import activities_of, projects_of, sites_of

from .. import units
from ..figures import Column, Figure, register

SITE_COLUMNS = (
    Column(_("名称"), lambda site: site.name),
    Column(_("所在区划"), lambda site: site.area.name),
    Column(_("建设等级"), lambda site: site.get_level_display()),
    Column(_("建设方式"), lambda site: site.get_build_type_display()),
    Column(_("启用日期"), lambda site: site.opened_on),
)
PROJECT_COLUMNS = (
    Column(_("项目名称"), lambda project: project.name),
    Column(_("阵地"), lambda project: project.site.name),
    Column(_("开始日期"), lambda project: project.start_date),
    Column(_("结束日期"), lambda project: project.end_date),
    Column(_("状态"), lambda project: project.get_status_display()),
)
ACTIVITY_COLUMNS = (
    Column(_("活动名称"), lambda activity: activity.title),
    Column(_("阵地"), lambda activity: activity.site.name),
    Column(_("活动日期"), lambda activity: activity.held_on),
    Column(_("活动类型"), lambda activity: activity.get_kind_display()),
    Column(_("服务人次"), lambda activity: activity.person_times),
)


def _site_url(site) -> str:
    return reverse("stations:site_detail", args=[site.pk])


def _activity_url(activity) -> str:
    return reverse("stations:activity_detail", args=[activity.pk])


def _project_url(project) -> str:
    return reverse("stations:site_detail", args=[project.site_id])


def _label_of(choices):
    def label(arg: str):
        try:
            return choices(arg).label
        except ValueError as exc:
            raise LookupError(arg) from exc

    return label


def workstations(period, arg=None):
    """The workstations of the period's area operating at its end (module docstring)."""
    return (
        sites_of(period.area_code)
        .filter(kind=SiteKind.WORKSTATION, opened_on__lte=period.date_to)
        .order_by("area_id", "name", "pk")
    )


def _by_level(period, arg):
    _label_of(SiteLevel)(arg)
    return workstations(period).filter(level=arg)


def _by_build_type(period, arg):
    _label_of(BuildType)(arg)
    built = workstations(period).filter(build_type=arg)
    if arg != BuildType.EXISTING:
        built = built.filter(Q(status=SiteStatus.OPERATING) & Q(status_on__lte=period.date_to))
    return built


def _projects(period, arg=None):
    return projects_of(sites_of(period.area_code), None, period.date_to).order_by("-start_date", "-pk")


def _activities(period, arg=None):
    return activities_of(sites_of(period.area_code), None, period.date_to).order_by("-held_on", "-pk")


def _activities_in_period(period, arg=None):
    return activities_of(sites_of(period.area_code), period.date_from, period.date_to).order_by(
        "-held_on", "-pk"
    )


def _person_times(queryset, period, arg) -> int:
    return queryset.aggregate(n=Sum("person_times"))["n"] or 0


_SITE = {
    "columns": SITE_COLUMNS,
    "detail_url": _site_url,
    "unit": units.WORKSTATIONS,
    "select_related": ("area",),
}
_ACTIVITY = {"columns": ACTIVITY_COLUMNS, "detail_url": _activity_url, "select_related": ("site",)}

register(
    Figure(
        key="stations.workstations",
        label=_("未成年人保护工作站（关爱之家）"),
        records=workstations,
        note=_("截止日期前已启用的未保工作站。"),
        **_SITE,
    )
)
register(
    Figure(
        key="stations.by_level",
        label=_("未保工作站（按建设等级）"),
        records=_by_level,
        arg_label=_label_of(SiteLevel),
        note=_("截止日期前已启用的未保工作站中该建设等级的。"),
        **_SITE,
    )
)
register(
    Figure(
        key="stations.by_build_type",
        label=_("未保工作站（按建设方式）"),
        records=_by_build_type,
        arg_label=_label_of(BuildType),
        note=_("截止日期前已启用的未保工作站中该建设方式的；新建和提档升级的须在截止日期前建成运营。"),
        **_SITE,
    )
)
register(
    Figure(
        key="stations.projects",
        label=_("工作站建成以来开展的项目"),
        records=_projects,
        columns=PROJECT_COLUMNS,
        detail_url=_project_url,
        unit=units.PROJECTS,
        note=_("未保工作站截止日期前开始的项目（建成以来累计）。"),
        select_related=("site",),
    )
)
register(
    Figure(
        key="stations.activities",
        label=_("工作站建成以来开展的活动"),
        records=_activities,
        unit=units.EVENTS,
        note=_("未保工作站截止日期前开展的活动（建成以来累计）。"),
        **_ACTIVITY,
    )
)
register(
    Figure(
        key="stations.person_times",
        label=_("工作站建成以来服务人次"),
        records=_activities,
        total=_person_times,
        unit=units.PERSON_TIMES,
        note=_("未保工作站截止日期前开展的活动的服务人次之和（建成以来累计）。"),
        **_ACTIVITY,
    )
)
register(
    Figure(
        key="stations.activities_in_period",
        label=_("工作站本期开展的活动"),
        records=_activities_in_period,
        unit=units.EVENTS,
        note=_("未保工作站在起止日期内开展的活动。"),
        **_ACTIVITY,
    )
)
register(
    Figure(
        key="stations.person_times_in_period",
        label=_("工作站本期服务人次"),
        records=_activities_in_period,
        total=_person_times,
        unit=units.PERSON_TIMES,
        note=_("未保工作站在起止日期内开展的活动的服务人次之和。"),
        **_ACTIVITY,
    )
)
