"""The history timeline of a child's file (一人一档): events from every module, newest first.

A module adds its events by registering a provider, a function `provider(child, user) ->
Iterable[TimelineEvent]`, usually from its AppConfig.ready(). `user` is the person viewing the
file: a provider leaves out what that person may not see (a confidential reporter, say).

    from childwelfare.registry.timeline import TimelineEvent, register_timeline_provider

    def visit_events(child, user):
        for visit in child.visits.select_related("visitor"):
            yield TimelineEvent(at=visit.visited_at, kind="discovery.visit", title="走访", ...)

    register_timeline_provider(visit_events)

A provider must use a fixed number of queries whatever the length of the file (no query per
record) and must never put an unmasked ID number into an event.

This module's own provider reads the django-simple-history records of the child, its family
members, their situations (ParentCondition) and the category spells, and turns each change
into field before → after with verbose names.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from childwelfare.areas.models import Area
from childwelfare.lib.idnumber import mask

from .models import CategorySpell, Child, FamilyMember, ParentCondition

logger = logging.getLogger(__name__)

# Fields whose values are ID numbers: always shown masked. Other apps add their own masked
# fields (a payment account's number) with register_masked_field.
ID_FIELDS = frozenset({"id_number"})
_MASKERS: dict[str, Callable[[str], str]] = {}


def register_masked_field(name: str, masker: Callable[[str], str]) -> None:
    """Show the field `name` of any history record through `masker` (value -> masked text),
    never in clear: for numbers other than ID numbers, e.g. benefits' account numbers."""
    _MASKERS[name] = masker


# Fields that never appear in the timeline (links between records, not content).
HIDDEN_FIELDS = frozenset({"id", "child", "member", "created_by", "version"})


@dataclass(frozen=True)
class FieldChange:
    """One field of one record: label (verbose name) and the values shown, before → after."""

    label: str
    before: str
    after: str


@dataclass(frozen=True)
class TimelineEvent:
    """One line of the timeline.

    at: when (aware datetime, or a date for events known only by day);
    kind: "<app>.<what>", e.g. "registry.child", for icons and filtering;
    title: short text, e.g. "修改基本信息"; detail: a sentence or empty;
    actor: who did it, as shown (empty when unknown); changes: field-by-field differences.
    """

    at: datetime | date
    kind: str
    title: str
    detail: str = ""
    actor: str = ""
    changes: tuple[FieldChange, ...] = field(default_factory=tuple)

    @property
    def has_time(self) -> bool:
        return isinstance(self.at, datetime)

    @property
    def sort_key(self) -> datetime:
        if isinstance(self.at, datetime):
            return self.at if timezone.is_aware(self.at) else timezone.make_aware(self.at)
        # An event known only by its day sorts at the end of that day: it happened no later.
        return timezone.make_aware(datetime(self.at.year, self.at.month, self.at.day, 23, 59, 59))


TimelineProvider = Callable[[Child, object], Iterable[TimelineEvent]]
_providers: list[TimelineProvider] = []


