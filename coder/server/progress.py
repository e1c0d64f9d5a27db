"""The lead's live progress: who has started, saved or finished which assigned session.

``wait_for_change`` blocks until an annotation record changes (LISTEN/NOTIFY; the notification
carries nothing) or the timeout passes; ``read_progress`` then reads the lead-only view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import psycopg
from psycopg import sql

from coder.server.errors import ServerError
from coder.server.roles import RoleNames


@dataclass(frozen=True)
class Progress:
    """One assignment's state: the record's version (None before the first save) and status."""

    coder: str
    session: str
    role: str
    version: int | None
    updated_at: datetime | None
    status: str


def progress_channel(roles: RoleNames) -> str:
    return f"{roles.prefix}_progress"


def listen(conn: psycopg.Connection, roles: RoleNames) -> None:
    """Start receiving change notifications on ``conn`` (an autocommit connection)."""
    conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(progress_channel(roles))))


def wait_for_change(conn: psycopg.Connection, timeout_s: float) -> bool:
    """Whether a record changed within ``timeout_s`` seconds (after ``listen``)."""
    return any(True for _ in conn.notifies(timeout=timeout_s, stop_after=1))


def read_progress(conn: psycopg.Connection) -> list[Progress]:
    """Every assignment with its record's state (the lead's role only)."""
    try:
        rows = conn.execute(
            "SELECT coder, session, role, version, updated_at, status FROM progress "
            "ORDER BY coder, session"
        ).fetchall()
    except psycopg.errors.InsufficientPrivilege:
        raise ServerError(
            "only the lead may read the progress of all coders",
            hint="connect as a role that holds the project's lead role",
        ) from None
    return [Progress(*row) for row in rows]
