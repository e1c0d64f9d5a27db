"""Records saved whole or as an edit's difference load back equal, every field and the events'
order; a save whose base is not the server's is refused and changes nothing."""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from psycopg.types.json import Jsonb

from coder.server import RecordConflict, load_record, save_record
from coder.server.records import load_records
from tests.server.fixtures import ServerProject
from tests.server.sample_project import populate

Connect = Callable[[str], psycopg.Connection]
Body = dict[str, Any]


def _event(rng: random.Random, n: int) -> dict[str, Any]:
    start = rng.randrange(0, 600_000)
    return {
        "id": f"e{n:05d}",
        "code": rng.choice(["look", "touch", "vocal"]),
        "start_ms": start,
        "end_ms": None if n % 7 == 0 else start + rng.randrange(1, 5000),
        "modifiers": {"to": "infant"} if n % 3 == 0 else {},
        "comment": "ünïcode, \"quoted\"\nline" if n % 11 == 0 else "",
    }


def _body(count: int, seed: int = 1) -> Body:
    rng = random.Random(seed)
    events = sorted((_event(rng, n) for n in range(count)), key=lambda e: (e["start_ms"], e["id"]))
    return {
        "format": "coder-annotations", "format_version": 1, "coder": "alice",
        "session": "SESSALICE", "status": "in_progress", "modified": "t0",
        "scheme": {"id": "demo", "version": "1", "sha256": "ab"},
        "events": events,
        "segments": [{"id": "s1", "segment": "play", "start_ms": 0, "end_ms": 9, "comment": ""}],
        "ratings": [{"item": "warmth", "segment": "s1", "value": 2.5, "comment": ""}],
        "classification": {"major": None, "notes": ""},
    }


@pytest.fixture
def alice(server_project: ServerProject, connect_as: Connect) -> psycopg.Connection:
    populate(server_project.owner)
    return connect_as(server_project.roles.coder("alice"))


def _rows(owner: psycopg.Connection) -> int:
    found = owner.execute(
        "SELECT count(*) FROM annotation_events WHERE coder = 'alice' AND session = 'SESSALICE'"
    ).fetchone()
    return int(found[0]) if found else -1


def _edit(conn: psycopg.Connection, body: Body, change: Callable[[Body], None]) -> Body:
    """Apply ``change`` to a copy of the stored body, save the difference, check the reload."""
    stored = load_record(conn, "alice", "SESSALICE")
    assert stored is not None and stored.body == body
    edited = copy.deepcopy(body)
    change(edited)
    version = save_record(conn, "alice", "SESSALICE", edited, stored.version, previous=body)
    assert version == stored.version + 1
    again = load_record(conn, "alice", "SESSALICE")
    assert again is not None and again.version == version and again.body == edited
    return edited


def _moved(body: Body) -> None:
    event = body["events"][3]
    event["start_ms"] = body["events"][-1]["start_ms"] + 10
    body["events"].sort(key=lambda e: (e["start_ms"], e["id"]))


EDITS: dict[str, Callable[[Body], None]] = {
    "add at the end": lambda b: b["events"].append({**b["events"][0], "id": "new-end"}),
    "add first": lambda b: b["events"].insert(0, {**b["events"][0], "id": "new-first"}),
    "add in the middle": lambda b: b["events"].insert(50, {**b["events"][9], "id": "new-mid"}),
    "remove": lambda b: b["events"].pop(17),
    "change in place": lambda b: b["events"][5].update(comment="better", end_ms=None),
    "move by a time change": _moved,
    "reverse a run": lambda b: b["events"].__setitem__(slice(10, 20), b["events"][19:9:-1]),
    "several at once": lambda b: (b["events"].pop(0), b["events"][1].update(code="vocal"),
                                  b["events"].insert(30, {**b["events"][2], "id": "x"})),
    "header only": lambda b: b.update(status="complete", modified="t1"),
    "every event removed": lambda b: b["events"].clear(),
}


