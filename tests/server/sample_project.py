"""A small project on the server whose secrets are distinctive strings, so a leak is findable.

alice: SESSALICE (primary), SESSSHARED (reliability — the sample);
bob:   SESSSHARED (reliability), SESSBOBONLY (primary).
"""

from __future__ import annotations

import hashlib
import json

import psycopg
from psycopg.types.json import Jsonb

from coder.server.admin import add_coder, assign
from coder.server.audit import append_audit
from coder.server.records import save_record

SCHEME_BYTES = b"id: demo\nversion: '1'\ntitle: Demo\n"
SECRETS = {
    "arm": "ARM-SECRET-TREATMENT",
    "timepoint": "TP-SECRET-BASELINE",
    "participant": "PARTICIPANT-SECRET-017",
    "video path": "P017-SECRET-VISIT.mp4",
    "bob's record": "BOB-SECRET-NOTE",
    "bob's session": "SESSBOBONLY",
    "consensus": "CONSENSUS-SECRET",
    "audit": "AUDIT-SECRET",
}
SAMPLE_WORDS = ("reliability", "gold_check")


def body(coder: str, session: str, note: str) -> dict[str, object]:
    """A record whose note is also an event's comment (kept as a row on the server)."""
    event = {"id": f"{coder}-1", "code": "look", "start_ms": 0, "end_ms": 500,
             "modifiers": {}, "comment": note}
    return {"coder": coder, "session": session, "events": [event], "notes": note}


def populate(owner: psycopg.Connection) -> None:
    """Fill a freshly migrated database (connected as its owner)."""
    digest = hashlib.sha256(SCHEME_BYTES).hexdigest()
    owner.execute(
        "INSERT INTO project (name, format_version, settings) VALUES ('trial', 1, %s)",
        (Jsonb({"unit_ms": 1000}),),
    )
    owner.execute(
        "INSERT INTO schemes (id, version, sha256, file, content, ordinal) "
        "VALUES ('demo', '1', %s, 'schemes/demo-1.yaml', %s, 0)",
        (digest, SCHEME_BYTES),
    )
    for ordinal, code in enumerate(("SESSALICE", "SESSSHARED", "SESSBOBONLY")):
        owner.execute(
            "INSERT INTO sessions (code, scheme, duration_ms, ordinal) VALUES (%s, 'demo', 8000, %s)",
            (code, ordinal),
        )
        path = f"videos/{SECRETS['video path']}" if code == "SESSALICE" else f"videos/{code}.mp4"
        owner.execute(
            "INSERT INTO session_videos (session, ordinal, path, size, sha256) "
            "VALUES (%s, 0, %s, 10, %s)",
            (code, path, hashlib.sha256(code.encode()).hexdigest()),
        )
        owner.execute(
            "INSERT INTO unblinding_key (session, participant, arm, timepoint) "
            "VALUES (%s, %s, %s, %s)",
            (code, SECRETS["participant"], SECRETS["arm"], SECRETS["timepoint"]),
        )
    add_coder(owner, "alice", "Alice")
    add_coder(owner, "bob", "Bob")
    assign(owner, "alice", ["SESSALICE"])
    assign(owner, "alice", ["SESSSHARED"], role="reliability")
    assign(owner, "bob", ["SESSSHARED"], role="reliability")
    assign(owner, "bob", ["SESSBOBONLY"])
    save_record(owner, "bob", "SESSSHARED", body("bob", "SESSSHARED", SECRETS["bob's record"]), 0)
    save_record(owner, "bob", "SESSBOBONLY", body("bob", "SESSBOBONLY", SECRETS["bob's record"]), 0)
    save_record(owner, "alice", "SESSALICE", body("alice", "SESSALICE", "mine"), 0)
    owner.execute(
        "INSERT INTO consensus (session, version, body) VALUES ('SESSSHARED', 1, %s)",
        (Jsonb({"note": SECRETS["consensus"]}),),
    )
    append_audit(owner, "unblinded", note=SECRETS["audit"], sessions=["SESSBOBONLY"])
    owner.execute("ANALYZE")  # statistics (pg_stats) must not leak values either


def dump(value: object) -> str:
    return json.dumps(value, default=str)