def register_timeline_provider(provider: TimelineProvider) -> TimelineProvider:
    """Add a provider (once; registering the same function again does nothing). Returns it,
    so it can be used as a decorator."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def timeline_providers() -> list[TimelineProvider]:
    return list(_providers)


def events_for(child: Child, *, user, limit: int | None = None) -> list[TimelineEvent]:
    """All events of every registered provider for one child as `user` may see them, newest
    first. A provider that raises is logged and skipped."""
    events: list[TimelineEvent] = []
    for provider in _providers:
        try:
            events.extend(provider(child, user))
        except Exception:
            # One module's failure must not hide the rest of the child's file from the
            # people working with it; the error goes to the log.
            logger.exception("timeline provider %s failed for child %s", provider.__qualname__, child.pk)
    # Newest first; events at the same moment in reverse order of their provider's output
    # (a provider yields a record's steps oldest first).
    order = {id(event): index for index, event in enumerate(events)}
    events.sort(key=lambda event: (event.sort_key, order[id(event)]), reverse=True)
    return events[:limit] if limit else events


# --- the child file's own history ----------------------------------------------------------


def actor_name(user) -> str:
    if user is None:
        return _("系统")
    return getattr(user, "display_name", None) or str(user)


class _Display:
    """Shows stored values the way a person reads them, with the area names fetched in one
    query for all records."""

    def __init__(self, records: Iterable[models.Model]):
        codes = set()
        for record in records:
            for attr in ("area_id", "hukou_area_id"):
                value = getattr(record, attr, None)
                if value:
                    codes.add(value)
        self.area_names = (
            dict(Area.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
        )
        self.user_names: dict = {}

    def value(self, model: type[models.Model], name: str, value) -> str:
        if value is None or value == "":
            return _("（空）")
        if name in ID_FIELDS:
            return mask(str(value))
        if name in _MASKERS:
            return _MASKERS[name](str(value))
        model_field = model._meta.get_field(name)
        if isinstance(model_field, models.ForeignKey) and model_field.related_model is Area:
            return self.area_names.get(value, str(value))
        if isinstance(model_field, models.ForeignKey) and model_field.related_model is get_user_model():
            # Who confirmed a category and the like: a person's name, never an id (rare
            # changes, so one query per person, remembered).
            if value not in self.user_names:
                user = get_user_model().objects.filter(pk=value).first()
                self.user_names[value] = actor_name(user) if user else str(value)
            return self.user_names[value]
        if name == "disability_grade":
            return _("%(grade)s级") % {"grade": value}
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("是") if value else _("否")
        if isinstance(value, datetime):
            return (
                timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
                if timezone.is_aware(value)
                else (value.strftime("%Y-%m-%d %H:%M"))
            )
        if isinstance(value, date):
            return value.isoformat()
        return str(value)

    def changes(self, record, previous) -> tuple[FieldChange, ...]:
        """Field-by-field differences between two history records of the same object, in the
        order of the model's fields."""
        model = record.instance_type
        delta = record.diff_against(previous)
        by_name = {change.field: change for change in delta.changes}
        result = []
        for model_field in model._meta.concrete_fields:
            change = by_name.get(model_field.name)
            if change is None or model_field.name in HIDDEN_FIELDS:
                continue
            result.append(
                FieldChange(
                    label=str(model_field.verbose_name),
                    before=self.value(model, model_field.name, change.old),
                    after=self.value(model, model_field.name, change.new),
                )
            )
        return tuple(result)

    def snapshot(self, record, names: Iterable[str]) -> tuple[FieldChange, ...]:
        """Values of a new record (nothing before)."""
        model = record.instance_type
        result = []
        for name in names:
            value = getattr(record, model._meta.get_field(name).attname)
            if value in (None, "", False):
                continue
            result.append(
                FieldChange(
                    label=str(model._meta.get_field(name).verbose_name),
                    before="",
                    after=self.value(model, name, value),
                )
            )
        return tuple(result)


def _pairs(records: Iterable) -> Iterable[tuple]:
    """(record, previous record of the same object or None), oldest first. The records must
    be ordered by object id then history date; no query per record (unlike prev_record)."""
    previous = None
    for record in records:
        same = previous is not None and previous.id == record.id
        yield record, previous if same else None
        previous = record


def _history(model: type[models.Model], **filters):
    return list(
        model.history.filter(**filters)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )


def change_event(
    record,
    previous,
    display: _Display,
    *,
    kind: str,
    titles: tuple[str, str, str],
    subject: str,
    snapshot_fields,
) -> TimelineEvent | None:
    """One history record as a timeline event: created (a snapshot of `snapshot_fields`),
    changed (field by field against `previous`, None when nothing visible changed) or
    deleted; `titles` are the three titles, `subject` the record's name in the detail,
    followed by the change reason. Masked fields stay masked."""
    created, changed, deleted = titles
    kind_of_change = record.history_type
    if kind_of_change == "+":
        title, changes = created, display.snapshot(record, snapshot_fields)
    elif kind_of_change == "-":
        title, changes = deleted, ()
    else:
        if previous is None:
            title, changes = changed, ()
        else:
            changes = display.changes(record, previous)
            if not changes:
                return None  # saved without a visible change
            title = changed
    return TimelineEvent(
        at=record.history_date,
        kind=kind,
        title=title,
        detail=" ".join(part for part in (subject, record.history_change_reason or "") if part),
        actor=actor_name(record.history_user),
        changes=changes,
    )


def history_events(
    model: type[models.Model],
    *,
    kind: str,
    titles: tuple[str, str, str],
    snapshot_fields,
    subject=None,
    **filters,
) -> list[TimelineEvent]:
    """The django-simple-history records of `model` selected by `filters` as timeline events
    (change_event), oldest first, in one query (plus one for area names). `subject(record)`
    names the record in each event's detail. For other apps' records about a child."""
    records = _history(model, **filters)
    display = _Display(records)
    events = []
    for record, previous in _pairs(records):
        event = change_event(
            record,
            previous,
            display,
            kind=kind,
            titles=titles,
            subject=subject(record) if subject else "",
            snapshot_fields=snapshot_fields,
        )
        if event is not None:
            events.append(event)
    return events


