"""What the stations app adds to the shared pages, from StationsConfig.ready(): menu
entries, the home panel, the "what you can do" lines, the child timeline's activities and
the activity import as a background-job kind."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def home_panel_context(user, today):
    """The station staff's own station, with its activities and person-times this year
    (two queries); nothing for other roles."""
    from childwelfare.accounts.choices import Role
    from childwelfare.accounts.home import PanelItem

    from . import figures
    from .models import Site

    if user.role != Role.STATION_STAFF:
        return None
    site = Site.objects.visible_to(user).first()
    if site is None:
        return None
    year = figures.figures(
        site.area_id, today.replace(month=1, day=1), today, kinds=None, sites=Site.objects.filter(pk=site.pk)
    )
    url = reverse("stations:site_detail", args=[site.pk])
    return {
        "stations_panel": {
            "site": site,
            "items": [
                PanelItem(str(_("今年活动")), year.activities, url),
                PanelItem(str(_("今年服务人次")), year.person_times, url),
            ],
        }
    }


def register() -> None:
    from childwelfare.accounts.choices import Role
    from childwelfare.accounts.home import register_ability, register_home_panel
    from childwelfare.accounts.menu import register_menu_item
    from childwelfare.accounts.policy import has_role
    from childwelfare.registry.jobs import register_import_kind
    from childwelfare.registry.timeline import register_timeline_provider

    from . import permissions
    from .jobs import run_activity_job, site_link
    from .timeline import activity_events

    register_menu_item(_("阵地"), "stations:site_list", permissions.can_read_sites, order=40)
    register_home_panel("stations/_home_panel.html", home_panel_context, order=40)
    register_timeline_provider(activity_events)
    register_import_kind(
        "activities",
        run_activity_job,
        label=_("活动导入"),
        outcome_template="stations/_import_outcome.html",
        back=site_link,
    )
    register_ability(
        _("登记本工作站的服务项目和活动，批量导入活动"),
        "stations:site_list",
        lambda user: has_role(user, Role.STATION_STAFF),
        order=40,
    )
    register_ability(
        _("登记和管理未保工作站：经费、培训、督导检查，查看阵地统计"),
        "stations:site_list",
        lambda user: has_role(user, Role.CITY_ADMIN, Role.DISTRICT_OFFICER),
        order=41,
    )
