"""Edits of a record that someone else changed first (issue 8, item 4; no models).

A model whose rows are edited through a form carries `version = PositiveIntegerField(default=0)`
(the workflow's optimistic-lock counter, the same column). Every service write raises it by
one through `claim_version`; an edit from a form passes the version the page showed, and a
stale one is refused with a ConflictError before anything is written:

    @transaction.atomic
    def end_category(spell, *, actor, end_date, reason, expected_version=None):
        claim_version(spell, expected_version, conflict=RegistryConflict)  # first
        spell.end_date, spell.end_reason = end_date, reason
        spell.save()  # writes the claimed version with the changes

The form side (`lib.forms.VersionedForm`) carries the version in a hidden field and, on a
conflict, shows what the other person changed (`changes_since`, read from the model's
django-simple-history records), who and when, and keeps what the user typed
(templates/includes/_conflict.html).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import ConflictError

VERSION_FIELD = "version"
# How many of the other people's edits a conflict names (the latest ones).
EDITS_SHOWN = 5


def claim_version(obj: Model, expected_version: int | None = None, *, conflict=ConflictError) -> int:
    """Raise `obj`'s version by one in the database, if it is still `expected_version`
    (None: whatever it is, for writes that edit no form's page, such as imports), and set
    the new number on `obj`, so that the caller's `obj.save()` in the same transaction keeps
    it. Returns the new version. Call it inside the caller's transaction, before any other
    write: the conditional UPDATE holds the row until the commit, so two edits of one row
    queue up and the second sees the first's version.

    Raises `conflict` (a ConflictError subclass; code "stale_version", `current_version`
    set to the version the row has now) when the row moved on; nothing is written."""
    model = type(obj)
    rows = model._base_manager.filter(pk=obj.pk)
    if expected_version is not None:
        rows = rows.filter(**{VERSION_FIELD: expected_version})
    if not rows.update(**{VERSION_FIELD: F(VERSION_FIELD) + 1}):
        current = model._base_manager.filter(pk=obj.pk).values_list(VERSION_FIELD, flat=True).first()
        raise stale_error(obj, current, conflict=conflict)
    new = model._base_manager.filter(pk=obj.pk).values_list(VERSION_FIELD, flat=True).get()
    setattr(obj, VERSION_FIELD, new)
    return new


def stale_error(obj: Model, current_version: int | None, *, conflict=ConflictError):
    """The error refusing an edit of `obj` from a page that showed an older version than
    `current_version` (code "stale_version"; `current_version` set on it), for services
    that check the version themselves (e.g. before a workflow move)."""
    error = conflict(
        _("该%(object)s已被他人修改，您的修改未保存。请核对下方对方的修改后再决定是否重新保存。"),
        code="stale_version",
        params={"object": type(obj)._meta.verbose_name},
    )
    error.current_version = current_version
    return error


@dataclass(frozen=True)
class FieldChange:
    """One field someone else changed since the page was opened: its label and its value
    then and now, as shown to people ("—" for empty; None when the value is not shown)."""

    label: str
    before: str | None
    after: str | None
    # The model field's name and its stored values then and now (for the form's merge of
    # fields the user left as they were; None for hidden fields).
    name: str = ""
    raw_before: object = None
    raw_after: object = None


@dataclass(frozen=True)
class Edit:
    """One save by someone else since the page was opened: who (full name or user name;
    "" when unknown) and when (aware datetime)."""

    who: str
    at: datetime


@dataclass(frozen=True)
class StaleEdit:
    """What the other people changed since `seen_version`: the fields (those the form
    shows) and the saves (latest last; at most EDITS_SHOWN)."""

    changes: list[FieldChange]
    edits: list[Edit]
    current_version: int | None


def _display(field, value) -> str:
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        target = field.related_model._base_manager.filter(pk=value).first()
        return str(target) if target is not None else str(value)
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _who(user) -> str:
    if user is None:
        return ""
    return getattr(user, "full_name", "") or user.get_username()


def changes_since(
    obj: Model, seen_version: int, fields: Iterable[str], *, hidden: Iterable[str] = ()
) -> StaleEdit:
    """What changed in `obj`'s row since it had `seen_version`, among the model field names
    `fields` (others ignored), read from its django-simple-history records: the row as it
    was at that version against the row now. Fields in `hidden` are named without their
    values (an ID number). A model without history, or a version history does not hold (a
    page posted without one), gives the row's latest saves and no field list."""
    model = type(obj)
    current = model._base_manager.get(pk=obj.pk)
    attribute = getattr(model._meta, "simple_history_manager_attribute", None)
    if attribute is None:
        return StaleEdit([], [], getattr(current, VERSION_FIELD))
    history = getattr(model, attribute).filter(**{model._meta.pk.attname: obj.pk})
    then = history.filter(**{VERSION_FIELD: seen_version}).order_by("-history_date", "-history_id").first()
    later = history.filter(**{f"{VERSION_FIELD}__gt": seen_version}).select_related("history_user")
    later = list(later.order_by("-history_date", "-history_id")[:EDITS_SHOWN])[::-1]
    edits = [Edit(_who(row.history_user), row.history_date) for row in later]
    changes = []
    if then is not None:
        hidden = set(hidden)
        names = set(fields)
        for field in model._meta.concrete_fields:
            if field.name not in names or field.name == VERSION_FIELD:
                continue
            before, after = getattr(then, field.attname, None), getattr(current, field.attname)
            if before == after:
                continue
            if field.name in hidden:
                changes.append(FieldChange(str(field.verbose_name), None, None))
            else:
                changes.append(
                    FieldChange(
                        str(field.verbose_name),
                        _display(field, before),
                        _display(field, after),
                        field.name,
                        before,
                        after,
                    )
                )
    return StaleEdit(changes, edits, getattr(current, VERSION_FIELD))