def registry_events(child: Child, user) -> list[TimelineEvent]:
    """Events of the child file itself: four history queries and one area query."""
    child_records = _history(Child, id=child.pk)
    member_records = _history(FamilyMember, child_id=child.pk)
    member_ids = {record.id for record in member_records}
    condition_records = _history(ParentCondition, member_id__in=member_ids) if member_ids else []
    spell_records = _history(CategorySpell, child_id=child.pk)
    display = _Display([*child_records, *member_records])
    member_names = {}
    for record in member_records:
        member_names[record.id] = _("%(name)s（%(relation)s）") % {
            "name": record.name,
            "relation": record.get_relation_display(),
        }

    events: list[TimelineEvent] = []

    def add(record, previous, kind: str, titles: tuple[str, str, str], subject: str, snapshot_fields):
        event = change_event(
            record,
            previous,
            display,
            kind=kind,
            titles=titles,
            subject=subject,
            snapshot_fields=snapshot_fields,
        )
        if event is not None:
            events.append(event)

    for record, previous in _pairs(child_records):
        add(
            record,
            previous,
            "registry.child",
            (_("建立档案"), _("修改基本信息"), _("删除档案")),
            "",
            ("name", "gender", "id_number", "birth_date", "area", "school_status"),
        )
    for record, previous in _pairs(member_records):
        add(
            record,
            previous,
            "registry.family",
            (_("新增家庭成员"), _("修改家庭成员"), _("删除家庭成员")),
            member_names.get(record.id, ""),
            ("id_number", "phone", "is_guardian", "lives_with_child"),
        )
    for record, previous in _pairs(condition_records):
        add(
            record,
            previous,
            "registry.condition",
            (pgettext("timeline", "登记父母情形"), _("修改父母情形"), _("删除父母情形")),
            member_names.get(record.member_id, ""),
            ParentCondition.RECORDED_FIELDS,
        )
    for record, previous in _pairs(spell_records):
        ended = (
            record.history_type == "~"
            and previous is not None
            and previous.end_date is None
            and record.end_date is not None
        )
        add(
            record,
            previous,
            "registry.category",
            (_("认定儿童类别"), _("终止儿童类别") if ended else _("修改儿童类别"), _("删除儿童类别")),
            record.get_category_display(),
            ("category", "start_date", "end_date", "end_reason"),
        )
    return events


register_timeline_provider(registry_events)


# --- recent changes in an area (home page) -------------------------------------------------


@dataclass(frozen=True)
class RecentChange:
    at: datetime
    child_id: int
    child_name: str
    title: str
    actor: str


def recent_changes(visible_children, limit: int = 10) -> list[RecentChange]:
    """The latest changes to the files of `visible_children` (a Child queryset already scoped
    by visible_to): children, family members and category spells, newest first. Three
    queries, each limited to `limit` rows."""
    ids = visible_children.order_by().values("pk")
    titles = {
        "+": pgettext("change", "添加"),
        "~": pgettext("change", "修改"),
        "-": pgettext("change", "删除"),
    }
    changes: list[RecentChange] = []
    for record in (
        Child.history.filter(id__in=ids).select_related("history_user").order_by("-history_date")[:limit]
    ):
        changes.append(
            RecentChange(
                at=record.history_date,
                child_id=record.id,
                child_name=record.name,
                title=_("建立档案") if record.history_type == "+" else _("修改基本信息"),
                actor=actor_name(record.history_user),
            )
        )
    related = (
        (FamilyMember, _("家庭成员")),
        (CategorySpell, _("儿童类别")),
    )
    for model, what in related:
        records = (
            model.history.filter(child_id__in=ids)
            .select_related("history_user", "child")
            .order_by("-history_date")[:limit]
        )
        for record in records:
            child = record.child
            if child is None:
                continue
            detail = record.get_category_display() if model is CategorySpell else record.name
            changes.append(
                RecentChange(
                    at=record.history_date,
                    child_id=child.pk,
                    child_name=child.name,
                    title=_("%(action)s%(what)s：%(detail)s")
                    % {"action": titles.get(record.history_type, ""), "what": what, "detail": detail},
                    actor=actor_name(record.history_user),
                )
            )
    changes.sort(key=lambda change: change.at, reverse=True)
    return changes[:limit]
