"""Annotation records on the server: read with their version, save by compare-and-swap.

A save is one transaction: ``UPDATE … WHERE version = expected`` (or an insert for a new record).
When no row matches, the record changed underneath (another machine, another window) and the save
is refused with RecordConflict naming the record: nothing is overwritten, whichever machine wrote.
Row-level security decides which records a role may name at all; a record the role may not see
looks, to it, like a record that does not exist.

The server keeps a record's events as rows (``schema_events``). Given the body last saved
(``previous``), a save sends only what the edit changed — the rest of the body and the events
removed, changed or placed — in the same single ``UPDATE``; without it, the whole body. Either
way ``load_record`` gives back the body as saved: every field, the events in their order.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from coder.server.errors import RecordConflict, ServerError
from coder.server.record_delta import events_delta


@dataclass(frozen=True)
class StoredRecord:
    """One coder's record of one session as the server holds it."""

    coder: str
    session: str
    version: int
    body: dict[str, Any]


def record_name(coder: str, session: str) -> str:
    return f"annotation record of coder '{coder}' for session '{session}'"


# The events as one JSON text, parsed by the client: building a jsonb array of thousands of
# events on the server and sending that costs about twice as much.
_RECORD_COLUMNS = """
    a.version, a.body, a.event_count,
    CASE WHEN a.event_count IS NOT NULL THEN
        (SELECT '[' || coalesce(string_agg(e.event::text, ',' ORDER BY e.position), '') || ']'
         FROM annotation_events e WHERE e.coder = a.coder AND e.session = a.session)
    END
"""


def load_record(conn: psycopg.Connection, coder: str, session: str) -> StoredRecord | None:
    """The record with its version, or None when it does not exist (or the role may not see it)."""
    row = conn.execute(
        f"SELECT {_RECORD_COLUMNS} FROM annotations a WHERE a.coder = %s AND a.session = %s",
        (coder, session),
    ).fetchone()
    if row is None:
        return None
    version, body, count, events = row
    return StoredRecord(coder, session, int(version), _body(coder, session, body, count, events))


def load_records(conn: psycopg.Connection) -> Iterator[StoredRecord]:
    """Every record the role may see, by coder and session (one consistent read when ``conn``
    is in a transaction of repeatable read)."""
    for coder, session, version, body, count, events in conn.execute(
        f"SELECT a.coder, a.session, {_RECORD_COLUMNS} FROM annotations a "
        "ORDER BY a.coder, a.session"
    ):
        yield StoredRecord(coder, session, int(version), _body(coder, session, body, count, events))


def load_record_texts(conn: psycopg.Connection) -> Iterator[tuple[str, str, int, bytes]]:
    """Every record the role may see as (coder, session, version, the whole body as JSON text)
    in the form ``load_record`` gives: for a bulk read that parses each record once (e.g.
    ``annotations_from_bytes``). The server sends the record's body without its events and the
    events as one JSON array (each event's stored text, in order); the array goes in as the
    body's ``events`` member — the body is a JSON object that has none."""
    for coder, session, version, body, count, events, found in conn.execute(
        "SELECT a.coder, a.session, a.version, a.body::text, a.event_count, "
        "(SELECT '[' || coalesce(string_agg(e.event::text, ',' ORDER BY e.position), '') || ']' "
        "FROM annotation_events e WHERE e.coder = a.coder AND e.session = a.session), "
        "(SELECT count(*) FROM annotation_events e WHERE e.coder = a.coder "
        "AND e.session = a.session) "
        "FROM annotations a ORDER BY a.coder, a.session"
    ):
        text = body
        if count is not None:
            if count != found:
                raise ServerError(
                    f"the {record_name(coder, session)} holds {count} events but {found} were found",
                    hint="restore the record from a pulled folder or a backup",
                )
            if not (body.startswith("{") and body.endswith("}")) or '"events":' in body:
                raise ServerError(f"the {record_name(coder, session)} has a damaged body",
                                  hint="restore the record from a pulled folder or a backup")
            text = f'{body[:-1]}{", " if body != "{}" else ""}"events": {events}}}'
        yield coder, session, int(version), text.encode("utf-8")


def _body(
    coder: str, session: str, body: dict[str, Any], count: int | None, text: str | None
) -> dict[str, Any]:
    if count is None:
        return body
    events = json.loads(text) if text is not None else None
    if not isinstance(events, list) or len(events) != count:
        # Reading under read committed between the record row and its events cannot see a
        # half-written save (one statement, one snapshot); a mismatch is damage.
        raise ServerError(
            f"the {record_name(coder, session)} holds {count} events but "
            f"{len(events) if isinstance(events, list) else 'no'} were found",
            hint="restore the record from a pulled folder or a backup",
        )
    body["events"] = events
    return body


def save_record(
    conn: psycopg.Connection,
    coder: str,
    session: str,
    body: dict[str, Any],
    expected: int,
    *,
    previous: Mapping[str, Any] | None = None,
) -> int:
    """Store ``body`` if the record is still at version ``expected`` (0: not yet created).

    ``previous``, the body of version ``expected`` as this writer last loaded or saved it, lets
    the save send only the events the edit changed (an edit's cost then does not grow with the
    record); without it the whole body is sent. ``previous`` is not trusted: if the server's
    events are not what it says, the save is refused as a conflict.

    Returns the new version; raises RecordConflict when the record moved on, ServerError when the
    role may not write it.
    """
    name = record_name(coder, session)
    header, delta = _what_to_send(body, expected, previous)
    try:
        with conn.transaction():
            if expected == 0:
                row = conn.execute(
                    "INSERT INTO annotations (coder, session, version, body, events_delta) "
                    "VALUES (%s, %s, 1, %s, %s) RETURNING version",
                    (coder, session, Jsonb(header), Jsonb(delta)),
                ).fetchone()
            else:
                row = conn.execute(
                    "UPDATE annotations SET body = %s, events_delta = %s, "
                    "version = version + 1, updated_at = now(), updated_by = current_user "
                    "WHERE coder = %s AND session = %s AND version = %s RETURNING version",
                    (Jsonb(header), Jsonb(delta), coder, session, expected),
                ).fetchone()
            if row is not None:
                return int(row[0])
    except (psycopg.errors.UniqueViolation, psycopg.errors.SerializationFailure):
        pass  # created meanwhile, or its events are not those ``previous`` holds
    except psycopg.errors.InsufficientPrivilege as error:
        raise ServerError(
            f"the server refused to write the {name}: {error.diag.message_primary}",
            hint="a coder writes only their own records of sessions assigned to them",
        ) from None
    except psycopg.errors.ForeignKeyViolation:
        raise ServerError(
            f"cannot write the {name}: no such coder or session on the server"
        ) from None
    found = conn.execute(
        "SELECT version FROM annotations WHERE coder = %s AND session = %s", (coder, session)
    ).fetchone()
    raise RecordConflict(name, expected, int(found[0]) if found else None)


def _what_to_send(
    body: dict[str, Any], expected: int, previous: Mapping[str, Any] | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The body to write and the ``events_delta``: the edit when ``previous`` allows it, else
    the whole body."""
    if previous is not None and expected > 0 and "events" in previous and "events" in body:
        delta = events_delta(previous["events"], body["events"])
        if delta is not None:
            return {k: v for k, v in body.items() if k != "events"}, delta.as_json()
    return body, {"kind": "whole"}
