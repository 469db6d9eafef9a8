"""Who may do what with sites and their work (on accounts.policy). Record scope — which
sites a user sees at all — is each model's declared Scope."""

from __future__ import annotations

from childwelfare.accounts.choices import Role
from childwelfare.accounts.policy import acts_within, has_role

from .choices import SITE_READER_ROLES

SITE_MANAGER_ROLES = (Role.CITY_ADMIN, Role.DISTRICT_OFFICER)
# Projects and activities: the site's managers, the township's supervisor and the station's
# own staff.
WORK_RECORDER_ROLES = (Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.CHILD_SUPERVISOR)


def station_ids_of(user):
    """The ids of the stations `user` belongs to (a values() QuerySet: used as a subquery by
    access.scope for Scope.station)."""
    from .models import StationMembership

    return StationMembership.objects.filter(user_id=user.pk).values("site_id")


def can_read_sites(user) -> bool:
    """The site pages at all (each record then by scope)."""
    return has_role(user, SITE_READER_ROLES)


def can_manage_sites(user, area_code: str | None) -> bool:
    """Register and edit a site of `area_code`, move its status, enter funding, training,
    inspections and staff: the city administrator and the district's officers."""
    return acts_within(user, area_code, SITE_MANAGER_ROLES)


def can_manage_any_site(user) -> bool:
    return has_role(user, SITE_MANAGER_ROLES)


def is_member(user, site) -> bool:
    """`user` is station staff of `site` (one query)."""
    from .models import StationMembership

    return (
        has_role(user, Role.STATION_STAFF)
        and not user.is_superuser
        and StationMembership.objects.filter(user_id=user.pk, site_id=site.pk).exists()
    )


def can_record_work(user, site) -> bool:
    """Record projects and activities (and import activities, add photos) of `site`: its
    managers, the township's supervisor, and the station's own staff."""
    return acts_within(user, site.area_id, WORK_RECORDER_ROLES) or (
        acts_within(user, site.area_id, Role.STATION_STAFF) and is_member(user, site)
    )


def can_record_any_work(user) -> bool:
    return has_role(user, WORK_RECORDER_ROLES, Role.STATION_STAFF)
