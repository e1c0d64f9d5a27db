"""The lead's operations on a server project: coders and their roles, assignments.

Each change is one transaction with its audit entry, so the log and the data never disagree.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import psycopg

from coder.server.errors import ServerError

ROLES = ("primary", "reliability", "training", "gold_check")
_LEAD_ONLY = "the server refused: only the lead may {}"
_LEAD_HINT = "connect as a role that holds the project's lead role"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _audit(conn: psycopg.Connection, action: str, **details: object) -> None:
    entry = {"time": _now(), "actor": "lead", "action": action, **details}
    conn.execute(
        "INSERT INTO audit (entry) VALUES (%s)", (json.dumps(entry, sort_keys=True),)
    )


def add_coder(conn: psycopg.Connection, coder_id: str, name: str = "") -> str:
    """Add a coder and create their database role; returns the role's name."""
    try:
        with conn.transaction():
            conn.execute(
                "INSERT INTO coders (id, name, ordinal) "
                "VALUES (%s, %s, (SELECT coalesce(max(ordinal), -1) + 1 FROM coders))",
                (coder_id, name),
            )
            _audit(conn, "coder_added", coder=coder_id)
            row = conn.execute("SELECT create_coder_role(%s)", (coder_id,)).fetchone()
    except psycopg.errors.UniqueViolation:
        raise ServerError(f"coder '{coder_id}' already exists on the server") from None
    except psycopg.errors.CheckViolation:
        raise ServerError(
            f"'{coder_id}' is not a valid coder id",
            hint="use lower-case letters, digits, '.', '_' or '-'",
        ) from None
    except psycopg.errors.InsufficientPrivilege:
        raise ServerError(_LEAD_ONLY.format("add a coder"), hint=_LEAD_HINT) from None
    assert row is not None
    return str(row[0])


def assign(
    conn: psycopg.Connection, coder: str, sessions: list[str], *, role: str = "primary"
) -> list[str]:
    """Give sessions to a coder; already given ones are skipped. Returns the sessions given now."""
    if role not in ROLES:
        raise ServerError(f"'{role}' is not an assignment role", hint="use " + ", ".join(ROLES))
    made = []
    try:
        with conn.transaction():
            for code in sessions:
                row = conn.execute(
                    "INSERT INTO assignments (session, coder, role, assigned, ordinal) "
                    "VALUES (%s, %s, %s, %s, (SELECT coalesce(max(ordinal), -1) + 1 "
                    "FROM assignments)) ON CONFLICT (session, coder) DO NOTHING RETURNING session",
                    (code, coder, role, _now()),
                ).fetchone()
                if row is not None:
                    made.append(code)
            if made:
                _audit(conn, "assigned", coder=coder, sessions=made, role=role)
    except psycopg.errors.ForeignKeyViolation:
        raise ServerError(
            f"cannot assign to '{coder}': no such coder or session on the server"
        ) from None
    except psycopg.errors.InsufficientPrivilege:
        raise ServerError(_LEAD_ONLY.format("assign sessions"), hint=_LEAD_HINT) from None
    return made
