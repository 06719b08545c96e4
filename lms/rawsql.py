"""Plain SQL for the few hottest statements, read and written exactly as the ORM would (issue 17).

Building and compiling a queryset costs about 1 ms of CPU in Django, more than PostgreSQL spends on the
statement: on the 8:00 wave that was a quarter of an autosave and of the attempt page. Where a statement runs for
every click of 400,000 learners, its SQL is written once, and its values go through the model fields' own
conversions, so that what is read or written is what the ORM reads or writes, on SQLite and PostgreSQL alike:

- ``converters(model, names)``: per column, the backend's and the field's converters (JSON decoded, SQLite's
  datetimes made aware, …), as the ORM's compiler applies them to a result row;
- ``convert(row, converters)``: a fetched row converted;
- ``prepare(model, name, value)``: a value as ``QuerySet.update`` sends it (``get_db_prep_save``).

Each caller keeps a test comparing its result with the ORM's on both databases.
"""

from __future__ import annotations

from django.db import connection


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


_converters: dict[tuple, list[tuple]] = {}


def converters(model, names) -> list[tuple]:
    """``[(column expression, [converter, …]), …]`` for ``names`` (field names) of ``model`` (kept per process)."""
    key = (connection.vendor, model._meta.label, tuple(names))
    found = _converters.get(key)
    if found is None:
        found = _converters[key] = _build(model, names)
    return found


def _build(model, names) -> list[tuple]:
    out = []
    for name in names:
        col = model._meta.get_field(name).get_col(model._meta.db_table)
        out.append((col, connection.ops.get_db_converters(col) + col.get_db_converters(connection)))
    return out


def convert(row, column_converters) -> list:
    values = list(row)
    for i, (col, funcs) in enumerate(column_converters):
        for func in funcs:
            values[i] = func(values[i], col, connection)
    return values


def prepare(model, name: str, value):
    return model._meta.get_field(name).get_db_prep_save(value, connection)
