"""Versioned schema migrations: applied in order, each once, recorded in ``schema_migrations``.

``migrate`` is idempotent: run it on every start; it applies only what a database lacks, in one
transaction under an advisory lock, so two machines starting at once cannot both apply a step.
The role prefix is fixed the first time (``server_config``) and every later run must agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from psycopg import sql

from coder.server import (
    schema_events,
    schema_progress,
    schema_security,
    schema_tables,
    schema_versions,
)
from coder.server.errors import ServerError
from coder.server.roles import RoleNames

_LOCK_KEY = 0x436F646572  # "Coder": serialises concurrent migrators of one database


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: Callable[[RoleNames], sql.SQL | sql.Composed]


def _tables(_roles: RoleNames) -> sql.SQL | sql.Composed:
    return sql.SQL(schema_tables.SQL)


def _security(roles: RoleNames) -> sql.SQL | sql.Composed:
    return sql.SQL(schema_security.SQL).format(
        lead=sql.Identifier(roles.lead),
        coders=sql.Identifier(roles.coders),
        lead_name=sql.Literal(roles.lead),
        coders_name=sql.Literal(roles.coders),
        coder_prefix=sql.Literal(roles.coder_role_prefix),
    )


def _progress(roles: RoleNames) -> sql.SQL | sql.Composed:
    return sql.SQL(schema_progress.SQL).format(
        lead=sql.Identifier(roles.lead),
        channel=sql.Literal(f"{roles.prefix}_progress"),
    )


def _versions(_roles: RoleNames) -> sql.SQL | sql.Composed:
    return sql.SQL(schema_versions.SQL)


def _events(roles: RoleNames) -> sql.SQL | sql.Composed:
    return sql.SQL(schema_events.SQL).format(
        lead=sql.Identifier(roles.lead), coders=sql.Identifier(roles.coders)
    )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "tables", _tables),
    Migration(2, "roles and row-level security", _security),
    Migration(3, "live progress for the lead", _progress),
    Migration(4, "record versions kept by the server", _versions),
    Migration(5, "a record's events as rows, saved by the edit", _events),
)
LATEST_VERSION = MIGRATIONS[-1].version

_BOOTSTRAP = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS server_config (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    role_prefix text NOT NULL
);
"""


def migrate(conn: psycopg.Connection, role_prefix: str = "coder") -> list[int]:
    """Bring the database to the latest schema; the versions applied now (empty if none).

    Run by the database's owner (who may create roles). ``role_prefix`` names the project's roles.
    """
    roles = RoleNames(role_prefix)
    try:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
            conn.execute(_BOOTSTRAP)
            row = conn.execute("SELECT role_prefix FROM server_config").fetchone()
            if row is None:
                conn.execute("INSERT INTO server_config (role_prefix) VALUES (%s)", (role_prefix,))
            elif row[0] != role_prefix:
                raise ServerError(
                    f"this database's roles use prefix '{row[0]}', not '{role_prefix}'",
                    hint=f"use role prefix '{row[0]}'",
                )
            done = {r[0] for r in conn.execute("SELECT version FROM schema_migrations")}
            if done and max(done) > LATEST_VERSION:
                raise ServerError(
                    f"the database schema is at version {max(done)}, newer than this Coder "
                    f"knows ({LATEST_VERSION})",
                    hint="update Coder",
                )
            applied = []
            for migration in MIGRATIONS:
                if migration.version in done:
                    continue
                if migration.version == 2:
                    _create_group_roles(conn, roles)
                conn.execute(migration.statements(roles))
                conn.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)",
                    (migration.version, migration.name),
                )
                applied.append(migration.version)
    except psycopg.Error as error:
        raise ServerError(
            f"could not update the database schema: {error.diag.message_primary or error}",
            hint="run it as the database's owner, who may create roles",
        ) from None
    return applied


def schema_version(conn: psycopg.Connection) -> int:
    """The newest migration applied to the database (0 for an empty database)."""
    row = conn.execute(
        "SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN 0 END"
    ).fetchone()
    if row is not None and row[0] == 0:
        return 0
    found = conn.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
    return int(found[0]) if found else 0


def _create_group_roles(conn: psycopg.Connection, roles: RoleNames) -> None:
    for name in (roles.lead, roles.coders):
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
        if exists is None:
            conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)))
