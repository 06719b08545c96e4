"""A faster reset between transactional tests (live server, threads), with the same result as Django's.

Django ends a transactional test with ``flush`` (on PostgreSQL one ``TRUNCATE`` of all 154 tables: a new file for
every table, index and TOAST table, 0.6-1.5 s) and, with ``serialized_rollback`` (every transactional test here:
``tests/conftest.py``), begins the next one by saving every seeded row again through the ORM from a JSON copy
made after the migrations (0.4-0.8 s). With about 150 such tests, that was a quarter of the PostgreSQL leg of CI.

Here, on both databases:
- **snapshot**: right after the test database is migrated (the moment Django serialises it), each table holding
  rows is copied into a table of its own (``zz_snapshot__<table>``; not a model's table, so no flush touches it);
- **flush** (Django's ``flush`` command at the end of each transactional test): ``DELETE FROM`` only the tables
  that hold rows, found with one query;
- **restore** (where Django would deserialise the JSON copy): the tables holding rows emptied as above, then each
  snapshot copied back with ``INSERT … SELECT``, row for row what the migrations left (ids included).

Tables that triggers fill (SQLite's full-text index of Wagtail) are emptied but not copied: the triggers refill
them as the rows they index come back. Every foreign key is ``DEFERRABLE INITIALLY DEFERRED`` (Django creates them
so; ``tests/test_dbreset.py`` checks it on PostgreSQL), so the order of the DELETEs and INSERTs within their
transaction does not matter. PostgreSQL's
autovacuum is off on the CI machine: the emptied tables are vacuumed every ``VACUUM_EVERY`` restores, so that the
dead rows of many DELETEs do not slow the later tests. A flush that resets sequences, or a database never
snapshotted, takes Django's own path.
"""

from __future__ import annotations

PREFIX = "zz_snapshot__"
DEMO_PREFIX = "zz_demo__"
VACUUM_EVERY = 10

_snapshots: dict[str, list[str]] = {}  # database alias → the tables copied
_demo: dict[str, dict] = {}  # database alias → {"tables": [the tables copied], "media": a copy of MEDIA_ROOT}
_emptied: dict[str, set[str]] = {}  # database alias → tables emptied since the last VACUUM
_restores = {"count": 0}


def _q(connection, name: str) -> str:
    return connection.ops.quote_name(name)


def model_tables(connection) -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def holding_rows(connection, tables) -> list[str]:
    """The tables among ``tables`` that hold at least one row, in one query."""
    tables = list(tables)
    if not tables:
        return []
    sql = " UNION ALL ".join(f"SELECT {n} WHERE EXISTS (SELECT 1 FROM {_q(connection, t)})"
                             for n, t in enumerate(tables))
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [tables[row[0]] for row in cursor.fetchall()]


def _trigger_kept(connection) -> set[str]:
    """Tables whose rows triggers write (SQLite: Wagtail's full-text index, a virtual table filled from
    ``wagtailsearch_indexentry``): never copied, the triggers refill them when their source's rows come back."""
    if connection.vendor != "sqlite":
        return set()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")
        return {row[0] for row in cursor.fetchall()}


def _copyable(connection) -> list[str]:
    """The model tables holding rows that a copy keeps (all but those triggers fill)."""
    skip = _trigger_kept(connection)
    return [t for t in holding_rows(connection, model_tables(connection)) if t not in skip]


def _copy_out(connection, prefix: str) -> list[str]:
    tables = _copyable(connection)
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DROP TABLE IF EXISTS {_q(connection, prefix + table)}")
            cursor.execute(f"CREATE TABLE {_q(connection, prefix + table)} AS SELECT * FROM {_q(connection, table)}")
    return tables


def take(connection) -> None:
    """Copy each table holding rows (the migrated state) into its snapshot table."""
    _snapshots[connection.alias] = _copy_out(connection, PREFIX)


