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
  changed), one history_date for the batch; after insert_rows, the values just sent for the
  row are reused. Like simple_history's bulk functions, no
  pre/post_create_historical_record signal is sent.
- instance_builder: new unsaved instances through Model's positional constructor.

On PostgreSQL both write with COPY … FROM STDIN (psycopg 3's `cursor.copy()`), new primary
keys drawn from the table's sequence beforehand (`nextval` over `generate_series`): no
statement text to build or parse per row, no client-side binding of 65,535 parameters
(issue 14 item 3: Django's compiler and psycopg's query splitting cost more than the rows).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
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
# The methods by which a field turns a value into its database value: a subclass of a _PLAIN
# class that overrides none of them (KeyedHashField) sends its values as its base does.
_PREP_METHODS = ("to_python", "get_prep_value", "get_db_prep_value", "get_db_prep_save")


def _is_plain(field: models.Field) -> bool:
    cls = type(field)
    base = next((klass for klass in cls.__mro__ if klass in _PLAIN), None)
    return base is not None and all(getattr(cls, name) is getattr(base, name) for name in _PREP_METHODS)


def _preparer(field: models.Field, connection) -> Callable[[Any], Any]:
    """value -> the value the database is sent for `field`, as Model.save() would send it;
    the common values of plain, date and datetime fields without Django's per-value calls."""
    target = field.target_field if isinstance(field, models.ForeignKey) else field

    def prepare(value):
        return field.get_db_prep_save(value, connection)

    if _is_plain(target):

        def plain(value):
            if value is None or type(value) in _PLAIN_VALUES:
                return value
            return prepare(value)

        return plain
    if type(target) is models.DateField:
        adapt_day = connection.ops.adapt_datefield_value

        def day(value):
            if value is None:
                return None
            return adapt_day(value) if type(value) is date else prepare(value)

        return day
    if type(target) is models.DateTimeField:
        adapt_moment = connection.ops.adapt_datetimefield_value

        def moment(value):
            if value is None:
                return None
            # An aware datetime is what DateTimeField.get_prep_value hands on unchanged.
            return adapt_moment(value) if type(value) is datetime and value.tzinfo else prepare(value)

        return moment
    return prepare


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
    (SQLite's compiled-in SQLITE_LIMIT_VARIABLE_NUMBER)."""
    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    else:
        limit = connection.features.max_query_params or 999
    return max(1, min(1000, limit // max(columns, 1)))


def _next_ids(connection, table: str, column: str, count: int) -> list[int]:
    """`count` new values of the sequence behind `table`.`column` (serial or identity), in
    ascending order (PostgreSQL): the ids are taken, so no other insert can be given them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(table), column, count],
        )
        return sorted(row[0] for row in cursor.fetchall())


def _copy(connection, table: str, columns: list[str], rows) -> None:
    """COPY `rows` (tuples of database values, in `columns` order) into `table` (PostgreSQL,
    psycopg 3: each value adapted as a query parameter would be)."""
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(column) for column in columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


# attname -> the database values of one column, one per object (what write_history reuses).
Prepared = dict[str, list[Any]]


def instance_builder(model: type[models.Model]) -> Callable[[dict[str, Any]], models.Model]:
    """A function dict of attname -> value (`area_id`, not `area`; every other field at its
    default) -> an unsaved instance of `model`, as `model(**row)` builds it but through
    Model's positional constructor: its per-field keyword handling cost a roster import more
    than preparing the row's values (issue 14 item 3). A callable default is called per
    instance; a constant default (or db_default marker) is shared, as Django shares it.
    The function raises TypeError for a key that is not a concrete field's attname."""
    fields = model._meta.concrete_fields
    known = {field.attname for field in fields}
    defaults = []
    for field in fields:
        if field.has_default() and callable(field.default):
            defaults.append((field.attname, field.default, True))
        else:
            defaults.append((field.attname, field.get_default(), False))

    def build(row: dict[str, Any]) -> models.Model:
        if not row.keys() <= known:
            raise TypeError(f"{model.__name__}: no field {', '.join(sorted(row.keys() - known))}")
        return model(
            *[
                row[name] if name in row else (default() if call else default)
                for name, default, call in defaults
            ]
        )

    return build


def insert_rows(
    objs: Sequence[models.Model], model: type[models.Model], *, using: str | None = None
) -> Prepared:
    """INSERT new instances of `model` (automatic primary key, not yet set) as bulk_create
    does, set each object's pk and _state, and return the values sent per column (attname ->
    list). SQLite: multi-row INSERTs, the new pks read back with RETURNING; PostgreSQL: the
    pks drawn from the table's sequence first, the rows sent with COPY. Only for those two
    and a model without parents (multi-table inheritance); raises ValueError otherwise."""
    if not objs:
        return {}
    using = using or router.db_for_write(model)
    connection = connections[using]
    opts = model._meta
    if connection.vendor not in _SET_BASED or opts.parents:
        raise ValueError(f"insert_rows cannot write {model.__name__} on {connection.vendor}")
    fields = [field for field in opts.concrete_fields if field is not opts.pk and not field.generated]
    prepared: Prepared = {}
    for field in fields:
        pre_save, prepare = _pre_saver(field), _insert_preparer(field, connection)
        attname = field.attname
        values = [pre_save(obj) for obj in objs] if pre_save else [getattr(obj, attname) for obj in objs]
        prepared[attname] = list(map(prepare, values))
    quote = connection.ops.quote_name
    rows = list(zip(*prepared.values(), strict=True))
    if connection.vendor == "postgresql":
        ids = _next_ids(connection, opts.db_table, opts.pk.column, len(objs))
        _copy(
            connection,
            opts.db_table,
            [opts.pk.column, *(field.column for field in fields)],
            ((pk, *row) for pk, row in zip(ids, rows, strict=True)),
        )
    else:
        head = f"INSERT INTO {quote(opts.db_table)} ({', '.join(quote(field.column) for field in fields)}) VALUES "
        placeholder = f"({', '.join(['%s'] * len(fields))})"
        tail = f" RETURNING {quote(opts.pk.column)}"
        size = _rows_per_statement(connection, len(fields))
        ids = []
        with connection.cursor() as cursor:
            for start in range(0, len(rows), size):
                batch = rows[start : start + size]
                cursor.execute(
                    head + ", ".join([placeholder] * len(batch)) + tail,
                    [value for row in batch for value in row],
                )
                returned = [row[0] for row in cursor.fetchall()]
                if len(returned) != len(batch):
                    raise ValueError(f"{model.__name__}: {len(returned)} ids returned for {len(batch)} rows")
                ids += returned
    for obj, pk in zip(objs, ids, strict=True):
        setattr(obj, opts.pk.attname, pk)
        obj._state.adding = False
        obj._state.db = using
    return prepared


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
    prepared: Prepared | None = None,
) -> int:
    """Insert one historical row per saved object of `model` (each must have its pk): the
    tracked fields' current values, history_type "+" (created) or "~" (changed), `reason` as
    history_change_reason, `user` (or None) as history_user, `when` (default now) as
    history_date. `prepared`: the database values insert_rows just sent for these objects,
    reused for the same columns. Returns the number of rows written. Raises ValueError when
    the historical model has a column this function does not know how to fill (a custom
    history field). SQLite: executemany of `batch_size` rows; PostgreSQL: COPY."""
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
    prepared = prepared or {}
    pk_attname = model._meta.pk.attname
    columns: list[list[Any]] = []
    for field in fields:
        name = field.attname
        if name in constants:
            columns.append([field.get_db_prep_save(constants[name], connection)] * len(objs))
        elif name in prepared:
            columns.append(prepared[name])
        elif name == pk_attname:
            columns.append([obj.pk for obj in objs])
        else:
            columns.append(
                list(map(_insert_preparer(field, connection), (getattr(obj, name) for obj in objs)))
            )
    rows = zip(*columns, strict=True)
    table = history._meta.db_table
    if connection.vendor == "postgresql":
        _copy(connection, table, [field.column for field in fields], rows)
        return len(objs)
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(table)} ({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    rows = list(rows)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            cursor.executemany(sql, rows[start : start + batch_size])
    return len(objs)


# Databases these functions write to themselves (SQLite: multi-row INSERT … RETURNING and
# executemany; PostgreSQL: COPY); any other keeps simple_history's functions.
_SET_BASED = {"sqlite", "postgresql"}


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
    if connections[using].vendor not in _SET_BASED or model._meta.parents:
        return simple_bulk_create_with_history(
            objs, model, batch_size=batch_size, default_user=user, default_change_reason=reason
        )
    with transaction.atomic(using=using, savepoint=False):
        prepared = insert_rows(objs, model, using=using)
        write_history(
            objs, model, user=user, reason=reason, using=using, batch_size=batch_size, prepared=prepared
        )
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
    if connections[using].vendor not in _SET_BASED:
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