@pytest.mark.parametrize("edit", EDITS)
def test_an_edit_saved_as_a_difference_loads_back_equal(
    alice: psycopg.Connection, server_project: ServerProject, edit: str
) -> None:
    body = _body(200)
    version = load_record(alice, "alice", "SESSALICE").version  # type: ignore[union-attr]
    save_record(alice, "alice", "SESSALICE", body, version)
    edited = _edit(alice, body, EDITS[edit])
    assert _rows(server_project.owner) == len(edited["events"])
    body_row = server_project.owner.execute(
        "SELECT body ? 'events', event_count FROM annotations WHERE coder = 'alice' "
        "AND session = 'SESSALICE'"
    ).fetchone()
    assert body_row == (False, len(edited["events"]))  # the events are rows, not in the body


def test_a_long_run_of_edits_keeps_the_record_equal(alice: psycopg.Connection) -> None:
    rng = random.Random(5)
    body = _body(300, seed=2)
    save_record(alice, "alice", "SESSALICE", body, 1)
    for step in range(60):
        def change(b: Body, step: int = step) -> None:
            events = b["events"]
            roll = rng.random()
            if roll < 0.4:
                events.insert(rng.randrange(len(events) + 1), _event(rng, 10_000 + step))
            elif roll < 0.6 and events:
                events.pop(rng.randrange(len(events)))
            elif events:
                events[rng.randrange(len(events))]["start_ms"] = rng.randrange(0, 600_000)
                events.sort(key=lambda e: (e["start_ms"], e["id"]))
        body = _edit(alice, body, change)


def test_many_insertions_at_one_place_renumber_and_keep_the_order(
    alice: psycopg.Connection,
) -> None:
    body = _body(3)
    save_record(alice, "alice", "SESSALICE", body, 1)
    for n in range(70):  # each halves the same gap: the numbers run out after about 52
        body = _edit(alice, body, lambda b, n=n: b["events"].insert(1, {**b["events"][0],
                                                                        "id": f"at1-{n}"}))
    assert [e["id"] for e in body["events"][1:4]] == ["at1-69", "at1-68", "at1-67"]


def test_a_body_whose_events_have_no_ids_is_kept_whole(
    alice: psycopg.Connection, server_project: ServerProject
) -> None:
    plain = {"events": [{"code": "look"}, {"code": "look"}], "notes": "no ids"}
    save_record(alice, "alice", "SESSALICE", plain, 1)
    assert load_record(alice, "alice", "SESSALICE").body == plain  # type: ignore[union-attr]
    assert _rows(server_project.owner) == 0
    body = _body(20)  # the previous body cannot be rows: the whole record is sent
    assert save_record(alice, "alice", "SESSALICE", body, 2, previous=plain) == 3
    _edit(alice, body, EDITS["remove"])
    no_events = {"counts": {"m0": 1}, "total": 1}  # a record without an events list at all
    assert save_record(alice, "alice", "SESSALICE", no_events, 4, previous=body) == 5
    assert load_record(alice, "alice", "SESSALICE").body == no_events  # type: ignore[union-attr]
    assert _rows(server_project.owner) == 0


def test_a_record_saved_before_events_were_rows_takes_an_edit(
    alice: psycopg.Connection, server_project: ServerProject
) -> None:
    owner = server_project.owner
    body = _body(30)
    with owner.transaction():  # as a record written by an older Coder was stored
        owner.execute("ALTER TABLE annotations DISABLE TRIGGER annotations_events")
        owner.execute("ALTER TABLE annotation_events DISABLE TRIGGER annotation_events_guard")
        owner.execute("DELETE FROM annotation_events")
        owner.execute(
            "UPDATE annotations SET body = %s, event_count = NULL, version = version + 1 "
            "WHERE coder = 'alice'",
            (Jsonb(body),),
        )
        owner.execute("ALTER TABLE annotation_events ENABLE TRIGGER annotation_events_guard")
        owner.execute("ALTER TABLE annotations ENABLE TRIGGER annotations_events")
    assert _rows(owner) == 0
    edited = _edit(alice, body, EDITS["add in the middle"])
    assert _rows(owner) == len(edited["events"])


