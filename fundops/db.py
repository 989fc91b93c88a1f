"""Database-level guards: append-only tables (triggers on PostgreSQL and SQLite).

A table made append-only refuses every UPDATE, and every DELETE unless the connection has
switched purging on (only the test suite's flush does, through ``allow_purge``). The ORM
guards on the models stop honest mistakes; these triggers stop everything else that goes
through the database (a raw query, a bulk update, a console session).

SQLite asks a function the connection registers, ``fundops_allow_purge()``; a connection
without it (the sqlite3 shell) fails the trigger's WHEN clause, so deletes stay refused.
PostgreSQL reads the session setting ``fundops.allow_purge``. TRUNCATE fires no row
triggers; the production database role must not own the tables, so it cannot truncate.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import migrations
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created

APPEND_ONLY_MESSAGE = "{table} is append-only: record a new row instead"

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION fundops_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('fundops.allow_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only: record a new row instead', TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""


def _sql(vendor: str, table: str) -> list[str]:
    message = APPEND_ONLY_MESSAGE.format(table=table)
    if vendor == "postgresql":
        return [
            _PG_FUNCTION,
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};",
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION fundops_refuse_change();",
        ]
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {table}_no_update;",
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END;",
            f"DROP TRIGGER IF EXISTS {table}_no_delete;",
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"WHEN fundops_allow_purge() = 0 BEGIN SELECT RAISE(ABORT, '{message}'); END;",
        ]
    return []  # other databases: the model guards only


def _drop_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};"]
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {table}_no_update;",
            f"DROP TRIGGER IF EXISTS {table}_no_delete;",
        ]
    return []


def append_only(table: str) -> migrations.RunPython:
    """A migration operation that makes ``table`` append-only on this database."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        for statement in _sql(schema_editor.connection.vendor, table):
            schema_editor.execute(statement, params=None)

    def backwards(apps: Any, schema_editor: Any) -> None:
        for statement in _drop_sql(schema_editor.connection.vendor, table):
            schema_editor.execute(statement, params=None)

    return migrations.RunPython(forwards, backwards)


def _register_sqlite_function(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        flag = connection.__dict__.setdefault("fundops_allow_purge", [0])
        connection.connection.create_function("fundops_allow_purge", 0, lambda: flag[0])


connection_created.connect(_register_sqlite_function, dispatch_uid="fundops_allow_purge")


@contextmanager
def allow_purge(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Let this connection delete rows of append-only tables (test-suite flushes only)."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        flag = connection.__dict__.setdefault("fundops_allow_purge", [0])
        flag[0] = 1
        try:
            yield
        finally:
            flag[0] = 0
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('fundops.allow_purge', 'on', false)")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('fundops.allow_purge', 'off', false)")
    else:
        yield
