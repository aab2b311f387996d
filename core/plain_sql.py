"""Plain SQL for the few statements made on every booking, where Django building the SQL (not
the database running it) was most of the cost: a booking's statements cost 0.3 to 1 ms of CPU
each to compile, and a few tenths of that as plain SQL.

Column lists come from the models' own metadata (quoted), every value is a parameter, and
values are read and written with the fields' own conversions, so a row read here is the same
instance the ORM would give, on PostgreSQL and SQLite alike.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, router
from django.db.models import Field, Model
from django.db.models.expressions import Col


class ModelColumns:
    """Every concrete column of `model` under a table alias: the SQL to select them, and the
    instance made from those values of a row."""

    def __init__(self, model: type[Model], alias: str) -> None:
        self.model = model
        self.alias = alias
        self.fields: list[Field] = list(model._meta.concrete_fields)
        self.attnames = [field.attname for field in self.fields]
        # Built once per kind of database, on first use (the connection says how to quote).
        self._select_sql: dict[str, str] = {}
        self._converters: dict[str, list[tuple[int, Col, list[Callable]]]] = {}

    def __len__(self) -> int:
        return len(self.fields)

    def select_sql(self, connection) -> str:
        if connection.vendor not in self._select_sql:
            quote = connection.ops.quote_name
            self._select_sql[connection.vendor] = ", ".join(
                f"{quote(self.alias)}.{quote(field.column)}" for field in self.fields
            )
        return self._select_sql[connection.vendor]

    def instance(self, values: Sequence[Any], connection) -> Model | None:
        """The instance from this model's values (None for the empty side of an outer join)."""
        pk_value = values[self.attnames.index(self.model._meta.pk.attname)]
        if pk_value is None:
            return None
        values = list(values)
        for position, column, converters in self._converters_for(connection):
            for convert in converters:
                values[position] = convert(values[position], column, connection)
        return self.model.from_db(connection.alias, self.attnames, values)

    def _converters_for(self, connection) -> list[tuple[int, Col, list[Callable]]]:
        """The converters the ORM would apply to each column (SQLite's dates and UUIDs, say)."""
        if connection.vendor not in self._converters:
            found = []
            for position, field in enumerate(self.fields):
                column = field.get_col(self.alias)
                converters = connection.ops.get_db_converters(column) + column.get_db_converters(
                    connection
                )
                if converters:
                    found.append((position, column, converters))
            self._converters[connection.vendor] = found
        return self._converters[connection.vendor]


def insert_many(instances: Sequence[Model]) -> None:
    """Write new rows for instances of one model whose primary keys are not needed afterwards
    (a many-to-many link table's, say) in one statement."""
    model = type(instances[0])
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    row = f"({', '.join(['%s'] * len(fields))})"
    statement = (
        f"INSERT INTO {quote(meta.db_table)} "  # noqa: S608
        f"({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES {', '.join([row] * len(instances))}"
    )
    values = [
        field.get_db_prep_save(field.pre_save(instance, True), connection)
        for instance in instances
        for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(statement, values)


def insert(instance: Model, *, unless_conflicting: bool = False) -> bool:
    """Write a new row for `instance` in one statement and set its primary key; with
    `unless_conflicting`, write nothing if a unique rule already holds such a row
    (INSERT ... ON CONFLICT DO NOTHING). Says whether the row was written.

    Fields are prepared as `Model.save()` would (auto_now dates, defaults); no signals are sent.
    """
    model = type(instance)
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    values = [
        field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields
    ]
    # Names from the model's own metadata, quoted; every value is a parameter.
    statement = (
        f"INSERT INTO {quote(meta.db_table)} "  # noqa: S608
        f"({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        f"{'ON CONFLICT DO NOTHING ' if unless_conflicting else ''}"
        f"RETURNING {quote(meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, values)
        row = cursor.fetchone()
    if row is None:
        return False
    instance.pk = row[0]
    instance._state.adding = False
    instance._state.db = connection.alias
    return True
