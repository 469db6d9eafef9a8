"""Rows and their history written set-based, for imports of many rows (issue 14 item 3: a
100,000-row roster import spent most of its CPU in the ORM's per-value work, not the database).

- insert_rows: what QuerySet.bulk_create does for new rows with an automatic primary key
  (each field's pre_save: auto_now, keyed hashes; the database value of each field; the new
  pks read back with RETURNING), with the values prepared by one function per column and as
  many rows per statement as the database allows (Django caps SQLite at 999 parameters).
- write_history: django-simple-history's bulk_create_with_history builds one historical
  model instance per row and inserts it through bulk_create, which costs more than the row
  it records. Here the historical rows are plain tuples inserted with executemany: the same
  columns, values and meaning as simple_history's own bulk history ("+" created, "~"
  changed), one history_date for the batch. Like simple_history's bulk functions, no
  pre/post_create_historical_record signal is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from django.db import connections, models, router, transaction
from django.db.models.expressions import DatabaseDefault, Value
from django.db.models.fields import NOT_PROVIDED
from django.utils import timezone
from simple_history.utils import bulk_create_with_history as simple_bulk_create_with_history
from simple_history.utils import bulk_update_with_history as simple_bulk_update_with_history

# Field classes whose database value is the Python value itself when that value is a str,
# int, bool or None (Django's get_db_prep_save only converts other types for them).
_PLAIN = (
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.IntegerField,
    models.BigIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.SmallIntegerField,
)
_PLAIN_VALUES = (str, int, bool)


def _preparer(field: models.Field, connection) -> Callable[[Any], Any]:
    """value -> the value the database is sent for `field`, as Model.save() would send it."""
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    if type(target) in _PLAIN:

        def plain(value):
            if value is None or type(value) in _PLAIN_VALUES:
                return value
            return field.get_db_prep_save(value, connection)

        return plain
    return lambda value: field.get_db_prep_save(value, connection)


def _pre_saver(field: models.Field) -> Callable[[models.Model], Any] | None:
    """obj -> the value Model.save() would store for `field` on insert, when the field's
    pre_save does more than read the attribute (auto_now_add, KeyedHashField); else None."""
    if type(field).pre_save is models.Field.pre_save:
        return None
    return lambda obj: field.pre_save(obj, True)


def _insert_preparer(field: models.Field, connection) -> Callable[[Any], Any]:
    """_preparer, and a field left at its db_default (a constant) sent as that constant."""
    prepare = _preparer(field, connection)
    if field.db_default is NOT_PROVIDED:
        return prepare
    constant = field.db_default
    if isinstance(constant, Value):
        constant = constant.value
    elif hasattr(constant, "resolve_expression"):
        raise ValueError(f"{field}: db_default {constant!r} is not a constant")
    default = field.get_db_prep_save(constant, connection)
    return lambda value: default if isinstance(value, DatabaseDefault) else prepare(value)


def _rows_per_statement(connection, columns: int) -> int:
    """Rows of `columns` values one INSERT may carry: the database's own parameter limit
    (SQLite's compiled-in SQLITE_LIMIT_VARIABLE_NUMBER, PostgreSQL's 65,535)."""
    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    elif connection.vendor == "postgresql":
        limit = 65535
    else:
        limit = connection.features.max_query_params or 999
    return max(1, min(1000, limit // max(columns, 1)))


def insert_rows(objs: Sequence[models.Model], model: type[models.Model], *, using: str | None = None) -> None:
    """INSERT new instances of `model` (automatic primary key, not yet set) as bulk_create
    does, and set each object's pk and _state from the database's RETURNING. Only for a
    database that returns rows from a bulk insert (SQLite 3.35+, PostgreSQL) and a model
    without parents (multi-table inheritance); raises ValueError otherwise."""
    if not objs:
        return
    using = using or router.db_for_write(model)
    connection = connections[using]
    opts = model._meta
    if not connection.features.can_return_rows_from_bulk_insert or opts.parents:
        raise ValueError(f"insert_rows cannot write {model.__name__} on {connection.vendor}")
    fields = [field for field in opts.concrete_fields if field is not opts.pk and not field.generated]
    plan = [(field.attname, _pre_saver(field), _insert_preparer(field, connection)) for field in fields]
    quote = connection.ops.quote_name
    head = (
        f"INSERT INTO {quote(opts.db_table)} ({', '.join(quote(field.column) for field in fields)}) VALUES "
    )
    placeholder = f"({', '.join(['%s'] * len(fields))})"
    tail = f" RETURNING {quote(opts.pk.column)}"
    size = _rows_per_statement(connection, len(fields))
    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            batch = objs[start : start + size]
            params = []
            for obj in batch:
                for attname, pre_save, prepare in plan:
                    params.append(prepare(pre_save(obj) if pre_save else getattr(obj, attname)))
            cursor.execute(head + ", ".join([placeholder] * len(batch)) + tail, params)
            ids = [row[0] for row in cursor.fetchall()]
            if len(ids) != len(batch):
                raise ValueError(f"{model.__name__}: {len(ids)} ids returned for {len(batch)} rows")
            for obj, pk in zip(batch, ids, strict=True):
                setattr(obj, opts.pk.attname, pk)
                obj._state.adding = False
                obj._state.db = using


def write_history(
    objs: Sequence[models.Model],
    model: type[models.Model],
    *,
    user=None,
    reason: str = "",
    history_type: str = "+",
    when: datetime | None = None,
    using: str | None = None,
    batch_size: int = 1000,
) -> int:
    """Insert one historical row per saved object of `model` (each must have its pk): the
    tracked fields' current values, history_type "+" (created) or "~" (changed), `reason` as
    history_change_reason, `user` (or None) as history_user, `when` (default now) as
    history_date. Returns the number of rows written. Raises ValueError when the historical
    model has a column this function does not know how to fill (a custom history field)."""
    if not objs:
        return 0
    history = model.history.model
    using = using or router.db_for_write(model)
    connection = connections[using]
    constants = {
        "history_date": when or timezone.now(),
        "history_change_reason": reason or "",
        "history_type": history_type,
        "history_user_id": user.pk if user is not None else None,
    }
    tracked = {field.attname for field in history.tracked_fields}
    fields = [field for field in history._meta.concrete_fields if not field.primary_key]
    unknown = [field.attname for field in fields if field.attname not in tracked | constants.keys()]
    if unknown:
        raise ValueError(f"{history.__name__}: no value for {', '.join(unknown)}")
    fixed = {
        name: field.get_db_prep_save(constants[field.attname], connection)
        for name, field in ((field.attname, field) for field in fields)
        if name in constants
    }
    columns = [
        (field.attname, _insert_preparer(field, connection)) for field in fields if field.attname not in fixed
    ]
    quote = connection.ops.quote_name
    names = [field.attname for field in fields if field.attname not in fixed] + list(fixed)
    column_of = {field.attname: field.column for field in fields}
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(quote(column_of[name]) for name in names)}) "
        f"VALUES ({', '.join(['%s'] * len(names))})"
    )
    tail = tuple(fixed.values())
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            cursor.executemany(
                sql,
                [
                    (*(prepare(getattr(obj, attname)) for attname, prepare in columns), *tail)
                    for obj in objs[start : start + batch_size]
                ],
            )
    return len(objs)


def bulk_create_with_history(
    objs: list[models.Model],
    model: type[models.Model],
    *,
    user=None,
    reason: str = "",
    batch_size: int = 1000,
) -> list[models.Model]:
    """insert_rows `objs` (new instances of `model`) and write their "+" history rows with
    write_history, in one transaction; returns the objects with their pks. On a database
    that cannot return the new pks from a bulk insert, simple_history's own function."""
    if not objs:
        return objs
    using = router.db_for_write(model)
    # SQLite only: on PostgreSQL Django 5.2's bulk_create binds one array per column (UNNEST)
    # and simple_history's path measured faster there (100,000 rows: 0.36x import-export
    # against 0.20x with these functions, BENCHMARKS.md).
    if connections[using].vendor != "sqlite" or model._meta.parents:
        return simple_bulk_create_with_history(
            objs, model, batch_size=batch_size, default_user=user, default_change_reason=reason
        )
    with transaction.atomic(using=using, savepoint=False):
        insert_rows(objs, model, using=using)
        write_history(objs, model, user=user, reason=reason, using=using, batch_size=batch_size)
    return objs


def bulk_update_with_history(
    objs: list[models.Model],
    model: type[models.Model],
    fields: list[str],
    *,
    user=None,
    reason: str = "",
    batch_size: int = 1000,
) -> int:
    """bulk_update `fields` of `objs` and write their "~" history rows, in one transaction;
    returns the number of objects. Like Django's bulk_update, no pre_save runs (callers
    refresh derived fields first, e.g. lib.protected_fields.refresh_keyed_hashes)."""
    if not objs:
        return 0
    using = router.db_for_write(model)
    if connections[using].vendor != "sqlite":  # as in bulk_create_with_history
        simple_bulk_update_with_history(
            objs, model, fields, batch_size=batch_size, default_user=user, default_change_reason=reason
        )
        return len(objs)
    with transaction.atomic(using=using, savepoint=False):
        model._default_manager.using(using).bulk_update(objs, fields, batch_size=batch_size)
        write_history(
            objs, model, user=user, reason=reason, history_type="~", using=using, batch_size=batch_size
        )
    return len(objs)