def row_counts(connection, tables) -> dict[str, int]:
    tables = list(tables)
    if not tables:
        return {}
    sql = " UNION ALL ".join(f"SELECT {n}, COUNT(*) FROM {_q(connection, t)}" for n, t in enumerate(tables))
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {tables[n]: count for n, count in cursor.fetchall()}


def pristine(connection) -> bool:
    """The database holds exactly the migrated rows' tables with their counts (nothing added by a fixture)."""
    tables = _snapshots.get(connection.alias)
    if tables is None or _copyable(connection) != tables:
        return False
    snapshot = row_counts(connection, [PREFIX + t for t in tables])
    return row_counts(connection, tables) == {t: snapshot[PREFIX + t] for t in tables}


def _empty_statements(connection, tables) -> list[str]:
    full = holding_rows(connection, tables)
    _emptied.setdefault(connection.alias, set()).update(full)
    head = ["SET CONSTRAINTS ALL DEFERRED"] if connection.vendor == "postgresql" else []
    return head + [f"DELETE FROM {_q(connection, t)}" for t in full]


def restore(connection, prefix: str = PREFIX, tables: list[str] | None = None) -> None:
    """Back to the snapshot: the tables holding rows emptied, the snapshot's rows copied back, in one transaction."""
    from django.db import transaction

    tables = _snapshots[connection.alias] if tables is None else tables
    _restores["count"] += 1
    if connection.vendor == "postgresql" and _restores["count"] % VACUUM_EVERY == 0:
        emptied = sorted(_emptied.pop(connection.alias, set()))
        if emptied and not connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM " + ", ".join(_q(connection, t) for t in emptied))
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for sql in _empty_statements(connection, model_tables(connection)):
            cursor.execute(sql)
        for table in tables:
            cursor.execute(f"INSERT INTO {_q(connection, table)} SELECT * FROM {_q(connection, prefix + table)}")


def load_demo(connection, media_root: str) -> str:
    """The demo content (``load_demo``) in the database and ``media_root``: loaded by the command the first time,
    from the copy made then on later calls (about 6 s each on SQLite, more on PostgreSQL). The copy is used only
    when the database is *pristine* (the migrated rows only, nothing added by another fixture before this one);
    otherwise the command runs. Returns "loaded" or "restored"."""
    import shutil
    import tempfile

    from django.core.management import call_command

    demo = _demo.get(connection.alias)
    if not pristine(connection):
        call_command("load_demo", verbosity=0)
        return "loaded"
    if demo is not None:
        restore(connection, DEMO_PREFIX, demo["tables"])
        shutil.copytree(demo["media"], media_root, dirs_exist_ok=True)
        return "restored"
    call_command("load_demo", verbosity=0)
    media = tempfile.mkdtemp(prefix="demo-media-")
    shutil.copytree(media_root, media, dirs_exist_ok=True)
    _demo[connection.alias] = {"tables": _copy_out(connection, DEMO_PREFIX), "media": media}
    return "loaded"


def install() -> None:
    """Route Django's flush and serialized-rollback restore through the functions above (test runs only)."""
    from django.core.management.commands import flush
    from django.db.backends.base.creation import BaseDatabaseCreation

    original_sql_flush = flush.sql_flush
    original_deserialize = BaseDatabaseCreation.deserialize_db_from_string
    if getattr(original_sql_flush, "fast_reset", False):
        return

    def sql_flush(style, connection, reset_sequences=True, allow_cascade=False):
        if reset_sequences or connection.alias not in _snapshots:
            return original_sql_flush(style, connection, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return _empty_statements(connection, model_tables(connection))

    def deserialize_db_from_string(self, data):
        if self.connection.alias not in _snapshots:
            return original_deserialize(self, data)
        return restore(self.connection)

    sql_flush.fast_reset = True
    flush.sql_flush = sql_flush
    BaseDatabaseCreation.deserialize_db_from_string = deserialize_db_from_string