def test_a_stale_save_is_refused_and_changes_nothing(alice: psycopg.Connection) -> None:
    body = _body(50)
    save_record(alice, "alice", "SESSALICE", body, 1)
    mine = copy.deepcopy(body)
    mine["events"].pop(0)
    save_record(alice, "alice", "SESSALICE", mine, 2, previous=body)  # another machine
    theirs = copy.deepcopy(body)
    theirs["events"].append({**body["events"][0], "id": "late"})
    with pytest.raises(RecordConflict) as refused:
        save_record(alice, "alice", "SESSALICE", theirs, 2, previous=body)
    assert refused.value.found == 3
    assert load_record(alice, "alice", "SESSALICE").body == mine  # type: ignore[union-attr]


@pytest.mark.parametrize("wrong", ["missing event", "extra event", "other count", "other order"])
def test_a_previous_body_unlike_the_server_s_is_refused(
    alice: psycopg.Connection, wrong: str
) -> None:
    body = _body(50)
    save_record(alice, "alice", "SESSALICE", body, 1)
    claimed = copy.deepcopy(body)
    if wrong == "missing event":  # the server has no such event to remove
        claimed["events"][-1]["id"] = "never-saved"
        edited = copy.deepcopy(claimed)
        edited["events"].pop()
    elif wrong == "extra event":  # the server has this event already: adding it collides
        claimed["events"].pop(4)
        claimed["events"].append({**body["events"][0], "id": "ghost"})
        edited = copy.deepcopy(claimed)
        edited["events"].insert(4, body["events"][4])
    elif wrong == "other count":
        claimed["events"].pop()
        edited = copy.deepcopy(claimed)
        edited["events"][0]["comment"] = "changed"
    else:  # the server has e, f; the writer thinks f, e and adds an event between them
        claimed["events"][4], claimed["events"][5] = claimed["events"][5], claimed["events"][4]
        edited = copy.deepcopy(claimed)
        edited["events"].insert(5, {**body["events"][0], "id": "between"})
    with pytest.raises(RecordConflict):
        save_record(alice, "alice", "SESSALICE", edited, 2, previous=claimed)
    stored = load_record(alice, "alice", "SESSALICE")
    assert stored is not None and stored.version == 2 and stored.body == body


def test_events_change_only_through_a_save(
    alice: psycopg.Connection, server_project: ServerProject, connect_as: Connect
) -> None:
    save_record(alice, "alice", "SESSALICE", _body(5), 1)
    lead = connect_as(server_project.lead_login())
    for conn in (alice, lead, server_project.owner):
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="through a save"):
            conn.execute("UPDATE annotation_events SET event = '{\"id\": \"e00001\"}'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM annotation_events")
    with pytest.raises(psycopg.errors.CheckViolation):  # never stored, never a way around
        alice.execute("UPDATE annotations SET event_count = 0, events_delta = '{\"kind\": 1}'")


def test_deleting_a_record_deletes_its_events(
    server_project: ServerProject, connect_as: Connect, alice: psycopg.Connection
) -> None:
    save_record(alice, "alice", "SESSALICE", _body(5), 1)
    lead = connect_as(server_project.lead_login())
    lead.execute("DELETE FROM annotations WHERE coder = 'alice' AND session = 'SESSALICE'")
    assert _rows(server_project.owner) == 0


def test_the_lead_loads_every_record_whole(
    server_project: ServerProject, connect_as: Connect, alice: psycopg.Connection
) -> None:
    body = _body(40)
    save_record(alice, "alice", "SESSALICE", body, 1)
    lead = connect_as(server_project.lead_login())
    records = {(r.coder, r.session): r for r in load_records(lead)}
    assert len(records) == 3
    assert records[("alice", "SESSALICE")].body == body
    assert records[("alice", "SESSALICE")].version == 2


@pytest.mark.parametrize("count", [0, 1, 300])
def test_the_bulk_read_as_text_gives_each_record_as_load_record_does(
    alice: psycopg.Connection, count: int
) -> None:
    import json

    from coder.server.records import load_record_texts

    body = _body(count, seed=count)
    before = load_record(alice, "alice", "SESSALICE")
    save_record(alice, "alice", "SESSALICE", body, before.version if before else 0)
    stored = load_record(alice, "alice", "SESSALICE")
    texts = {(c, s): (v, t) for c, s, v, t in load_record_texts(alice)}
    version, text = texts[("alice", "SESSALICE")]
    assert stored is not None and version == stored.version
    assert json.loads(text) == stored.body == body
