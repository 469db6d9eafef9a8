"""The one "due and overdue" work list of every role, its home-panel figures and the
per-department board (issue 10). Reads only; the page, its export and the panel share
`listed_deadlines`, so what is counted is what is listed.

Whose items a user sees (all inside their scope, Deadline.scope):
- a department liaison: the items assigned to their department;
- an auditor and a superuser: every running item (they read everything in their area);
- anyone else: the items whose current level (escalation.py) is their role's place on the
  item's rule ladder or above it, and the items they own. A child director so sees every
  running item of rules that start with the director; a district officer sees them once
  escalated to the district.
- `?department=X` (the board's links): every running item of that department in scope,
  whatever its level, so each board figure equals the list behind its link.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.accounts.choices import Department, Role
from childwelfare.areas.filters import AreaFilterMixin
from childwelfare.lib.paging import SortMap

from .escalation import Thresholds, reaching_role, with_levels
from .models import Deadline
from .subjects import subject_querysets

WEEK_DAYS = 7


class Show:
    RUNNING = "running"
    OVERDUE = "overdue"
    WEEK = "week"
    PAUSED = "paused"


SHOW_CHOICES = [
    (Show.RUNNING, _("全部在办")),
    (Show.OVERDUE, _("已逾期")),
    (Show.WEEK, _("7天内到期")),
    (Show.PAUSED, _("已暂停")),
]

DEADLINE_SORTS = SortMap(
    {
        "due": ("due_at", "pk"),
        "rule": ("rule", "due_at", "pk"),
        "area": ("area_code", "due_at", "pk"),
        "level": ("-level", "due_at", "pk"),
    },
    default="due",
)


class DeadlineFilterForm(AreaFilterMixin, forms.Form):
    """?show=, ?department= and, for a user whose scope holds several communities, ?area= (a
    street or community of the scope: the items whose area code lies in it)."""

    compact = True
    show = forms.ChoiceField(label=_("范围"), choices=SHOW_CHOICES, required=False)
    department = forms.ChoiceField(
        label=_("责任部门"), choices=[("", "—"), *Department.choices], required=False
    )

    def __init__(self, *args, liaison: bool = False, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if liaison:
            del self.fields["department"]
        if user is not None:
            self.add_area_field(user)

    def filter_by_area(self, queryset):
        """Items whose own area code lies in the chosen area (deadlines keep a code, not a
        foreign key)."""
        if "area" not in self.fields or not self.is_valid() or not self.cleaned_data.get("area"):
            return queryset
        return queryset.filter(area_code__areaprefix=self.cleaned_data["area"])

    def choice(self, name: str) -> str:
        if not self.is_valid():
            return ""
        return self.cleaned_data.get(name) or ""


def mine(user, thresholds: Thresholds):
    """The running items `user` answers for (see the module docstring), unfiltered by show."""
    running = Deadline.objects.visible_to(user).running()
    if user.is_superuser or user.role in (Role.DEPARTMENT_LIAISON, Role.AUDITOR):
        return running
    return running.filter(reaching_role(user.role, thresholds) | Q(owner=user))


def by_department(user, department: str):
    """Every running item of `department` in `user`'s scope (the board's population)."""
    return Deadline.objects.visible_to(user).running().filter(department=department)


def apply_show(items, show: str, now: datetime):
    if show == Show.OVERDUE:
        return items.overdue(now)
    if show == Show.WEEK:
        return items.due_within(WEEK_DAYS, now)
    if show == Show.PAUSED:
        return items.paused()
    return items


def listed_deadlines(user, query, now: datetime | None = None, thresholds: Thresholds | None = None):
    """(filter form, thresholds, items) of the work list for `query` (?show=, ?department=,
    ?area=, ?sort=): the page's and its export's rows, annotated with `level`, in the page's order."""
    now = now or timezone.now()
    thresholds = thresholds or Thresholds(now)
    liaison = user.role == Role.DEPARTMENT_LIAISON and not user.is_superuser
    form = DeadlineFilterForm(query, liaison=liaison, user=user)
    department = "" if liaison else form.choice("department")
    items = by_department(user, department) if department else mine(user, thresholds)
    items = form.filter_by_area(apply_show(items, form.choice("show"), now))
    items = with_levels(items, thresholds).select_related("subject_type", "owner")
    return form, thresholds, DEADLINE_SORTS.read_query(query).apply(items)


def with_subjects(rows):
    """Prefetch each row's subject, one query per kind of subject on the page, through the
    querysets subjects registered (subjects.register_subject_queryset)."""
    from django.db.models import prefetch_related_objects

    querysets = subject_querysets()
    if querysets:
        prefetch_related_objects(rows, GenericPrefetch("subject", querysets))
    else:
        prefetch_related_objects(rows, "subject")
    return rows


def panel_counts(user, now: datetime | None = None) -> dict[str, int]:
    """{"overdue": n, "week": n, "running": n} of the user's work list, in one query."""
    now = now or timezone.now()
    items = mine(user, Thresholds(now))
    return items.aggregate(
        running=Count("id"),
        overdue=Count("id", filter=Q(paused_at__isnull=True, due_at__lte=now)),
        week=Count(
            "id",
            filter=Q(paused_at__isnull=True, due_at__gt=now, due_at__lte=now + timedelta(days=WEEK_DAYS)),
        ),
    )


def board_rows(user, now: datetime | None = None) -> list[dict]:
    """Per department, the running items assigned to it in `user`'s scope: [{"department",
    "label", "running", "week", "overdue"}] by department, one GROUP BY query. A liaison's
    scope holds only their department, so they get one row."""
    now = now or timezone.now()
    rows = (
        Deadline.objects.visible_to(user)
        .running()
        .exclude(department="")
        .values("department")
        .annotate(
            running=Count("id"),
            week=Count(
                "id",
                filter=Q(paused_at__isnull=True, due_at__gt=now, due_at__lte=now + timedelta(days=WEEK_DAYS)),
            ),
            overdue=Count("id", filter=Q(paused_at__isnull=True, due_at__lte=now)),
        )
        .order_by("department")
    )
    labels = dict(Department.choices)
    return [{**row, "label": labels.get(row["department"], row["department"])} for row in rows]
