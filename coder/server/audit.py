"""The server's audit table: append-only, hash-chained by the database (see schema_tables).

``append_audit`` writes one entry (JSON text, keys sorted, like the folder's ``audit.jsonl``);
the server numbers it and links it to its predecessor. ``verify_audit`` recomputes the chain
outside the server: any changed, removed, reordered or forged row breaks a link.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg

from coder.server.schema_tables import GENESIS_HASH


@dataclass(frozen=True)
class AuditRow:
    seq: int
    entry: dict[str, Any]
    entry_text: str
    db_user: str
    prev_hash: str
    hash: str


def link_hash(prev_hash: str, db_user: str, entry_text: str) -> str:
    """The hash the server gives a row: sha256 of ``prev_hash LF db_user LF entry``."""
    return hashlib.sha256(f"{prev_hash}\n{db_user}\n{entry_text}".encode()).hexdigest()


def append_audit(
    conn: psycopg.Connection, action: str, *, actor: str = "lead", **details: Any
) -> dict[str, Any]:
    """Append one entry (time, actor, action, details) in its own transaction; return it."""
    time = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    entry = {"time": time, "actor": actor, "action": action, **details}
    append_audit_entry(conn, entry)
    return entry


def append_linked(
    conn: psycopg.Connection, action: str, *, actor: str = "lead", **details: Any
) -> dict[str, Any]:
    """Append one entry as ``append_audit`` does and return it with the ``seq`` and ``hash``
    the server gave it (a role that may read the table: the lead's)."""
    time = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    entry = {"time": time, "actor": actor, "action": action, **details}
    text = json.dumps(entry, sort_keys=True, ensure_ascii=False)
    with conn.transaction():
        row = conn.execute(
            "INSERT INTO audit (entry) VALUES (%s) RETURNING seq, hash", (text,)
        ).fetchone()
    assert row is not None  # an INSERT … RETURNING returns its row
    return {**entry, "seq": int(row[0]), "hash": row[1]}


def append_audit_entry(conn: psycopg.Connection, entry: dict[str, Any]) -> None:
    """Append an entry as given (e.g. one carried over from a folder's log)."""
    text = json.dumps(entry, sort_keys=True, ensure_ascii=False)
    with conn.transaction():
        conn.execute("INSERT INTO audit (entry) VALUES (%s)", (text,))


def read_audit(conn: psycopg.Connection) -> list[AuditRow]:
    """Every row in chain order (the lead's role; a coder's role may not read the table)."""
    rows = conn.execute(
        "SELECT seq, entry, db_user, prev_hash, hash FROM audit ORDER BY seq"
    ).fetchall()
    return [
        AuditRow(int(seq), json.loads(entry), entry, user, prev, digest)
        for seq, entry, user, prev, digest in rows
    ]


def verify_audit(rows: list[AuditRow]) -> list[str]:
    """Problems found in the chain (empty when every link holds), each naming the row."""
    problems = []
    expected_prev = GENESIS_HASH
    for number, row in enumerate(rows, start=1):
        if row.seq != number:
            problems.append(f"audit row {row.seq}: expected row {number} (a row is missing)")
        if row.prev_hash != expected_prev:
            problems.append(f"audit row {row.seq}: does not follow the row before it")
        if link_hash(row.prev_hash, row.db_user, row.entry_text) != row.hash:
            problems.append(f"audit row {row.seq}: its content does not match its hash")
        expected_prev = row.hash
    return problems
