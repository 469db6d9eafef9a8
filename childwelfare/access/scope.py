"""Area scope, declared once per model and applied by one implementation.

A model says where its area code is and who reads it:

    class Visit(models.Model):
        ...
        scope = Scope("child__area__code")
        objects = ScopedQuerySet.as_manager()

and `Visit.objects.visible_to(user)` is then the only scope check any page, export, import,
search or service needs: a record is visible when its area code starts with the user's
area code (the code is the primary key of Area, so this is a prefix match on the foreign
key column, with no join). The rules for superusers and inactive users are those of
`childwelfare.accounts.policy`; a department liaison sees only records declared with a
`department` path and assigned to their department, inside their area.

Records outside scope are indistinguishable from missing ones: views fetch them through
`childwelfare.access.guards.get_visible_or_404`, services through `ensure_visible`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from childwelfare.accounts import policy
from childwelfare.accounts.choices import CHILD_READER_ROLES, Role
from childwelfare.areas.choices import ancestor_codes
from childwelfare.lib.errors import DomainError


@models.CharField.register_lookup
class AreaPrefix(models.lookups.StartsWith):
    """`path__areaprefix=code`: the area code starts with `code`. On PostgreSQL it is
    `LIKE 'code%'` (served by a varchar_pattern_ops index); on SQLite, whose LIKE is
    case-insensitive and so cannot use a plain index, the same set as a range,
    `code <= path < successor(code)` (successor: the last character raised by one), which an
    index on the column serves (issue 14, item 2). The two are equal for any string under
    SQLite's BINARY collation."""

    lookup_name = "areaprefix"

    def as_sql(self, compiler, connection):
        return compiler.compile(models.lookups.StartsWith(self.lhs, self.rhs))

    def as_sqlite(self, compiler, connection):
        if not isinstance(self.rhs, str) or not self.rhs:
            return self.as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        upper = self.rhs[:-1] + chr(ord(self.rhs[-1]) + 1)
        return f"({lhs} >= %s AND {lhs} < %s)", [*lhs_params, self.rhs, *lhs_params, upper]


@dataclass(frozen=True)
class Scope:
    """How a model is scoped.

    area: lookup path to the area code of a record, e.g. "area__code", "child__area__code",
        or a plain code column such as "area_code"; or a tuple of such paths, and a record
        is then visible when any of them lies in the user's area (the access log: the
        actor's area or the area of the data seen, `("user__area__code", "area_code")`).
    readers: the roles that see records of this kind inside their area subtree.
    department: lookup path to the responsible department; a department liaison then sees
        the records assigned to their department inside their area (DOMAIN.md §9).
    upward: records over an area above the user's are visible too (a campaign over the
        district, a city-wide standard, seen by a community's director).
    everyone: readable by every active user (public rules such as allowance standards).
    station: lookup path to the id of the station (workstation) a record belongs to; a
        station staff user then sees only the records of the station they belong to, inside
        their area (the station is named by the resolver the stations app registers with
        `register_station_resolver`; without one, or without a station, nothing).
    owner: lookup path to the user who made the record (e.g. "created_by"); that user sees
        it whatever their role, inside their area (their own import job).
    """

    area: str | tuple[str, ...]
    readers: frozenset[str] = field(default=frozenset(CHILD_READER_ROLES))
    department: str | None = None
    upward: bool = False
    everyone: bool = False
    station: str | None = None
    owner: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "readers", frozenset(self.readers))

    @property
    def paths(self) -> tuple[str, ...]:
        """The declared area path(s), as a tuple."""
        return (self.area,) if isinstance(self.area, str) else tuple(self.area)

    def _any(self, lookup: str, value) -> Q:
        """Q(path__lookup=value) for the first path, OR-ed with the others."""
        condition = Q()
        for path in self.paths:
            condition |= Q(**{f"{path}__{lookup}": value})
        return condition

    def _within(self, prefix: str, area_list: bool) -> Q:
        """The record's area lies in the subtree of `prefix`."""
        if not area_list:
            return self._any("areaprefix", prefix)
        from childwelfare.areas.models import Area

        return self._any("in", Area.objects.filter(code__areaprefix=prefix).values("code"))

    def condition(self, user, *, area_list: bool = False) -> Q | None:
        """The filter selecting the records `user` may see: None for nothing, an empty Q for
        everything. `area_list`: the area subtree as `path IN (SELECT code FROM areas …)`
        rather than a prefix on the record's code — the same records (an area code of a
        record is an Area), but the database can then seek an index that starts with the area
        and goes on with another column, once per area (issue 14: the visit lists seek
        (area, next visit due))."""
        if not policy.is_active(user):
            return None
        if self.everyone:
            return Q()
        if self.department and user.role == Role.DEPARTMENT_LIAISON and not user.is_superuser:
            if not (user.department and user.area_id):
                return None
            return Q(**{self.department: user.department}) & self._within(user.area_id, area_list)
        prefix = policy.area_prefix(user)
        if prefix is None:
            return None
        if not (user.is_superuser or user.role in self.readers):
            if self.owner and user.pk is not None:
                return Q(**{self.owner: user.pk}) & self._within(prefix, area_list)
            return None
        if prefix == "":
            return Q()
        condition = self._within(prefix, area_list)
        if self.upward:
            condition |= self._any("in", ancestor_codes(prefix)[:-1])
        if self.station and user.role == Role.STATION_STAFF and not user.is_superuser:
            if _station_resolver is None:
                return None
            condition &= Q(**{f"{self.station}__in": _station_resolver(user)})
        return condition


# The stations app names a station staff user's station(s) (Scope.station); access imports
# no feature app, so the app registers it from its AppConfig.ready().
_station_resolver = None


def register_station_resolver(resolver) -> None:
    """`resolver(user)` returns the ids of the stations `user` works at, as a list or a
    values() QuerySet (used as a subquery, so no extra query)."""
    global _station_resolver
    _station_resolver = resolver


class ScopedQuerySet(models.QuerySet):
    """A QuerySet whose `visible_to(user)` applies the model's declared `scope`."""

    def visible_to(self, user, *, area_list: bool = False) -> ScopedQuerySet:
        """The records `user` may see (see Scope; `area_list` as in Scope.condition). Never
        raises."""
        condition = self.model.scope.condition(user, area_list=area_list)
        if condition is None:
            return self.none()
        return self.filter(condition) if condition else self


class OutOfScope(DomainError):
    """The record is outside the actor's scope; the message is the one a missing record gets,
    so that nothing about its existence leaks."""

    default_code = "out_of_scope"

    def __init__(self, message=None, **kwargs) -> None:
        super().__init__(message or _("记录不存在或不在您的管辖范围内"), **kwargs)


def is_visible(obj: models.Model, user) -> bool:
    """Whether `user` may see `obj` under its model's declared scope (one query)."""
    manager = type(obj)._default_manager
    return manager.all().visible_to(user).filter(pk=obj.pk).exists()


def ensure_visible(obj: models.Model, user) -> None:
    """Service functions acting on one record call this first, so that no caller can skip the
    scope check. Raises OutOfScope when `user` may not see `obj`."""
    if not is_visible(obj, user):
        raise OutOfScope


def scoped_models() -> Iterable[type[models.Model]]:
    """Every installed model that declares a Scope (for tests walking them all)."""
    from django.apps import apps

    return [model for model in apps.get_models() if isinstance(getattr(model, "scope", None), Scope)]
