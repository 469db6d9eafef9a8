"""Home visits on schedule (DOMAIN.md §5): each child's next visit is due one colour-interval
after the last visit. Computed in the database for a whole area at once."""

from __future__ import annotations

from datetime import date

from django.db.models import (
    Case,
    DateField,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate

from .choices import DEFAULT_INTERVAL_DAYS, Colour
from .models import RiskAssessment, Visit, VisitInterval


def interval_days() -> dict[str, int]:
    """Visit interval per colour in days: the VisitInterval settings table over the defaults."""
    intervals = dict(DEFAULT_INTERVAL_DAYS)
    intervals.update(dict(VisitInterval.objects.values_list("colour", "interval_days")))
    return intervals


def latest_colour() -> Subquery:
    """The colour of a child's latest assessment (to annotate a Child queryset)."""
    latest = RiskAssessment.objects.filter(child=OuterRef("pk")).order_by("-assessed_on", "-id")
    return Subquery(latest.values("colour")[:1])


def with_colour(children: QuerySet) -> QuerySet:
    """Annotate `colour`: the latest assessment's colour, or None if never assessed."""
    return children.annotate(colour=latest_colour())


class AddDays(Func):
    """date + a whole number of days, as a date, on PostgreSQL and SQLite."""

    output_field = DateField()
    arity = 2

    def as_sql(self, compiler, connection, **extra_context):
        day, days = (compiler.compile(expression) for expression in self.source_expressions)
        return f"({day[0]} + {days[0]})", [*day[1], *days[1]]

    def as_sqlite(self, compiler, connection, **extra_context):
        day, days = (compiler.compile(expression) for expression in self.source_expressions)
        return f"date({day[0]}, '+' || ({days[0]}) || ' days')", [*day[1], *days[1]]


def with_schedule(children: QuerySet) -> QuerySet:
    """Annotate `colour` (never assessed counts as green), `last_visit` (date or None) and
    `next_due` (date): last visit + interval of the colour; a child never visited is due on
    the day the file was opened.

    The colour's interval is looked up inside the latest-assessment subquery, so each child
    costs two index lookups (its latest assessment, its latest visit) wherever next_due is
    used — filtering and ordering included."""
    intervals = interval_days()
    latest = RiskAssessment.objects.filter(child=OuterRef("pk")).order_by("-assessed_on", "-id")
    interval = Case(
        *[When(colour=colour, then=Value(days)) for colour, days in intervals.items()],
        output_field=IntegerField(),
    )
    children = children.annotate(
        colour=Coalesce(Subquery(latest.values("colour")[:1]), Value(Colour.GREEN.value)),
        interval_days=Coalesce(
            Subquery(latest.annotate(days=interval).values("days")[:1]), Value(intervals[Colour.GREEN])
        ),
        last_visit=Subquery(
            Visit.objects.filter(child=OuterRef("pk")).order_by("-visited_on").values("visited_on")[:1]
        ),
    )
    return children.annotate(
        next_due=Coalesce(
            AddDays(F("last_visit"), F("interval_days")), TruncDate("created_at"), output_field=DateField()
        )
    )


def overdue(children: QuerySet, today: date) -> QuerySet:
    """Children whose next visit was due before `today`, most late first."""
    return with_schedule(children).filter(next_due__lt=today).order_by("next_due", "pk")


def due_by(children: QuerySet, until: date) -> QuerySet:
    """Children due on or before `until` (overdue included), earliest first."""
    return with_schedule(children).filter(next_due__lte=until).order_by("next_due", "pk")


def colour_filter(colour: str) -> Q:
    return Q(colour=colour)
