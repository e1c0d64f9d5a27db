"""Annotation records on the server: read with their version, save by compare-and-swap.

A save is one transaction: ``UPDATE … WHERE version = expected`` (or an insert for a new record).
When no row matches, the record changed underneath (another machine, another window) and the save
is refused with RecordConflict naming the record: nothing is overwritten, whichever machine wrote.
Row-level security decides which records a role may name at all; a record the role may not see
looks, to it, like a record that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from coder.server.errors import RecordConflict, ServerError


@dataclass(frozen=True)
class StoredRecord:
    """One coder's record of one session as the server holds it."""

    coder: str
    session: str
    version: int
    body: dict[str, Any]


def record_name(coder: str, session: str) -> str:
    return f"annotation record of coder '{coder}' for session '{session}'"


def load_record(conn: psycopg.Connection, coder: str, session: str) -> StoredRecord | None:
    """The record with its version, or None when it does not exist (or the role may not see it)."""
    row = conn.execute(
        "SELECT version, body FROM annotations WHERE coder = %s AND session = %s",
        (coder, session),
    ).fetchone()
    if row is None:
        return None
    return StoredRecord(coder, session, int(row[0]), row[1])


def save_record(
    conn: psycopg.Connection, coder: str, session: str, body: dict[str, Any], expected: int
) -> int:
    """Store ``body`` if the record is still at version ``expected`` (0: not yet created).

    Returns the new version; raises RecordConflict when the record moved on, ServerError when the
    role may not write it.
    """
    name = record_name(coder, session)
    try:
        with conn.transaction():
            if expected == 0:
                row = conn.execute(
                    "INSERT INTO annotations (coder, session, version, body) "
                    "VALUES (%s, %s, 1, %s) ON CONFLICT (coder, session) DO NOTHING "
                    "RETURNING version",
                    (coder, session, Jsonb(body)),
                ).fetchone()
            else:
                row = conn.execute(
                    "UPDATE annotations SET body = %s, version = version + 1, "
                    "updated_at = now(), updated_by = current_user "
                    "WHERE coder = %s AND session = %s AND version = %s RETURNING version",
                    (Jsonb(body), coder, session, expected),
                ).fetchone()
            if row is None:
                found = conn.execute(
                    "SELECT version FROM annotations WHERE coder = %s AND session = %s",
                    (coder, session),
                ).fetchone()
                raise RecordConflict(name, expected, int(found[0]) if found else None)
            return int(row[0])
    except psycopg.errors.InsufficientPrivilege as error:
        raise ServerError(
            f"the server refused to write the {name}: {error.diag.message_primary}",
            hint="a coder writes only their own records of sessions assigned to them",
        ) from None
    except psycopg.errors.ForeignKeyViolation:
        raise ServerError(
            f"cannot write the {name}: no such coder or session on the server"
        ) from None
