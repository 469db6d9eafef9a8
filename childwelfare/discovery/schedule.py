"""Home visits on schedule (DOMAIN.md §5): each child's next visit is due one colour-interval
after the last visit, or on the day the file was opened if never visited.

The lists read it from Child.next_visit_due and Child.latest_colour, indexed columns written
by `store_schedule` (after each visit and assessment) and `restore_schedule` (one UPDATE when
an interval setting changes), so that an overdue list is a range scan over the overdue
children rather than two lookups for every child of the area (issue 14, item 2).
`with_schedule` is the definition, computed from the visits and assessments; the stored
columns are that definition written down, and a test compares the two."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import (
    Case,
    DateField,
    Exists,
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


def interval_days(interval_model=VisitInterval) -> dict[str, int]:
    """Visit interval per colour in days: the VisitInterval settings table over the defaults."""
    intervals = dict(DEFAULT_INTERVAL_DAYS)
    intervals.update(dict(interval_model.objects.values_list("colour", "interval_days")))
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


def stored_expressions(visit=Visit, assessment=RiskAssessment, interval=VisitInterval) -> dict:
    """The column values of `with_schedule`, as expressions over the Child row being updated:
    {"next_visit_due": ..., "latest_colour": ...}. The models are parameters for the data
    migration, which passes its historical ones."""
    intervals = interval_days(interval)
    latest = assessment.objects.filter(child=OuterRef("pk")).order_by("-assessed_on", "-id")
    days_of = Case(
        *[When(colour=colour, then=Value(days)) for colour, days in intervals.items()],
        output_field=IntegerField(),
    )
    last_visit = visit.objects.filter(child=OuterRef("pk")).order_by("-visited_on").values("visited_on")[:1]
    days = Coalesce(
        Subquery(latest.annotate(days=days_of).values("days")[:1]), Value(intervals[Colour.GREEN])
    )
    return {
        "next_visit_due": Coalesce(
            AddDays(Subquery(last_visit), days), TruncDate("created_at"), output_field=DateField()
        ),
        "latest_colour": Coalesce(Subquery(latest.values("colour")[:1]), Value("")),
    }


def store_schedule(children: QuerySet) -> int:
    """Write Child.next_visit_due and Child.latest_colour of `children` (a Child queryset)
    from their visits and assessments, as `with_schedule` defines them: one UPDATE. Called
    by the services that write a visit or an assessment, for that child. Returns the number
    of children updated."""
    return children.update(**stored_expressions())


def restore_schedule(colours=None) -> int:
    """After an interval setting changed: re-write the stored schedule of the children whose
    colour is one of `colours` (None: every child; "green" includes the never assessed), in
    one UPDATE. Also run by `manage.py restore_visit_schedule` and the data migration."""
    from childwelfare.registry.models import Child

    children = Child.objects.all()
    if colours is not None:
        colours = set(colours)
        if Colour.GREEN in colours:
            colours.add("")
        children = children.filter(latest_colour__in=colours)
    return store_schedule(children)


class ShiftDays(Func):
    """A date column moved by a whole number of days (a constant), on PostgreSQL and SQLite."""

    output_field = DateField()
    arity = 1

    def __init__(self, expression, days: int, **extra):
        super().__init__(expression, **extra)
        self.days = int(days)

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        return f"({column} + %s)", [*params, self.days]

    def as_sqlite(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        return f"date({column}, %s)", [*params, f"{self.days:+d} days"]


def shift_schedule(colour: str, days: int) -> int:
    """After the interval of `colour` changed by `days` days: every child of that colour
    (green: the never assessed too) who was visited is due `days` later (next due = last
    visit + interval, DOMAIN.md §5); the never visited stay due on the day their file opened.
    One UPDATE of the stored column, no lookups of visits or assessments beyond an EXISTS.
    Returns the number of children moved."""
    from childwelfare.registry.models import Child

    if not days:
        return 0
    colours = {colour, ""} if colour == Colour.GREEN else {colour}
    visited = Visit.objects.filter(child=OuterRef("pk"))
    children = Child.objects.filter(latest_colour__in=colours).filter(Exists(visited))
    return children.update(next_visit_due=ShiftDays(F("next_visit_due"), days))


def set_interval(colour: str, days: int) -> VisitInterval:
    """Set the visit interval of `colour` (a Colour value) to `days` days and move the stored
    schedule of that colour's children by the difference (shift_schedule), in one
    transaction. The one way to change the setting outside the admin (whose save does the
    same). Returns the setting row."""
    with transaction.atomic():
        before = interval_days()[colour]
        setting, _created = VisitInterval.objects.update_or_create(
            colour=colour, defaults={"interval_days": days}
        )
        shift_schedule(colour, days - before)
    return setting


def _stored(children: QuerySet) -> QuerySet:
    """Annotate `next_due` and `colour` (never assessed counts as green) as with_schedule
    does, from the stored columns, and `last_visit` (date or None) for the rows shown: a
    lookup per listed child (a COUNT leaves it out, as it is not filtered on)."""
    last_visit = Visit.objects.filter(child=OuterRef("pk")).order_by("-visited_on").values("visited_on")[:1]
    return children.annotate(
        last_visit=Subquery(last_visit, output_field=DateField()),
        next_due=F("next_visit_due"),
        colour=Case(When(latest_colour="", then=Value(Colour.GREEN.value)), default=F("latest_colour")),
    )


def on_schedule(children: QuerySet, today: date) -> QuerySet:
    """Of `children` (a Child queryset), those visited on schedule on `today`: an open file,
    under 18, holding a confirmed category. The visit plan's lists and the statistics'
    overdue visits (reports) start here.

    Written for the lists' index, (area, next visit due): the category as a correlated
    EXISTS — CategorySpell.held_on(today) with its age condition on the outer row — so the
    database seeks the children due in each community and checks only those (issue 14)."""
    from childwelfare.lib.dates import add_years
    from childwelfare.registry.choices import FileStatus, SpellStatus
    from childwelfare.registry.models import CategorySpell
    from childwelfare.registry.querysets import ADULT_AGE

    held = (
        CategorySpell.objects.active_on(today)
        .filter(status=SpellStatus.CONFIRMED)
        .filter(child=OuterRef("pk"))
    )
    return (
        children.filter(status=FileStatus.OPEN)  # a closed file leaves the visit plan (issue 9)
        .filter(birth_date__gt=add_years(today, -ADULT_AGE))
        .filter(Exists(held))
    )


def overdue(children: QuerySet, today: date) -> QuerySet:
    """Children whose next visit was due before `today`, most late first; annotated `next_due`
    and `colour` from the stored Child.next_visit_due and Child.latest_colour."""
    return _stored(children.filter(next_visit_due__lt=today)).order_by("next_visit_due", "pk")


def due_by(children: QuerySet, until: date) -> QuerySet:
    """Children due on or before `until` (overdue included), earliest first; annotated as
    `overdue`."""
    return _stored(children.filter(next_visit_due__lte=until)).order_by("next_visit_due", "pk")


def colour_filter(colour: str) -> Q:
    return Q(colour=colour)
